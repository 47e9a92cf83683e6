package dev.finetune4j.dataset;

import dev.finetune4j.RawJson;
import java.time.Instant;
import java.util.Objects;

/**
 * A data file stored at a provider: an OpenAI file, or a file committed to a Hugging Face dataset repository.
 *
 * @param id the id to reference it by, as in {@code JobSpec.trainingFile}
 * @param filename the file's name
 * @param bytes its size in bytes
 * @param createdAt when it was stored
 * @param raw the provider's JSON for it
 */
public record DatasetFile(String id, String filename, long bytes, Instant createdAt, RawJson raw) {
  /** Checks that no component is null. */
  public DatasetFile {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(filename, "filename");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(raw, "raw");
  }
}
