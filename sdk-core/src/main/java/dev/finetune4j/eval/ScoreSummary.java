package dev.finetune4j.eval;

import java.util.Objects;

/**
 * One scorer's results for one candidate.
 *
 * @param scorer the scorer's name
 * @param count how many answers were scored (answers the scorer could not score and failed requests excluded)
 * @param errors how many answers the scorer could not score
 * @param mean the mean score, between 0 and 1; 0 when nothing was scored
 * @param interval the bootstrap confidence interval of the mean
 */
public record ScoreSummary(String scorer, int count, int errors, double mean, ConfidenceInterval interval) {

  /** Checks the components. */
  public ScoreSummary {
    Objects.requireNonNull(scorer, "scorer");
    Objects.requireNonNull(interval, "interval");
    if (count < 0 || errors < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }
}
