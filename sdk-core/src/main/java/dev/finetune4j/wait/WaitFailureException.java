package dev.finetune4j.wait;

import dev.finetune4j.error.FineTuningException;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Waiter} waited for cannot happen any more: an {@link Acceptor} said {@link WaitState#FAILURE} for a
 * polled value, such as an endpoint that failed to start.
 */
public class WaitFailureException extends FineTuningException {
  private static final long serialVersionUID = 1L;

  private final String waitedFor;
  private final String reason;
  private final transient Object lastValue;

  /**
   * Creates the exception.
   *
   * @param waitedFor what was waited for
   * @param reason why the wait failed
   * @param lastValue the polled value that failed it
   */
  public WaitFailureException(String waitedFor, String reason, Object lastValue) {
    super(Objects.requireNonNull(reason, "reason") + " (while waiting for "
        + Objects.requireNonNull(waitedFor, "waitedFor") + ")");
    this.waitedFor = waitedFor;
    this.reason = reason;
    this.lastValue = Objects.requireNonNull(lastValue, "lastValue");
  }

  /** @return what was waited for */
  public String waitedFor() {
    return waitedFor;
  }

  /** @return why the wait failed */
  public String reason() {
    return reason;
  }

  /** @return the polled value that failed the wait; empty only after deserialization */
  public Optional<Object> lastValue() {
    return Optional.ofNullable(lastValue);
  }
}
