package dev.finetune4j.openai;

import dev.finetune4j.RawJson;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An upload session of OpenAI's Uploads API.
 *
 * @param id the upload id, such as {@code upload_abc123}
 * @param filename the name of the file being uploaded
 * @param bytes the declared size of the whole file
 * @param purpose the purpose of the file
 * @param status {@code pending}, {@code completed}, {@code cancelled}, {@code expired}, or a value OpenAI added
 *     later
 * @param createdAt when the upload was created
 * @param expiresAt when the upload expires (an hour after creation)
 * @param file the stored file, once the upload is completed
 * @param raw the JSON OpenAI returned
 */
public record OpenAiUpload(
    String id,
    String filename,
    long bytes,
    String purpose,
    String status,
    Instant createdAt,
    Optional<Instant> expiresAt,
    Optional<OpenAiFile> file,
    RawJson raw) {

  /** Checks that no component is null. */
  public OpenAiUpload {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(filename, "filename");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(raw, "raw");
  }
}
