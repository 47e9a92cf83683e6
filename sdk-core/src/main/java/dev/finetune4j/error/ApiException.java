package dev.finetune4j.error;

import java.util.Optional;

/**
 * A provider answered with an HTTP error status. Carries everything the provider said about it: the status, the
 * provider's error code, type and parameter, the request id to quote to its support, and the raw body.
 *
 * <p>Subclasses name the kind of failure; a status without its own subclass is thrown as this class.
 */
public class ApiException extends FineTuningException {
  private static final long serialVersionUID = 1L;

  private final String provider;
  private final int statusCode;
  private final String code;
  private final String type;
  private final String param;
  private final String requestId;
  private final String body;

  /**
   * Creates an API exception from its details.
   *
   * @param details what the provider answered
   */
  public ApiException(ApiErrorDetails details) {
    this(details, null);
  }

  /**
   * Creates the exception from the parsed error answer and the failure it was built from.
   *
   * @param details the error details
   * @param cause the underlying failure, such as a parse error of the answer; may be null
   */
  public ApiException(ApiErrorDetails details, Throwable cause) {
    super(details.describe(), cause);
    this.provider = details.provider();
    this.statusCode = details.statusCode();
    this.code = details.code().orElse(null);
    this.type = details.type().orElse(null);
    this.param = details.param().orElse(null);
    this.requestId = details.requestId().orElse(null);
    this.body = details.body();
  }

  /**
   * Returns the provider that answered, such as {@code openai}.
   *
   * @return the provider name
   */
  public String provider() {
    return provider;
  }

  /**
   * Returns the HTTP status code.
   *
   * @return the status code
   */
  public int statusCode() {
    return statusCode;
  }

  /**
   * Returns the provider's error code, such as {@code invalid_api_key} or {@code RepoNotFound}.
   *
   * @return the error code, if the provider sent one
   */
  public Optional<String> code() {
    return Optional.ofNullable(code);
  }

  /**
   * Returns the provider's error type, such as {@code invalid_request_error}.
   *
   * @return the error type, if the provider sent one
   */
  public Optional<String> type() {
    return Optional.ofNullable(type);
  }

  /**
   * Returns the request parameter the provider blamed, such as {@code training_file}.
   *
   * @return the parameter, if the provider named one
   */
  public Optional<String> param() {
    return Optional.ofNullable(param);
  }

  /**
   * Returns the provider's id of the failed request, to quote when asking the provider for help.
   *
   * @return the request id, if the response carried one
   */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /**
   * Returns the response body as text, with secrets redacted.
   *
   * @return the body; empty when the response had none
   */
  public String body() {
    return body;
  }
}
