package dev.finetune4j.dataset;

import java.util.function.ToIntFunction;

/** Token counters for tests, made from a function. */
public final class TestTokenCounters {
  private TestTokenCounters() {}

  /**
   * Returns an exact counter that counts with a function.
   *
   * @param name the counter's name
   * @param count the function
   * @return the counter
   */
  public static TokenCounter exact(String name, ToIntFunction<String> count) {
    return new TokenCounter() {
      @Override
      public int count(String text) {
        return count.applyAsInt(text);
      }

      @Override
      public boolean isExact() {
        return true;
      }

      @Override
      public String name() {
        return name;
      }
    };
  }
}
