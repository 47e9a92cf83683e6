package dev.finetune4j.dataset.internal;

/**
 * A set of {@code long} values storing primitives only (8 bytes per slot): used to remember the 64-bit hashes of the
 * examples seen, for duplicate and overlap detection.
 *
 * <p>Values are spread over 64 segments, each an open-addressing table with linear probing kept 64% to 80% full: a
 * segment more than 80% full grows by a quarter (slots are found by multiplying the hash by the table's length, so
 * a table's length need not be a power of two). The set therefore takes 10 to 12.5 bytes per value, at most 12.5 MB
 * per million values once past the first few thousand; segments grow one at a time, so growing needs at most 1/64
 * of the set's memory again (about 2%). Not thread-safe.
 */
public final class LongHashSet {
  private static final int SEGMENT_BITS = 6;
  private static final int SEGMENTS = 1 << SEGMENT_BITS;
  private static final long EMPTY = 0L;
  private static final double LOAD_FACTOR = 0.8;

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
    int slot = slot(mixed, table.length);
    while (table[slot] != EMPTY) {
      if (table[slot] == value) {
        return false;
      }
      slot = slot + 1 == table.length ? 0 : slot + 1;
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
    int slot = slot(mixed, table.length);
    while (table[slot] != EMPTY) {
      if (table[slot] == value) {
        return true;
      }
      slot = slot + 1 == table.length ? 0 : slot + 1;
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
    long[] table = new long[old.length + old.length / 4];
    for (long value : old) {
      if (value != EMPTY) {
        int slot = slot(mix(value), table.length);
        while (table[slot] != EMPTY) {
          slot = slot + 1 == table.length ? 0 : slot + 1;
        }
        table[slot] = value;
      }
    }
    tables[segment] = table;
  }

  /** The first slot of a mixed value in a table: its low 32 bits scaled to the table's length. */
  private static int slot(long mixed, int length) {
    return (int) (((mixed & 0xFFFFFFFFL) * length) >>> 32);
  }

  private static long mix(long value) {
    return Hashing.fmix(value ^ 0x9E3779B97F4A7C15L);
  }
}
