package dev.finetune4j.dataset;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Token statistics of the valid examples of a dataset file, computed while validating it.
 *
 * <p>Median and 90th percentile interpolate linearly between ranks, like NumPy's default. All figures are 0 for a
 * file without valid examples.
 *
 * @param exampleCount the number of valid examples
 * @param minTokens the fewest tokens in one example
 * @param maxTokens the most tokens in one example
 * @param meanTokens the mean tokens per example
 * @param medianTokens the median tokens per example
 * @param p90Tokens the 90th percentile of tokens per example
 * @param totalTokens the tokens of all examples
 * @param assistantTokens the tokens of assistant content (what supervised training learns)
 * @param examplesOverLimit the examples with more tokens than {@code tokenLimit}; 0 without a limit
 * @param billableTokens the sum over examples of {@code min(tokenLimit, tokens)}: the tokens one epoch trains on;
 *     {@code totalTokens} without a limit
 * @param tokenLimit the per-example token limit of the rules used ({@link DatasetRules#maxTokensPerExample()});
 *     empty when they set none
 * @param exactCounts whether tokens were counted with the model's tokenizer rather than estimated
 *     ({@link DatasetRules#exactCounts()}); when false, every token figure here is an estimate
 */
public record DatasetStatistics(
    long exampleCount,
    long minTokens,
    long maxTokens,
    double meanTokens,
    double medianTokens,
    double p90Tokens,
    long totalTokens,
    long assistantTokens,
    long examplesOverLimit,
    long billableTokens,
    OptionalInt tokenLimit,
    boolean exactCounts) {

  /** Checks that counts are not negative and the limit, if any, is 1 or more. */
  public DatasetStatistics {
    if (exampleCount < 0 || totalTokens < 0 || assistantTokens < 0 || examplesOverLimit < 0 || billableTokens < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
    Objects.requireNonNull(tokenLimit, "tokenLimit");
    if (tokenLimit.isPresent() && tokenLimit.getAsInt() < 1) {
      throw new IllegalArgumentException("tokenLimit must be 1 or more, was " + tokenLimit.getAsInt());
    }
  }
}
