package dev.finetune4j.error;

/**
 * The resource does not exist or is not visible to these credentials (HTTP 404).
 */
public class NotFoundException extends ApiException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception from what the provider answered.
   *
   * @param details what the provider answered
   */
  public NotFoundException(ApiErrorDetails details) {
    super(details);
  }
}
