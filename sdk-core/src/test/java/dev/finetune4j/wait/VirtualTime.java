package dev.finetune4j.wait;

import dev.finetune4j.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Virtual time for waiter tests in sdk-core (which cannot use the testkit): sleeping advances the clock. */
public final class VirtualTime {
  /** The instant the clock starts at. */
  public static final Instant START = Instant.parse("2026-11-24T12:00:00Z");

  private final List<Duration> sleeps = new ArrayList<>();
  private Instant now = START;
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  };
  private final Sleeper sleeper = d -> {
    sleeps.add(d);
    now = now.plus(d);
  };

  /** @return the clock */
  public Clock clock() {
    return clock;
  }

  /** @return a sleeper that records each sleep and advances the clock by it */
  public Sleeper sleeper() {
    return sleeper;
  }

  /** @return the sleeps so far, in order */
  public List<Duration> sleeps() {
    return sleeps;
  }

  /** @return the current virtual instant */
  public Instant now() {
    return now;
  }
}
