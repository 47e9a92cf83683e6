package dev.finetune4j.eval.internal;

import dev.finetune4j.Sleeper;
import java.time.Clock;
import java.time.Duration;

/**
 * A token bucket: holds up to {@code perMinute} permits, refilled continuously at {@code perMinute} a minute, and
 * starts full. Taking more than is there waits (through a {@link Sleeper}, so tests need not sleep) until the bucket
 * refills; a request larger than the whole bucket waits for a full bucket and leaves it in debt. Thread-safe.
 */
public final class TokenBucket {
  private final double capacity;
  private final double perMilli;
  private final Clock clock;
  private final Sleeper sleeper;
  private double available;
  private long updatedAt;

  /**
   * Creates a full bucket.
   *
   * @param perMinute the permits per minute, also the bucket's size; positive
   * @param clock the time source
   * @param sleeper how to wait
   */
  public TokenBucket(double perMinute, Clock clock, Sleeper sleeper) {
    if (!(perMinute > 0)) {
      throw new IllegalArgumentException("perMinute must be positive, was " + perMinute);
    }
    this.capacity = perMinute;
    this.perMilli = perMinute / 60_000.0;
    this.clock = clock;
    this.sleeper = sleeper;
    this.available = perMinute;
    this.updatedAt = clock.millis();
  }

  /**
   * Takes permits, waiting until there are enough.
   *
   * @param amount how many, not negative
   * @throws InterruptedException if interrupted while waiting
   */
  public void acquire(double amount) throws InterruptedException {
    while (true) {
      long waitMillis;
      synchronized (this) {
        refill();
        double needed = Math.min(amount, capacity);
        if (available >= needed) {
          available -= amount;
          return;
        }
        waitMillis = Math.max(1, (long) Math.ceil((needed - available) / perMilli));
      }
      sleeper.sleep(Duration.ofMillis(waitMillis));
    }
  }

  /**
   * Corrects an earlier estimate: takes {@code delta} more permits (or gives back when negative), without waiting.
   *
   * @param delta the correction
   */
  public synchronized void adjust(double delta) {
    refill();
    available = Math.min(capacity, available - delta);
  }

  /**
   * Returns the permits available now.
   *
   * @return the permits; negative when in debt
   */
  public synchronized double available() {
    refill();
    return available;
  }

  private void refill() {
    long now = clock.millis();
    if (now > updatedAt) {
      available = Math.min(capacity, available + (now - updatedAt) * perMilli);
      updatedAt = now;
    }
  }
}
