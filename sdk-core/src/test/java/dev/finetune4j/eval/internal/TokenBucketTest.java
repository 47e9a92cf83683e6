package dev.finetune4j.eval.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.finetune4j.eval.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private final ManualClock clock = new ManualClock();
  private final List<Duration> sleeps = new ArrayList<>();

  private TokenBucket bucket(double perMinute) {
    return new TokenBucket(perMinute, clock, d -> {
      sleeps.add(d);
      clock.advance(d);
    });
  }

  @Test
  void aFullBucketLetsAMinutesWorthThroughWithoutWaiting() throws InterruptedException {
    TokenBucket bucket = bucket(3);

    bucket.acquire(1);
    bucket.acquire(1);
    bucket.acquire(1);

    assertThat(sleeps).isEmpty();
  }

  @Test
  void anEmptyBucketWaitsForTheRefillOfOnePermit() throws InterruptedException {
    TokenBucket bucket = bucket(60);
    bucket.acquire(60);

    bucket.acquire(1);

    assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
    assertThat(clock.millis()).isEqualTo(1_000);
  }

  @Test
  void aRequestLargerThanTheBucketWaitsForAFullBucketAndLeavesItInDebt() throws InterruptedException {
    TokenBucket bucket = bucket(600);
    bucket.acquire(300);

    bucket.acquire(900);

    assertThat(clock.millis()).isEqualTo(30_000);
    assertThat(bucket.available()).isEqualTo(-300);
  }

  @Test
  void anAdjustmentAfterTheRequestChargesTheActualTokens() throws InterruptedException {
    TokenBucket bucket = bucket(1_000);
    bucket.acquire(10);

    bucket.adjust(490);

    assertThat(bucket.available()).isEqualTo(500);
  }

  @Test
  void givingBackNeverOverfillsTheBucket() {
    TokenBucket bucket = bucket(100);

    bucket.adjust(-50);

    assertThat(bucket.available()).isEqualTo(100);
  }
}
