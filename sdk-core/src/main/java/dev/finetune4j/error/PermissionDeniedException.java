package dev.finetune4j.error;

/**
 * The credentials are valid but not allowed to do this (HTTP 403): a missing role or scope, a region, or a resource owned by someone else.
 */
public class PermissionDeniedException extends ApiException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception from what the provider answered.
   *
   * @param details what the provider answered
   */
  public PermissionDeniedException(ApiErrorDetails details) {
    super(details);
  }
}
