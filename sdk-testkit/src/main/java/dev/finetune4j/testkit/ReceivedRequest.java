package dev.finetune4j.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP request as an emulator received it, recorded in arrival order. Immutable.
 *
 * <p>Header names are kept in lower case; query parameters are decoded and keep every value in order.
 */
public final class ReceivedRequest {

  private final long sequence;
  private final Instant receivedAt;
  private final String method;
  private final String path;
  private final Map<String, List<String>> query;
  private final Map<String, List<String>> headers;
  private final byte[] body;

  /**
   * Creates a record of a request.
   *
   * @param sequence the request's position in arrival order, starting at 0
   * @param receivedAt the virtual time at which the request arrived
   * @param method the HTTP method, such as {@code POST}
   * @param path the decoded path, such as {@code /v1/files}
   * @param query decoded query parameters
   * @param headers headers; names are lower-cased
   * @param body the raw body, empty when there is none
   */
  public ReceivedRequest(long sequence, Instant receivedAt, String method, String path,
      Map<String, List<String>> query, Map<String, List<String>> headers, byte[] body) {
    this.sequence = sequence;
    this.receivedAt = Objects.requireNonNull(receivedAt, "receivedAt");
    this.method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
    this.path = Objects.requireNonNull(path, "path");
    this.query = copy(query, false);
    this.headers = copy(headers, true);
    this.body = Objects.requireNonNull(body, "body").clone();
  }

  private static Map<String, List<String>> copy(Map<String, List<String>> source, boolean lowerCaseKeys) {
    Map<String, List<String>> result = new LinkedHashMap<>();
    source.forEach((key, values) -> result
        .computeIfAbsent(lowerCaseKeys ? key.toLowerCase(Locale.ROOT) : key, k -> new ArrayList<>())
        .addAll(values));
    result.replaceAll((key, values) -> List.copyOf(values));
    return Collections.unmodifiableMap(result);
  }

  /**
   * Returns the request's position in arrival order.
   *
   * @return 0 for the first request an emulator received, then 1, 2, ...
   */
  public long sequence() {
    return sequence;
  }

  /**
   * Returns the virtual time at which the request arrived.
   *
   * @return the emulator clock's time on arrival
   */
  public Instant receivedAt() {
    return receivedAt;
  }

  /**
   * Returns the HTTP method in upper case.
   *
   * @return the method, such as {@code GET}
   */
  public String method() {
    return method;
  }

  /**
   * Returns the decoded path, without query.
   *
   * @return the path, such as {@code /v1/fine_tuning/jobs}
   */
  public String path() {
    return path;
  }

  /**
   * Returns all decoded query parameters.
   *
   * @return an unmodifiable map from name to values in order
   */
  public Map<String, List<String>> query() {
    return query;
  }

  /**
   * Returns the first value of a query parameter.
   *
   * @param name the parameter's name, such as {@code after} or {@code metadata[team]}
   * @return the first value, or empty when the parameter is absent
   */
  public Optional<String> queryParameter(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
  }

  /**
   * Returns all headers.
   *
   * @return an unmodifiable map from lower-case name to values in order
   */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /**
   * Returns the first value of a header.
   *
   * @param name the header's name, in any case
   * @return the first value, or empty when the header is absent
   */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * Returns the body as UTF-8 text.
   *
   * @return the body text, empty when the request had no body
   */
  public String body() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * Returns a copy of the raw body.
   *
   * @return the body's bytes
   */
  public byte[] bodyBytes() {
    return body.clone();
  }

  /**
   * Returns the body's size in bytes.
   *
   * @return the number of bytes in the body
   */
  public int bodySize() {
    return body.length;
  }

  /**
   * Tells whether this request has the given method and a path starting with the given prefix.
   *
   * @param method an HTTP method in any case, or {@code null} or {@code "*"} for any method
   * @param pathPrefix a path prefix such as {@code /v1/fine_tuning/jobs}, or {@code null} or empty for any path
   * @return whether the request matches
   */
  public boolean matches(String method, String pathPrefix) {
    boolean methodMatches = method == null || "*".equals(method) || this.method.equalsIgnoreCase(method);
    return methodMatches && (pathPrefix == null || path.startsWith(pathPrefix));
  }

  @Override
  public String toString() {
    // Header values are left out on purpose: they carry credentials.
    return "ReceivedRequest{#" + sequence + ' ' + method + ' ' + path + (query.isEmpty() ? "" : " " + query)
        + ", body=" + body.length + " bytes}";
  }
}
