package dev.finetune4j.eval.internal;

import dev.finetune4j.eval.CandidateSummary;
import dev.finetune4j.eval.CaseResult;
import dev.finetune4j.eval.Comparison;
import dev.finetune4j.eval.ConfidenceInterval;
import dev.finetune4j.eval.Score;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/** Paired comparison of two candidates on one scorer, and its verdict in words. */
public final class Comparisons {
  private static final double TIE = 1e-9;

  private Comparisons() {}

  /**
   * Compares two candidates on the cases both answered and the scorer scored.
   *
   * @param a the candidate's summary
   * @param aResults its results
   * @param b the baseline's summary
   * @param bResults its results
   * @param scorer the scorer's name
   * @param resamples bootstrap resamples
   * @param seed bootstrap seed
   * @param level confidence level
   * @return the comparison
   */
  public static Comparison compare(CandidateSummary a, List<CaseResult> aResults, CandidateSummary b,
      List<CaseResult> bResults, String scorer, int resamples, long seed, double level) {
    Map<String, Double> baseline = new HashMap<>();
    for (CaseResult r : bResults) {
      value(r, scorer).ifPresent(v -> baseline.put(r.caseId(), v));
    }
    double[] diffs = new double[aResults.size()];
    int n = 0;
    int wins = 0;
    int ties = 0;
    int losses = 0;
    for (CaseResult r : aResults) {
      Double other = baseline.get(r.caseId());
      OptionalDouble mine = value(r, scorer);
      if (other == null || mine.isEmpty()) {
        continue;
      }
      double d = mine.getAsDouble() - other;
      diffs[n++] = d;
      if (d > TIE) {
        wins++;
      } else if (d < -TIE) {
        losses++;
      } else {
        ties++;
      }
    }
    double[] paired = Arrays.copyOf(diffs, n);
    double mean = Statistics.mean(paired);
    ConfidenceInterval ci = Statistics.bootstrapMean(paired, resamples, seed, level);
    double baseTokens = b.tokens().meanTotal();
    double tokenChange = baseTokens == 0 ? 0 : a.tokens().meanTotal() / baseTokens - 1;
    Comparison.Outcome outcome = n == 0 ? Comparison.Outcome.NO_SIGNIFICANT_DIFFERENCE
        : ci.lower() > 0 ? Comparison.Outcome.CANDIDATE_BETTER
        : ci.upper() < 0 ? Comparison.Outcome.BASELINE_BETTER
        : Comparison.Outcome.NO_SIGNIFICANT_DIFFERENCE;
    String verdict = verdict(a.name(), b.name(), scorer, n, mean, ci, tokenChange, outcome);
    return new Comparison(a.name(), b.name(), scorer, n, wins, ties, losses, mean, ci, tokenChange, outcome,
        verdict);
  }

  private static OptionalDouble value(CaseResult r, String scorer) {
    Score s = r.scores().get(scorer);
    return s == null ? OptionalDouble.empty() : s.value();
  }

  static String verdict(String a, String b, String scorer, int pairs, double mean, ConfidenceInterval ci,
      double tokenChange, Comparison.Outcome outcome) {
    if (pairs == 0) {
      return "no answers of both " + a + " and " + b + " to compare on " + scorer;
    }
    String level = String.format(Locale.ROOT, "%.0f%%", ci.level() * 100);
    String tokens = tokens(tokenChange);
    switch (outcome) {
      case CANDIDATE_BETTER:
        return a + " beats " + b + " on " + scorer + " by " + points(mean) + " points (" + level + " CI "
            + points(ci.lower()) + ".." + points(ci.upper()) + ")"
            + (tokenChange > 0.005 ? " but uses " : " and uses ") + tokens;
      case BASELINE_BETTER:
        return b + " beats " + a + " on " + scorer + " by " + points(-mean) + " points (" + level + " CI "
            + points(-ci.upper()) + ".." + points(-ci.lower()) + "); " + a + " uses " + tokens;
      default:
        return "no significant difference between " + a + " and " + b + " on " + scorer + " (mean difference "
            + points(mean) + " points, " + level + " CI " + points(ci.lower()) + ".." + points(ci.upper()) + "); "
            + a + " uses " + tokens;
    }
  }

  private static String points(double difference) {
    double p = difference * 100;
    return String.format(Locale.ROOT, "%.1f", Math.abs(p) < 0.05 ? 0.0 : p);
  }

  private static String tokens(double change) {
    long percent = Math.round(Math.abs(change) * 100);
    if (percent == 0) {
      return "about as many tokens per answer";
    }
    return percent + "% " + (change < 0 ? "fewer" : "more") + " tokens per answer";
  }
}
