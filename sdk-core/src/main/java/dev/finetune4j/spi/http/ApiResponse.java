package dev.finetune4j.spi.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.error.FineTuningException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A successful (2xx) answer read in full, with its status, headers and body. Error statuses never reach this type:
 * they are thrown as {@link dev.finetune4j.error.ApiException}s.
 */
public final class ApiResponse {
  private final int statusCode;
  private final Map<String, List<String>> headers;
  private final byte[] body;
  private final int attempts;

  /**
   * Creates a response.
   *
   * @param statusCode the HTTP status
   * @param headers the headers, names in lower case
   * @param body the body bytes
   * @param attempts how many attempts the request took
   */
  public ApiResponse(int statusCode, Map<String, List<String>> headers, byte[] body, int attempts) {
    this.statusCode = statusCode;
    this.headers = Map.copyOf(headers);
    this.body = Objects.requireNonNull(body, "body");
    this.attempts = attempts;
  }

  /** @return the HTTP status */
  public int statusCode() {
    return statusCode;
  }

  /**
   * Returns a header's first value.
   *
   * @param name the name, any case
   * @return the value, if present
   */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** @return all headers, names in lower case */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** @return the provider's request id, if the response carried one */
  public Optional<String> requestId() {
    return header("x-request-id").or(() -> header("apim-request-id")).or(() -> header("request-id"));
  }

  /** @return how many attempts the request took, 1 when it was not retried */
  public int attempts() {
    return attempts;
  }

  /** @return the body bytes */
  public byte[] bytes() {
    return body.clone();
  }

  /** @return the body as UTF-8 text */
  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * Parses the body as JSON.
   *
   * @return the JSON tree; an empty object for an empty body
   * @throws FineTuningException if the body is not JSON
   */
  public JsonNode json() {
    if (body.length == 0) {
      return Json.object();
    }
    try {
      return Json.mapper().readTree(body);
    } catch (IOException e) {
      throw new FineTuningException("Expected a JSON response but could not parse it: " + e.getMessage(), e);
    }
  }
}
