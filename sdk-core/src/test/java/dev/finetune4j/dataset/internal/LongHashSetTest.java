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
}
