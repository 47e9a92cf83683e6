package dev.finetune4j.eval;

import java.time.Duration;
import java.util.Objects;

/**
 * Latency percentiles of one candidate's answered requests, by linear interpolation between the closest ranks.
 *
 * @param p50 the median
 * @param p90 the 90th percentile
 * @param p99 the 99th percentile
 * @param mean the mean
 */
public record LatencySummary(Duration p50, Duration p90, Duration p99, Duration mean) {

  /** No latencies. */
  public static final LatencySummary NONE =
      new LatencySummary(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

  /** Checks that no component is null. */
  public LatencySummary {
    Objects.requireNonNull(p50, "p50");
    Objects.requireNonNull(p90, "p90");
    Objects.requireNonNull(p99, "p99");
    Objects.requireNonNull(mean, "mean");
  }
}
