package dev.finetune4j.wait;

import dev.finetune4j.error.FineTuningException;
import java.util.Objects;

/**
 * A wait was interrupted: its thread was interrupted, or its future was cancelled. The thread's interrupt flag is
 * set again when this is thrown, so that code further up still sees the interruption.
 */
public class WaitInterruptedException extends FineTuningException {
  private static final long serialVersionUID = 1L;

  private final String waitedFor;

  /**
   * Creates the exception for an interruption seen through the thread's interrupt flag.
   *
   * @param waitedFor what was waited for
   */
  public WaitInterruptedException(String waitedFor) {
    super("Interrupted while waiting for " + Objects.requireNonNull(waitedFor, "waitedFor"));
    this.waitedFor = waitedFor;
  }

  /**
   * Creates the exception for a caught interruption.
   *
   * @param waitedFor what was waited for
   * @param cause the interruption, such as an {@link InterruptedException}
   */
  public WaitInterruptedException(String waitedFor, Throwable cause) {
    super("Interrupted while waiting for " + Objects.requireNonNull(waitedFor, "waitedFor"),
        Objects.requireNonNull(cause, "cause"));
    this.waitedFor = waitedFor;
  }

  /** @return what was waited for */
  public String waitedFor() {
    return waitedFor;
  }
}
