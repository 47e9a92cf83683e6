package dev.finetune4j.spi.http.internal;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before it reaches a log line or an exception: every secret value it was told about,
 * and anything shaped like a provider key or a bearer token.
 */
public final class Redactor {
  /** What a redacted secret is replaced with. */
  public static final String MASK = "[REDACTED]";

  private static final List<Pattern> SHAPES = List.of(
      Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]{8,}"),
      Pattern.compile("\\bsk-[A-Za-z0-9_-]{8,}"),
      Pattern.compile("\\bhf_[A-Za-z0-9]{8,}"),
      Pattern.compile("(?i)(api[-_]?key[\"']?\\s*[:=]\\s*[\"']?)[A-Za-z0-9._-]{8,}"));

  /** A secret and the pattern of its forms. */
  private record Form(String secret, Pattern pattern) {}

  /** Replaced, never changed, when a secret is added: redaction reads it without a lock or an iterator. */
  private volatile Form[] forms = new Form[0];

  /**
   * Adds secrets to remove; values shorter than 4 characters are ignored (too likely to match ordinary text).
   *
   * @param values the secret values
   */
  public void addSecrets(Collection<String> values) {
    for (String value : values) {
      if (value != null && value.length() >= 4) {
        add(value);
        if (value.regionMatches(true, 0, "Bearer ", 0, 7) && value.length() >= 11) {
          add(value.substring(7));
        }
      }
    }
  }

  private synchronized void add(String secret) {
    for (Form form : forms) {
      if (form.secret.equals(secret)) {
        return;
      }
    }
    Form[] more = Arrays.copyOf(forms, forms.length + 1);
    more[forms.length] = new Form(secret, anyForm(secret));
    forms = more;
  }

  /**
   * A secret in any letter case, each character either as itself or JSON-escaped ({@code \\u002d}), so that a
   * server echoing the key upper-cased or escaped inside JSON text does not pass.
   */
  private static Pattern anyForm(String secret) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < secret.length(); i++) {
      char c = secret.charAt(i);
      regex.append("(?:").append(Pattern.quote(String.valueOf(c)))
          .append("|\\\\u").append(String.format("%04x", (int) c)).append(')');
    }
    return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
  }

  /**
   * Returns the text without secrets.
   *
   * @param text any text; null gives an empty string
   * @return the redacted text
   */
  public String redact(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    return redact(text, true);
  }

  /** {@link #redact} without its quick checks: every pattern run on the text. For tests. */
  String redactWithEveryPattern(String text) {
    return redact(text, false);
  }

  /** Runs the patterns; with {@code quick}, only those the text's letters allow to match. */
  private String redact(String text, boolean quick) {
    String out = text;
    boolean escapes = text.indexOf('\\') >= 0;
    for (Form form : forms) {
      if (!quick || escapes || containsIgnoringCase(out, form.secret)) {
        out = form.pattern.matcher(out).replaceAll(MASK);
      }
    }
    if (!quick || mayHaveShape(out)) {
      for (Pattern shape : SHAPES) {
        out = shape.matcher(out).replaceAll(m -> m.groupCount() > 0 && m.group(1) != null
            ? java.util.regex.Matcher.quoteReplacement(m.group(1) + MASK)
            : MASK);
      }
    }
    return out;
  }

  /**
   * Says whether a secret's pattern can match text without a backslash: only where the text holds the secret in
   * some letter case (the check is looser than the pattern's, never stricter).
   */
  private static boolean containsIgnoringCase(String text, String secret) {
    for (int i = 0; i + secret.length() <= text.length(); i++) {
      if (text.regionMatches(true, i, secret, 0, secret.length())) {
        return true;
      }
    }
    return false;
  }

  /** Says whether the text holds the literal each of {@link #SHAPES} needs; most text holds none. */
  private static boolean mayHaveShape(String text) {
    if (text.contains("sk-") || text.contains("hf_")) {
      return true;
    }
    String lower = text.toLowerCase(Locale.ROOT);
    return lower.contains("bearer") || lower.contains("api");
  }
}
