package dev.finetune4j.openai;

import dev.finetune4j.RawJson;
import java.time.Instant;
import java.util.Objects;

/**
 * A project's permission to use a fine-tuned checkpoint.
 *
 * @param id the permission id, such as {@code cp_abc123}
 * @param projectId the project granted access
 * @param createdAt when it was granted
 * @param raw the JSON OpenAI returned
 */
public record CheckpointPermission(String id, String projectId, Instant createdAt, RawJson raw) {
  /** Checks that no component is null. */
  public CheckpointPermission {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(projectId, "projectId");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(raw, "raw");
  }
}
