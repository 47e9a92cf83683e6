package dev.finetune4j.dataset.internal;

import dev.finetune4j.dataset.DatasetStatistics;

/** Accumulates {@link DatasetStatistics} in one pass, keeping 4 bytes per example (its token count). */
public final class StatisticsAccumulator {
  private final int tokenLimit;
  private final boolean exact;
  private final IntList tokens = new IntList();
  private long total;
  private long assistant;
  private long over;
  private long billable;

  /**
   * Creates an accumulator.
   *
   * @param tokenLimit the per-example token limit
   * @param exact whether counts are exact
   */
  public StatisticsAccumulator(int tokenLimit, boolean exact) {
    this.tokenLimit = tokenLimit;
    this.exact = exact;
  }

  /**
   * Adds one example.
   *
   * @param exampleTokens its tokens
   * @param assistantTokens its assistant tokens
   */
  public void add(int exampleTokens, int assistantTokens) {
    tokens.add(exampleTokens);
    total += exampleTokens;
    assistant += assistantTokens;
    if (exampleTokens > tokenLimit) {
      over++;
    }
    billable += Math.min(tokenLimit, exampleTokens);
  }

  /**
   * Returns the statistics so far. Sorts the token counts in place.
   *
   * @return the statistics
   */
  public DatasetStatistics toStatistics() {
    int n = tokens.size();
    if (n == 0) {
      return new DatasetStatistics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, tokenLimit, exact);
    }
    tokens.sort();
    return new DatasetStatistics(n, tokens.get(0), tokens.get(n - 1), (double) total / n, percentile(0.5),
        percentile(0.9), total, assistant, over, billable, tokenLimit, exact);
  }

  private double percentile(double p) {
    double position = p * (tokens.size() - 1);
    int low = (int) Math.floor(position);
    int high = (int) Math.ceil(position);
    double lowValue = tokens.get(low);
    return lowValue + (tokens.get(high) - lowValue) * (position - low);
  }
}
