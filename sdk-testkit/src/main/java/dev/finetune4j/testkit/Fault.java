package dev.finetune4j.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A failure an emulator serves instead of (or on top of) its normal answer. Immutable: the {@code for...} and
 * {@code times} methods return modified copies.
 *
 * <p>A fault applies to the next request(s) matching its method and path prefix; queue it with
 * {@link Faults#inject(Fault)}:
 *
 * <pre>{@code
 * emulator.faults().inject(Fault.status(503, "{\"error\":{\"message\":\"busy\"}}")
 *     .forRequests("POST", "/v1/fine_tuning/jobs")
 *     .times(2));
 * emulator.faults().inject(Fault.dropResponseAfterProcessing().forRequests("POST", "/v1/fine_tuning/jobs"));
 * }</pre>
 *
 * <p>Provider emulators offer ready-made faults with the provider's own error bodies (for OpenAI, see
 * {@code OpenAiFaults}).
 */
public final class Fault {

  /** What a fault does to a request. */
  public enum Kind {
    /** The request is not handled; the emulator answers with a given status, headers and body. */
    STATUS,
    /** The request is not handled; the connection is closed before any response byte is sent. */
    DROP_CONNECTION,
    /** The request is handled (state changes) but the connection is closed before the response is sent. */
    DROP_RESPONSE_AFTER_PROCESSING,
    /** The request is handled normally but its response is held back in real time before it is sent. */
    DELAY,
    /** The request is handled normally but its response body is sent one byte at a time, slowly, in real time. */
    TRICKLE,
    /** The request is handled normally but the connection is closed half-way through the response body. */
    TRUNCATE
  }

  /** A response header a {@link Kind#STATUS} fault sends. */
  public record Header(String name, String value) {
    /**
     * Creates a header.
     *
     * @param name the header's name
     * @param value the header's value
     */
    public Header {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }

  private final Kind kind;
  private final int status;
  private final String body;
  private final List<Header> headers;
  private final Duration delay;
  private final String method;
  private final String pathPrefix;
  private final int times;

  private Fault(Kind kind, int status, String body, List<Header> headers, Duration delay, String method,
      String pathPrefix, int times) {
    this.kind = kind;
    this.status = status;
    this.body = body;
    this.headers = List.copyOf(headers);
    this.delay = delay;
    this.method = method;
    this.pathPrefix = pathPrefix;
    this.times = times;
  }

