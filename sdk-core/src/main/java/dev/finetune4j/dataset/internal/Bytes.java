package dev.finetune4j.dataset.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Scans of byte arrays eight bytes at a time: the reader's hot loops over each line. */
public final class Bytes {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  private Bytes() {}

  /**
   * Finds a byte.
   *
   * @param bytes the array
   * @param from the first index to look at
   * @param to the index after the last
   * @param value the byte
   * @return the first index in {@code [from, to)} that holds it, or {@code to}
   */
  public static int indexOf(byte[] bytes, int from, int to, byte value) {
    long pattern = ONES * (value & 0xFF);
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long word = (long) LONGS.get(bytes, i) ^ pattern;
      long zeros = (word - ONES) & ~word & HIGHS;
      if (zeros != 0) {
        return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
      }
    }
    while (i < to && bytes[i] != value) {
      i++;
    }
    return i;
  }

  /**
   * Finds the first byte that is not ASCII.
   *
   * @param bytes the array
   * @param from the first index to look at
   * @param to the index after the last
   * @return the first index in {@code [from, to)} whose byte is 0x80 or more, or {@code to}
   */
  public static int skipAscii(byte[] bytes, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long high = (long) LONGS.get(bytes, i) & HIGHS;
      if (high != 0) {
        return i + (Long.numberOfTrailingZeros(high) >>> 3);
      }
    }
    while (i < to && bytes[i] >= 0) {
      i++;
    }
    return i;
  }
}
