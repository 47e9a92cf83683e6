package dev.finetune4j.dataset.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the o200k_base counter against JTokkit, which runs tiktoken's pattern through {@code java.util.regex} and
 * its own merge, on generated texts that mix every kind of character the pattern tells apart: letters of each case
 * class, marks, numbers of each kind, white space inside and outside Latin-1, punctuation, contractions in each
 * case, supplementary characters and lone surrogates.
 */
class O200kTokenizerTest {
  /** tiktoken's o200k_base pattern, compiled as JTokkit compiles it. */
  private static final Pattern PATTERN = Pattern.compile(String.join("|",
      "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+"
          + "(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
      "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*"
          + "(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
      "\\p{N}{1,3}", " ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*", "\\s*[\\r\\n]+", "\\s+(?!\\S)", "\\s+"),
      Pattern.UNICODE_CHARACTER_CLASS);

  private static final String[] WORDS = {"the", "The", "THE", "hello", "Hello", "world", "tokenization",
    "antidisestablishmentarianism", "fine-tune", "JSON", "gpt-4o", "don't", "DON'T", "we're", "I'll", "you've",
    "it'S", "Straße", "naïve", "café", "Ǆemal", "ǅungla", "Ελληνικά", "русский", "日本語の文章", "한국어",
    "العربية", "עברית", "हिन्दी", "ไทย", "e\u0301", "ʰello", "ˆup", "2024", "3.14159", "٣٤٥", "Ⅻ", "½", "²",
    "𝐀𝐛𝐜", "𝟙𝟚𝟛", "😀", "👍🏽", "🇩🇪", "<|endoftext|>", "http://example.com/a/b", "C:\\path", "a_b", "x=1;",
    "{\"k\": [1, 2]}", "...", "---", "!!!", "/**/", "$", "€100", "#1"};

  private static final String[] CHARACTERS = {" ", "  ", "\t", "\n", "\r", "\r\n", "\n\n", "\u000b", "\f",
    "\u0085", "\u00a0", "\u1680", "\u2028", "\u2029", "\u3000", "\u200b", "\u200d", "\u0000", "\u0007", "'",
    "'s", "'S", "'ſ", "'t", "'T", "'re", "'Re", "'RE", "'ve", "'VE", "'m", "'M", "'ll", "'LL", "'lL", "'d", "'D",
    "'x", "''", "/", "//", "\u0301", "\u0308", "\u20dd", "\u0903", "\ud800", "\udc00", "\udbff\udfff",
    "\ue000", "A", "a", "Z", "z", "9", "0", "ß", "ſ", "Ǆ", "ǅ", "ǆ", "ʰ", "ª", "º", "µ", "Ω", "ω", "İ", "ı", "K",
    ".", ",", ";", ":", "?", "!", "-", "_", "(", ")", "[", "]", "{", "}", "\"", "\\", "@", "#", "%", "&", "*",
    "+", "=", "<", ">", "|", "~", "^", "`", "¡", "¿", "«", "»", "—", "…", "、", "。"};

  private static Encoding jtokkit;
  private static O200kTokenizer tokenizer;

  @BeforeAll
  static void load() {
    jtokkit = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    tokenizer = O200kTokenizer.load();
  }

