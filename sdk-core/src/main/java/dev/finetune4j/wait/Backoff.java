package dev.finetune4j.wait;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a {@link Waiter} sleeps between polls: {@link #initial()} after the first poll, then each interval
 * multiplied by {@link #factor()} up to {@link #max()}. No sleep is shorter than {@link #floor()}, not even the last
 * one before the deadline.
 *
 * <pre>{@code
 * Backoff backoff = Backoff.builder().intervals(Duration.ofSeconds(2), Duration.ofSeconds(60)).factor(1.5).build();
 * Backoff every10s = Backoff.fixed(Duration.ofSeconds(10));
 * }</pre>
 */
public final class Backoff {
  /** The default and smallest usual floor: one second. */
  public static final Duration DEFAULT_FLOOR = Duration.ofSeconds(1);

  private static final Backoff DEFAULTS = builder().build();

  private final Duration initial;
  private final double factor;
  private final Duration max;
  private final Duration floor;

  private Backoff(Builder b) {
    this.initial = b.initial;
    this.factor = b.factor;
    this.max = b.max;
    this.floor = b.floor;
  }

  /**
   * Returns the defaults, made for jobs that run for minutes to hours: 2 s, growing by half up to 60 s, never below
   * 1 s.
   *
   * @return the defaults
   */
  public static Backoff defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a backoff that always sleeps the same time.
   *
   * @param interval the interval, at least {@link #DEFAULT_FLOOR}
   * @return the backoff
   */
  public static Backoff fixed(Duration interval) {
    return builder().intervals(interval, interval).factor(1.0).build();
  }

  /**
   * Returns a builder starting from the {@link #defaults()}.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder starting from this backoff.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.initial = initial;
    b.factor = factor;
    b.max = max;
    b.floor = floor;
    return b;
  }

  /** @return the interval after the first poll */
  public Duration initial() {
    return initial;
  }

  /** @return what each interval is multiplied by to give the next one; 1 for a fixed interval */
  public double factor() {
    return factor;
  }

  /** @return the longest interval */
  public Duration max() {
    return max;
  }

  /** @return the shortest sleep */
  public Duration floor() {
    return floor;
  }

  /**
   * Returns the interval that follows the given one: grown by the factor, at most {@link #max()}.
   *
   * @param interval the current interval
   * @return the next interval
   */
  public Duration next(Duration interval) {
    double grown = interval.toNanos() * factor;
    return grown >= max.toNanos() ? max : Duration.ofNanos((long) grown);
  }

  /**
   * Returns how long to sleep now: the interval, or less when the deadline is nearer, but never less than the
   * floor.
   *
   * @param interval the current interval
   * @param remaining the time left until the deadline
   * @return the sleep
   */
  public Duration sleep(Duration interval, Duration remaining) {
    Duration sleep = interval.compareTo(remaining) < 0 ? interval : remaining;
    return sleep.compareTo(floor) < 0 ? floor : sleep;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Backoff b && initial.equals(b.initial) && factor == b.factor && max.equals(b.max)
        && floor.equals(b.floor);
  }

  @Override
  public int hashCode() {
    return Objects.hash(initial, factor, max, floor);
  }

  @Override
  public String toString() {
    return "Backoff{initial=" + initial + ", factor=" + factor + ", max=" + max + ", floor=" + floor + '}';
  }

  /** Builds a {@link Backoff}; {@link #build()} checks that floor, initial and maximum are in order. */
  public static final class Builder {
    private Duration initial = Duration.ofSeconds(2);
    private double factor = 1.5;
    private Duration max = Duration.ofSeconds(60);
    private Duration floor = DEFAULT_FLOOR;

    private Builder() {}

    /**
     * Sets the first and the longest interval.
     *
     * @param initial the interval after the first poll, positive and at least the floor
     * @param max the longest interval, at least {@code initial}
     * @return this builder
     */
    public Builder intervals(Duration initial, Duration max) {
      positive("initial interval", initial);
      positive("max interval", max);
      if (max.compareTo(initial) < 0) {
        throw new IllegalArgumentException(
            "max interval must be at least the initial one (" + initial + "), was " + max);
      }
      this.initial = initial;
      this.max = max;
      return this;
    }

    /**
     * Sets the growth factor.
     *
     * @param factor at least 1 (1 keeps the interval fixed) and finite
     * @return this builder
     */
    public Builder factor(double factor) {
      if (!(factor >= 1.0) || Double.isInfinite(factor)) {
        throw new IllegalArgumentException("factor must be a finite number of at least 1, was " + factor);
      }
      this.factor = factor;
      return this;
    }

    /**
     * Sets the shortest sleep.
     *
     * @param floor positive, at most the initial interval
     * @return this builder
     */
    public Builder floor(Duration floor) {
      this.floor = positive("floor", floor);
      return this;
    }

    /**
     * Builds the backoff.
     *
     * @return the backoff
     * @throws IllegalArgumentException if the initial interval is below the floor
     */
    public Backoff build() {
      if (initial.compareTo(floor) < 0) {
        throw new IllegalArgumentException("initial interval must be at least " + floor + ", was " + initial);
      }
      return new Backoff(this);
    }

    private static Duration positive(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }
  }
}
