package dev.finetune4j.error;

/**
 * The root of every exception finetune4j throws. All of them are unchecked.
 *
 * <p>Messages never contain credentials: the transport redacts every secret it knows of before an exception is
 * built.
 */
public class FineTuningException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong
   */
  public FineTuningException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public FineTuningException(String message, Throwable cause) {
    super(message, cause);
  }
}
