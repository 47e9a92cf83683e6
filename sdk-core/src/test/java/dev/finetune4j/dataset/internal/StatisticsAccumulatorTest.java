package dev.finetune4j.dataset.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.finetune4j.dataset.DatasetStatistics;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class StatisticsAccumulatorTest {

  @Test
  void examplesLongerThanTheHistogramAreRankedWithTheOthers() {
    StatisticsAccumulator accumulator = new StatisticsAccumulator(OptionalInt.of(65_536), true);
    int huge = StatisticsAccumulator.HISTOGRAM_LIMIT + 5;
    for (int tokens : new int[] {huge + 10, 7, huge, 3}) {
      accumulator.add(tokens, 1);
    }

    DatasetStatistics stats = accumulator.toStatistics();

    // sorted: 3, 7, huge, huge + 10
    assertThat(stats.minTokens()).isEqualTo(3);
    assertThat(stats.maxTokens()).isEqualTo(huge + 10);
    assertThat(stats.medianTokens()).isEqualTo((7 + huge) / 2.0);
    assertThat(stats.p90Tokens()).isEqualTo(huge + 0.7 * 10, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(stats.examplesOverLimit()).isEqualTo(2);
    assertThat(stats.billableTokens()).isEqualTo(3 + 7 + 2 * 65_536);
  }

  @Test
  void anEmptyDatasetHasZeroStatistics() {
    DatasetStatistics stats = new StatisticsAccumulator(OptionalInt.of(100), false).toStatistics();

    assertThat(stats.exampleCount()).isZero();
    assertThat(stats.medianTokens()).isZero();
    assertThat(stats.exactCounts()).isFalse();
  }

  @Test
  void withoutALimitNothingIsOverItAndEveryTokenIsBillable() {
    StatisticsAccumulator accumulator = new StatisticsAccumulator(OptionalInt.empty(), false);
    accumulator.add(5, 1);
    accumulator.add(StatisticsAccumulator.HISTOGRAM_LIMIT + 1, 1);

    DatasetStatistics stats = accumulator.toStatistics();

    assertThat(stats.tokenLimit()).isEmpty();
    assertThat(stats.examplesOverLimit()).isZero();
    assertThat(stats.billableTokens()).isEqualTo(stats.totalTokens());
  }
}