  /** A text of mixed segments: words, with or without a space before, and characters of every class. */
  static String text(SplittableRandom random, int segments) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < segments; i++) {
      int kind = random.nextInt(4);
      if (kind == 0) {
        text.append(' '); // a word after a space, as in prose
      }
      text.append(kind <= 1 ? WORDS[random.nextInt(WORDS.length)] : CHARACTERS[random.nextInt(CHARACTERS.length)]);
    }
    return text.toString();
  }

  private static List<Integer> regexEnds(String text) {
    List<Integer> ends = new ArrayList<>();
    Matcher matcher = PATTERN.matcher(text);
    while (matcher.find()) {
      ends.add(matcher.end());
    }
    return ends;
  }

  private static List<Integer> ends(String text) {
    List<Integer> ends = new ArrayList<>();
    for (int at = 0; at < text.length(); at = O200kTokenizer.pieceEnd(text, at, text.length())) {
      ends.add(O200kTokenizer.pieceEnd(text, at, text.length()));
    }
    return ends;
  }

  @Test
  void splitsWhereTheRegexSplits() {
    SplittableRandom random = new SplittableRandom(20261201);
    for (int i = 0; i < 50_000; i++) {
      String text = text(random, 1 + random.nextInt(12));
      assertThat(ends(text)).as("pieces of %s", escaped(text)).isEqualTo(regexEnds(text));
    }
  }

  @Test
  void countsWhatJtokkitCountsOnceLoneSurrogatesAreReplaced() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 50_000; i++) {
      String text = text(random, 1 + random.nextInt(40));
      assertThat(tokenizer.count(text)).as("tokens of %s", escaped(text)).isEqualTo(jtokkitCount(text));
    }
  }

  /** A text of 50 to 3,000 characters of long runs without spaces, so pieces of hundreds of bytes. */
  static String longRuns(SplittableRandom random) {
    String[] runs = {"a", "ab", "Ab", "xyz", "-", "=-", "日本", "語", "ä", "ß", "0", "😀", "/", "e\u0301"};
    StringBuilder text = new StringBuilder();
    int length = 50 + random.nextInt(3_000);
    while (text.length() < length) {
      text.append(runs[random.nextInt(runs.length)].repeat(1 + random.nextInt(20)));
      if (random.nextInt(8) == 0) {
        text.append(WORDS[random.nextInt(WORDS.length)]);
      }
    }
    return text.toString();
  }

  /** The text with each lone surrogate made U+FFFD, as tiktoken makes it before counting (JTokkit makes it ?). */
  static String withoutLoneSurrogates(String text) {
    StringBuilder replaced = new StringBuilder(text.length());
    text.codePoints()
        .forEach(c -> replaced.appendCodePoint(c <= 0xffff && Character.isSurrogate((char) c) ? 0xfffd : c));
    return replaced.toString();
  }

  private static int jtokkitCount(String text) {
    return jtokkit.countTokensOrdinary(withoutLoneSurrogates(text));
  }

  @Test
  void countsLongPiecesWhatJtokkitCounts() {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 300; i++) {
      String s = longRuns(random);
      assertThat(tokenizer.count(s)).as("tokens of a text of %d characters", s.length()).isEqualTo(jtokkitCount(s));
    }
    String base64 = java.util.Base64.getEncoder().encodeToString(randomBytes(random, 30_000));
    assertThat(tokenizer.count(base64)).isEqualTo(jtokkit.countTokensOrdinary(base64));
  }

  @Test
  void aPieceLongerThanTheWindowIsCutWhereNoTokenSpansAndCountsTheSame() {
    String piece = "日本語abc".repeat(3 * O200kTokenizer.WINDOW / 6);
    assertThat(O200kTokenizer.pieceEnd(piece, 0, piece.length())).as("one piece").isEqualTo(piece.length());
    assertThat(tokenizer.cut(piece, 0, O200kTokenizer.WINDOW)).as("the last c before 日 in the window")
        .isEqualTo(O200kTokenizer.WINDOW - O200kTokenizer.WINDOW % 6);

    assertThat(tokenizer.count(piece)).isEqualTo(jtokkit.countTokensOrdinary(piece));
  }

  @Test
  void aPieceWithNowhereToCutIsCutAtTheWindowAndCountsWithinATokenACut() {
    String piece = "a".repeat(100_000);
    int cuts = piece.length() / O200kTokenizer.WINDOW;
    assertThat(tokenizer.cut(piece, 0, O200kTokenizer.WINDOW)).isEqualTo(O200kTokenizer.WINDOW);

    assertThat(tokenizer.count(piece)).isCloseTo(jtokkit.countTokensOrdinary(piece), within(cuts));
  }

  @Test
  void bothMergesMakeTheSameTokens() throws Exception {
    BytePairRanks ranks;
    try (var in = Encodings.class.getResourceAsStream("/com/knuddels/jtokkit/o200k_base.tiktoken")) {
      ranks = BytePairRanks.read(in);
    }
    BytePairRanks.Scratch scratch = new BytePairRanks.Scratch();
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 20_000; i++) {
      byte[] piece = text(random, 1 + random.nextInt(20)).replace(" ", "").getBytes(StandardCharsets.UTF_8);
      if (piece.length < 2) {
        continue;
      }
      assertThat(ranks.mergeByHeap(piece, piece.length, scratch)).as("piece %d", i)
          .isEqualTo(ranks.mergeByScan(piece, piece.length, scratch));
    }
  }

  @Test
  void countsKnownTexts() {
    assertThat(tokenizer.count("")).isZero();
    assertThat(tokenizer.count("antidisestablishmentarianism")).isEqualTo(6);
    assertThat(tokenizer.count("2 + 2 = 4")).isEqualTo(7);
    assertThat(tokenizer.count("お誕生日おめでとう")).isEqualTo(8);
    assertThat(tokenizer.count("hello")).isEqualTo(1);
    assertThat(tokenizer.count(" \udc00\ud800\udbff")).as("lone surrogates count as U+FFFD, not as ?")
        .isEqualTo(tokenizer.count(" \ufffd\ufffd\ufffd")).isEqualTo(2)
        .isNotEqualTo(tokenizer.count(" ???"));
  }

  @Test
  void aRanksFileOutOfOrderOrNotBase64IsRefusedWithItsLine() {
    assertThatThrownBy(() -> BytePairRanks.read(new ByteArrayInputStream("YQ== 0\nYg== 2\n".getBytes())))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("line 2 of the ranks: expected rank 1");
    assertThatThrownBy(() -> BytePairRanks.read(new ByteArrayInputStream("YQ== 0\n*g== 1\n".getBytes())))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("line 2 of the ranks: not base64");
  }

  @Test
  void aSmallRanksFileMergesAsTiktokenDoes() throws Exception {
    // tokens a b c ab bc abc: "abc" is one, "abcabc" two, "cab" c + ab, "bca" bc + a, "cba" three
    String file = "YQ== 0\nYg== 1\nYw== 2\nYWI= 3\nYmM= 4\nYWJj 5\n";
    BytePairRanks ranks = BytePairRanks.read(new ByteArrayInputStream(file.getBytes(StandardCharsets.US_ASCII)));
    BytePairRanks.Scratch scratch = new BytePairRanks.Scratch();
    assertThat(ranks.count(bytes("abc"), 3, scratch)).isEqualTo(1);
    assertThat(ranks.count(bytes("abcabc"), 6, scratch)).isEqualTo(2);
    assertThat(ranks.mergeByHeap(bytes("abcabc"), 6, scratch)).isEqualTo(2);
    assertThat(ranks.count(bytes("cab"), 3, scratch)).isEqualTo(2);
    assertThat(ranks.count(bytes("bca"), 3, scratch)).isEqualTo(2);
    assertThat(ranks.count(bytes("cba"), 3, scratch)).isEqualTo(3);
    assertThat(ranks.rank(bytes("abc"), 0, 3)).isEqualTo(5);
    assertThat(ranks.rank(bytes("abd"), 0, 3)).isEqualTo(BytePairRanks.NONE);
  }

  private static byte[] bytes(String ascii) {
    return ascii.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] randomBytes(SplittableRandom random, int n) {
    byte[] bytes = new byte[n];
    for (int i = 0; i < n; i++) {
      bytes[i] = (byte) random.nextInt(256);
    }
    return bytes;
  }

  static String escaped(String text) {
    StringBuilder out = new StringBuilder("\"");
    text.codePoints().forEach(c -> {
      if (c >= 0x20 && c < 0x7f) {
        out.appendCodePoint(c);
      } else {
        out.append(String.format("\\u{%x}", c));
      }
    });
    return out.append('"').toString();
  }
}
