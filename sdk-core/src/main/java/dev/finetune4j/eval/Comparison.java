package dev.finetune4j.eval;

import java.util.Objects;

/**
 * A paired comparison of two candidates on one scorer, over the cases both answered and the scorer scored.
 *
 * @param candidate the candidate under test, such as the tuned model
 * @param baseline the candidate it is compared with, such as the base model
 * @param scorer the scorer's name
 * @param pairs how many cases were compared
 * @param wins cases where {@code candidate} scored higher
 * @param ties cases where both scored the same
 * @param losses cases where {@code baseline} scored higher
 * @param meanDifference the mean of {@code candidate}'s score minus {@code baseline}'s, between -1 and 1
 * @param interval the paired bootstrap confidence interval of the mean difference
 * @param tokenChange the relative change of mean tokens per answer (input and output) from {@code baseline} to
 *     {@code candidate}: -0.35 means 35% fewer tokens; 0 when the baseline used none
 * @param outcome which candidate is better, if the difference is significant
 * @param verdict the comparison in one line, such as {@code tuned beats base by 12.5 points (95% CI 6.1..18.9) and
 *     uses 35% fewer tokens per answer}
 */
public record Comparison(
    String candidate,
    String baseline,
    String scorer,
    int pairs,
    int wins,
    int ties,
    int losses,
    double meanDifference,
    ConfidenceInterval interval,
    double tokenChange,
    Outcome outcome,
    String verdict) {

  /** Checks the components. */
  public Comparison {
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(scorer, "scorer");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(verdict, "verdict");
    if (wins + ties + losses != pairs) {
      throw new IllegalArgumentException("wins, ties and losses must add up to pairs");
    }
  }

  /** Which of two candidates did better. */
  public enum Outcome {
    /** The candidate under test is better: the whole interval is above zero. */
    CANDIDATE_BETTER,
    /** The baseline is better: the whole interval is below zero. */
    BASELINE_BETTER,
    /** The interval contains zero (or there was nothing to compare). */
    NO_SIGNIFICANT_DIFFERENCE
  }
}
