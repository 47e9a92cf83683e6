package dev.finetune4j.openai;

import dev.finetune4j.RawJson;
import java.time.Instant;
import java.util.Objects;

/**
 * An eval stored at OpenAI.
 *
 * @param id the eval id, such as {@code eval_abc123}
 * @param name its name
 * @param createdAt when it was created
 * @param raw the JSON OpenAI returned, with the resolved data source schema and testing criteria
 */
public record Eval(String id, String name, Instant createdAt, RawJson raw) {
  /** Checks that no component is null. */
  public Eval {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(raw, "raw");
  }
}
