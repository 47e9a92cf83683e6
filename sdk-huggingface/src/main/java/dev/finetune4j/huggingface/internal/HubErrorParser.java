package dev.finetune4j.huggingface.internal;

import dev.finetune4j.error.ApiErrorDetails;
import dev.finetune4j.spi.http.ErrorParser;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Hub, Jobs and Inference Endpoints errors: the standard parser (Hub {@code {"error": ...}} bodies,
 * {@code X-Error-Code}/{@code X-Error-Message} headers), plus the Hub's IETF draft {@code RateLimit} header: a 429
 * whose header says {@code r=0} asks to wait {@code t + 1} seconds, which becomes the retry delay (in place of a
 * {@code Retry-After}, as {@code huggingface_hub} does).
 */
public final class HubErrorParser implements ErrorParser {
  private static final Pattern REMAINING = Pattern.compile("(?:^|;)\\s*r\\s*=\\s*(\\d+)");
  private static final long MAX_RESET_SECONDS = 86_400;
  private static final Pattern RESET = Pattern.compile("(?:^|;)\\s*t\\s*=\\s*(\\d+)");

  private final ErrorParser standard = ErrorParser.standard();

  @Override
  public ApiErrorDetails parse(ErrorResponse response) {
    ApiErrorDetails details = standard.parse(response);
    if (response.statusCode() == 429) {
      // as huggingface_hub does: an exhausted window (r=0) waits for its reset, before any Retry-After
      Optional<Duration> wait = rateLimitWait(response.header().apply("RateLimit"));
      if (wait.isPresent()) {
        return new ApiErrorDetails(details.provider(), details.method(), details.path(), details.statusCode(),
            details.message(), details.code(), details.type(), details.param(), details.requestId(), wait,
            details.body());
      }
    }
    return details;
  }

  /**
   * Reads the wait a {@code RateLimit: "api";r=0;t=55} header implies.
   *
   * @param header the header value, or null
   * @return {@code t + 1} seconds when {@code r} is 0; empty otherwise
   */
  public static Optional<Duration> rateLimitWait(String header) {
    if (header == null) {
      return Optional.empty();
    }
    Matcher r = REMAINING.matcher(header);
    Matcher t = RESET.matcher(header);
    if (r.find() && t.find() && r.group(1).matches("0+")) {
      // a reset beyond a day is absurd; such a wait is capped here (and then beyond the retry cap, so not waited)
      String reset = t.group(1);
      long seconds = reset.length() > 6 ? MAX_RESET_SECONDS : Math.min(MAX_RESET_SECONDS, Long.parseLong(reset));
      return Optional.of(Duration.ofSeconds(seconds + 1));
    }
    return Optional.empty();
  }

  /**
   * Tells whether a 401 means the credentials are bad, rather than "no such repository or no access to it".
   *
   * @param message the error message
   * @return true for bad or missing credentials
   */
  public static boolean isBadCredentials(String message) {
    String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
    return m.contains("invalid credentials") || m.contains("invalid username or password")
        || m.contains("invalid token") || m.contains("expired");
  }
}
