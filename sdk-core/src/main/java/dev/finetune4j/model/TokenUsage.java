package dev.finetune4j.model;

/**
 * The tokens a chat request used, as the provider counted (and bills) them.
 *
 * @param promptTokens tokens in the request
 * @param completionTokens tokens in the answer, reasoning included
 * @param totalTokens the sum the provider reported
 */
public record TokenUsage(long promptTokens, long completionTokens, long totalTokens) {
  /** No tokens. */
  public static final TokenUsage ZERO = new TokenUsage(0, 0, 0);

  /** Checks that the counts are not negative. */
  public TokenUsage {
    if (promptTokens < 0 || completionTokens < 0 || totalTokens < 0) {
      throw new IllegalArgumentException("token counts must not be negative");
    }
  }

  /**
   * Adds two usages.
   *
   * @param other the other usage
   * @return the sum
   */
  public TokenUsage plus(TokenUsage other) {
    return new TokenUsage(promptTokens + other.promptTokens, completionTokens + other.completionTokens,
        totalTokens + other.totalTokens);
  }
}
