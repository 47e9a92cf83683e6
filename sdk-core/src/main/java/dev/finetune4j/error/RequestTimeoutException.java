package dev.finetune4j.error;

/**
 * A request got no complete answer within its timeout. The request may still have been carried out by the provider;
 * operations that create something check for that before they try again.
 */
public class RequestTimeoutException extends TransportException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what timed out, naming the request and the timeout
   * @param cause the timeout reported by the HTTP client
   */
  public RequestTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
