package dev.finetune4j.openai;

import dev.finetune4j.RawJson;
import dev.finetune4j.dataset.DatasetFile;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A file stored at OpenAI, as the Files API describes it.
 *
 * @param id the file id, such as {@code file-abc123}
 * @param filename the name it was uploaded with
 * @param bytes its size
 * @param createdAt when it was uploaded
 * @param purpose what it is for, such as {@code fine-tune} or {@code fine-tune-results}
 * @param status the processing status ({@code uploaded}, {@code processed}, {@code error}), if reported; OpenAI
 *     marks this field deprecated
 * @param statusDetails why processing failed, if reported
 * @param expiresAt when the file expires, if it does
 * @param raw the JSON OpenAI returned
 */
public record OpenAiFile(
    String id,
    String filename,
    long bytes,
    Instant createdAt,
    String purpose,
    Optional<String> status,
    Optional<String> statusDetails,
    Optional<Instant> expiresAt,
    RawJson raw) {

  /** Checks that no component is null. */
  public OpenAiFile {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(filename, "filename");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(statusDetails, "statusDetails");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(raw, "raw");
  }

  /**
   * Tells whether OpenAI has finished processing the file, successfully or not.
   *
   * @return true for {@code processed}, {@code error} and {@code deleted}
   */
  public boolean isProcessingDone() {
    return status.map(s -> s.equals("processed") || s.equals("error") || s.equals("deleted")).orElse(false);
  }

  /**
   * Returns the provider-neutral view of this file.
   *
   * @return the dataset file
   */
  public DatasetFile toDatasetFile() {
    return new DatasetFile(id, filename, bytes, createdAt, raw);
  }
}
