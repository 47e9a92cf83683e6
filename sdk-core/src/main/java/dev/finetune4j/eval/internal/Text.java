package dev.finetune4j.eval.internal;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Text normalisation and tokenisation for the text scorers, SQuAD style. */
public final class Text {
  private static final Pattern PUNCTUATION = Pattern.compile("[\\p{P}\\p{S}]");
  private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern FENCE = Pattern.compile("(?s)^\\s*```[A-Za-z0-9_-]*\\s*\\n(.*?)\\n?```\\s*$");

  private Text() {}

  /**
   * Normalises text as the SQuAD evaluation does: Unicode NFKC, lower case, punctuation removed, the English
   * articles a, an and the removed, whitespace collapsed.
   *
   * @param text the text
   * @return the normalised text
   */
  public static String normalize(String text) {
    String s = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    s = PUNCTUATION.matcher(s).replaceAll(" ");
    s = ARTICLES.matcher(s).replaceAll(" ");
    return SPACES.matcher(s).replaceAll(" ").trim();
  }

  /**
   * Splits normalised text into words.
   *
   * @param text the text
   * @return the words of {@link #normalize(String)}; empty for blank text
   */
  public static List<String> tokens(String text) {
    String n = normalize(text);
    return n.isEmpty() ? List.of() : new ArrayList<>(List.of(n.split(" ")));
  }

  /**
   * Splits text into lower-case words, punctuation removed and articles kept, as ROUGE tokenises.
   *
   * @param text the text
   * @return the words; empty for blank text
   */
  public static List<String> words(String text) {
    String s = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    s = SPACES.matcher(PUNCTUATION.matcher(s).replaceAll(" ")).replaceAll(" ").trim();
    return s.isEmpty() ? List.of() : new ArrayList<>(List.of(s.split(" ")));
  }

  /**
   * Removes a Markdown code fence around the whole text, as models often wrap JSON in one.
   *
   * @param text the text
   * @return the fenced content, or the text trimmed
   */
  public static String unfence(String text) {
    var m = FENCE.matcher(text);
    return m.matches() ? m.group(1).trim() : text.trim();
  }

  /**
   * Shortens text for a message.
   *
   * @param text the text
   * @param max the most characters
   * @return the text, cut with an ellipsis when longer
   */
  public static String abbreviate(String text, int max) {
    String oneLine = text.replace('\n', ' ');
    return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 3) + "...";
  }
}
