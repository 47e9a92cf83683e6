package dev.finetune4j.error;

/**
 * The provider failed on its side (HTTP 5xx). Retried by the transport before it reaches the caller.
 */
public class ServerException extends ApiException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception from what the provider answered.
   *
   * @param details what the provider answered
   */
  public ServerException(ApiErrorDetails details) {
    super(details);
  }
}
