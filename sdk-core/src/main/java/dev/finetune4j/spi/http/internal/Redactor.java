package dev.finetune4j.spi.http.internal;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
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

  private final Set<String> secrets = new CopyOnWriteArraySet<>();

  /**
   * Adds secrets to remove; values shorter than 4 characters are ignored (too likely to match ordinary text).
   *
   * @param values the secret values
   */
  public void addSecrets(Collection<String> values) {
    for (String value : values) {
      if (value != null && value.length() >= 4) {
        secrets.add(value);
        if (value.regionMatches(true, 0, "Bearer ", 0, 7) && value.length() >= 11) {
          secrets.add(value.substring(7));
        }
      }
    }
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
    String out = text;
    for (String secret : secrets) {
      out = out.replace(secret, MASK);
    }
    for (Pattern shape : SHAPES) {
      out = shape.matcher(out).replaceAll(m -> m.groupCount() > 0 && m.group(1) != null
          ? java.util.regex.Matcher.quoteReplacement(m.group(1) + MASK)
          : MASK);
    }
    return out;
  }
}
