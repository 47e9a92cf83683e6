package dev.finetune4j.dataset;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.finetune4j.dataset.internal.O200kTokenizer;

/**
 * Token counters: exact ones for OpenAI's tokenizers, {@link #o200k()} and {@link #cl100k()}, and an
 * {@link #estimate()} for any text. Which one counts a model's data is its provider's choice, carried by the
 * provider's {@link DatasetRules}.
 */
public final class TokenCounters {

  private TokenCounters() {}

  /**
   * Returns the exact counter of OpenAI's {@code o200k_base} tokenizer (gpt-4o and later models). It splits and
   * merges as tiktoken does over the ranks JTokkit ships, in tables of about 6.5 MB loaded on first use, once per JVM,
   * and allocates nothing per text. A run of more than 32,768 characters with no break (no white space, punctuation
   * or change of letter class, such as a base64 blob) is merged a window at a time to bound the memory it takes; a
   * window ends where no token spans, when there is such a place, or else may count a token more or less than
   * tiktoken.
   *
   * @return the counter
   */
  public static TokenCounter o200k() {
    return O200k.INSTANCE;
  }

  /**
   * Returns the exact counter of OpenAI's {@code cl100k_base} tokenizer (gpt-4, gpt-3.5-turbo and older models),
   * through JTokkit. Its tables, about 13 MB, are loaded on first use, once per JVM. A text of more than 16,384
   * characters is counted in chunks cut before white space, which bounds the memory JTokkit takes and may count a
   * token more or less than tiktoken at a cut.
   *
   * @return the counter
   */
  public static TokenCounter cl100k() {
    return Cl100k.INSTANCE;
  }

  /**
   * Returns the estimating counter for models whose tokenizer is not at hand: one token per 4 UTF-16 characters,
   * rounded up ({@code ceil(length / 4)}), a common rule of thumb for English text. {@link TokenCounter#isExact()}
   * is false.
   *
   * @return the counter
   */
  public static TokenCounter estimate() {
    return Estimate.INSTANCE;
  }

  /** A counter's name and whether it is exact, and the {@code toString()} they make. */
  private abstract static class Named implements TokenCounter {
    private final String name;
    private final boolean exact;

    Named(String name, boolean exact) {
      this.name = name;
      this.exact = exact;
    }

    @Override
    public final boolean isExact() {
      return exact;
    }

    @Override
    public final String name() {
      return name;
    }

    @Override
    public final String toString() {
      return "TokenCounter[" + name + "]";
    }
  }

  private static final class O200k extends Named {
    static final O200k INSTANCE = new O200k();

    private O200k() {
      super("o200k_base", true);
    }

    @Override
    public int count(String text) {
      return Tables.TOKENIZER.count(text);
    }

    /** Loads the tables when the first text is counted. */
    private static final class Tables {
      static final O200kTokenizer TOKENIZER = O200kTokenizer.load();
    }
  }

  private static final class Cl100k extends Named {
    static final Cl100k INSTANCE = new Cl100k();
    private static final int CHUNK = 1 << 14;

    private Cl100k() {
      super("cl100k_base", true);
    }

    @Override
    public int count(String text) {
      if (text.isEmpty()) {
        return 0;
      }
      Encoding e = Tables.ENCODING;
      if (text.length() <= CHUNK) {
        return e.countTokensOrdinary(text);
      }
      // BPE on one very long piece (a run without spaces) takes memory that grows faster than the piece: count
      // long texts in chunks cut before whitespace where there is some, which is where the encoder cuts anyway
      long total = 0;
      int start = 0;
      while (start < text.length()) {
        int end = Math.min(text.length(), start + CHUNK);
        if (end < text.length()) {
          int cut = end;
          while (cut > start + CHUNK / 2 && !Character.isWhitespace(text.charAt(cut))) {
            cut--;
          }
          end = cut > start + CHUNK / 2 ? cut : end;
          if (Character.isLowSurrogate(text.charAt(end)) && end > start + 1) {
            end--;
          }
        }
        total += e.countTokensOrdinary(text.substring(start, end));
        start = end;
      }
      return (int) Math.min(Integer.MAX_VALUE, total);
    }

    /** Loads JTokkit's tables when the first text is counted. */
    private static final class Tables {
      static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    }
  }

  private static final class Estimate extends Named {
    static final Estimate INSTANCE = new Estimate();

    private Estimate() {
      super("estimate: ceil(characters / 4)", false);
    }

    @Override
    public int count(String text) {
      return (text.length() + 3) / 4;
    }
  }
}
