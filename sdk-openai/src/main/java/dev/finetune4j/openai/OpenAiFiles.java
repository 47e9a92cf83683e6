package dev.finetune4j.openai;

import dev.finetune4j.error.LocalIoException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.Paged;
import dev.finetune4j.Sleeper;
import dev.finetune4j.spi.http.ApiRequest;
import dev.finetune4j.spi.http.HttpTransport;
import dev.finetune4j.spi.http.Pagination;
import dev.finetune4j.spi.http.internal.Lookups;
import dev.finetune4j.spi.http.StreamedResponse;
import dev.finetune4j.error.WaitTimeoutException;
import dev.finetune4j.openai.internal.Wire;
import dev.finetune4j.wait.Acceptor;
import dev.finetune4j.wait.Backoff;
import dev.finetune4j.wait.WaitSettings;
import dev.finetune4j.wait.Waiter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.RequestBody;

/**
 * OpenAI's Files API. Every upload carries a multipart filename (OpenAI rejects a file part without one), whether
 * it comes from a path, a stream or bytes.
 *
 * <pre>{@code
 * OpenAiFile file = openai.files().upload(Path.of("train.jsonl"));
 * OpenAiFile ready = openai.files().waitUntilProcessed(file.id(), Duration.ofMinutes(30));
 * }</pre>
 *
 * <p>Uploads from a path or bytes are retried like other requests, but not blindly: the Files API has no idempotency
 * key, so before sending an upload again the file list is searched (newest first, once more a second later, as the
 * list may lag) for a file of the same purpose, name and size stored since the first attempt began, and that file is
 * the result. Two uploads of different content with the same name and size at the same moment could be taken for
 * one another. An upload from a stream is sent once only, since a stream cannot be read twice.
 */
public final class OpenAiFiles {
  /** The purpose of training and validation data, {@value}. */
  public static final String FINE_TUNE = "fine-tune";

  /** The largest file the Files API takes in one request: 512 MB. */
  public static final long MAX_FILE_SIZE = 512L * 1024 * 1024;

  private static final Backoff BACKOFF = Backoff.builder()
      .intervals(Duration.ofSeconds(1), Duration.ofSeconds(5)).factor(2).build();

  private static final Duration CLOCK_SLACK = Duration.ofMinutes(1);

  private final HttpTransport transport;
  private final Sleeper sleeper;
  private final Clock clock;

  OpenAiFiles(HttpTransport transport, Sleeper sleeper, Clock clock) {
    this.transport = transport;
    this.sleeper = sleeper;
    this.clock = clock;
  }

  /**
   * Uploads a file for fine-tuning ({@code purpose=fine-tune}) under its own name. Files over 512 MB need
   * {@link OpenAiUploads} (or {@code datasets().upload(...)}, which chooses for you).
   *
   * @param file the file
   * @return the stored file
   */
  public OpenAiFile upload(Path file) {
    return upload(file, FINE_TUNE);
  }

