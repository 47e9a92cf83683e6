package dev.finetune4j.testkit.openai;

import dev.finetune4j.testkit.Fault;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Ready-made {@link Fault}s with the bodies and headers the OpenAI API sends. Each applies to any request once;
 * narrow it with {@link Fault#forRequests(String, String)} and {@link Fault#times(int)}.
 */
public final class OpenAiFaults {

  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

  private OpenAiFaults() {
  }

  /**
   * A 429 rate limit with {@code Retry-After} in whole seconds.
   *
   * @param retryAfter the wait the server asks for
   * @return the fault
   */
  public static Fault rateLimited(Duration retryAfter) {
    return rateLimitBody().withHeader("Retry-After", Long.toString(retryAfter.toSeconds()));
  }

  /**
   * A 429 rate limit with {@code Retry-After} as an HTTP date ({@code Mon, 05 Jan 2026 09:01:00 GMT}).
   *
   * @param retryAt the time the server asks the client to wait until
   * @return the fault
   */
  public static Fault rateLimitedUntil(Instant retryAt) {
    return rateLimitBody().withHeader("Retry-After", HTTP_DATE.format(retryAt.atOffset(ZoneOffset.UTC)));
  }

  /**
   * A 429 rate limit with OpenAI's non-standard {@code retry-after-ms} header (and no {@code Retry-After}).
   *
   * @param retryAfter the wait the server asks for
   * @return the fault
   */
  public static Fault rateLimitedMillis(Duration retryAfter) {
    return rateLimitBody().withHeader("retry-after-ms", Long.toString(retryAfter.toMillis()));
  }

  /**
   * A 429 for an exhausted quota: type and code {@code insufficient_quota}, no {@code Retry-After}. Must not be
   * retried.
   *
   * @return the fault
   */
  public static Fault quotaExhausted() {
    return Fault.status(429, error("You exceeded your current quota, please check your plan and billing details.",
        "insufficient_quota", "insufficient_quota"));
  }

  /**
   * A 500 server error.
   *
   * @return the fault
   */
  public static Fault serverError() {
    return Fault.status(500, error("The server had an error while processing your request. Sorry about that!",
        "server_error", null));
  }

  /**
   * A 503 overload answer.
   *
   * @return the fault
   */
  public static Fault serviceUnavailable() {
    return Fault.status(503, error("The engine is currently overloaded, please try again later.", "server_error",
        null));
  }

  private static Fault rateLimitBody() {
    return Fault.status(429, error("Rate limit reached for requests. Please try again later.", "requests",
        "rate_limit_exceeded"));
  }

  private static String error(String message, String type, String code) {
    return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":null,\"code\":"
        + (code == null ? "null" : '"' + code + '"') + "}}";
  }
}
