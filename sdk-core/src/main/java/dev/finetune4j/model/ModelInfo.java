package dev.finetune4j.model;

import dev.finetune4j.RawJson;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A model the provider knows: a base model or a fine-tuned one.
 *
 * @param id the model's id, as passed to chat
 * @param ownedBy who owns it, such as {@code openai} or an organisation
 * @param createdAt when it was created, if known
 * @param shutdownDate the day the provider stops serving it, if announced
 * @param fineTuned whether it is the product of fine-tuning
 * @param raw the provider's JSON for this model
 */
public record ModelInfo(
    String id,
    Optional<String> ownedBy,
    Optional<Instant> createdAt,
    Optional<LocalDate> shutdownDate,
    boolean fineTuned,
    RawJson raw) {

  /** Checks that no component is null. */
  public ModelInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(ownedBy, "ownedBy");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(shutdownDate, "shutdownDate");
    Objects.requireNonNull(raw, "raw");
  }
}
