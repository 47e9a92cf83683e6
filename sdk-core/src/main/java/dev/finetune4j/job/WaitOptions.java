package dev.finetune4j.job;

import dev.finetune4j.Sleeper;
import dev.finetune4j.wait.Backoff;
import dev.finetune4j.wait.WaitSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * How {@link Jobs#waitFor(String, WaitOptions)} follows a job: the generic {@link WaitSettings} (how long at most,
 * how often it polls, clock, sleeper, executor) and who hears about progress.
 *
 * <p>Polling starts at {@link #initialPollInterval()} and grows by half after each poll up to
 * {@link #maxPollInterval()}: quick feedback while a job starts, few requests during a long run. No interval is
 * ever shorter than {@link #MIN_POLL_INTERVAL}.
 */
public final class WaitOptions {
  /** The shortest interval between two polls. */
  public static final Duration MIN_POLL_INTERVAL = Backoff.DEFAULT_FLOOR;

  private static final WaitOptions DEFAULTS = builder().build();

  private final WaitSettings settings;
  private final JobListener listener;

  private WaitOptions(Builder b) {
    this.settings = b.settings.build();
    this.listener = b.listener;
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
    return settings.timeout();
  }

  /** @return the interval after the first poll */
  public Duration initialPollInterval() {
    return settings.backoff().initial();
  }

  /** @return the longest interval between polls */
  public Duration maxPollInterval() {
    return settings.backoff().max();
  }

  /** @return who hears about progress */
  public JobListener listener() {
    return listener;
  }

  /** @return the clock the timeout is measured on */
  public Clock clock() {
    return settings.clock();
  }

  /** @return what waits between polls */
  public Sleeper sleeper() {
    return settings.sleeper();
  }

  /** @return the timeout, backoff, clock, sleeper and executor, as the generic waiter takes them */
  public WaitSettings settings() {
    return settings;
  }

  /** Builds {@link WaitOptions}. */
  public static final class Builder {
    private final WaitSettings.Builder settings = WaitSettings.builder();
    private Backoff backoff = Backoff.defaults();
    private JobListener listener = new JobListener() {};

    private Builder() {}

    /**
     * Sets how long to wait at most.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      settings.timeout(timeout);
      return this;
    }

    /**
     * Sets the poll intervals; they grow by half after each poll.
     *
     * @param initial the interval after the first poll, at least {@link #MIN_POLL_INTERVAL}
     * @param max the longest interval, at least {@code initial}
     * @return this builder
     */
    public Builder pollInterval(Duration initial, Duration max) {
      return backoff(backoff.toBuilder().intervals(initial, max).build());
    }

    /**
     * Sets the whole backoff: intervals, growth factor and floor.
     *
     * @param backoff the backoff, with a floor of at least {@link #MIN_POLL_INTERVAL}
     * @return this builder
     */
    public Builder backoff(Backoff backoff) {
      Objects.requireNonNull(backoff, "backoff");
      if (backoff.floor().compareTo(MIN_POLL_INTERVAL) < 0) {
        throw new IllegalArgumentException(
            "a job's poll interval must be at least " + MIN_POLL_INTERVAL + ", the floor was " + backoff.floor());
      }
      this.backoff = backoff;
      settings.backoff(backoff);
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
      settings.clock(clock);
      return this;
    }

    /**
     * Sets what waits between polls, such as an emulator's virtual clock.
     *
     * @param sleeper the sleeper
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      settings.sleeper(sleeper);
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
      settings.executor(executor);
      return this;
    }

    /** @return the options */
    public WaitOptions build() {
      return new WaitOptions(this);
    }
  }
}
