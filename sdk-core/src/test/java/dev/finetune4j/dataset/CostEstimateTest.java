package dev.finetune4j.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CostEstimateTest {

  private static DatasetStatistics stats(long examples, long billable) {
    return new DatasetStatistics(examples, 1, 1, 1, 1, 1, billable, 0, 0, billable, OptionalInt.of(65_536), true);
  }

  @ParameterizedTest(name = "{0} examples train for {1} epochs")
  @CsvSource({"5, 20", "1, 25", "3, 25", "4, 25", "33, 3", "34, 3", "100, 3", "8333, 3", "8334, 2", "10000, 2",
      "12500, 2", "12501, 1", "30000, 1"})
  void defaultEpochsFollowOpenAisHeuristic(long examples, int epochs) {
    assertThat(CostEstimate.defaultEpochs(examples)).isEqualTo(epochs);
  }

  @Test
  void defaultEpochsNeedAtLeastOneExample() {
    assertThatThrownBy(() -> CostEstimate.defaultEpochs(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no examples");
  }

  @Test
  void costIsBillableTokensTimesEpochsTimesPricePerMillion() {
    CostEstimate estimate = CostEstimate.estimate(stats(100, 1_234_567), new BigDecimal("25.00"), 3);

    assertThat(estimate.trainedTokens()).isEqualTo(3_703_701);
    assertThat(estimate.cost()).isEqualByComparingTo("92.592525");
  }

  @Test
  void costUsesTheDefaultEpochsWhenNoneAreGiven() {
    CostEstimate estimate = CostEstimate.estimate(stats(5, 1_000), new BigDecimal("3"));

    assertThat(estimate.epochs()).isEqualTo(20);
    assertThat(estimate.trainedTokens()).isEqualTo(20_000);
    assertThat(estimate.cost()).isEqualByComparingTo("0.06");
  }

  @Test
  void aNegativePriceIsRejected() {
    assertThatThrownBy(() -> CostEstimate.estimate(stats(10, 10), new BigDecimal("-1"), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pricePerMillionTokens");
  }

  @Test
  void zeroEpochsAreRejected() {
    assertThatThrownBy(() -> CostEstimate.estimate(stats(10, 10), BigDecimal.ONE, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("epochs");
  }
}
