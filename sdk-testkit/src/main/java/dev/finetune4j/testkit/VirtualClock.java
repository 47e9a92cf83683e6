package dev.finetune4j.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The time an emulator lives in: the instants it reports (timestamps, the {@code Date} header) and how fast the work
 * it simulates (training, endpoint start-up, eval runs) gets done.
 *
 * <p>A <em>manual</em> clock ({@link #manual()}) stands still until a test moves it with {@link #advance(Duration)}
 * or {@link #sleep(Duration)}; the two have the same effect, so {@code clock::sleep} can be handed to any waiter that
 * takes a sleeper ({@code void sleep(Duration)}), and the waiter then runs through a whole fine-tuning job without
 * real waiting. Simulated work takes exactly its virtual duration: a job that trains for four minutes is done once
 * the clock has moved four minutes.
 *
 * <p>A <em>running</em> clock ({@link #accelerated(double)}, what emulators use unless told otherwise) follows the
 * wall clock, so the timestamps a client sees agree with its own clock and with the {@code Date} header, while
 * simulated work runs {@code speed} times faster: at speed 60 a job that trains for four minutes is done after four
 * seconds, and its {@code created_at} and {@code finished_at} are four seconds apart. It can be moved forward by hand
 * as well.
 *
 * <p>Instances are thread-safe. Time never goes backwards.
 */
public final class VirtualClock {

  /** The instant a manual clock starts at unless told otherwise: 2026-01-05T09:00:00Z. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-05T09:00:00Z");

  /** How much faster than its real duration simulated work runs on a running clock unless told otherwise: 60. */
  public static final double DEFAULT_SPEED = 60;

  private final Instant start;
  private final double speed;
  private final boolean manual;
  private final LongSupplier nanoTime;
  private final long startNanos;
  private long offsetNanos;

  private VirtualClock(Instant start, double speed, boolean manual, LongSupplier nanoTime) {
    this.start = Objects.requireNonNull(start, "start");
    this.speed = speed;
    this.manual = manual;
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
    return new VirtualClock(start, 1, true, () -> 0L);
  }

  /**
   * Returns a running clock at the current wall-clock time whose simulated work runs {@code speed} times faster than
   * its real duration.
   *
   * @param speed how many seconds of simulated work get done per real second; must be positive and finite
   * @return a new running clock
   */
  public static VirtualClock accelerated(double speed) {
    return accelerated(Instant.now(), speed);
  }

  /**
   * Returns a running clock that starts at {@code start} and from then on moves with real time, its simulated work
   * running {@code speed} times faster than its real duration.
   *
   * @param start the clock's initial time
   * @param speed how many seconds of simulated work get done per real second; must be positive and finite
   * @return a new running clock
   */
  public static VirtualClock accelerated(Instant start, double speed) {
    return accelerated(start, speed, System::nanoTime);
  }

  /** Running clock over a given nanosecond source; lets tests drive "real" time without sleeping. */
  static VirtualClock accelerated(Instant start, double speed, LongSupplier nanoTime) {
    if (!(speed > 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("speed must be a positive finite number, got " + speed);
    }
    return new VirtualClock(start, speed, false, Objects.requireNonNull(nanoTime, "nanoTime"));
  }

  /**
   * Returns the current virtual time.
   *
   * @return the current virtual instant
   */
  public synchronized Instant now() {
    long elapsed = offsetNanos;
    if (!manual) {
      elapsed += nanoTime.getAsLong() - startNanos;
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
   * Returns how many seconds of simulated work get done per second of this clock: 1 for a manual clock.
   *
   * @return the speed
   */
  public double speed() {
    return speed;
  }

  /**
   * Returns when simulated work that starts at {@code from} and takes {@code work} is done, by this clock: {@code
   * from + work} on a manual clock, {@code from + work / speed} on a running one.
   *
   * @param from when the work starts
   * @param work its simulated duration; not negative
   * @return when it is done
   */
  public Instant after(Instant from, Duration work) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(work, "work");
    return speed == 1 ? from.plus(work) : from.plusNanos((long) (work.toNanos() / speed));
  }

  /**
   * Returns how much simulated work gets done between two instants of this clock; the inverse of
   * {@link #after(Instant, Duration)}.
   *
   * @param from the earlier instant
   * @param to the later instant
   * @return the simulated work done in between, negative when {@code to} is before {@code from}
   */
  public Duration work(Instant from, Instant to) {
    Duration real = Duration.between(from, to);
    return speed == 1 ? real : Duration.ofNanos((long) (real.toNanos() * speed));
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
   * @return {@code true} for a manual clock, {@code false} for a running one
   */
  public boolean isManual() {
    return manual;
  }

  @Override
  public String toString() {
    return "VirtualClock{" + (manual ? "manual" : "running, work at x" + speed) + ", now=" + now() + '}';
  }
}
