package dev.finetune4j.dataset.internal;

import com.knuddels.jtokkit.Encodings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Counts the tokens of OpenAI's {@code o200k_base} tokenizer without allocating: the text is split where tiktoken's
 * pattern for o200k_base splits it (as {@code java.util.regex} matches that pattern with
 * {@code UNICODE_CHARACTER_CLASS}, the way JTokkit runs it), each piece is written as UTF-8 into a buffer of the
 * calling thread, and {@link BytePairRanks} counts the piece's tokens. The ranks are read from the
 * {@code o200k_base.tiktoken} file JTokkit ships; they take about 6.5 MB of heap (4.6 MB of arrays) where JTokkit's
 * own take 30.
 *
 * <p>The pattern, tried at each position in this order, the first alternative that matches making the piece:
 *
 * <pre>
 * 1 [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?
 * 2 [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?
 * 3 \p{N}{1,3}
 * 4  ?[^\s\p{L}\p{N}]+[\r\n/]*
 * 5 \s*[\r\n]+
 * 6 \s+(?!\S)
 * 7 \s+
 * </pre>
 *
 * <p>Every character is a letter, a number, white space or none of these, so some alternative matches at every
 * position and the pieces cover the text. A lone surrogate counts as U+FFFD, as in tiktoken, which replaces it before
 * splitting (JTokkit encodes it as {@code ?}); both are neither letter, number nor space, so the pieces are the same.
 *
 * <p>A piece of more than {@value #WINDOW} characters (a run with no white space, punctuation or change of letter
 * class, such as a base64 blob) is merged a window at a time, so that the work arrays stay under a few megabytes
 * whatever the text: the counts are tiktoken's where the window can be cut between two bytes no token holds
 * together, and may differ by a token at each cut elsewhere. Thread-safe.
 */
public final class O200kTokenizer {
  private static final int UPPER = 1;
  private static final int LOWER = 2;
  private static final int LETTER = 4;
  private static final int NUMBER = 8;
  private static final int SPACE = 16;
  private static final int[] BY_TYPE = new int[32];
  private static final int[] ASCII = new int[128];

  static {
    BY_TYPE[Character.UPPERCASE_LETTER] = UPPER | LETTER;
    BY_TYPE[Character.TITLECASE_LETTER] = UPPER | LETTER;
    BY_TYPE[Character.LOWERCASE_LETTER] = LOWER | LETTER;
    BY_TYPE[Character.MODIFIER_LETTER] = UPPER | LOWER | LETTER;
    BY_TYPE[Character.OTHER_LETTER] = UPPER | LOWER | LETTER;
    BY_TYPE[Character.NON_SPACING_MARK] = UPPER | LOWER;
    BY_TYPE[Character.ENCLOSING_MARK] = UPPER | LOWER;
    BY_TYPE[Character.COMBINING_SPACING_MARK] = UPPER | LOWER;
    BY_TYPE[Character.DECIMAL_DIGIT_NUMBER] = NUMBER;
    BY_TYPE[Character.LETTER_NUMBER] = NUMBER;
    BY_TYPE[Character.OTHER_NUMBER] = NUMBER;
    BY_TYPE[Character.SPACE_SEPARATOR] = SPACE;
    BY_TYPE[Character.LINE_SEPARATOR] = SPACE;
    BY_TYPE[Character.PARAGRAPH_SEPARATOR] = SPACE;
    for (int c = 0; c < 128; c++) {
      ASCII[c] = classByType(c);
    }
  }

  /** The longest run of characters merged at once; longer pieces are cut (see {@link #cut}). */
  static final int WINDOW = 1 << 15;
  private static final ThreadLocal<Work> WORK = ThreadLocal.withInitial(Work::new);

  private final BytePairRanks ranks;

  private O200kTokenizer(BytePairRanks ranks) {
    this.ranks = ranks;
  }

  /**
   * Reads o200k_base's ranks from JTokkit's jar.
   *
   * @return the tokenizer
   * @throws UncheckedIOException when the ranks cannot be read
   */
  public static O200kTokenizer load() {
    String name = "/com/knuddels/jtokkit/o200k_base.tiktoken";
    try (InputStream in = Encodings.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the class path (it comes with JTokkit)");
      }
      return new O200kTokenizer(BytePairRanks.read(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }

  /**
   * Counts a text's tokens, special-token markers such as {@code <|endoftext|>} counted as ordinary text.
   *
   * @param text the text
   * @return the number of tokens
   */
  public int count(String text) {
    int n = text.length();
    if (n == 0) {
      return 0;
    }
    Work work = WORK.get();
    long tokens = 0;
    for (int at = 0; at < n; ) {
      int end = pieceEnd(text, at, n);
      for (int from = at; ; ) {
        int to = end - from > WINDOW ? cut(text, from, from + WINDOW) : end;
        int length = work.utf8(text, from, to);
        tokens += ranks.count(work.piece, length, work.scratch);
        if (to == end) {
          break;
        }
        from = to;
      }
      at = end;
    }
    if (work.piece.length > 1 << 14) {
      work.trim();
    }
    return (int) Math.min(Integer.MAX_VALUE, tokens);
  }

  /**
   * Where a piece longer than {@value #WINDOW} characters is cut: the last place in the window's second half where no
   * token has the byte before and the byte after next to each other, so that the two sides count as the whole would;
   * where there is none, at the window's end (not inside a surrogate pair), which may count a token more or less.
   */
  int cut(String s, int from, int limit) {
    for (int at = limit; at > from + WINDOW / 2; at--) {
      if (!insidePair(s, at) && !ranks.joins(lastUtf8Byte(s, at), firstUtf8Byte(s, at))) {
        return at;
      }
    }
    return insidePair(s, limit) ? limit - 1 : limit;
  }

  /** Says whether a position falls between the two halves of a surrogate pair. */
  private static boolean insidePair(String s, int at) {
    return Character.isLowSurrogate(s.charAt(at)) && Character.isHighSurrogate(s.charAt(at - 1));
  }

  private static int firstUtf8Byte(String s, int at) {
    char c = s.charAt(at);
    if (c < 0x80) {
      return c;
    } else if (c < 0x800) {
      return 0xc0 | c >> 6;
    } else if (Character.isHighSurrogate(c) && at + 1 < s.length() && Character.isLowSurrogate(s.charAt(at + 1))) {
      return 0xf0 | Character.toCodePoint(c, s.charAt(at + 1)) >> 18;
    }
    return Character.isSurrogate(c) ? 0xef : 0xe0 | c >> 12;
  }

  private static int lastUtf8Byte(String s, int end) {
    char c = s.charAt(end - 1);
    if (c < 0x80) {
      return c;
    } else if (Character.isLowSurrogate(c) && end >= 2 && Character.isHighSurrogate(s.charAt(end - 2))) {
      return 0x80 | Character.toCodePoint(s.charAt(end - 2), c) & 0x3f;
    }
    return Character.isSurrogate(c) ? 0xbd : 0x80 | c & 0x3f;
  }

  /**
   * Returns where the piece that starts at a position ends.
   *
   * @param s the text
   * @param at the piece's first character
   * @param n the text's length
   * @return after the piece's last character
   */
  static int pieceEnd(String s, int at, int n) {
    int end = letters(s, at, n, true);
    if (end < 0) {
      end = letters(s, at, n, false);
    }
    if (end >= 0) {
      return end;
    }
    int first = s.codePointAt(at);
    if ((classOf(first) & NUMBER) != 0) {
      end = at;
      for (int digits = 0; digits < 3 && end < n; digits++) {
        int c = s.codePointAt(end);
        if ((classOf(c) & NUMBER) == 0) {
          break;
        }
        end += Character.charCount(c);
      }
      return end;
    }
    int from = first == ' ' ? at + 1 : at;
    end = from;
    while (end < n) {
      int c = s.codePointAt(end);
      if ((classOf(c) & (SPACE | LETTER | NUMBER)) != 0) {
        break;
      }
      end += Character.charCount(c);
    }
    if (end > from) {
      while (end < n && (s.charAt(end) == '\r' || s.charAt(end) == '\n' || s.charAt(end) == '/')) {
        end++;
      }
      return end;
    }
    // white space (every other character has matched above); white space is all in the BMP
    int spaces = at;
    while (spaces < n && (classOf(s.charAt(spaces)) & SPACE) != 0) {
      spaces++;
    }
    for (int j = spaces - 1; j >= at; j--) {
      if (s.charAt(j) == '\r' || s.charAt(j) == '\n') {
        end = j;
        while (end < n && (s.charAt(end) == '\r' || s.charAt(end) == '\n')) {
          end++;
        }
        return end;
      }
    }
    if (spaces == n || spaces - 1 == at) {
      return spaces;
    }
    return spaces - 1;
  }

  /**
   * Alternatives 1 ({@code lowerNeeded}) and 2, with the backtracking of {@code java.util.regex}: the optional first
   * character taken first, the run of upper-case class characters given back one at a time.
   */
  private static int letters(String s, int at, int n, boolean lowerNeeded) {
    int first = s.codePointAt(at);
    int firstClass = classOf(first);
    boolean prefixable = (firstClass & (LETTER | NUMBER)) == 0 && first != '\r' && first != '\n';
    for (int prefix = prefixable ? 1 : 0; prefix >= 0; prefix--) {
      int from = prefix == 1 ? at + Character.charCount(first) : at;
      int upper = run(s, from, n, UPPER);
      if (lowerNeeded) {
        for (int j = upper; ; j -= Character.charCount(s.codePointBefore(j))) {
          if (j < n && (classOf(s.codePointAt(j)) & LOWER) != 0) {
            return contraction(s, run(s, j, n, LOWER), n);
          }
          if (j == from) {
            break;
          }
        }
      } else if (upper > from) {
        return contraction(s, run(s, upper, n, LOWER), n);
      }
    }
    return -1;
  }

  /** Returns the end of the run of characters of a class (upper or lower) that starts at a position. */
  private static int run(String s, int at, int n, int kind) {
    int end = at;
    while (end < n) {
      int c = s.codePointAt(end);
      if ((classOf(c) & kind) == 0) {
        break;
      }
      end += Character.charCount(c);
    }
    return end;
  }

  /** {@code (?i:'s|'t|'re|'ve|'m|'ll|'d)?}, letters compared as {@code java.util.regex} does with Unicode case. */
  private static int contraction(String s, int at, int n) {
    if (at + 1 >= n || s.charAt(at) != '\'') {
      return at;
    }
    char a = fold(s.charAt(at + 1));
    if (a == 's' || a == 't' || a == 'm' || a == 'd') {
      return at + 2;
    }
    if (at + 2 < n) {
      char b = fold(s.charAt(at + 2));
      if ((a == 'r' || a == 'v') && b == 'e' || a == 'l' && b == 'l') {
        return at + 3;
      }
    }
    return at;
  }

  private static char fold(char c) {
    return Character.toLowerCase(Character.toUpperCase(c));
  }

  private static int classOf(int c) {
    return c < 128 ? ASCII[c] : classByType(c);
  }

  private static int classByType(int c) {
    int type = BY_TYPE[Character.getType(c)];
    return (c >= 0x9 && c <= 0xd) || c == 0x85 ? type | SPACE : type;
  }

  /** A thread's piece buffer and merge arrays. */
  private static final class Work {
    byte[] piece = new byte[256];
    final BytePairRanks.Scratch scratch = new BytePairRanks.Scratch();

    void trim() {
      piece = new byte[256];
      scratch.trim();
    }

    /** Writes {@code s[from, to)} in UTF-8, a lone surrogate as U+FFFD (as tiktoken replaces it). */
    int utf8(String s, int from, int to) {
      if (piece.length < 3 * (to - from)) {
        piece = new byte[Math.max(3 * (to - from), 2 * piece.length)];
      }
      byte[] out = piece;
      int length = 0;
      for (int i = from; i < to; i++) {
        char c = s.charAt(i);
        if (c < 0x80) {
          out[length++] = (byte) c;
        } else if (c < 0x800) {
          out[length++] = (byte) (0xc0 | c >> 6);
          out[length++] = (byte) (0x80 | c & 0x3f);
        } else if (Character.isSurrogate(c)) {
          if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
            int cp = Character.toCodePoint(c, s.charAt(++i));
            out[length++] = (byte) (0xf0 | cp >> 18);
            out[length++] = (byte) (0x80 | cp >> 12 & 0x3f);
            out[length++] = (byte) (0x80 | cp >> 6 & 0x3f);
            out[length++] = (byte) (0x80 | cp & 0x3f);
          } else {
            out[length++] = (byte) 0xef;
            out[length++] = (byte) 0xbf;
            out[length++] = (byte) 0xbd;
          }
        } else {
          out[length++] = (byte) (0xe0 | c >> 12);
          out[length++] = (byte) (0x80 | c >> 6 & 0x3f);
          out[length++] = (byte) (0x80 | c & 0x3f);
        }
      }
      return length;
    }
  }
}
