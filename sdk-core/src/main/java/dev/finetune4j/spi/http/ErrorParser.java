package dev.finetune4j.spi.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.error.ApiErrorDetails;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads what a provider said about a failed request from its status, headers and body. The standard parser knows
 * the error shapes of every supported provider; a provider with another shape supplies its own.
 */
@FunctionalInterface
public interface ErrorParser {

  /**
   * Reads an error response.
   *
   * @param response the failed response
   * @return the details; never null
   */
  ApiErrorDetails parse(ErrorResponse response);

  /**
   * A failed response as the parser sees it.
   *
   * @param provider the provider's name
   * @param method the request's method
   * @param path the request's path, without query
   * @param statusCode the HTTP status
   * @param header reads a response header by name (any case); null when absent
   * @param body the body as text, secrets already redacted
   * @param retryAfter the wait the provider asked for, if any
   */
  record ErrorResponse(
      String provider,
      String method,
      String path,
      int statusCode,
      java.util.function.Function<String, String> header,
      String body,
      Optional<Duration> retryAfter) {}

  /**
   * Returns the standard parser. It reads OpenAI's {@code {"error": {"message", "type", "param", "code"}}}, the
   * Hub's {@code {"error": "..."}} with {@code X-Error-Code} and {@code X-Error-Message} headers, OAuth's
   * {@code error_description}, and FastAPI's {@code {"detail": ...}}; the request id from {@code x-request-id},
   * {@code apim-request-id} or {@code request-id}.
   *
   * @return the parser
   */
  static ErrorParser standard() {
    return ErrorParser::parseStandard;
  }

  private static ApiErrorDetails parseStandard(ErrorResponse r) {
    String message = null;
    String code = r.header().apply("x-error-code");
    String type = null;
    String param = null;
    JsonNode json = null;
    try {
      json = r.body().isBlank() ? null : Json.parse(r.body());
    } catch (Exception notJson) {
      // the body is plain text or HTML; used as the message below
    }
    if (json != null && json.isObject()) {
      JsonNode error = json.get("error");
      if (error != null && error.isObject()) {
        message = textOf(error.get("message"));
        type = textOf(error.get("type"));
        param = textOf(error.get("param"));
        code = firstNonNull(textOf(error.get("code")), code);
      } else if (error != null && error.isTextual()) {
        message = error.asText();
        String description = textOf(json.get("error_description"));
        if (description != null) {
          message = message + ": " + description;
        }
      } else if (error != null && error.isArray() && !error.isEmpty()) {
        StringBuilder joined = new StringBuilder();
        error.forEach(e -> joined.append(joined.length() == 0 ? "" : "; ").append(e.isTextual() ? e.asText() : e));
        message = joined.toString();
      }
      if (message == null) {
        message = firstNonNull(textOf(json.get("message")), textOf(json.get("detail")));
        if (message == null && json.has("detail")) {
          message = json.get("detail").toString();
        }
      }
      if (code == null) {
        code = textOf(json.get("code"));
      }
    }
    message = firstNonNull(r.header().apply("x-error-message"), message);
    if (message == null) {
      String text = r.body().strip();
      message = text.isEmpty() || text.startsWith("<")
          ? "HTTP " + r.statusCode()
          : text.substring(0, Math.min(text.length(), 500));
    }
    String requestId = firstNonNull(r.header().apply("x-request-id"),
        firstNonNull(r.header().apply("apim-request-id"), r.header().apply("request-id")));
    return new ApiErrorDetails(r.provider(), r.method().toUpperCase(Locale.ROOT), r.path(), r.statusCode(), message,
        Optional.ofNullable(code), Optional.ofNullable(type), Optional.ofNullable(param),
        Optional.ofNullable(requestId), r.retryAfter(), r.body());
  }

  private static String textOf(JsonNode node) {
    return node != null && node.isValueNode() && !node.isNull() ? node.asText() : null;
  }

  private static String firstNonNull(String a, String b) {
    return a != null ? a : b;
  }
}
