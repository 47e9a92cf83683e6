package dev.finetune4j.spi.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.error.ApiErrorDetails;
import dev.finetune4j.error.FineTuningException;
import dev.finetune4j.error.InvalidResponseException;
import dev.finetune4j.spi.http.internal.FrozenTrees;
import dev.finetune4j.spi.http.internal.Redactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A successful (2xx) answer read in full, with its status, headers and body, and the request it answers. Error
 * statuses never reach this type: they are thrown as {@link dev.finetune4j.error.ApiException}s. An answer that
 * cannot be understood is an {@link InvalidResponseException}.
 */
public final class ApiResponse {
  private static final int MAX_BODY_IN_ERROR = 4096;

  private final String provider;
  private final String method;
  private final String path;
  private final int statusCode;
  private final Map<String, List<String>> headers;
  private final byte[] body;
  private final int attempts;
  private final Redactor redactor;

  /** The headers are kept as given: the transport hands over an unmodifiable map of unmodifiable lists. */
  ApiResponse(String provider, String method, String path, int statusCode, Map<String, List<String>> headers,
      byte[] body, int attempts, Redactor redactor) {
    this.provider = provider;
    this.method = method;
    this.path = path;
    this.statusCode = statusCode;
    this.headers = Objects.requireNonNull(headers, "headers");
    this.body = Objects.requireNonNull(body, "body");
    this.attempts = attempts;
    this.redactor = redactor;
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
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
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
   * @return the JSON tree; an empty object for an empty body (an answer such as HTTP 204)
   * @throws InvalidResponseException if the body is not JSON
   */
  public JsonNode json() {
    return parse(false);
  }

  private JsonNode parse(boolean frozen) {
    if (body.length == 0) {
      return Json.object();
    }
    try {
      JsonNode tree = frozen ? FrozenTrees.parse(body) : Json.parse(body);
      if (tree == null || tree.isMissingNode()) {
        throw new IOException("no JSON value in the body");
      }
      return tree;
    } catch (IOException e) {
      throw notJson(e);
    }
  }

  private InvalidResponseException notJson(IOException e) {
    return invalid("the answer is not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
  }

  /**
   * Reads the JSON body into a value. An empty body, a field of the wrong type, a missing required field or a value
   * out of range, whatever the reader throws, becomes an {@link InvalidResponseException} that names the request;
   * the SDK's own exceptions pass through. The tree the reader gets cannot be changed (a change throws
   * {@link UnsupportedOperationException}; change a {@code deepCopy()}), so {@link Json#raw(JsonNode)} shares its
   * parts instead of copying them.
   *
   * @param reader turns the JSON answer into the value
   * @param <T> the value's type
   * @return the value
   * @throws InvalidResponseException if the answer cannot be read
   */
  public <T> T read(Function<JsonNode, T> reader) {
    return reading(() -> reader.apply(parse(true)));
  }

  /**
   * Reads the JSON body token by token, without a tree, like {@link #read(Function)} in every other way: an empty body,
   * JSON that does not parse, and whatever the reader throws become an {@link InvalidResponseException} that names
   * the request; the SDK's own exceptions pass through. The reader need not read to the end.
   *
   * @param reader reads the answer from its stream
   * @param <T> the value's type
   * @return the value
   * @throws InvalidResponseException if the answer cannot be read
   */
  public <T> T readStreaming(JsonStream.Reader<T> reader) {
    return reading(() -> JsonStream.read(body, reader));
  }

  /** One read of a body that must hold a JSON value. */
  private interface Reading<T> {
    T run() throws IOException;
  }

  /** Runs a read, turning an empty body and every failure but the SDK's own into an invalid response. */
  private <T> T reading(Reading<T> read) {
    if (body.length == 0) {
      throw invalid("the answer is empty where a JSON value was expected", null);
    }
    try {
      return read.run();
    } catch (FineTuningException e) {
      throw e;
    } catch (IOException e) {
      throw notJson(e);
    } catch (RuntimeException e) {
      throw invalid("the answer could not be read: " + e.getMessage(), e);
    }
  }

  /**
   * Returns the error for an answer that arrived whole but cannot be used (a header it must have is missing, say),
   * naming the request and showing the body as errors do, redacted.
   *
   * @param message what is wrong with the answer
   * @return the exception, to throw
   */
  public InvalidResponseException invalidAnswer(String message) {
    return invalid(message, null);
  }

  private InvalidResponseException invalid(String message, Throwable cause) {
    String text = text();
    String shown = redactor.redact(text.length() > MAX_BODY_IN_ERROR ? text.substring(0, MAX_BODY_IN_ERROR) : text);
    return new InvalidResponseException(new ApiErrorDetails(provider, method, path, statusCode,
        redactor.redact(message), Optional.empty(), Optional.empty(), Optional.empty(),
        requestId().map(redactor::redact),
        Optional.empty(), shown), cause);
  }
}
