package dev.finetune4j.openai;

import dev.finetune4j.RawJson;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A run of an OpenAI eval.
 *
 * @param id the run id
 * @param evalId the eval it belongs to
 * @param name its name
 * @param status {@code queued}, {@code in_progress}, {@code completed}, {@code canceled}, {@code failed}, or a value
 *     OpenAI added later
 * @param model the model that generated the samples, if any
 * @param createdAt when it was created
 * @param counts how many items passed, failed or errored
 * @param reportUrl the dashboard page of the run, if any
 * @param error why the run failed, if it did
 * @param raw the JSON OpenAI returned, with per-model usage and per-criterion results
 */
public record EvalRun(
    String id,
    String evalId,
    String name,
    String status,
    Optional<String> model,
    Instant createdAt,
    ResultCounts counts,
    Optional<String> reportUrl,
    Optional<String> error,
    RawJson raw) {

  private static final Set<String> TERMINAL = Set.of("completed", "canceled", "cancelled", "failed");

  /** Checks that no component is null. */
  public EvalRun {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(evalId, "evalId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(counts, "counts");
    Objects.requireNonNull(reportUrl, "reportUrl");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(raw, "raw");
  }

  /**
   * Tells whether the run has ended.
   *
   * @return true for completed, canceled and failed
   */
  public boolean isTerminal() {
    return TERMINAL.contains(status);
  }

  /**
   * How a run's items fared.
   *
   * @param total the items graded
   * @param passed the items that passed every criterion
   * @param failed the items that failed one
   * @param errored the items that could not be graded
   */
  public record ResultCounts(long total, long passed, long failed, long errored) {}
}
