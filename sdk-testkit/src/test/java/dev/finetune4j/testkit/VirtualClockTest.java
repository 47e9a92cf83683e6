package dev.finetune4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class VirtualClockTest {

  @Test
  void manualClockStandsStillUntilAdvanced() {
    VirtualClock clock = VirtualClock.manual();
    assertThat(clock.now()).isEqualTo(VirtualClock.DEFAULT_START);
    assertThat(clock.now()).isEqualTo(VirtualClock.DEFAULT_START);
    assertThat(clock.isManual()).isTrue();

    clock.advance(Duration.ofMinutes(5));

    assertThat(clock.now()).isEqualTo(VirtualClock.DEFAULT_START.plusSeconds(300));
    assertThat(clock.epochSecond()).isEqualTo(VirtualClock.DEFAULT_START.getEpochSecond() + 300);
  }

  @Test
  void sleepAdvancesTheClockAndWorksAsASleeperMethodReference() {
    VirtualClock clock = VirtualClock.manual(Instant.parse("2026-03-01T00:00:00Z"));
    Consumer<Duration> sleeper = clock::sleep;

    sleeper.accept(Duration.ofSeconds(30));
    sleeper.accept(Duration.ofMillis(500));

    assertThat(clock.now()).isEqualTo(Instant.parse("2026-03-01T00:00:30.500Z"));
  }

  @Test
  void negativeAdvanceIsRejected() {
    VirtualClock clock = VirtualClock.manual();
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be negative");
  }

  @Test
  void runningClockFollowsRealTimeWhileItsWorkRunsSpeedTimesFaster() {
    AtomicLong nanos = new AtomicLong(1_000);
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    VirtualClock clock = VirtualClock.accelerated(start, 60, nanos::get);
    assertThat(clock.isManual()).isFalse();
    assertThat(clock.now()).isEqualTo(start);

    nanos.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(clock.now()).isEqualTo(start.plusSeconds(2));
    assertThat(clock.work(start, clock.now())).isEqualTo(Duration.ofMinutes(2));
    assertThat(clock.after(start, Duration.ofMinutes(4))).isEqualTo(start.plusSeconds(4));

    clock.advance(Duration.ofHours(1));
    assertThat(clock.now()).isEqualTo(start.plusSeconds(3602));
  }

  @Test
  void onAManualClockWorkTakesExactlyItsDuration() {
    VirtualClock clock = VirtualClock.manual();
    Instant start = clock.now();
    assertThat(clock.speed()).isEqualTo(1.0);
    assertThat(clock.after(start, Duration.ofMinutes(4))).isEqualTo(start.plusSeconds(240));
    clock.advance(Duration.ofMinutes(3));
    assertThat(clock.work(start, clock.now())).isEqualTo(Duration.ofMinutes(3));
  }

  @Test
  void acceleratedClockNeedsAPositiveFactor() {
    assertThatThrownBy(() -> VirtualClock.accelerated(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> VirtualClock.accelerated(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void realAcceleratedClockMovesForward() {
    VirtualClock clock = VirtualClock.accelerated(1000);
    Instant first = clock.now();
    assertThat(clock.now()).isAfterOrEqualTo(first);
  }

  @Test
  void asAJavaClockItReadsTheVirtualTimeAsItAdvances() {
    VirtualClock clock = VirtualClock.manual();
    java.time.Clock javaClock = clock.asClock();

    clock.sleep(java.time.Duration.ofMinutes(3));

    assertThat(javaClock.instant()).isEqualTo(VirtualClock.DEFAULT_START.plusSeconds(180));
    assertThat(javaClock.getZone()).isEqualTo(java.time.ZoneOffset.UTC);
  }
}
