package dev.finetune4j.testkit.internal;

import java.util.SplittableRandom;

/**
 * Deterministic, provider-shaped identifiers: the same emulator run produces the same ids. Thread-safe.
 */
public final class Ids {

  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final String HEX = "0123456789abcdef";

  private final SplittableRandom random;

  /**
   * Creates a generator.
   *
   * @param seed the seed; equal seeds give equal id sequences
   */
  public Ids(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /**
   * Returns a new id made of a prefix and letters and digits.
   *
   * @param prefix such as {@code file-}
   * @param length how many characters follow the prefix
   * @return the id
   */
  public synchronized String next(String prefix, int length) {
    return prefix + draw(ALPHABET, length);
  }

  /**
   * Returns a new id made of a prefix and lower-case hex digits.
   *
   * @param prefix such as {@code upload_}
   * @param length how many hex digits follow the prefix
   * @return the id
   */
  public synchronized String nextHex(String prefix, int length) {
    return prefix + draw(HEX, length);
  }

  private String draw(String alphabet, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
