package dev.finetune4j.wait;

import dev.finetune4j.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * How a {@link Waiter} waits: how long at most, how it backs off between polls, the clock the timeout is measured
 * on, what sleeps, and where {@link Waiter#runAsync()} runs. Tests pass a virtual clock and a sleeper that advances
 * it, so that hours of waiting take no time.
 */
public final class WaitSettings {
  /** The default timeout: 24 hours. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(24);

  private static final WaitSettings DEFAULTS = builder().build();

  private final Duration timeout;
  private final Backoff backoff;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Executor executor;

  private WaitSettings(Builder b) {
    this.timeout = b.timeout;
    this.backoff = b.backoff;
    this.clock = b.clock;
    this.sleeper = b.sleeper;
    this.executor = b.executor;
  }

  /**
   * Returns the defaults: a 24-hour timeout, {@link Backoff#defaults()}, the system clock, a sleeping thread, and a
   * new daemon thread for each asynchronous wait.
   *
   * @return the defaults
   */
  public static WaitSettings defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a builder starting from the defaults.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder starting from these settings.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.timeout = timeout;
    b.backoff = backoff;
    b.clock = clock;
    b.sleeper = sleeper;
    b.executor = executor;
    return b;
  }

  /** @return how long to wait before giving up */
  public Duration timeout() {
    return timeout;
  }

  /** @return how long to sleep between polls */
  public Backoff backoff() {
    return backoff;
  }

  /** @return the clock the timeout is measured on */
  public Clock clock() {
    return clock;
  }

  /** @return what sleeps between polls */
  public Sleeper sleeper() {
    return sleeper;
  }

  /** @return the executor of asynchronous waits; empty for a new daemon thread per wait */
  public Optional<Executor> executor() {
    return Optional.ofNullable(executor);
  }

  @Override
  public String toString() {
    return "WaitSettings{timeout=" + timeout + ", backoff=" + backoff + '}';
  }

  /** Builds {@link WaitSettings}. */
  public static final class Builder {
    private Duration timeout = DEFAULT_TIMEOUT;
    private Backoff backoff = Backoff.defaults();
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.THREAD;
    private Executor executor;

    private Builder() {}

    /**
     * Sets how long to wait at most.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Sets how long to sleep between polls.
     *
     * @param backoff the backoff
     * @return this builder
     */
    public Builder backoff(Backoff backoff) {
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /**
     * Sets the clock the timeout is measured on; for tests, together with {@link #sleeper(Sleeper)}.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets what sleeps between polls, such as an emulator's virtual clock. A sleeper should end early with an
     * {@link InterruptedException} when its thread is interrupted, as {@link Sleeper#THREAD} does, so that a wait
     * can be cancelled while it sleeps.
     *
     * @param sleeper the sleeper
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Sets the executor that runs asynchronous waits. By default each wait gets its own daemon thread, since a wait
     * blocks for as long as it waits.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** @return the settings */
    public WaitSettings build() {
      return new WaitSettings(this);
    }
  }
}
