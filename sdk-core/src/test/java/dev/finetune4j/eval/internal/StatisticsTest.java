package dev.finetune4j.eval.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.finetune4j.eval.ConfidenceInterval;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StatisticsTest {

  @Test
  void percentilesInterpolateBetweenTheClosestRanks() {
    double[] sorted = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
    // h = 9p: p50 -> 4.5 -> between 50 and 60; p90 -> 8.1 -> 90 + 0.1 * 10; p99 -> 8.91 -> 90 + 0.91 * 10
    assertThat(Statistics.percentile(sorted, 0.5)).isCloseTo(55, within(1e-9));
    assertThat(Statistics.percentile(sorted, 0.9)).isCloseTo(91, within(1e-9));
    assertThat(Statistics.percentile(sorted, 0.99)).isCloseTo(99.1, within(1e-9));
    assertThat(Statistics.percentile(sorted, 0)).isEqualTo(10);
    assertThat(Statistics.percentile(sorted, 1)).isEqualTo(100);
  }

  @Test
  void thePercentileOfOneValueIsThatValue() {
    assertThat(Statistics.percentile(new double[] {7}, 0.99)).isEqualTo(7);
  }

  @Test
  void theBootstrapIntervalOfAProportionIsCloseToTheNormalApproximation() {
    // 100 answers, 60 right: the mean's standard error is sqrt(0.6 * 0.4 / 100) = 0.049, so the 95% interval is
    // about 0.6 +- 1.96 * 0.049 = 0.504..0.696. With 2,000 resamples the bootstrap bounds land within ~0.015 of it.
    double[] values = new double[100];
    for (int i = 0; i < 60; i++) {
      values[i] = 1;
    }
    double se = Math.sqrt(0.6 * 0.4 / 100);

    ConfidenceInterval ci = Statistics.bootstrapMean(values, 2_000, 42, 0.95);

    assertThat(Statistics.mean(values)).isEqualTo(0.6);
    assertThat(ci.lower()).isCloseTo(0.6 - 1.96 * se, within(0.015));
    assertThat(ci.upper()).isCloseTo(0.6 + 1.96 * se, within(0.015));
    assertThat(ci.level()).isEqualTo(0.95);
  }

  @Test
  void theBootstrapIntervalOfAContinuousSampleMatchesItsStandardError() {
    // values 0, 0.01, ..., 0.99: mean 0.495; the bootstrap's standard error is the sample's population standard
    // deviation over sqrt(n): sqrt((n^2 - 1) / 12) * 0.01 / sqrt(n) = 0.02887
    double[] values = new double[100];
    for (int i = 0; i < 100; i++) {
      values[i] = i / 100.0;
    }
    double se = Math.sqrt((100.0 * 100 - 1) / 12) * 0.01 / Math.sqrt(100);

    ConfidenceInterval ci = Statistics.bootstrapMean(values, 2_000, 7, 0.95);

    assertThat(ci.lower()).isCloseTo(0.495 - 1.96 * se, within(0.01));
    assertThat(ci.upper()).isCloseTo(0.495 + 1.96 * se, within(0.01));
  }

  @Test
  void aConstantSampleHasAZeroWidthInterval() {
    ConfidenceInterval ci = Statistics.bootstrapMean(new double[] {0.5, 0.5, 0.5}, 500, 1, 0.95);

    assertThat(ci.lower()).isEqualTo(0.5);
    assertThat(ci.upper()).isEqualTo(0.5);
  }

  @Test
  void theSameSeedGivesTheSameIntervalAndAnotherSeedAnother() {
    double[] values = new double[30];
    for (int i = 0; i < values.length; i++) {
      values[i] = (i * 7 % 30) / 29.0;
    }

    ConfidenceInterval a = Statistics.bootstrapMean(values, 2_000, 42, 0.95);
    ConfidenceInterval b = Statistics.bootstrapMean(values, 2_000, 42, 0.95);
    ConfidenceInterval c = Statistics.bootstrapMean(values, 2_000, 43, 0.95);

    assertThat(a).isEqualTo(b);
    assertThat(c).isNotEqualTo(a);
  }

  @Test
  void anEmptySampleHasMeanZeroAndAnEmptyInterval() {
    assertThat(Statistics.mean(new double[0])).isZero();
    assertThat(Statistics.bootstrapMean(new double[0], 100, 1, 0.95)).isEqualTo(new ConfidenceInterval(0, 0, 0.95));
  }

  @Test
  void theBinomialDistributionOfAResampleIsExact() {
    // 4 draws of probability 1/4: at most k hits with probability (81, 189, 243, 255, 256) / 256
    double[] cumulative = Statistics.binomialCumulative(4, 0.25);

    assertThat(cumulative).containsExactly(new double[] {81 / 256.0, 189 / 256.0, 243 / 256.0, 255 / 256.0, 1},
        within(1e-12));
  }

  @Test
  void theBootstrapIntervalOfALargeProportionMatchesTheNormalApproximation() {
    // 2,000 pass/fail scores, 1,500 passed: standard error sqrt(0.75 * 0.25 / 2000) = 0.00968
    double[] values = new double[2_000];
    for (int i = 0; i < 1_500; i++) {
      values[i * 4 / 3] = 1;
    }
    double se = Math.sqrt(0.75 * 0.25 / 2_000);

    ConfidenceInterval ci = Statistics.bootstrapMean(values, 2_000, 42, 0.95);

    assertThat(Statistics.mean(values)).isEqualTo(0.75);
    assertThat(ci.lower()).isCloseTo(0.75 - 1.96 * se, within(0.003));
    assertThat(ci.upper()).isCloseTo(0.75 + 1.96 * se, within(0.003));
  }

  @Test
  void theIntervalOfASampleOfOneValueIsThatValue() {
    double[] values = new double[1_000];
    Arrays.fill(values, 0.1);

    assertThat(Statistics.bootstrapMean(values, 2_000, 42, 0.95)).isEqualTo(new ConfidenceInterval(0.1, 0.1, 0.95));
  }
}
