package dev.finetune4j.examples;

import dev.finetune4j.Sleeper;
import dev.finetune4j.testkit.VirtualClock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * An emulator's {@link VirtualClock} seen as a {@link Clock} and a {@link Sleeper}, for
 * {@link dev.finetune4j.job.WaitOptions}: waiting advances the emulator's time instead of the thread's.
 */
final class VirtualTime extends Clock {
  private final VirtualClock clock;

  VirtualTime(VirtualClock clock) {
    this.clock = clock;
  }

  Sleeper sleeper() {
    return clock::sleep;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return clock.now();
  }
}
