package dev.finetune4j.dataset.internal;

import java.util.Arrays;

/**
 * A map from {@code long} keys to {@code int} values with open addressing and linear probing, storing primitives only
 * (12 bytes per slot, at most 70% full): used to remember 64-bit hashes of examples and the line each came from.
 * Not thread-safe.
 */
public final class LongIntHashMap {
  /** Returned by {@link #putIfAbsent} when the key was absent. */
  public static final int ABSENT = Integer.MIN_VALUE;

  private static final long EMPTY = 0L;
  private static final double LOAD_FACTOR = 0.7;

  private long[] keys;
  private int[] values;
  private int size;
  private int resizeAt;
  private boolean hasZeroKey;
  private int zeroValue;

  /** Creates an empty map. */
  public LongIntHashMap() {
    this(1024);
  }

  /**
   * Creates an empty map sized for some entries.
   *
   * @param expected the number of entries expected
   */
  public LongIntHashMap(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, (int) Math.min(1 << 30, expected / LOAD_FACTOR + 1)) - 1) << 1;
    allocate(capacity);
  }

  private void allocate(int capacity) {
    keys = new long[capacity];
    values = new int[capacity];
    resizeAt = (int) (capacity * LOAD_FACTOR);
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
    int mask = keys.length - 1;
    int slot = mix(key) & mask;
    while (keys[slot] != EMPTY) {
      if (keys[slot] == key) {
        return values[slot];
      }
      slot = (slot + 1) & mask;
    }
    keys[slot] = key;
    values[slot] = value;
    size++;
    if (size - (hasZeroKey ? 1 : 0) > resizeAt) {
      grow();
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
    int mask = keys.length - 1;
    int slot = mix(key) & mask;
    while (keys[slot] != EMPTY) {
      if (keys[slot] == key) {
        return values[slot];
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
   * Returns the number of slots, for tests.
   *
   * @return the capacity
   */
  int capacity() {
    return keys.length;
  }

  private void grow() {
    if (keys.length >= 1 << 30) {
      throw new IllegalStateException("too many entries: " + size);
    }
    long[] oldKeys = keys;
    int[] oldValues = values;
    allocate(oldKeys.length << 1);
    int mask = keys.length - 1;
    for (int i = 0; i < oldKeys.length; i++) {
      long key = oldKeys[i];
      if (key != EMPTY) {
        int slot = mix(key) & mask;
        while (keys[slot] != EMPTY) {
          slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        values[slot] = oldValues[i];
      }
    }
    Arrays.fill(oldKeys, 0L);
  }

  private static int mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
