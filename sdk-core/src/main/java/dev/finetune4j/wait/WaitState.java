package dev.finetune4j.wait;

/** What an {@link Acceptor} makes of one poll. */
public enum WaitState {
  /** The wait is over and the polled value is its result. */
  SUCCESS,
  /** The wait is over without success: the waiter throws. */
  FAILURE,
  /** Not there yet: the waiter sleeps and polls again, as long as the timeout allows. */
  RETRY
}
