package dev.finetune4j.spi.http.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
  private final Map<String, Pattern> forms = new ConcurrentHashMap<>();

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

  private void add(String secret) {
    if (secrets.add(secret)) {
      forms.put(secret, anyForm(secret));
    }
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
    String out = text;
    for (Pattern form : forms.values()) {
      out = form.matcher(out).replaceAll(MASK);
    }
    for (Pattern shape : SHAPES) {
      out = shape.matcher(out).replaceAll(m -> m.groupCount() > 0 && m.group(1) != null
          ? java.util.regex.Matcher.quoteReplacement(m.group(1) + MASK)
          : MASK);
    }
    return out;
  }
}
