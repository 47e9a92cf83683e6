package dev.finetune4j.spi.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.finetune4j.RetryPolicy;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryDecisionTest {
  private static final RetryPolicy POLICY = RetryPolicy.defaults();

  private static RetryDecision status(int attempt, int status) {
    return RetryDecision.errorStatus(attempt, status, Optional.empty(), false, true, Optional.empty(), POLICY, 0.0);
  }

  @Test
  void serverErrorsAndTheRetryableClientErrorsAreRetriedWithBackoff() {
    for (int status : new int[] {408, 409, 429, 500, 502, 503, 504}) {
      RetryDecision decision = status(1, status);
      assertThat(decision.retry()).as("HTTP %d", status).isTrue();
      assertThat(decision.delay()).isEqualTo(POLICY.backoff(0, 0.0));
    }
  }

  @Test
  void otherClientErrorsAreNotRetried() {
    for (int status : new int[] {400, 401, 403, 404, 422}) {
      assertThat(status(1, status).retryable()).as("HTTP %d", status).isFalse();
    }
  }

  @Test
  void theLastAllowedAttemptIsRetryableButNotRetried() {
    RetryDecision decision = status(POLICY.maxRetries() + 1, 503);

    assertThat(decision.retryable()).isTrue();
    assertThat(decision.retry()).isFalse();
    assertThat(decision.delay()).isZero();
  }

  @Test
  void xShouldRetryOverridesTheStatusBothWays() {
    assertThat(RetryDecision.errorStatus(1, 400, Optional.of("true"), false, true, Optional.empty(), POLICY, 0)
        .retry()).isTrue();
    assertThat(RetryDecision.errorStatus(1, 503, Optional.of("false"), false, true, Optional.empty(), POLICY, 0)
        .retry()).isFalse();
  }

  @Test
  void exhaustedQuotaAndBodiesThatCannotBeSentTwiceAreNeverRetried() {
    assertThat(RetryDecision.errorStatus(1, 429, Optional.of("true"), true, true, Optional.empty(), POLICY, 0)
        .retry()).isFalse();
    assertThat(RetryDecision.errorStatus(1, 503, Optional.empty(), false, false, Optional.empty(), POLICY, 0)
        .retry()).isFalse();
    assertThat(RetryDecision.noAnswer(1, false, POLICY, 0).retry()).isFalse();
  }

  @Test
  void theServersWaitIsHonouredUpToTheCap() {
    RetryDecision within = RetryDecision.errorStatus(1, 429, Optional.empty(), false, true,
        Optional.of(Duration.ofSeconds(7)), POLICY, 0.9);
    RetryDecision over = RetryDecision.errorStatus(1, 429, Optional.empty(), false, true,
        Optional.of(Duration.ofHours(3)), POLICY, 0.9);

    assertThat(within.delay()).isEqualTo(Duration.ofSeconds(7));
    assertThat(over.retry()).isFalse();
    assertThat(over.overCap()).contains(Duration.ofHours(3));
  }

  @Test
  void aConnectionFailureIsRetriedWithTheJitteredBackoff() {
    RetryDecision decision = RetryDecision.noAnswer(2, true, POLICY, 0.5);

    assertThat(decision.retry()).isTrue();
    assertThat(decision.delay()).isEqualTo(POLICY.backoff(1, 0.5));
  }
}
