package dev.finetune4j.dataset.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LongHashSetTest {

  @Test
  void aValueIsAddedOnce() {
    LongHashSet set = new LongHashSet();

    assertThat(set.add(42L)).isTrue();
    assertThat(set.add(42L)).isFalse();
    assertThat(set.contains(42L)).isTrue();
    assertThat(set.size()).isEqualTo(1);
  }

  @Test
  void zeroIsAValueLikeAnyOther() {
    LongHashSet set = new LongHashSet();

    assertThat(set.contains(0L)).isFalse();
    assertThat(set.add(0L)).isTrue();
    assertThat(set.add(0L)).isFalse();
    assertThat(set.contains(0L)).isTrue();
    assertThat(set.size()).isEqualTo(1);
  }

  @Test
  void itGrowsAndAgreesWithAHashSet() {
    LongHashSet set = new LongHashSet();
    Set<Long> expected = new HashSet<>();
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 200_000; i++) {
      long value = random.nextLong(300_000) - 150_000;
      assertThat(set.add(value)).isEqualTo(expected.add(value));
    }

    assertThat(set.size()).isEqualTo(expected.size());
    expected.forEach(value -> assertThat(set.contains(value)).isTrue());
    assertThat(set.contains(150_001L)).isFalse();
    assertThat(set.capacity()).isLessThanOrEqualTo(4L * expected.size());
  }

  @Test
  void aMillionHashesTakeTenToTwelveAndAHalfBytesEach() {
    LongHashSet set = new LongHashSet();
    SplittableRandom random = new SplittableRandom(2);
    for (int i = 0; i < 1_000_000; i++) {
      set.add(random.nextLong());
      if (i > 100_000 && i % 50_000 == 0) {
        double bytesPerValue = 8.0 * set.capacity() / set.size();
        assertThat(bytesPerValue).as("bytes per value at %d", i).isBetween(9.5, 12.5);
      }
    }
    assertThat(set.size()).isEqualTo(1_000_000);
  }
}
