package dev.finetune4j.error;

/**
 * The provider rejected the request as invalid (HTTP 400 or 422); {@link #param()} often names the field.
 */
public class InvalidRequestException extends ApiException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception from what the provider answered.
   *
   * @param details what the provider answered
   */
  public InvalidRequestException(ApiErrorDetails details) {
    super(details);
  }
}
