package dev.finetune4j.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The time an emulator lives in, independent of the wall clock.
 *
 * <p>A <em>manual</em> clock ({@link #manual()}) stands still until a test moves it with {@link #advance(Duration)}
 * or {@link #sleep(Duration)}; the two have the same effect, so {@code clock::sleep} can be handed to any waiter that
 * takes a sleeper ({@code void sleep(Duration)}), and the waiter then runs through a whole fine-tuning job without
 * real waiting. An <em>accelerated</em> clock ({@link #accelerated(double)}) runs on its own at a multiple of real
 * time, for an emulator started as a standalone program; it can be moved forward by hand as well.
 *
 * <p>Instances are thread-safe. Time never goes backwards.
 */
public final class VirtualClock {

  /** The instant a manual clock starts at unless told otherwise: 2026-01-05T09:00:00Z. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-05T09:00:00Z");

  private final Instant start;
  private final double factor;
  private final LongSupplier nanoTime;
  private final long startNanos;
  private long offsetNanos;

  private VirtualClock(Instant start, double factor, LongSupplier nanoTime) {
    this.start = Objects.requireNonNull(start, "start");
    this.factor = factor;
    this.nanoTime = nanoTime;
    this.startNanos = nanoTime.getAsLong();
  }

  /**
   * Returns a manual clock that starts at {@link #DEFAULT_START}.
   *
   * @return a new manual clock
   */
  public static VirtualClock manual() {
    return manual(DEFAULT_START);
  }

  /**
   * Returns a manual clock: its time moves only through {@link #advance(Duration)} and {@link #sleep(Duration)}.
   *
   * @param start the clock's initial time
   * @return a new manual clock
   */
  public static VirtualClock manual(Instant start) {
    return new VirtualClock(start, 0, () -> 0L);
  }

  /**
   * Returns a clock that starts at the current wall-clock time and runs {@code factor} times faster than real time.
   *
   * @param factor how many virtual seconds pass per real second; must be positive and finite
   * @return a new accelerated clock
   */
  public static VirtualClock accelerated(double factor) {
    return accelerated(Instant.now(), factor);
  }

  /**
   * Returns a clock that starts at {@code start} and runs {@code factor} times faster than real time.
   *
   * @param start the clock's initial time
   * @param factor how many virtual seconds pass per real second; must be positive and finite
   * @return a new accelerated clock
   */
  public static VirtualClock accelerated(Instant start, double factor) {
    return accelerated(start, factor, System::nanoTime);
  }

  /** Accelerated clock over a given nanosecond source; lets tests drive "real" time without sleeping. */
  static VirtualClock accelerated(Instant start, double factor, LongSupplier nanoTime) {
    if (!(factor > 0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException("factor must be a positive finite number, got " + factor);
    }
    return new VirtualClock(start, factor, Objects.requireNonNull(nanoTime, "nanoTime"));
  }

  /**
   * Returns the current virtual time.
   *
   * @return the current virtual instant
   */
  public synchronized Instant now() {
    long elapsed = offsetNanos;
    if (factor > 0) {
      elapsed += (long) ((nanoTime.getAsLong() - startNanos) * factor);
    }
    return start.plusNanos(elapsed);
  }

  /**
   * Returns the current virtual time in whole seconds since the epoch, the unit most HTTP APIs use.
   *
   * @return the current virtual time as Unix seconds
   */
  public long epochSecond() {
    return now().getEpochSecond();
  }

  /**
   * Moves the clock forward.
   *
   * @param duration how far to move; must not be negative
   * @return the new current time
   */
  public synchronized Instant advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative, got " + duration);
    }
    offsetNanos = Math.addExact(offsetNanos, duration.toNanos());
    return now();
  }

  /**
   * Same as {@link #advance(Duration)}, shaped as a sleeper: pass {@code clock::sleep} to code that would otherwise
   * call {@code Thread.sleep}. Returns at once, whatever the mode.
   *
   * @param duration how long the caller wants to sleep; must not be negative
   */
  public void sleep(Duration duration) {
    advance(duration);
  }

  /**
   * Returns this virtual time as a {@link Clock} in UTC, for APIs that take one, such as the SDK's
   * {@code WaitOptions.clock(...)} together with {@code sleeper(virtualClock::sleep)}.
   *
   * @return a clock that reads {@link #now()}
   */
  public Clock asClock() {
    VirtualClock virtual = this;
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return virtual.now();
      }
    };
  }

  /**
   * Tells whether this clock moves only by hand.
   *
   * @return {@code true} for a manual clock, {@code false} for an accelerated one
   */
  public boolean isManual() {
    return factor == 0;
  }

  @Override
  public String toString() {
    return "VirtualClock{" + (isManual() ? "manual" : "accelerated x" + factor) + ", now=" + now() + '}';
  }
}
