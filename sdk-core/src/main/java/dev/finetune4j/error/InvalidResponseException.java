package dev.finetune4j.error;

/**
 * The provider answered with a success status, but the answer cannot be understood: it is not JSON, it is empty
 * where a value was expected, a field has the wrong JSON type, a required field is missing, or a value is out of
 * range (a timestamp past the year 1,000,000,000). {@link #statusCode()} is the answer's status and {@link #body()}
 * its body (redacted, cut to a bounded size); the cause is the parse failure.
 *
 * <p>Not retried: sending the same request again would most likely get the same answer.
 */
public class InvalidResponseException extends ApiException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what was asked and what came back; the message says what could not be understood
   * @param cause the parse failure
   */
  public InvalidResponseException(ApiErrorDetails details, Throwable cause) {
    super(details, cause);
  }
}
