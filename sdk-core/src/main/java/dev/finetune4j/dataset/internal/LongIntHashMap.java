package dev.finetune4j.dataset.internal;

/**
 * A map from {@code long} keys to {@code int} values storing primitives only: used to remember 64-bit hashes of
 * examples and the line each came from.
 *
 * <p>Keys are spread over 64 segments, each an open-addressing table with linear probing kept at most 75% full
 * (12 bytes per slot). Segments grow one at a time, so growing never needs more than 1/64 of the map's memory
 * twice over. Not thread-safe.
 */
public final class LongIntHashMap {
  /** Returned by {@link #putIfAbsent} and {@link #get} when the key is absent. */
  public static final int ABSENT = Integer.MIN_VALUE;

  private static final int SEGMENT_BITS = 6;
  private static final int SEGMENTS = 1 << SEGMENT_BITS;
  private static final long EMPTY = 0L;
  private static final double LOAD_FACTOR = 0.75;

  private final long[][] keys = new long[SEGMENTS][];
  private final int[][] values = new int[SEGMENTS][];
  private final int[] sizes = new int[SEGMENTS];
  private int size;
  private boolean hasZeroKey;
  private int zeroValue;

  /** Creates an empty map. */
  public LongIntHashMap() {
    for (int s = 0; s < SEGMENTS; s++) {
      keys[s] = new long[16];
      values[s] = new int[16];
    }
  }

  /**
   * Adds a key unless present.
   *
   * @param key the key
   * @param value the value to store if the key is absent; must not be {@link #ABSENT}
   * @return the value already stored for the key, or {@link #ABSENT} if it was added now
   */
  public int putIfAbsent(long key, int value) {
    if (value == ABSENT) {
      throw new IllegalArgumentException("value must not be ABSENT");
    }
    if (key == EMPTY) {
      if (hasZeroKey) {
        return zeroValue;
      }
      hasZeroKey = true;
      zeroValue = value;
      size++;
      return ABSENT;
    }
    long mixed = mix(key);
    int segment = (int) (mixed >>> (64 - SEGMENT_BITS));
    long[] segmentKeys = keys[segment];
    int mask = segmentKeys.length - 1;
    int slot = (int) mixed & mask;
    while (segmentKeys[slot] != EMPTY) {
      if (segmentKeys[slot] == key) {
        return values[segment][slot];
      }
      slot = (slot + 1) & mask;
    }
    segmentKeys[slot] = key;
    values[segment][slot] = value;
    size++;
    if (++sizes[segment] > segmentKeys.length * LOAD_FACTOR) {
      grow(segment);
    }
    return ABSENT;
  }

  /**
   * Returns the value for a key.
   *
   * @param key the key
   * @return the value, or {@link #ABSENT}
   */
  public int get(long key) {
    if (key == EMPTY) {
      return hasZeroKey ? zeroValue : ABSENT;
    }
    long mixed = mix(key);
    int segment = (int) (mixed >>> (64 - SEGMENT_BITS));
    long[] segmentKeys = keys[segment];
    int mask = segmentKeys.length - 1;
    int slot = (int) mixed & mask;
    while (segmentKeys[slot] != EMPTY) {
      if (segmentKeys[slot] == key) {
        return values[segment][slot];
      }
      slot = (slot + 1) & mask;
    }
    return ABSENT;
  }

  /**
   * Returns the number of keys.
   *
   * @return the size
   */
  public int size() {
    return size;
  }

  /**
   * Returns the number of slots in all segments, for tests.
   *
   * @return the capacity
   */
  long capacity() {
    long capacity = 0;
    for (long[] segmentKeys : keys) {
      capacity += segmentKeys.length;
    }
    return capacity;
  }

  private void grow(int segment) {
    long[] oldKeys = keys[segment];
    int[] oldValues = values[segment];
    if (oldKeys.length >= 1 << 30) {
      throw new IllegalStateException("too many entries: " + size);
    }
    long[] newKeys = new long[oldKeys.length << 1];
    int[] newValues = new int[newKeys.length];
    int mask = newKeys.length - 1;
    for (int i = 0; i < oldKeys.length; i++) {
      long key = oldKeys[i];
      if (key != EMPTY) {
        int slot = (int) mix(key) & mask;
        while (newKeys[slot] != EMPTY) {
          slot = (slot + 1) & mask;
        }
        newKeys[slot] = key;
        newValues[slot] = oldValues[i];
      }
    }
    keys[segment] = newKeys;
    values[segment] = newValues;
  }

  private static long mix(long key) {
    return Hashing.fmix(key ^ 0x9E3779B97F4A7C15L);
  }
}
