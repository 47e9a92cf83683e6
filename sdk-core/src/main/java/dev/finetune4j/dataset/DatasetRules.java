package dev.finetune4j.dataset;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a provider and a target model dictate when training data is validated: how tokens are counted and whether
 * those counts are exact or an estimate, how many tokens one example may have and what the provider does with a
 * longer one, and how few examples a training file may hold.
 *
 * <p>Each provider module knows its own rules; {@link Datasets#rules(String)} returns the ones its upload validates
 * with, so that data checked before uploading is checked the same way:
 *
 * <pre>{@code
 * DatasetRules rules = client.datasets().rules("gpt-4.1-mini-2025-04-14");
 * ValidationReport report = DatasetValidator.builder().rules(rules).build().validate(Path.of("train.jsonl"));
 * }</pre>
 *
 * <p>Without a provider, {@link #estimate()} applies: estimated token counts, no per-example token limit, at least
 * one example. Immutable and thread-safe.
 */
public final class DatasetRules {
  private static final DatasetRules ESTIMATE = new Builder().build();

  private final TokenCounter tokenCounter;
  private final OptionalInt maxTokensPerExample;
  private final Optional<OverLimit> overLimit;
  private final int minExamples;

  private DatasetRules(Builder builder) {
    this.tokenCounter = builder.tokenCounter;
    this.maxTokensPerExample = builder.maxTokensPerExample;
    this.overLimit = builder.overLimit;
    this.minExamples = builder.minExamples;
  }

  /**
   * Returns the provider-neutral rules: tokens estimated with {@link TokenCounters#estimate()} (so statistics say
   * their counts are estimated), no per-example token limit, at least one example.
   *
   * @return the rules
   */
  public static DatasetRules estimate() {
    return ESTIMATE;
  }

  /**
   * Returns a builder holding the rules of {@link #estimate()}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding these rules.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.tokenCounter = tokenCounter;
    builder.maxTokensPerExample = maxTokensPerExample;
    builder.overLimit = overLimit;
    builder.minExamples = minExamples;
    return builder;
  }

  /**
   * Returns the counter of the tokens of each example.
   *
   * @return the counter
   */
  public TokenCounter tokenCounter() {
    return tokenCounter;
  }

  /**
   * Says whether token counts are exact, made with the target model's own tokenizer, rather than estimated.
   *
   * @return {@link TokenCounter#isExact()} of {@link #tokenCounter()}
   */
  public boolean exactCounts() {
    return tokenCounter.isExact();
  }

  /**
   * Returns the most tokens one training example may have.
   *
   * @return the limit; empty when examples of any length are accepted as they are
   */
  public OptionalInt maxTokensPerExample() {
    return maxTokensPerExample;
  }

  /**
   * Says what the provider does with an example longer than {@link #maxTokensPerExample()}.
   *
   * @return what happens; empty when there is no limit
   */
  public Optional<OverLimit> overLimit() {
    return overLimit;
  }

  /**
   * Returns the fewest valid examples a training file must have.
   *
   * @return 0 or more
   */
  public int minExamples() {
    return minExamples;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DatasetRules that
        && tokenCounter.equals(that.tokenCounter)
        && maxTokensPerExample.equals(that.maxTokensPerExample)
        && overLimit.equals(that.overLimit)
        && minExamples == that.minExamples;
  }

  @Override
  public int hashCode() {
    return Objects.hash(tokenCounter, maxTokensPerExample, overLimit, minExamples);
  }

  @Override
  public String toString() {
    return "DatasetRules[tokens " + (exactCounts() ? "counted with " : "estimated with ") + tokenCounter.name()
        + (maxTokensPerExample.isPresent()
            ? ", at most " + maxTokensPerExample.getAsInt() + " per example (longer ones "
                + overLimit.get().name().toLowerCase(Locale.ROOT) + ")"
            : ", no limit per example")
        + ", at least " + minExamples + (minExamples == 1 ? " example]" : " examples]");
  }

  /** What a provider does with a training example that has more tokens than it accepts. */
  public enum OverLimit {
    /**
     * The provider trains on the start of the example and drops the rest: a
     * {@link FindingCode#OVER_TOKEN_LIMIT} warning, and the example counts for the limit in
     * {@link DatasetStatistics#billableTokens()}.
     */
    TRUNCATED,
    /** The provider refuses the data: a {@link FindingCode#EXAMPLE_TOO_LONG} error. */
    REJECTED
  }

  /** Builds {@link DatasetRules}; each setter checks its input at once. */
  public static final class Builder {
    private TokenCounter tokenCounter = TokenCounters.estimate();
    private OptionalInt maxTokensPerExample = OptionalInt.empty();
    private Optional<OverLimit> overLimit = Optional.empty();
    private int minExamples = 1;

    private Builder() {}

    /**
     * Sets the token counter. Counts are exact when the counter says so ({@link TokenCounter#isExact()}).
     * Default {@link TokenCounters#estimate()}.
     *
     * @param tokenCounter the counter
     * @return this builder
     */
    public Builder tokenCounter(TokenCounter tokenCounter) {
      this.tokenCounter = Objects.requireNonNull(tokenCounter, "tokenCounter");
      return this;
    }

    /**
     * Sets the most tokens one example may have and what the provider does with a longer one. Default: no limit.
     *
     * @param maxTokens tokens per example, 1 or more
     * @param overLimit what happens to a longer example
     * @return this builder
     */
    public Builder maxTokensPerExample(int maxTokens, OverLimit overLimit) {
      if (maxTokens < 1) {
        throw new IllegalArgumentException("maxTokensPerExample must be 1 or more, was " + maxTokens);
      }
      this.overLimit = Optional.of(Objects.requireNonNull(overLimit, "overLimit"));
      this.maxTokensPerExample = OptionalInt.of(maxTokens);
      return this;
    }

    /**
     * Sets the fewest valid examples the training file must have. Default 1.
     *
     * @param minExamples 0 or more
     * @return this builder
     */
    public Builder minExamples(int minExamples) {
      if (minExamples < 0) {
        throw new IllegalArgumentException("minExamples must be 0 or more, was " + minExamples);
      }
      this.minExamples = minExamples;
      return this;
    }

    /**
     * Builds the rules.
     *
     * @return the rules
     */
    public DatasetRules build() {
      return new DatasetRules(this);
    }
  }
}