  /**
   * Uploads a file with the given purpose under its own name.
   *
   * @param file the file
   * @param purpose such as {@code fine-tune}, {@code evals} or {@code batch}
   * @return the stored file
   */
  public OpenAiFile upload(Path file, String purpose) {
    Objects.requireNonNull(file, "file");
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IllegalArgumentException("file " + file + " does not exist or is not readable");
    }
    long size;
    try {
      size = Files.size(file);
    } catch (java.io.IOException e) {
      throw new LocalIoException("cannot read the size of " + file + ": " + e.getMessage(), null, e);
    }
    if (size > MAX_FILE_SIZE) {
      throw new IllegalArgumentException("file " + file + " has " + size + " bytes, more than the Files API's 512 MB;"
          + " send it with uploads().upload(path) or datasets().upload(...), which use the Uploads API");
    }
    String filename = file.getFileName().toString();
    return send(filename, ApiRequest.fileBody(file, contentType(filename)), purpose, true, size);
  }

  /**
   * Uploads the bytes read from a stream for fine-tuning. The stream is read to its end and closed; the request is
   * not retried, because a stream can be read only once.
   *
   * @param content the content
   * @param filename the name to store it under, such as {@code train.jsonl}
   * @return the stored file
   */
  public OpenAiFile upload(InputStream content, String filename) {
    Objects.requireNonNull(content, "content");
    String name = filename(filename);
    return send(name, ApiRequest.streamBody(content, -1, contentType(name)), FINE_TUNE, false, -1);
  }

  /**
   * Uploads bytes for fine-tuning.
   *
   * @param content the content
   * @param filename the name to store it under, such as {@code train.jsonl}
   * @return the stored file
   */
  public OpenAiFile upload(byte[] content, String filename) {
    Objects.requireNonNull(content, "content");
    String name = filename(filename);
    return send(name, RequestBody.create(content.clone(), MediaType.get(contentType(name))), FINE_TUNE, true,
        content.length);
  }

  private OpenAiFile send(String filename, RequestBody body, String purpose, boolean replayable, long size) {
    Objects.requireNonNull(purpose, "purpose");
    MultipartBody multipart = new MultipartBody.Builder()
        .setType(MultipartBody.FORM)
        .addFormDataPart("purpose", purpose)
        .addFormDataPart("file", filename, body)
        .build();
    // whole seconds, as the API has them, and a minute of slack for the difference between the clocks
    Instant since = clock.instant().minus(CLOCK_SLACK).truncatedTo(ChronoUnit.SECONDS);
    return transport.call(ApiRequest.post("files").body(multipart, replayable)
        .retryGuard(() -> Lookups.settled(transport, "the file",
            () -> findStored(purpose, filename, size, since)))
        .build(), Wire::file);
  }

  /** Looks for the file an earlier attempt may have stored: same purpose, name and size, stored since. */
  private Optional<JsonNode> findStored(String purpose, String filename, long size, Instant since) {
    return transport.call(ApiRequest.get("files").query("purpose", purpose).query("limit", 100)
        .query("order", "desc").build(), json -> {
          Wire.page(json, Wire::file); // checks the answer's shape
          for (JsonNode item : json.path("data")) {
            OpenAiFile file = Wire.file(item);
            if (file.filename().equals(filename) && file.bytes() == size && !file.createdAt().isBefore(since)) {
              return Optional.of(item);
            }
          }
          return Optional.<JsonNode>empty();
        });
  }

  /**
   * Lists the files, newest first, page by page.
   *
   * @return the files
   */
  public Paged<OpenAiFile> list() {
    return list(Optional.empty());
  }

  /**
   * Lists the files with a purpose, newest first, page by page.
   *
   * @param purpose such as {@code fine-tune}
   * @return the files
   */
  public Paged<OpenAiFile> list(String purpose) {
    return list(Optional.of(purpose));
  }

  private Paged<OpenAiFile> list(Optional<String> purpose) {
    return Pagination.cursor(after -> {
      ApiRequest.Builder request = ApiRequest.get("files").query("limit", 100);
      purpose.ifPresent(p -> request.query("purpose", p));
      after.ifPresent(a -> request.query("after", a));
      return transport.call(request.build(), json -> Wire.page(json, Wire::file));
    });
  }

  /**
   * Fetches a file's description.
   *
   * @param fileId the file id
   * @return the file
   * @throws dev.finetune4j.error.NotFoundException if there is no such file
   */
  public OpenAiFile retrieve(String fileId) {
    return transport.call(ApiRequest.get("files/" + HttpTransport.encode(id(fileId))).build(), Wire::file);
  }

  /**
   * Deletes a file.
   *
   * @param fileId the file id
   * @return whether OpenAI reports it deleted
   * @throws dev.finetune4j.error.NotFoundException if there is no such file
   */
  public boolean delete(String fileId) {
    return transport.call(ApiRequest.delete("files/" + HttpTransport.encode(id(fileId))).build(), answer -> {
      JsonNode deleted = answer.get("deleted");
      if (deleted == null || !deleted.isBoolean()) {
        throw new IllegalArgumentException("'deleted' must be true or false, was "
            + (deleted == null ? "missing" : deleted.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
      }
      return deleted.booleanValue();
    });
  }

  /**
   * Opens a file's content, such as a job's results CSV. Close the stream when done.
   *
   * @param fileId the file id
   * @return the content
   */
  public InputStream content(String fileId) {
    StreamedResponse response = transport.stream(
        ApiRequest.get("files/" + HttpTransport.encode(id(fileId)) + "/content").build());
    return response.body();
  }

  /**
   * Polls a file until OpenAI has processed it ({@code processed}, {@code error} or {@code deleted}), every second
   * at first, doubling up to every five seconds. Jobs can be created before that (they wait in
   * {@code validating_files}), so this is only needed to learn about processing errors early. A poll that fails
   * with a network failure, a server error or throttling is retried.
   *
   * @param fileId the file id
   * @param timeout how long to wait at most, measured on the client's clock
   * @return the file in its final status; check {@link OpenAiFile#status()} for {@code error}
   * @throws WaitTimeoutException if the file is still being processed when the timeout runs out
   * @throws dev.finetune4j.wait.WaitInterruptedException if the thread is interrupted
   */
  public OpenAiFile waitUntilProcessed(String fileId, Duration timeout) {
    Objects.requireNonNull(fileId, "fileId");
    return Waiter.builder(() -> retrieve(fileId))
        .waitingFor("OpenAI file " + fileId + " to be processed")
        .acceptor(Acceptor.successWhen(file -> file.isProcessingDone() || file.status().isEmpty()))
        .describe(file -> "still '" + file.status().orElse("") + "'")
        .settings(WaitSettings.builder().timeout(timeout).backoff(BACKOFF).clock(clock).sleeper(sleeper).build())
        .build()
        .run();
  }

  static String contentType(String filename) {
    String lower = filename.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".jsonl")) {
      return "text/jsonl";
    }
    if (lower.endsWith(".json")) {
      return "application/json";
    }
    if (lower.endsWith(".csv")) {
      return "text/csv";
    }
    return "application/octet-stream";
  }

  private static String filename(String filename) {
    Objects.requireNonNull(filename, "filename");
    if (filename.isBlank()) {
      throw new IllegalArgumentException("filename must not be blank: OpenAI needs a file name, such as train.jsonl");
    }
    return filename;
  }

  static String id(String id) {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id must not be blank");
    }
    return id;
  }
}
