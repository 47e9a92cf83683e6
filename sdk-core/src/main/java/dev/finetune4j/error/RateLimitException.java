package dev.finetune4j.error;

import java.time.Duration;
import java.util.Optional;

/**
 * The provider is throttling requests (HTTP 429, not quota exhaustion). Thrown when the retries are used up, or at
 * once when the provider asks for a wait longer than the configured cap; {@link #retryAfter()} then carries its
 * advice.
 */
public class RateLimitException extends ApiException {
  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;

  /**
   * Creates the exception from what the provider answered.
   *
   * @param details what the provider answered
   */
  public RateLimitException(ApiErrorDetails details) {
    super(details);
    this.retryAfter = details.retryAfter().orElse(null);
  }

  /**
   * Returns how long the provider asked to wait before the next request.
   *
   * @return the provider's advice, if it gave one
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
