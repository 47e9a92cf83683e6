package dev.finetune4j.spi.http.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

/** Reads how long a server asks the client to wait: {@code retry-after-ms}, then {@code Retry-After}. */
public final class RetryAfter {
  private RetryAfter() {}

  /**
   * Reads the wait from response headers.
   *
   * @param header reads a header by name; null when absent
   * @param clock the clock an HTTP date is compared with
   * @return the wait (zero for a date in the past), or empty when the headers give none or it cannot be read
   */
  public static Optional<Duration> parse(Function<String, String> header, Clock clock) {
    String ms = header.apply("retry-after-ms");
    if (ms != null) {
      try {
        double millis = Double.parseDouble(ms.trim());
        if (millis >= 0 && Double.isFinite(millis)) {
          return Optional.of(Duration.ofNanos((long) (millis * 1_000_000)));
        }
      } catch (NumberFormatException ignored) {
        // fall through to Retry-After
      }
    }
    String value = header.apply("retry-after");
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String trimmed = value.trim();
    try {
      double seconds = Double.parseDouble(trimmed);
      return seconds >= 0 && Double.isFinite(seconds)
          ? Optional.of(Duration.ofNanos((long) (seconds * 1_000_000_000L)))
          : Optional.empty();
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime date = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration until = Duration.between(clock.instant(), date.toInstant());
        return Optional.of(until.isNegative() ? Duration.ZERO : until);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }
}
