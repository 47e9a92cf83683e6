package dev.finetune4j.dataset.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LongIntHashMapTest {

  @Test
  void theFirstValueStoredForAKeyIsKept() {
    LongIntHashMap map = new LongIntHashMap();

    assertThat(map.putIfAbsent(42L, 1)).isEqualTo(LongIntHashMap.ABSENT);
    assertThat(map.putIfAbsent(42L, 2)).isEqualTo(1);
    assertThat(map.get(42L)).isEqualTo(1);
    assertThat(map.size()).isEqualTo(1);
  }

  @Test
  void zeroIsAKeyLikeAnyOther() {
    LongIntHashMap map = new LongIntHashMap();

    assertThat(map.get(0L)).isEqualTo(LongIntHashMap.ABSENT);
    assertThat(map.putIfAbsent(0L, 7)).isEqualTo(LongIntHashMap.ABSENT);
    assertThat(map.putIfAbsent(0L, 8)).isEqualTo(7);
    assertThat(map.size()).isEqualTo(1);
  }

  @Test
  void itGrowsAndAgreesWithAHashMap() {
    LongIntHashMap map = new LongIntHashMap(16);
    Map<Long, Integer> expected = new HashMap<>();
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 200_000; i++) {
      long key = random.nextLong(300_000) - 150_000;
      Integer previous = expected.putIfAbsent(key, i);
      assertThat(map.putIfAbsent(key, i)).isEqualTo(previous == null ? LongIntHashMap.ABSENT : previous);
    }

    assertThat(map.size()).isEqualTo(expected.size());
    expected.forEach((key, value) -> assertThat(map.get(key)).isEqualTo(value));
    assertThat(map.capacity()).isLessThanOrEqualTo(4 * Integer.highestOneBit(expected.size()));
  }

  @Test
  void negativeValuesAreStored() {
    LongIntHashMap map = new LongIntHashMap();
    map.putIfAbsent(-5L, -12);

    assertThat(map.get(-5L)).isEqualTo(-12);
  }
}
