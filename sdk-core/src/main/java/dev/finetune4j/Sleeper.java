package dev.finetune4j;

import java.time.Duration;

/**
 * Waits between polls or retries. The default sleeps the thread; tests and emulators pass one that advances
 * virtual time.
 */
@FunctionalInterface
public interface Sleeper {
  /** Sleeps the current thread. */
  Sleeper THREAD = duration -> Thread.sleep(duration.toMillis());

  /**
   * Waits for the given time.
   *
   * @param duration how long
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void sleep(Duration duration) throws InterruptedException;
}
