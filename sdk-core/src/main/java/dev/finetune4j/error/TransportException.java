package dev.finetune4j.error;

/**
 * The request did not get an HTTP answer: the connection could not be made, was reset, or broke while reading. The
 * transport retries these before they reach the caller.
 */
public class TransportException extends FineTuningException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, naming the request
   * @param cause the I/O failure
   */
  public TransportException(String message, Throwable cause) {
    super(message, cause);
  }
}
