package dev.finetune4j.eval.internal;

import dev.finetune4j.eval.ConfidenceInterval;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Means, percentiles and percentile-bootstrap confidence intervals. */
public final class Statistics {
  private Statistics() {}

  /**
   * Returns the mean.
   *
   * @param values the values
   * @return the mean; 0 when there are none
   */
  public static double mean(double[] values) {
    if (values.length == 0) {
      return 0;
    }
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  /**
   * Returns a percentile of sorted values by linear interpolation between the closest ranks (the method of
   * NumPy's default and R's type 7): {@code h = (n - 1) p}, then interpolate between {@code x[floor h]} and
   * {@code x[floor h + 1]}.
   *
   * @param sorted values sorted ascending
   * @param p the percentile, between 0 and 1
   * @return the percentile; 0 when there are no values
   */
  public static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    double h = (sorted.length - 1) * p;
    int lo = (int) Math.floor(h);
    if (lo >= sorted.length - 1) {
      return sorted[sorted.length - 1];
    }
    return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
  }

  /**
   * Returns the percentile-bootstrap confidence interval of the mean: {@code resamples} samples of the same size are
   * drawn with replacement, and the interval spans the middle {@code level} of their means.
   *
   * <p>When the sample holds only two distinct values, as pass/fail scores do, a resample is described by how many
   * of its {@code n} draws hit the larger value, which follows the binomial distribution of {@code n} draws with that
   * value's share as probability: each resample then takes one draw from that distribution (by inverting its
   * cumulative distribution) instead of {@code n} draws of an index. The resampled means have the same distribution
   * either way; the work per resample no longer grows with the sample. A sample of one value gives that value.
   *
   * @param values the sample
   * @param resamples how many resamples
   * @param seed the random seed, so the same data give the same interval
   * @param level the confidence level, such as 0.95
   * @return the interval; {@code [0, 0]} when there are no values
   */
  public static ConfidenceInterval bootstrapMean(double[] values, int resamples, long seed, double level) {
    int n = values.length;
    if (n == 0) {
      return new ConfidenceInterval(0, 0, level);
    }
    double low = values[0];
    double high = values[0];
    boolean twoValues = true;
    for (double v : values) {
      if (v != low && v != high) {
        if (low != high) {
          twoValues = false;
          break;
        }
        low = Math.min(low, v);
        high = Math.max(high, v);
      }
    }
    if (low == high) {
      return new ConfidenceInterval(low, low, level);
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[] means = new double[resamples];
    if (twoValues) {
      int highs = 0;
      for (double v : values) {
        highs += v == high ? 1 : 0;
      }
      double[] cumulative = binomialCumulative(n, (double) highs / n);
      for (int r = 0; r < resamples; r++) {
        int k = firstAbove(cumulative, random.nextDouble());
        means[r] = (low * (n - k) + high * k) / n;
      }
    } else {
      for (int r = 0; r < resamples; r++) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
          sum += values[random.nextInt(n)];
        }
        means[r] = sum / n;
      }
    }
    Arrays.sort(means);
    double tail = (1 - level) / 2;
    double lower = percentile(means, tail);
    double upper = percentile(means, 1 - tail);
    return new ConfidenceInterval(Math.min(lower, upper), Math.max(lower, upper), level);
  }

  /**
   * Returns the cumulative distribution of the binomial distribution of {@code n} draws of probability {@code p}
   * (strictly between 0 and 1): entry {@code k} is the probability of at most {@code k} hits. The probabilities are
   * built outward from the mode by the ratio of neighbouring terms, so none underflows before it is negligible.
   */
  static double[] binomialCumulative(int n, double p) {
    double[] terms = new double[n + 1];
    int mode = (int) Math.min(n, Math.floor((n + 1) * p));
    double odds = p / (1 - p);
    terms[mode] = 1;
    for (int k = mode; k < n && terms[k] > 1e-300; k++) {
      terms[k + 1] = terms[k] * (n - k) / (k + 1) * odds;
    }
    for (int k = mode; k > 0 && terms[k] > 1e-300; k--) {
      terms[k - 1] = terms[k] * k / (n - k + 1) / odds;
    }
    double total = 0;
    for (int k = 0; k <= n; k++) {
      total += terms[k];
      terms[k] = total;
    }
    for (int k = 0; k <= n; k++) {
      terms[k] /= total;
    }
    terms[n] = 1;
    return terms;
  }

  /** Returns the first index whose entry is above {@code u}, in entries ascending to 1 and {@code 0 <= u < 1}. */
  private static int firstAbove(double[] cumulative, double u) {
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] > u) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }
}
