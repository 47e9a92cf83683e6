package dev.finetune4j;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When and how a failed request is tried again.
 *
 * <p>Retried: connection failures and timeouts, HTTP 408, 409, 429 and 5xx; a response header
 * {@code x-should-retry: true|false} overrides that either way. Never retried: quota exhaustion, and requests whose
 * body cannot be sent twice (a stream).
 *
 * <p>The delay before retry {@code k} (0-based) is {@code min(initialBackoff * 2^k, maxBackoff)}, reduced by up to a
 * quarter at random so that many clients do not retry in step. When the server says how long to wait
 * ({@code retry-after-ms}, or {@code Retry-After} in seconds or as an HTTP date) that wait is used instead, up to
 * {@link #retryAfterCap()}; a longer wait is not waited: the request fails at once with the server's advice. Left
 * unset, the cap is the provider's own: {@value #DEFAULT_RETRY_AFTER_CAP_SECONDS} s unless the provider's module says
 * otherwise (the Hugging Face Hub, whose rate-limit windows are minutes long, waits out a whole window).
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.builder().maxRetries(4).retryAfterCap(Duration.ofSeconds(30)).build();
 * }</pre>
 */
public final class RetryPolicy {
  /** The cap on server-requested waits of providers that set none of their own, in seconds. */
  public static final long DEFAULT_RETRY_AFTER_CAP_SECONDS = 60;
  private static final RetryPolicy DEFAULTS = builder().build();
  private static final RetryPolicy NONE = builder().maxRetries(0).build();

  private final int maxRetries;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration retryAfterCap;
  private final Sleeper sleeper;

  private RetryPolicy(Builder b) {
    this.maxRetries = b.maxRetries;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.retryAfterCap = b.retryAfterCap;
    this.sleeper = b.sleeper;
  }

  /**
   * Returns the defaults: 2 retries, backoff from 0.5 s to 8 s, server-requested waits honoured up to the
   * provider's cap (60 s unless the provider's module sets its own).
   *
   * @return the defaults
   */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a policy that never retries.
   *
   * @return the policy
   */
  public static RetryPolicy none() {
    return NONE;
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
   * Returns a builder holding this policy's values.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxRetries = maxRetries;
    b.initialBackoff = initialBackoff;
    b.maxBackoff = maxBackoff;
    b.retryAfterCap = retryAfterCap;
    b.sleeper = sleeper;
    return b;
  }

  /** @return how many times a request is tried again after the first attempt */
  public int maxRetries() {
    return maxRetries;
  }

  /** @return the delay before the first retry, before jitter */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /** @return the longest delay between retries, before jitter */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /**
   * Returns the longest server-requested wait that is honoured, when set.
   *
   * @return the cap; empty when the provider's own cap applies
   */
  public Optional<Duration> retryAfterCap() {
    return Optional.ofNullable(retryAfterCap);
  }

  /** @return what waits between attempts */
  public Sleeper sleeper() {
    return sleeper;
  }

  /**
   * Returns the delay before a retry when the server gave no advice.
   *
   * @param retryIndex 0 for the first retry
   * @return the delay with jitter applied
   */
  public Duration backoff(int retryIndex) {
    return backoff(retryIndex, ThreadLocalRandom.current().nextDouble());
  }

  /**
   * Returns the delay before a retry for a given random draw; {@link #backoff(int)} draws it.
   *
   * @param retryIndex 0 for the first retry
   * @param random a number in [0, 1)
   * @return {@code min(initialBackoff * 2^retryIndex, maxBackoff) * (1 - 0.25 * random)}
   */
  public Duration backoff(int retryIndex, double random) {
    double base = Math.min(initialBackoff.toNanos() * Math.pow(2, Math.min(retryIndex, 62)), maxBackoff.toNanos());
    return Duration.ofNanos((long) (base * (1 - 0.25 * random)));
  }

  @Override
  public String toString() {
    return "RetryPolicy{maxRetries=" + maxRetries + ", initialBackoff=" + initialBackoff + ", maxBackoff="
        + maxBackoff + ", retryAfterCap=" + (retryAfterCap == null ? "provider's" : retryAfterCap) + '}';
  }

  /** Builds a {@link RetryPolicy}. */
  public static final class Builder {
    private int maxRetries = 2;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(8);
    private Duration retryAfterCap;
    private Sleeper sleeper = Sleeper.THREAD;

    private Builder() {}

    /**
     * Sets how many times a request is tried again.
     *
     * @param maxRetries 0 to 10
     * @return this builder
     */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0 || maxRetries > 10) {
        throw new IllegalArgumentException("maxRetries must be between 0 and 10, was " + maxRetries);
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * Sets the backoff range.
     *
     * @param initial the delay before the first retry, not negative
     * @param max the longest delay, at least {@code initial}
     * @return this builder
     */
    public Builder backoff(Duration initial, Duration max) {
      Objects.requireNonNull(initial, "initial");
      Objects.requireNonNull(max, "max");
      if (initial.isNegative() || max.compareTo(initial) < 0) {
        throw new IllegalArgumentException(
            "backoff must satisfy 0 <= initial <= max, was initial=" + initial + ", max=" + max);
      }
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /**
     * Sets the longest server-requested wait that is honoured, for every provider; a longer one fails the request
     * at once. Unset, each provider's own cap applies.
     *
     * @param cap not negative
     * @return this builder
     */
    public Builder retryAfterCap(Duration cap) {
      Objects.requireNonNull(cap, "cap");
      if (cap.isNegative()) {
        throw new IllegalArgumentException("retryAfterCap must not be negative, was " + cap);
      }
      this.retryAfterCap = cap;
      return this;
    }

    /**
     * Sets what waits between attempts; for tests.
     *
     * @param sleeper the sleeper
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** @return the policy */
    public RetryPolicy build() {
      return new RetryPolicy(this);
    }
  }
}
