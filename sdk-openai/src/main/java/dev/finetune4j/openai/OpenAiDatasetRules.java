package dev.finetune4j.openai;

import dev.finetune4j.dataset.DatasetRules;
import dev.finetune4j.dataset.TokenCounter;
import dev.finetune4j.dataset.TokenCounters;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * OpenAI's rules for training data, by target model: the ones {@code OpenAi.datasets().upload(...)} validates with
 * and {@code OpenAi.datasets().rules(model)} returns.
 *
 * <ul>
 *   <li>Tokens are counted exactly with the model's tokenizer: {@code o200k_base} for gpt-4o, gpt-4.1, gpt-4.5,
 *       gpt-5, o1, o3, o4 and later families; {@code cl100k_base} for gpt-4, gpt-3.5-turbo, babbage-002 and
 *       davinci-002. Fine-tuned names count as their base model: OpenAI's
 *       {@code ft:gpt-4o-mini-2024-07-18:org:suffix:id} and Azure's {@code gpt-4o-mini-2024-07-18.ft-0123abcd}. Any
 *       other model's tokens are estimated ({@link TokenCounters#estimate()}).
 *   <li>An example may have 65,536 tokens for gpt-4o-2024-08-06 and gpt-4o-mini-2024-07-18, 16,385 for
 *       gpt-3.5-turbo-0125 and -1106, 4,096 for gpt-3.5-turbo-0613, and {@link #DEFAULT_MAX_TOKENS_PER_EXAMPLE} for
 *       any other model (OpenAI publishes no figure for the gpt-4.1 family). OpenAI truncates a longer example from
 *       the end: a warning ({@link DatasetRules.OverLimit#TRUNCATED}).
 *   <li>A training file needs at least {@link #MIN_EXAMPLES} examples (a job with fewer fails with
 *       {@code invalid_n_examples}).
 * </ul>
 */
public final class OpenAiDatasetRules {

  /** The fewest examples OpenAI trains on: 10. */
  public static final int MIN_EXAMPLES = 10;

  /**
   * The tokens per example assumed for models without a published limit: 65,536, the limit of gpt-4o-2024-08-06 and
   * gpt-4o-mini-2024-07-18.
   */
  public static final int DEFAULT_MAX_TOKENS_PER_EXAMPLE = 65_536;

  private static final Map<String, Integer> LIMITS = Map.of(
      "gpt-4o-2024-08-06", 65_536,
      "gpt-4o-mini-2024-07-18", 65_536,
      "gpt-3.5-turbo", 16_385,
      "gpt-3.5-turbo-0125", 16_385,
      "gpt-3.5-turbo-1106", 16_385,
      "gpt-3.5-turbo-0613", 4_096);

  private static final String[] O200K_PREFIXES = {
      "gpt-4o", "chatgpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "gpt-oss", "o1", "o3", "o4"};
  private static final String[] CL100K_PREFIXES = {
      "gpt-4", "gpt-3.5", "gpt-35", "babbage-002", "davinci-002", "text-embedding-3", "text-embedding-ada-002"};

  private OpenAiDatasetRules() {}

  /**
   * Returns OpenAI's rules for training data meant for a model.
   *
   * @param model the base model, such as {@code gpt-4.1-mini-2025-04-14}, or a fine-tuned model's name
   * @return the rules
   * @throws IllegalArgumentException if the name is blank
   */
  public static DatasetRules forModel(String model) {
    Objects.requireNonNull(model, "model");
    if (model.isBlank()) {
      throw new IllegalArgumentException("model must not be blank");
    }
    String base = baseModel(model);
    return DatasetRules.builder()
        .tokenCounter(tokenCounter(base))
        .maxTokensPerExample(LIMITS.getOrDefault(base, DEFAULT_MAX_TOKENS_PER_EXAMPLE),
            DatasetRules.OverLimit.TRUNCATED)
        .minExamples(MIN_EXAMPLES)
        .build();
  }

  private static TokenCounter tokenCounter(String base) {
    for (String prefix : O200K_PREFIXES) {
      if (base.startsWith(prefix)) {
        return TokenCounters.o200k();
      }
    }
    for (String prefix : CL100K_PREFIXES) {
      if (base.startsWith(prefix)) {
        return TokenCounters.cl100k();
      }
    }
    return TokenCounters.estimate();
  }

  static String baseModel(String model) {
    String name = model.trim().toLowerCase(Locale.ROOT);
    if (name.startsWith("ft:")) {
      int end = name.indexOf(':', 3);
      name = end < 0 ? name.substring(3) : name.substring(3, end);
    }
    int azure = name.indexOf(".ft-");
    if (azure > 0) {
      name = name.substring(0, azure);
    }
    return name;
  }
}
