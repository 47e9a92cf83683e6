package dev.finetune4j.azure;

import dev.finetune4j.dataset.DatasetRules;
import dev.finetune4j.openai.OpenAiDatasetRules;
import java.util.Locale;
import java.util.Objects;

/**
 * Azure OpenAI's rules for training data: OpenAI's tokenizers and at least 10 examples, with Azure's limit of tokens
 * per example: 65,536, and 32,768 for gpt-4.1-nano.
 */
public final class AzureDatasetRules {
  /** Tokens per example for most models: {@value}. */
  public static final int MAX_TOKENS_PER_EXAMPLE = 65_536;
  /** Tokens per example for gpt-4.1-nano: {@value}. */
  public static final int MAX_TOKENS_PER_EXAMPLE_NANO = 32_768;

  private AzureDatasetRules() {}

  /**
   * Returns the rules for data meant for a model.
   *
   * @param model a base model such as {@code gpt-4.1-nano-2025-04-14} or a fine-tuned {@code <base>.ft-<hex>}
   * @return the rules
   */
  public static DatasetRules forModel(String model) {
    Objects.requireNonNull(model, "model");
    DatasetRules openAi = OpenAiDatasetRules.forModel(model);
    int limit = model.toLowerCase(Locale.ROOT).startsWith("gpt-4.1-nano") ? MAX_TOKENS_PER_EXAMPLE_NANO
        : MAX_TOKENS_PER_EXAMPLE;
    return openAi.toBuilder().maxTokensPerExample(limit, DatasetRules.OverLimit.TRUNCATED).build();
  }
}
