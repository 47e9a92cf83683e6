package dev.finetune4j.wait;

/**
 * Hears about each poll of a {@link Waiter}, on the thread that waits. Both methods have empty defaults. An exception
 * thrown by a listener ends the wait with that exception.
 *
 * @param <T> what is polled
 */
public interface WaitListener<T> {

  /**
   * Called after every poll that returned a value, before the acceptors judge it; so also for the last one.
   *
   * @param value what the poll returned
   */
  default void onPoll(T value) {}

  /**
   * Called after a poll that failed with an exception the acceptors retry, such as a network failure.
   *
   * @param failure what the poll threw
   */
  default void onRetriedFailure(RuntimeException failure) {}
}
