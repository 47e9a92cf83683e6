package dev.finetune4j.eval;

/**
 * The tokens one candidate used, over its answered requests.
 *
 * @param meanInput mean input tokens per answer (system prompt and few-shot examples included)
 * @param meanOutput mean output tokens per answer
 * @param totalInput all input tokens
 * @param totalOutput all output tokens
 */
public record TokenSummary(double meanInput, double meanOutput, long totalInput, long totalOutput) {

  /** No tokens. */
  public static final TokenSummary NONE = new TokenSummary(0, 0, 0, 0);

  /**
   * Returns the mean tokens per answer, input and output together.
   *
   * @return the mean
   */
  public double meanTotal() {
    return meanInput + meanOutput;
  }
}
