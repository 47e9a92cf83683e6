package dev.finetune4j.portable;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelMappingTest {
  private final ModelMapping mapping = ModelMapping.builder()
      .map("hub", "gpt-4.1-mini-2025-04-14", "Qwen/Qwen2.5-3B-Instruct")
      .mapAll("local", "/models/tiny")
      .build();

  @Test
  void aSourceModelsEntryAnswersForItsProvider() {
    assertThat(mapping.target("hub", "gpt-4.1-mini-2025-04-14")).contains("Qwen/Qwen2.5-3B-Instruct");
    assertThat(mapping.target("other", "gpt-4.1-mini-2025-04-14")).isEmpty();
  }

  @Test
  void aFineTunedModelIsLookedUpByItsBase() {
    assertThat(mapping.target("hub", "ft:gpt-4.1-mini-2025-04-14:org:recipes:abc")).contains("Qwen/Qwen2.5-3B-Instruct");
  }

  @Test
  void aProviderWideEntryAnswersForEveryModelWithoutOne() {
    assertThat(mapping.target("local", "gpt-4o-2024-08-06")).contains("/models/tiny");
  }

  @Test
  void anOverrideReplacesTheEntryAndLeavesTheOriginalAsItWas() {
    ModelMapping overridden = mapping.toBuilder().map("hub", "gpt-4.1-mini-2025-04-14", "other/model").build();

    assertThat(overridden.target("hub", "gpt-4.1-mini-2025-04-14")).contains("other/model");
    assertThat(mapping.target("hub", "gpt-4.1-mini-2025-04-14")).contains("Qwen/Qwen2.5-3B-Instruct");
    assertThat(ModelMapping.empty().target("hub", "x")).isEmpty();
  }
}
