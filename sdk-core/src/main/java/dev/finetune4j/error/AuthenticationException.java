package dev.finetune4j.error;

/**
 * The provider did not accept the credentials (HTTP 401): a missing, wrong, expired or revoked key or token.
 */
public class AuthenticationException extends ApiException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception from what the provider answered.
   *
   * @param details what the provider answered
   */
  public AuthenticationException(ApiErrorDetails details) {
    super(details);
  }
}
