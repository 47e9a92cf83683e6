package dev.finetune4j.job;

import dev.finetune4j.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * How {@link Jobs#waitFor(String, WaitOptions)} follows a job: how long at most, how often it polls, who hears about
 * progress.
 *
 * <p>Polling starts at {@link #initialPollInterval()} and grows by half after each poll up to
 * {@link #maxPollInterval()}: quick feedback while a job starts, few requests during a long run. No interval is
 * ever shorter than {@link #MIN_POLL_INTERVAL}.
 */
public final class WaitOptions {
  /** The shortest interval between two polls. */
  public static final Duration MIN_POLL_INTERVAL = Duration.ofSeconds(1);

  private static final WaitOptions DEFAULTS = builder().build();

  private final Duration timeout;
  private final Duration initialPollInterval;
  private final Duration maxPollInterval;
  private final JobListener listener;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Executor executor;

  private WaitOptions(Builder b) {
    this.timeout = b.timeout;
    this.initialPollInterval = b.initialPollInterval;
    this.maxPollInterval = b.maxPollInterval;
    this.listener = b.listener;
    this.clock = b.clock;
    this.sleeper = b.sleeper;
    this.executor = b.executor;
  }

  /**
   * Returns the defaults: a 24-hour timeout, polls from every 2 s growing to every 60 s, no listener.
   *
   * @return the defaults
   */
  public static WaitOptions defaults() {
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

  /** @return how long to wait before giving up; the job keeps running after that */
  public Duration timeout() {
    return timeout;
  }

  /** @return the interval after the first poll */
  public Duration initialPollInterval() {
    return initialPollInterval;
  }

  /** @return the longest interval between polls */
  public Duration maxPollInterval() {
    return maxPollInterval;
  }

  /** @return who hears about progress */
  public JobListener listener() {
    return listener;
  }

  /** @return the clock the timeout is measured on */
  public Clock clock() {
    return clock;
  }

  /** @return what waits between polls */
  public Sleeper sleeper() {
    return sleeper;
  }

  /** @return the executor of {@link Jobs#waitForAsync(String, WaitOptions)}; null for a new daemon thread */
  Executor executor() {
    return executor;
  }

  /** Builds {@link WaitOptions}. */
  public static final class Builder {
    private Duration timeout = Duration.ofHours(24);
    private Duration initialPollInterval = Duration.ofSeconds(2);
    private Duration maxPollInterval = Duration.ofSeconds(60);
    private JobListener listener = new JobListener() {};
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
     * Sets the poll intervals.
     *
     * @param initial the interval after the first poll, at least {@link #MIN_POLL_INTERVAL}
     * @param max the longest interval, at least {@code initial}
     * @return this builder
     */
    public Builder pollInterval(Duration initial, Duration max) {
      Objects.requireNonNull(initial, "initial");
      Objects.requireNonNull(max, "max");
      if (initial.compareTo(MIN_POLL_INTERVAL) < 0) {
        throw new IllegalArgumentException(
            "initial poll interval must be at least " + MIN_POLL_INTERVAL + ", was " + initial);
      }
      if (max.compareTo(initial) < 0) {
        throw new IllegalArgumentException(
            "max poll interval must be at least the initial one (" + initial + "), was " + max);
      }
      this.initialPollInterval = initial;
      this.maxPollInterval = max;
      return this;
    }

    /**
     * Sets who hears about progress.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(JobListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
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
     * Sets what waits between polls, such as an emulator's virtual clock.
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
     * blocks for as long as the job runs.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** @return the options */
    public WaitOptions build() {
      return new WaitOptions(this);
    }
  }
}
