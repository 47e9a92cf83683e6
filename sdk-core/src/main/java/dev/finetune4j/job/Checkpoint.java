package dev.finetune4j.job;

import dev.finetune4j.RawJson;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A model saved part-way through training, usable as a model in its own right.
 *
 * @param id the checkpoint's id
 * @param model the name to use as a model, such as {@code ft:gpt-4o-mini:org:suffix:id:ckpt-step-100}
 * @param step the training step it was saved at
 * @param createdAt when it was saved
 * @param metrics the training metrics at that step, if reported
 * @param raw the provider's JSON for this checkpoint
 */
public record Checkpoint(
    String id, String model, long step, Instant createdAt, Optional<TrainingMetrics> metrics, RawJson raw) {

  /** Checks that no component is null. */
  public Checkpoint {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(raw, "raw");
  }
}
