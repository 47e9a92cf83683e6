package dev.finetune4j.testkit;

import dev.finetune4j.error.ApiException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Looks for secrets in whatever text an SDK lets out: exception messages and stack traces, an
 * {@link ApiException}'s body and echoed fields, log lines, {@code toString()} of anything. A secret counts as
 * leaked in any letter case, and so does a long enough piece of it (the middle 12 characters). Also makes the hostile
 * forms a server may echo a key in: raw, upper-cased, JSON-escaped character by character.
 *
 * <p>Not thread-safe.
 */
public final class SecretScan {
  private final List<String> secrets;
  private final List<String> leaks = new ArrayList<>();
  private int texts;

  /**
   * Creates a scan for the given secrets.
   *
   * @param secrets the keys and tokens that must not appear, each at least 16 characters long
   */
  public SecretScan(String... secrets) {
    for (String secret : secrets) {
      if (Objects.requireNonNull(secret, "secret").length() < 16) {
        throw new IllegalArgumentException("a secret to scan for must have at least 16 characters");
      }
    }
    this.secrets = List.of(secrets);
  }

  /**
   * Returns the forms a hostile server may echo a secret in.
   *
   * @param secret the secret
   * @return the secret raw, upper-cased, lower-cased and with every character as a JSON {@code \}{@code u} escape
   */
  public static List<String> hostileForms(String secret) {
    StringBuilder escaped = new StringBuilder();
    secret.chars().forEach(c -> escaped.append(String.format(Locale.ROOT, "\\u%04x", c)));
    StringBuilder dashEscaped = new StringBuilder(secret.replace("-", "\\u002d"));
    return List.of(secret, secret.toUpperCase(Locale.ROOT), secret.toLowerCase(Locale.ROOT), escaped.toString(),
        dashEscaped.toString());
  }

  /**
   * Scans a text.
   *
   * @param where what the text is, for the report
   * @param text the text; null is skipped
   */
  public void text(String where, String text) {
    if (text == null) {
      return;
    }
    texts++;
    String lower = text.toLowerCase(Locale.ROOT);
    for (String secret : secrets) {
      String piece = secret.substring((secret.length() - 12) / 2, (secret.length() - 12) / 2 + 12);
      if (lower.contains(secret.toLowerCase(Locale.ROOT)) || lower.contains(piece.toLowerCase(Locale.ROOT))) {
        leaks.add(where + ": " + (text.length() > 300 ? text.substring(0, 300) + "..." : text));
      }
    }
  }

  /**
   * Scans a throwable: its message, {@code toString()}, stack trace with causes, and for an {@link ApiException} its
   * body, code, type, parameter and request id.
   *
   * @param where what raised it, for the report
   * @param thrown the throwable; null is skipped
   */
  public void thrown(String where, Throwable thrown) {
    if (thrown == null) {
      return;
    }
    StringWriter trace = new StringWriter();
    thrown.printStackTrace(new PrintWriter(trace));
    text(where + " stack trace", trace.toString());
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      text(where + " message", t.getMessage());
      text(where + " toString", t.toString());
      if (t instanceof ApiException api) {
        text(where + " body()", api.body());
        text(where + " code()", api.code().orElse(null));
        text(where + " type()", api.type().orElse(null));
        text(where + " param()", api.param().orElse(null));
        text(where + " requestId()", api.requestId().orElse(null));
      }
      if (t.getCause() == t) {
        break;
      }
    }
  }

  /** @return how many texts were scanned */
  public int scanned() {
    return texts;
  }

  /** @return where a secret was found, with the text around it; empty when nothing leaked */
  public List<String> leaks() {
    return List.copyOf(leaks);
  }
}
