package dev.finetune4j.error;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A wait ran out of time before what it waited for happened: a job did not end, a file was not processed, an
 * endpoint did not start. Nothing is stopped or cancelled at the provider; wait again, or give up on it.
 *
 * <p>When the last poll failed with an error the waiter tolerates (a network failure, say), that error is the
 * cause.
 */
public class WaitTimeoutException extends FineTuningException {
  private static final long serialVersionUID = 1L;

  private final String waitedFor;
  private final Duration timeout;
  private final transient Object lastValue;

  /**
   * Creates the exception.
   *
   * @param message what ran out of time, naming what was waited for and the timeout
   * @param waitedFor what was waited for, such as {@code job ftjob-abc to end}
   * @param timeout the timeout that ran out
   * @param lastValue what the last successful poll returned; empty if no poll succeeded
   */
  public WaitTimeoutException(String message, String waitedFor, Duration timeout, Optional<?> lastValue) {
    super(Objects.requireNonNull(message, "message"));
    this.waitedFor = Objects.requireNonNull(waitedFor, "waitedFor");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.lastValue = Objects.requireNonNull(lastValue, "lastValue").orElse(null);
  }

  /** @return what was waited for, such as {@code job ftjob-abc to end} */
  public String waitedFor() {
    return waitedFor;
  }

  /** @return the timeout that ran out */
  public Duration timeout() {
    return timeout;
  }

  /** @return what the last successful poll returned, such as a job or a file; empty if no poll succeeded */
  public Optional<Object> lastValue() {
    return Optional.ofNullable(lastValue);
  }
}
