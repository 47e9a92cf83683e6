package dev.finetune4j.job;

import dev.finetune4j.RawJson;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened to a job: a message from the provider, often with the training metrics of a step.
 *
 * @param id the event's id, unique within the job
 * @param createdAt when it happened
 * @param level how important it is
 * @param message the provider's text
 * @param metrics the training metrics it reports, if any
 * @param raw the provider's JSON for this event (a JSON object; empty for providers whose events are log lines)
 */
public record JobEvent(
    String id, Instant createdAt, Level level, String message, Optional<TrainingMetrics> metrics, RawJson raw) {

  /** Checks that no component is null. */
  public JobEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(raw, "raw");
  }

  /** How important an event is. */
  public enum Level {
    /** Progress and information. */
    INFO,
    /** Something worth a look that does not stop the job. */
    WARN,
    /** A failure. */
    ERROR;

    /**
     * Reads a provider's level name; unknown names are {@link #INFO}.
     *
     * @param name such as {@code info}, {@code warn}, {@code warning} or {@code error}
     * @return the level
     */
    public static Level parse(String name) {
      if (name == null) {
        return INFO;
      }
      return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "warn", "warning" -> WARN;
        case "error", "fatal" -> ERROR;
        default -> INFO;
      };
    }
  }
}
