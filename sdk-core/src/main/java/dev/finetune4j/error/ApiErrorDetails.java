package dev.finetune4j.error;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a provider said about a failed request, as read from its status, headers and error body.
 *
 * @param provider the provider that answered
 * @param method the HTTP method of the request
 * @param path the path of the request, without query
 * @param statusCode the HTTP status code
 * @param message the provider's message, or the status line when the body had none
 * @param code the provider's error code
 * @param type the provider's error type
 * @param param the request parameter the provider blamed
 * @param requestId the provider's request id
 * @param retryAfter how long the provider asked the client to wait before trying again
 * @param body the raw response body, secrets redacted
 */
public record ApiErrorDetails(
    String provider,
    String method,
    String path,
    int statusCode,
    String message,
    Optional<String> code,
    Optional<String> type,
    Optional<String> param,
    Optional<String> requestId,
    Optional<Duration> retryAfter,
    String body) {

  /** Checks that no component is null. */
  public ApiErrorDetails {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(param, "param");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(retryAfter, "retryAfter");
    Objects.requireNonNull(body, "body");
  }

  /**
   * Returns a one-line description: provider, request, status, message and the provider's identifiers.
   *
   * @return the description used as exception message
   */
  public String describe() {
    StringBuilder sb = new StringBuilder()
        .append(provider).append(' ').append(method).append(' ').append(path)
        .append(" failed with HTTP ").append(statusCode).append(": ").append(message);
    code.ifPresent(c -> sb.append(" [code=").append(c).append(']'));
    type.ifPresent(t -> sb.append(" [type=").append(t).append(']'));
    param.ifPresent(p -> sb.append(" [param=").append(p).append(']'));
    requestId.ifPresent(r -> sb.append(" [request-id=").append(r).append(']'));
    return sb.toString();
  }
}
