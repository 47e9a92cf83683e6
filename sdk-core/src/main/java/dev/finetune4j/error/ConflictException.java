package dev.finetune4j.error;

/**
 * The request conflicts with the resource's current state (HTTP 409), such as a repository that already exists.
 */
public class ConflictException extends ApiException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception from what the provider answered.
   *
   * @param details what the provider answered
   */
  public ConflictException(ApiErrorDetails details) {
    super(details);
  }
}
