package dev.finetune4j.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatasetRulesTest {

  @Test
  void theNeutralDefaultEstimatesTokensWithoutALimitAndSaysSo() {
    DatasetRules rules = DatasetRules.estimate();

    assertThat(rules.tokenCounter()).isSameAs(TokenCounters.estimate());
    assertThat(rules.exactCounts()).isFalse();
    assertThat(rules.maxTokensPerExample()).isEmpty();
    assertThat(rules.overLimit()).isEmpty();
    assertThat(rules.minExamples()).isEqualTo(1);
    assertThat(rules).hasToString(
        "DatasetRules[tokens estimated with estimate: ceil(characters / 4), no limit per example, at least 1 example]");
  }

  @Test
  void theBuilderStartsFromTheNeutralDefault() {
    assertThat(DatasetRules.builder().build()).isEqualTo(DatasetRules.estimate());
  }

  @Test
  void exactnessFollowsTheCounter() {
    DatasetRules rules = DatasetRules.builder().tokenCounter(TokenCounters.o200k())
        .maxTokensPerExample(65_536, DatasetRules.OverLimit.TRUNCATED).minExamples(10).build();

    assertThat(rules.exactCounts()).isTrue();
    assertThat(rules.maxTokensPerExample()).hasValue(65_536);
    assertThat(rules.overLimit()).contains(DatasetRules.OverLimit.TRUNCATED);
    assertThat(rules).hasToString(
        "DatasetRules[tokens counted with o200k_base, at most 65536 per example (longer ones truncated),"
            + " at least 10 examples]");
  }

  @Test
  void toBuilderKeepsEveryRule() {
    DatasetRules rules = DatasetRules.builder().tokenCounter(TokenCounters.cl100k())
        .maxTokensPerExample(4_096, DatasetRules.OverLimit.REJECTED).minExamples(3).build();

    assertThat(rules.toBuilder().build()).isEqualTo(rules).hasSameHashCodeAs(rules);
    assertThat(rules.toBuilder().minExamples(4).build()).isNotEqualTo(rules);
  }

  @Test
  void settersRejectBadValuesWithClearMessages() {
    assertThatThrownBy(() -> DatasetRules.builder().maxTokensPerExample(0, DatasetRules.OverLimit.TRUNCATED))
        .hasMessage("maxTokensPerExample must be 1 or more, was 0");
    assertThatThrownBy(() -> DatasetRules.builder().maxTokensPerExample(10, null)).hasMessage("overLimit");
    assertThatThrownBy(() -> DatasetRules.builder().minExamples(-2))
        .hasMessage("minExamples must be 0 or more, was -2");
    assertThatThrownBy(() -> DatasetRules.builder().tokenCounter(null)).hasMessage("tokenCounter");
  }
}
