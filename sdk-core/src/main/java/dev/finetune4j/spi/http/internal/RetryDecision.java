package dev.finetune4j.spi.http.internal;

import dev.finetune4j.RetryPolicy;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Whether one failed attempt is tried again, and after how long: a pure function of what the attempt got and the
 * retry policy, so every rule is testable without a server. Not API.
 *
 * @param retryable whether the failure is of a kind that may be retried
 * @param retry whether it will be retried: retryable and retries are left
 * @param delay how long to wait before the next attempt; zero when not retried
 * @param overCap the server's {@code Retry-After} advice when it was above the cap, which stops the retries
 */
public record RetryDecision(boolean retryable, boolean retry, Duration delay, Optional<Duration> overCap) {
  private static final Set<Integer> RETRYABLE_STATUSES = Set.of(408, 409, 429);

  /**
   * Decides for an attempt that got no answer (connection refused or reset, timeout).
   *
   * @param attempt the attempt that failed, 1 for the first
   * @param replayable whether the request body can be sent again
   * @param policy the retry policy
   * @param random a number in [0, 1) for the jitter
   * @return the decision
   */
  public static RetryDecision noAnswer(int attempt, boolean replayable, RetryPolicy policy, double random) {
    return of(replayable, attempt, policy, policy.backoff(attempt - 1, random), Optional.empty());
  }

  /**
   * Decides for an attempt answered with an error status.
   *
   * @param attempt the attempt that failed, 1 for the first
   * @param status the HTTP status
   * @param shouldRetry the {@code x-should-retry} header, if sent: {@code true} or {@code false} overrides the status
   * @param quotaExhausted whether the error says the quota is exhausted (never retried)
   * @param replayable whether the request body can be sent again
   * @param retryAfter the wait the server asked for, if any
   * @param policy the retry policy; without a cap of its own, waits up to 60 s are honoured
   * @param random a number in [0, 1) for the jitter
   * @return the decision
   */
  public static RetryDecision errorStatus(int attempt, int status, Optional<String> shouldRetry,
      boolean quotaExhausted, boolean replayable, Optional<Duration> retryAfter, RetryPolicy policy, double random) {
    boolean retryable = status >= 500 || RETRYABLE_STATUSES.contains(status);
    if (shouldRetry.isPresent() && "true".equalsIgnoreCase(shouldRetry.get())) {
      retryable = true;
    } else if (shouldRetry.isPresent() && "false".equalsIgnoreCase(shouldRetry.get())) {
      retryable = false;
    }
    if (quotaExhausted || !replayable) {
      retryable = false;
    }
    Duration cap = policy.retryAfterCap().orElse(Duration.ofSeconds(RetryPolicy.DEFAULT_RETRY_AFTER_CAP_SECONDS));
    if (retryable && retryAfter.isPresent() && retryAfter.get().compareTo(cap) > 0) {
      return new RetryDecision(false, false, Duration.ZERO, retryAfter);
    }
    return of(retryable, attempt, policy, retryAfter.orElseGet(() -> policy.backoff(attempt - 1, random)),
        Optional.empty());
  }

  private static RetryDecision of(boolean retryable, int attempt, RetryPolicy policy, Duration delay,
      Optional<Duration> overCap) {
    boolean retry = retryable && attempt <= policy.maxRetries();
    return new RetryDecision(retryable, retry, retry ? delay : Duration.ZERO, overCap);
  }
}
