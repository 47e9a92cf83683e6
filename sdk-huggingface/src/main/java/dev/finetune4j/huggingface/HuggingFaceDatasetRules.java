package dev.finetune4j.huggingface;

import dev.finetune4j.dataset.DatasetRules;
import dev.finetune4j.dataset.TokenCounters;
import java.util.Objects;

/**
 * Hugging Face's rules for training data: the ones {@code HuggingFace.datasets().upload(...)} validates with and
 * {@code HuggingFace.datasets().rules(model)} returns.
 *
 * <ul>
 *   <li>Tokens are estimated ({@link TokenCounters#estimate()}): the target model's tokenizer lives in its Hub
 *       repository and is not downloaded to validate data, so statistics say their counts are estimated.
 *   <li>An example may have the job's {@code max_length} tokens ({@link HuggingFaceJobOptions#maxLength()}, 1,024
 *       unless the job sets another). The trainers (TRL, Unsloth, AutoTrain) truncate a longer example: a warning
 *       ({@link DatasetRules.OverLimit#TRUNCATED}), never an error, and an approximate one since the count is an
 *       estimate.
 *   <li>A training file needs at least one example.
 * </ul>
 */
public final class HuggingFaceDatasetRules {
  private static final DatasetRules DEFAULTS = forJob(HuggingFaceJobOptions.defaults());

  private HuggingFaceDatasetRules() {}

  /**
   * Returns the rules for a job with the default options, whose {@code max_length} is 1,024 tokens. Uploads apply
   * these, since the job that will train on the data is not known yet.
   *
   * @return the rules
   */
  public static DatasetRules defaults() {
    return DEFAULTS;
  }

  /**
   * Returns the rules for a job with the given options: an example may have {@code options.maxLength()} tokens.
   *
   * @param options the job's Hugging Face options
   * @return the rules
   */
  public static DatasetRules forJob(HuggingFaceJobOptions options) {
    Objects.requireNonNull(options, "options");
    return DatasetRules.builder()
        .tokenCounter(TokenCounters.estimate())
        .maxTokensPerExample(options.maxLength(), DatasetRules.OverLimit.TRUNCATED)
        .minExamples(1)
        .build();
  }
}
