package dev.finetune4j.dataset.internal;

/**
 * A set of {@code long} values storing primitives only (8 bytes per slot): used to remember the 64-bit hashes of the
 * examples seen, for duplicate and overlap detection.
 *
 * <p>Values are spread over 64 segments, each an open-addressing table with linear probing kept at most 75% full.
 * Segments grow one at a time, so growing never needs more than 1/64 of the set's memory twice over. Not
 * thread-safe.
 */
public final class LongHashSet {
  private static final int SEGMENT_BITS = 6;
  private static final int SEGMENTS = 1 << SEGMENT_BITS;
  private static final long EMPTY = 0L;
  private static final double LOAD_FACTOR = 0.75;

  private final long[][] tables = new long[SEGMENTS][];
  private final int[] sizes = new int[SEGMENTS];
  private long size;
  private boolean hasZero;

  /** Creates an empty set. */
  public LongHashSet() {
    for (int s = 0; s < SEGMENTS; s++) {
      tables[s] = new long[16];
    }
  }

  /**
   * Adds a value.
   *
   * @param value the value
   * @return true if it was added, false if it was already present
   */
  public boolean add(long value) {
    if (value == EMPTY) {
      if (hasZero) {
        return false;
      }
      hasZero = true;
      size++;
      return true;
    }
    long mixed = mix(value);
    int segment = (int) (mixed >>> (64 - SEGMENT_BITS));
    long[] table = tables[segment];
    int mask = table.length - 1;
    int slot = (int) mixed & mask;
    while (table[slot] != EMPTY) {
      if (table[slot] == value) {
        return false;
      }
      slot = (slot + 1) & mask;
    }
    table[slot] = value;
    size++;
    if (++sizes[segment] > table.length * LOAD_FACTOR) {
      grow(segment);
    }
    return true;
  }

  /**
   * Says whether a value is present.
   *
   * @param value the value
   * @return true if present
   */
  public boolean contains(long value) {
    if (value == EMPTY) {
      return hasZero;
    }
    long mixed = mix(value);
    long[] table = tables[(int) (mixed >>> (64 - SEGMENT_BITS))];
    int mask = table.length - 1;
    int slot = (int) mixed & mask;
    while (table[slot] != EMPTY) {
      if (table[slot] == value) {
        return true;
      }
      slot = (slot + 1) & mask;
    }
    return false;
  }

  /**
   * Returns the number of values.
   *
   * @return the size
   */
  public long size() {
    return size;
  }

  /**
   * Returns the number of slots in all segments, for tests.
   *
   * @return the capacity
   */
  long capacity() {
    long capacity = 0;
    for (long[] table : tables) {
      capacity += table.length;
    }
    return capacity;
  }

  private void grow(int segment) {
    long[] old = tables[segment];
    if (old.length >= 1 << 30) {
      throw new IllegalStateException("too many values: " + size);
    }
    long[] table = new long[old.length << 1];
    int mask = table.length - 1;
    for (long value : old) {
      if (value != EMPTY) {
        int slot = (int) mix(value) & mask;
        while (table[slot] != EMPTY) {
          slot = (slot + 1) & mask;
        }
        table[slot] = value;
      }
    }
    tables[segment] = table;
  }

  private static long mix(long value) {
    return Hashing.fmix(value ^ 0x9E3779B97F4A7C15L);
  }
}
