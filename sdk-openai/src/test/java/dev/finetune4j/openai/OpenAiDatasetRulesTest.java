package dev.finetune4j.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.dataset.DatasetRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenAiDatasetRulesTest {

  @Test
  void gpt41MiniIsCountedExactlyWithO200kUpTo65536TokensAndNeedsTenExamples() {
    DatasetRules rules = OpenAiDatasetRules.forModel("gpt-4.1-mini-2025-04-14");

    assertThat(rules.exactCounts()).isTrue();
    assertThat(rules.tokenCounter().name()).isEqualTo("o200k_base");
    assertThat(rules.maxTokensPerExample()).hasValue(65_536);
    assertThat(rules.overLimit()).contains(DatasetRules.OverLimit.TRUNCATED);
    assertThat(rules.minExamples()).isEqualTo(10);
  }

  @Test
  void theClientsNeutralDatasetsServiceHandsOutTheseRules() {
    OpenAi openai = OpenAi.builder().apiKey("sk-test-secret-key-123").build();

    assertThat(openai.datasets().rules("gpt-4.1-mini-2025-04-14"))
        .isEqualTo(OpenAiDatasetRules.forModel("gpt-4.1-mini-2025-04-14"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"gpt-4o", "gpt-4o-mini-2024-07-18", "gpt-4.1-nano", "o3-mini", "o4-mini-2025-04-16",
      "o1", "ft:gpt-4o-mini-2024-07-18:acme:support:AbC123", "gpt-4o-mini-2024-07-18.ft-0123abcd"})
  void newerOpenAiModelsAreCountedExactlyWithO200kBase(String model) {
    DatasetRules rules = OpenAiDatasetRules.forModel(model);

    assertThat(rules.exactCounts()).isTrue();
    assertThat(rules.tokenCounter().name()).isEqualTo("o200k_base");
  }

  @ParameterizedTest
  @ValueSource(strings = {"gpt-4", "gpt-4-0613", "gpt-3.5-turbo-0125", "babbage-002", "davinci-002",
      "ft:gpt-3.5-turbo-0125:acme::xyz"})
  void olderOpenAiModelsAreCountedExactlyWithCl100kBase(String model) {
    DatasetRules rules = OpenAiDatasetRules.forModel(model);

    assertThat(rules.exactCounts()).isTrue();
    assertThat(rules.tokenCounter().name()).isEqualTo("cl100k_base");
  }

  @ParameterizedTest
  @ValueSource(strings = {"meta-llama/Llama-3.1-8B-Instruct", "Qwen/Qwen2.5-7B", "mistral-large"})
  void otherModelsGetAnEstimate(String model) {
    assertThat(OpenAiDatasetRules.forModel(model).exactCounts()).isFalse();
  }

  @Test
  void knownPerExampleLimitsArePublishedPerModel() {
    assertThat(limit("gpt-4o-2024-08-06")).isEqualTo(65_536);
    assertThat(limit("gpt-4o-mini-2024-07-18")).isEqualTo(65_536);
    assertThat(limit("gpt-3.5-turbo-0125")).isEqualTo(16_385);
    assertThat(limit("gpt-3.5-turbo-1106")).isEqualTo(16_385);
    assertThat(limit("gpt-3.5-turbo-0613")).isEqualTo(4_096);
    assertThat(limit("ft:gpt-3.5-turbo-0613:acme::x")).isEqualTo(4_096);
  }

  @Test
  void modelsWithoutAPublishedLimitGetTheDefault() {
    assertThat(limit("gpt-4.1-2025-04-14")).isEqualTo(OpenAiDatasetRules.DEFAULT_MAX_TOKENS_PER_EXAMPLE)
        .isEqualTo(65_536);
  }

  @Test
  void fineTunedNamesResolveToTheirBaseModel() {
    assertThat(OpenAiDatasetRules.baseModel("ft:gpt-4o-mini-2024-07-18:org:suffix:id"))
        .isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(OpenAiDatasetRules.baseModel("gpt-35-turbo-0613.ft-5fd1918ee65d4cd38a5dcf6835066ed7"))
        .isEqualTo("gpt-35-turbo-0613");
  }

  @Test
  void aBlankModelIsRejected() {
    assertThatThrownBy(() -> OpenAiDatasetRules.forModel(" ")).hasMessage("model must not be blank");
  }

  private static int limit(String model) {
    return OpenAiDatasetRules.forModel(model).maxTokensPerExample().getAsInt();
  }
}
