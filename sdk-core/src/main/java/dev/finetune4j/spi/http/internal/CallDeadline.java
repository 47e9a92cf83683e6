package dev.finetune4j.spi.http.internal;

import dev.finetune4j.Sleeper;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A deadline for the calls made on this thread while some code runs: the transport sets one around each call (its
 * call timeout, across attempts and pauses), the {@link dev.finetune4j.wait.Waiter} one around each poll so that a
 * poll in flight cannot outlive the wait, and the transport bounds each attempt by the time left and starts no pause
 * that would not leave time for another attempt. Nested deadlines keep the earlier one. Time is measured with
 * {@link System#nanoTime()}, and a pause counts for what it was asked to last, so a virtual sleeper in a test uses
 * the deadline up as a real one would.
 */
public final class CallDeadline {
  private static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();
  private static final Duration LONGEST = Duration.ofDays(365);

  private CallDeadline() {}

  /**
   * Runs code with a deadline for the calls it makes on this thread.
   *
   * @param timeLeft how long the calls may take, from now
   * @param body the code
   * @param <T> what the code returns
   * @return what the code returned
   */
  public static <T> T within(Duration timeLeft, Supplier<T> body) {
    Long previous = DEADLINE.get();
    Duration bounded = timeLeft.compareTo(LONGEST) > 0 ? LONGEST : timeLeft;
    long deadline = System.nanoTime() + bounded.toNanos();
    if (previous != null && previous - deadline < 0) {
      deadline = previous;
    }
    DEADLINE.set(deadline);
    try {
      return body.get();
    } finally {
      if (previous == null) {
        DEADLINE.remove();
      } else {
        DEADLINE.set(previous);
      }
    }
  }

  /**
   * Pauses, and counts the pause against this thread's deadline for the time it was asked to last rather than the
   * time it took, which differs only when the sleeper is not a real one (the time it took is on the clock already).
   * Callers start no pause the deadline cannot hold ({@link #holds}).
   *
   * @param sleeper the sleeper that pauses
   * @param pause how long the pause is asked to last
   * @throws InterruptedException if the thread is interrupted while it pauses
   */
  public static void sleep(Sleeper sleeper, Duration pause) throws InterruptedException {
    long started = System.nanoTime();
    sleeper.sleep(pause);
    Long deadline = DEADLINE.get();
    long unseen = pause.toNanos() - (System.nanoTime() - started);
    if (deadline != null && unseen > 0) {
      DEADLINE.set(deadline - unseen);
    }
  }

  /**
   * Says whether this thread's deadline leaves more than a pause: a pause that would use up the time left leaves
   * none for what should follow it.
   *
   * @param pause how long the pause would last
   * @return true when no deadline is set or more time than the pause is left
   */
  public static boolean holds(Duration pause) {
    Long deadline = DEADLINE.get();
    return deadline == null || deadline - System.nanoTime() > pause.toNanos();
  }

  /** @return the time left before this thread's deadline (zero or negative once it passed), if one is set */
  public static Optional<Duration> remaining() {
    Long deadline = DEADLINE.get();
    return deadline == null ? Optional.empty() : Optional.of(Duration.ofNanos(deadline - System.nanoTime()));
  }
}
