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
    SplittableRandom random = new SplittableRandom(seed);
    double[] means = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += values[random.nextInt(n)];
      }
      means[r] = sum / n;
    }
    Arrays.sort(means);
    double tail = (1 - level) / 2;
    double lower = percentile(means, tail);
    double upper = percentile(means, 1 - tail);
    return new ConfidenceInterval(Math.min(lower, upper), Math.max(lower, upper), level);
  }
}