  /**
   * A response with the given status and JSON body, served without handling the request.
   *
   * @param status an HTTP status from 100 to 599
   * @param body the response body, sent as {@code application/json}
   * @return a fault matching any request once
   */
  public static Fault status(int status, String body) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be between 100 and 599, got " + status);
    }
    return new Fault(Kind.STATUS, status, Objects.requireNonNull(body, "body"), List.of(), Duration.ZERO, null,
        "", 1);
  }

  /**
   * The connection is closed as soon as the request arrives, before it is handled: nothing changes on the server.
   *
   * @return a fault matching any request once
   */
  public static Fault dropConnection() {
    return new Fault(Kind.DROP_CONNECTION, 0, "", List.of(), Duration.ZERO, null, "", 1);
  }

  /**
   * The request is handled as usual, so whatever it creates or changes stays changed, but the client sees the
   * connection close instead of the response. Use it to prove that a retried create does not create twice.
   *
   * @return a fault matching any request once
   */
  public static Fault dropResponseAfterProcessing() {
    return new Fault(Kind.DROP_RESPONSE_AFTER_PROCESSING, 0, "", List.of(), Duration.ZERO, null, "", 1);
  }

  /**
   * The request is handled as usual but the response headers are sent only after {@code delay} of real time, to
   * exercise client timeouts. The virtual clock is not involved.
   *
   * @param delay how long to hold the response back; must be positive
   * @return a fault matching any request once
   */
  public static Fault delay(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative() || delay.isZero()) {
      throw new IllegalArgumentException("delay must be positive, got " + delay);
    }
    return new Fault(Kind.DELAY, 0, "", List.of(), delay, null, "", 1);
  }

  /**
   * The request is handled as usual but its response body trickles: one byte, then {@code perByte} of real time
   * before the next. A byte comes sooner than a read timeout notices, so only a deadline on the whole call bounds
   * the wait. The virtual clock is not involved.
   *
   * @param perByte the pause after each byte; must be positive
   * @return a fault matching any request once
   */
  public static Fault trickle(Duration perByte) {
    Objects.requireNonNull(perByte, "perByte");
    if (perByte.isNegative() || perByte.isZero()) {
      throw new IllegalArgumentException("perByte must be positive, got " + perByte);
    }
    return new Fault(Kind.TRICKLE, 0, "", List.of(), perByte, null, "", 1);
  }

  /**
   * The request is handled as usual, so whatever it creates or changes stays changed, but the connection is closed
   * half-way through the response body: the client gets the status and headers and a body cut short.
   *
   * @return a fault matching any request once
   */
  public static Fault truncate() {
    return new Fault(Kind.TRUNCATE, 0, "", List.of(), Duration.ZERO, null, "", 1);
  }

  /**
   * A listing that lags behind creation, as an eventually consistent one does: the matching read is not handled and
   * is answered {@code 200} with the listing as it was before, such as an empty list. Limit it to the listing's path
   * and queue it {@link #times(int)} for as many reads as the lag lasts.
   *
   * @param staleListing the answer, in the provider's listing shape (such as {@code []} or an empty page)
   * @return a fault matching any request once
   */
  public static Fault laggingListing(String staleListing) {
    return status(200, staleListing);
  }

  /**
   * Returns a copy that also sends a header; only meaningful for {@link Kind#STATUS} faults.
   *
   * @param name the header's name, such as {@code Retry-After}
   * @param value the header's value
   * @return a modified copy
   */
  public Fault withHeader(String name, String value) {
    if (kind != Kind.STATUS) {
      throw new IllegalStateException("only status faults send headers, this one is " + kind);
    }
    List<Header> more = new ArrayList<>(headers);
    more.add(new Header(name, value));
    return new Fault(kind, status, body, more, delay, method, pathPrefix, times);
  }

  /**
   * Returns a copy that applies only to requests with the given method and a path starting with {@code pathPrefix}.
   *
   * @param method an HTTP method such as {@code POST}, or {@code "*"} for any
   * @param pathPrefix the start of the request path as sent, including any base path (such as
   *     {@code /v1/fine_tuning/jobs}); empty for any path
   * @return a modified copy
   */
  public Fault forRequests(String method, String pathPrefix) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(pathPrefix, "pathPrefix");
    String m = "*".equals(method) ? null : method.toUpperCase(Locale.ROOT);
    return new Fault(kind, status, body, headers, delay, m, pathPrefix, times);
  }

  /**
   * Returns a copy that applies to the next {@code times} matching requests instead of one.
   *
   * @param times how many matching requests the fault applies to; at least 1
   * @return a modified copy
   */
  public Fault times(int times) {
    if (times < 1) {
      throw new IllegalArgumentException("times must be at least 1, got " + times);
    }
    return new Fault(kind, status, body, headers, delay, method, pathPrefix, times);
  }

  /**
   * Returns what this fault does.
   *
   * @return the fault's kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Returns the status a {@link Kind#STATUS} fault answers with.
   *
   * @return the HTTP status, or 0 for other kinds
   */
  public int status() {
    return status;
  }

  /**
   * Returns the body a {@link Kind#STATUS} fault answers with.
   *
   * @return the body text, empty for other kinds
   */
  public String body() {
    return body;
  }

  /**
   * Returns the headers a {@link Kind#STATUS} fault sends.
   *
   * @return the headers in order
   */
  public List<Header> headers() {
    return headers;
  }

  /**
   * Returns how long a {@link Kind#DELAY} fault holds the response back, or a {@link Kind#TRICKLE} fault pauses
   * after each byte.
   *
   * @return the delay, zero for other kinds
   */
  public Duration delay() {
    return delay;
  }

  /**
   * Returns the method this fault is limited to.
   *
   * @return the upper-case method, or empty for any method
   */
  public Optional<String> method() {
    return Optional.ofNullable(method);
  }

  /**
   * Returns the path prefix this fault is limited to.
   *
   * @return the prefix, empty for any path
   */
  public String pathPrefix() {
    return pathPrefix;
  }

  /**
   * Returns how many matching requests this fault applies to.
   *
   * @return at least 1
   */
  public int times() {
    return times;
  }

  /**
   * Tells whether the fault applies to a request.
   *
   * @param request a received request
   * @return whether method and path match
   */
  public boolean appliesTo(ReceivedRequest request) {
    return request.matches(method, pathPrefix);
  }

  @Override
  public String toString() {
    String what = switch (kind) {
      case STATUS -> "status " + status;
      case DELAY -> "delay " + delay;
      case TRICKLE -> "trickle a byte per " + delay;
      default -> kind.name().toLowerCase(Locale.ROOT);
    };
    return "Fault{" + what + " for " + (method == null ? "*" : method) + ' '
        + (pathPrefix.isEmpty() ? "*" : pathPrefix + "*") + " x" + times + '}';
  }

}
