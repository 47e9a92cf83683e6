package dev.finetune4j.azure;

import dev.finetune4j.Paged;
import dev.finetune4j.openai.OpenAiFile;
import dev.finetune4j.openai.OpenAiFiles;
import dev.finetune4j.openai.internal.Wire;
import dev.finetune4j.spi.http.ApiRequest;
import dev.finetune4j.spi.http.HttpTransport;
import dev.finetune4j.spi.http.Json;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The Files API of an Azure OpenAI resource: upload, list, retrieve, delete and content in the client's API style,
 * and import from a URL, which only the dated API has (a v1 client sends it with api-version
 * {@link AzureApiVersion#LATEST_GA}). Azure processes files asynchronously through {@code pending} and
 * {@code running} to {@code processed} or {@code error}; {@link #waitUntilProcessed(String, Duration)} follows that,
 * and {@code jobs().create(...)} does it before creating a job.
 */
public final class AzureFiles {
  private final OpenAiFiles files;
  private final HttpTransport dated;

  AzureFiles(OpenAiFiles files, HttpTransport dated) {
    this.files = files;
    this.dated = dated;
  }

  /**
   * Uploads a file for fine-tuning ({@code purpose=fine-tune}) under its own name.
   *
   * @param file the file, at most 512 MB
   * @return the stored file, usually {@code pending}
   */
  public OpenAiFile upload(Path file) {
    return files.upload(file);
  }

  /**
   * Uploads a file with a purpose.
   *
   * @param file the file
   * @param purpose such as {@code fine-tune} or {@code batch}
   * @return the stored file
   */
  public OpenAiFile upload(Path file, String purpose) {
    return files.upload(file, purpose);
  }

  /**
   * Asks Azure to fetch a file from a URL (a blob SAS URL, say), the way for large files: {@code POST /files/import}.
   *
   * @param filename the name to store it under, such as {@code train.jsonl}
   * @param contentUrl a URL Azure can GET
   * @return the stored file, usually {@code pending}
   */
  public OpenAiFile importFromUrl(String filename, String contentUrl) {
    Objects.requireNonNull(filename, "filename");
    Objects.requireNonNull(contentUrl, "contentUrl");
    if (filename.isBlank() || contentUrl.isBlank()) {
      throw new IllegalArgumentException("filename and contentUrl must not be blank");
    }
    var body = Json.object().put("purpose", OpenAiFiles.FINE_TUNE).put("filename", filename)
        .put("content_url", contentUrl);
    return dated.call(ApiRequest.post("files/import").json(body).build(), Wire::file);
  }

  /**
   * Lists the files, page by page.
   *
   * @return the files
   */
  public Paged<OpenAiFile> list() {
    return files.list();
  }

  /**
   * Lists the files with a purpose.
   *
   * @param purpose such as {@code fine-tune}
   * @return the files
   */
  public Paged<OpenAiFile> list(String purpose) {
    return files.list(purpose);
  }

  /**
   * Fetches a file's description, with its Azure status.
   *
   * @param fileId the file id
   * @return the file
   */
  public OpenAiFile retrieve(String fileId) {
    return files.retrieve(fileId);
  }

  /**
   * Deletes a file.
   *
   * @param fileId the file id
   * @return whether Azure reports it deleted
   */
  public boolean delete(String fileId) {
    return files.delete(fileId);
  }

  /**
   * Opens a file's content, such as a job's {@code results.csv}. Close the stream.
   *
   * @param fileId the file id
   * @return the content
   */
  public InputStream content(String fileId) {
    return files.content(fileId);
  }

  /**
   * Polls a file until it is {@code processed}, {@code error} or {@code deleted}.
   *
   * @param fileId the file id
   * @param timeout how long to wait at most
   * @return the file in its final status
   * @throws dev.finetune4j.error.WaitTimeoutException if it is still being processed at the timeout
   */
  public OpenAiFile waitUntilProcessed(String fileId, Duration timeout) {
    return files.waitUntilProcessed(fileId, timeout);
  }
}
