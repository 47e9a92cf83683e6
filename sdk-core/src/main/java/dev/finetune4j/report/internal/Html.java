package dev.finetune4j.report.internal;

import java.util.Locale;

/** Escaping and number formatting for the report's markup. */
public final class Html {
  private Html() {}

  /**
   * Escapes text for element content and quoted attribute values: {@code & < > " '}, and drops the control
   * characters XML does not allow.
   *
   * @param text any text
   * @return the escaped text
   */
  public static String escape(String text) {
    StringBuilder sb = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0xFFFE || c == 0xFFFF) {
            sb.append('\uFFFD');
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }

  /**
   * Formats a number with a fixed number of decimals, independent of the default locale.
   *
   * @param value the number
   * @param decimals the decimals
   * @return the text, such as {@code 0.412}
   */
  public static String fixed(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  /**
   * Formats a count with thousands separators, independent of the default locale.
   *
   * @param value the count
   * @return the text, such as {@code 12,480}
   */
  public static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }
}
