package dev.finetune4j.dataset.internal;

import dev.finetune4j.dataset.TokenCounter;

/**
 * Remembers the token counts of texts seen before, so that a text repeated across examples (a system prompt on every
 * line, a stock answer) is tokenized once. Texts are keyed by a 128-bit hash of their characters (MurmurHash3's
 * x64_128 mixing), so no text is kept: a wrong count would need two different texts with the same 128 bits.
 *
 * <p>A table of {@value #SLOTS} slots (21 bytes each, 86 KB), each text going to one slot. A slot keeps a small
 * frequency score: a hit raises it, a miss by another text lowers it, and a text replaces the slot's entry only once
 * the score is down to zero, so a text seen on every line stays while texts seen once pass through. Not thread-safe:
 * one per thread.
 */
public final class TextTokenCache {
  static final int SLOTS = 1 << 12;
  private static final int MAX_SCORE = 15;
  private static final long C1 = 0x87c37b91114253d5L;
  private static final long C2 = 0x4cf5ad432745937fL;

  private final TokenCounter counter;
  private final long[] first = new long[SLOTS];
  private final long[] second = new long[SLOTS];
  private final int[] counts = new int[SLOTS];
  private final byte[] scores = new byte[SLOTS];
  private long h1;
  private long h2;

  /**
   * Creates an empty cache in front of a counter.
   *
   * @param counter the counter asked on a miss
   */
  public TextTokenCache(TokenCounter counter) {
    this.counter = counter;
  }

  /**
   * Counts a text's tokens, from the cache when the text was seen before.
   *
   * @param text the text
   * @return its tokens, as {@link TokenCounter#count(String)} returns them
   */
  public int count(String text) {
    if (text.isEmpty()) {
      return 0;
    }
    hash(text);
    int slot = (int) h1 & (SLOTS - 1);
    if (scores[slot] > 0 && first[slot] == h1 && second[slot] == h2) {
      if (scores[slot] < MAX_SCORE) {
        scores[slot]++;
      }
      return counts[slot];
    }
    int tokens = counter.count(text);
    if (scores[slot] > 0) {
      scores[slot]--;
    } else {
      first[slot] = h1;
      second[slot] = h2;
      counts[slot] = tokens;
      scores[slot] = 1;
    }
    return tokens;
  }

  /** MurmurHash3 x64_128 over the text's UTF-16 code units, 8 per block; sets {@link #h1} and {@link #h2}. */
  private void hash(String text) {
    int length = text.length();
    long a = 0x9E3779B97F4A7C15L;
    long b = 0xC2B2AE3D27D4EB4FL;
    int i = 0;
    for (; i + 8 <= length; i += 8) {
      long k1 = pack(text, i);
      long k2 = pack(text, i + 4);
      a ^= mixK1(k1);
      a = Long.rotateLeft(a, 27) + b;
      a = a * 5 + 0x52dce729;
      b ^= mixK2(k2);
      b = Long.rotateLeft(b, 31) + a;
      b = b * 5 + 0x38495ab5;
    }
    long k1 = 0;
    long k2 = 0;
    for (int j = 0; i + j < length; j++) {
      long c = text.charAt(i + j);
      if (j < 4) {
        k1 |= c << (16 * j);
      } else {
        k2 |= c << (16 * (j - 4));
      }
    }
    a ^= mixK1(k1);
    b ^= mixK2(k2);
    a ^= length;
    b ^= length;
    a += b;
    b += a;
    a = Hashing.fmix(a);
    b = Hashing.fmix(b);
    a += b;
    b += a;
    h1 = a;
    h2 = b;
  }

  private static long pack(String text, int at) {
    return text.charAt(at) | (long) text.charAt(at + 1) << 16 | (long) text.charAt(at + 2) << 32
        | (long) text.charAt(at + 3) << 48;
  }

  private static long mixK1(long k) {
    return Long.rotateLeft(k * C1, 31) * C2;
  }

  private static long mixK2(long k) {
    return Long.rotateLeft(k * C2, 33) * C1;
  }
}
