package dev.finetune4j.dataset.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * 64-bit hashes of JSON values that ignore formatting: key order, white space and number spelling ({@code 1.0} and
 * {@code 1}) do not change the hash; everything else does.
 */
public final class Hashing {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final ThreadLocal<char[]> CHARS = ThreadLocal.withInitial(() -> new char[1024]);

  private Hashing() {}

  /**
   * Hashes a JSON value.
   *
   * @param node the value
   * @return its hash
   */
  public static long hash(JsonNode node) {
    return hash(node, CHARS.get());
  }

  private static long hash(JsonNode node, char[] chars) {
    switch (node.getNodeType()) {
      case OBJECT: {
        long sum = 0x51ED270B27L;
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          sum += fmix(combine(hash(field.getKey(), chars), hash(field.getValue(), chars)));
        }
        return fmix(sum ^ node.size());
      }
      case ARRAY: {
        long h = 0xA11A7L;
        for (JsonNode element : node) {
          h = combine(h, hash(element, chars));
        }
        return fmix(h ^ node.size());
      }
      case STRING:
        return hash(node.textValue(), chars) ^ 0x5717L;
      case NUMBER:
        return hash(canonical(node.decimalValue()), chars) ^ 0x4E0L;
      case BOOLEAN:
        return node.booleanValue() ? 0x7E0EL : 0xFA15EL;
      default:
        return 0x4011L;
    }
  }

  /** The number's value with trailing zeros stripped, also where the stripped scale would not fit an int. */
  private static String canonical(java.math.BigDecimal value) {
    try {
      return value.stripTrailingZeros().toString();
    } catch (ArithmeticException e) {
      java.math.BigInteger unscaled = value.unscaledValue();
      long scale = value.scale();
      while (unscaled.signum() != 0 && unscaled.mod(java.math.BigInteger.TEN).signum() == 0) {
        unscaled = unscaled.divide(java.math.BigInteger.TEN);
        scale--;
      }
      return unscaled + "E" + (-scale);
    }
  }

  /**
   * Hashes a string: its UTF-16 code units four at a time, each block mixed as in MurmurHash3.
   *
   * @param text the string
   * @return its hash
   */
  public static long hash(String text) {
    return hash(text, CHARS.get());
  }

  /** Hashes a string, its characters copied into {@code chars} (whose length is a multiple of 4) a piece at a time. */
  private static long hash(String text, char[] chars) {
    int length = text.length();
    long h = FNV_OFFSET;
    int start = 0;
    int piece = 0;
    while (start < length) {
      piece = Math.min(chars.length, length - start);
      text.getChars(start, start + piece, chars, 0);
      start += piece;
      if (start < length) {
        h = blocks(h, chars, piece);
      }
    }
    h = blocks(h, chars, piece & ~3);
    long tail = 0;
    for (int i = piece & ~3, shift = 0; i < piece; i++, shift += 16) {
      tail |= (long) chars[i] << shift;
    }
    h ^= Long.rotateLeft(tail * 0x87c37b91114253d5L, 31) * 0x4cf5ad432745937fL;
    return fmix(h ^ length);
  }

  private static long blocks(long h, char[] chars, int end) {
    for (int i = 0; i + 4 <= end; i += 4) {
      long block = chars[i] | (long) chars[i + 1] << 16 | (long) chars[i + 2] << 32 | (long) chars[i + 3] << 48;
      h ^= Long.rotateLeft(block * 0x87c37b91114253d5L, 31) * 0x4cf5ad432745937fL;
      h = Long.rotateLeft(h, 27) * 5 + 0x52dce729;
    }
    return h;
  }

  /**
   * Mixes two hashes, order-sensitively.
   *
   * @param a the first
   * @param b the second
   * @return the combination
   */
  public static long combine(long a, long b) {
    return fmix(a * 0x9E3779B97F4A7C15L + b);
  }

  /**
   * MurmurHash3's 64-bit finaliser.
   *
   * @param h a value
   * @return the mixed value
   */
  public static long fmix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
