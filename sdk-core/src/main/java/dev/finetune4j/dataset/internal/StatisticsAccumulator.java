package dev.finetune4j.dataset.internal;

import dev.finetune4j.dataset.DatasetStatistics;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * Accumulates {@link DatasetStatistics} in one pass. Token counts go into a histogram indexed by count, grown to the
 * largest count seen (at most {@value #HISTOGRAM_LIMIT} entries, 512 KB); the rare examples longer than that are
 * kept in a list. Memory therefore depends on the size of the longest example, not on the number of examples.
 */
public final class StatisticsAccumulator {
  static final int HISTOGRAM_LIMIT = 1 << 17;

  private final OptionalInt tokenLimit;
  private final int limit;
  private final boolean exact;
  private long[] histogram = new long[1024];
  private final IntList huge = new IntList();
  private long count;
  private long total;
  private long assistant;
  private long over;
  private long billable;
  private int min = Integer.MAX_VALUE;
  private int max;

  /**
   * Creates an accumulator.
   *
   * @param tokenLimit the per-example token limit, if any
   * @param exact whether counts are exact
   */
  public StatisticsAccumulator(OptionalInt tokenLimit, boolean exact) {
    this.tokenLimit = tokenLimit;
    this.limit = tokenLimit.orElse(Integer.MAX_VALUE);
    this.exact = exact;
  }

  /**
   * Adds one example.
   *
   * @param exampleTokens its tokens, 0 or more
   * @param assistantTokens its assistant tokens
   */
  public void add(int exampleTokens, int assistantTokens) {
    if (exampleTokens < HISTOGRAM_LIMIT) {
      if (exampleTokens >= histogram.length) {
        histogram = Arrays.copyOf(histogram, Math.min(HISTOGRAM_LIMIT, Integer.highestOneBit(exampleTokens) << 1));
      }
      histogram[exampleTokens]++;
    } else {
      huge.add(exampleTokens);
    }
    count++;
    total += exampleTokens;
    assistant += assistantTokens;
    min = Math.min(min, exampleTokens);
    max = Math.max(max, exampleTokens);
    if (exampleTokens > limit) {
      over++;
    }
    billable += Math.min(limit, exampleTokens);
  }

  /**
   * Returns the statistics so far.
   *
   * @return the statistics
   */
  public DatasetStatistics toStatistics() {
    if (count == 0) {
      return new DatasetStatistics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, tokenLimit, exact);
    }
    huge.sort();
    return new DatasetStatistics(count, min, max, (double) total / count, percentile(0.5), percentile(0.9), total,
        assistant, over, billable, tokenLimit, exact);
  }

  /** Linear interpolation between the closest ranks, like NumPy's default. */
  private double percentile(double p) {
    double position = p * (count - 1);
    long low = (long) Math.floor(position);
    long high = (long) Math.ceil(position);
    double lowValue = valueAt(low);
    return lowValue + (valueAt(high) - lowValue) * (position - low);
  }

  /** Returns the value at a 0-based rank in ascending order. */
  private long valueAt(long rank) {
    long seen = 0;
    for (int tokens = 0; tokens < histogram.length; tokens++) {
      seen += histogram[tokens];
      if (seen > rank) {
        return tokens;
      }
    }
    return huge.get((int) (rank - seen));
  }
}
