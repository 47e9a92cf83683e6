package dev.finetune4j.error;

/**
 * A call was made on a client after {@code close()}. Build a new client; a closed one stays closed.
 */
public class ClientClosedException extends FineTuningException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param provider the provider whose client was closed
   */
  public ClientClosedException(String provider) {
    super("This " + provider + " client has been closed; build a new one to make more calls");
  }
}
