package dev.finetune4j.error;

/**
 * The account has no quota or credit left (for OpenAI a 429 with code {@code insufficient_quota}; for Hugging Face
 * Jobs, no credit balance). Never retried: waiting does not help, only a change of plan or billing does.
 */
public class QuotaExhaustedException extends ApiException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception from what the provider answered.
   *
   * @param details what the provider answered
   */
  public QuotaExhaustedException(ApiErrorDetails details) {
    super(details);
  }
}
