package dev.finetune4j.huggingface.internal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the next-page URL of the Hub's {@code Link: <url>; rel="next"} pagination header. */
public final class Links {
  private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel\\s*=\\s*\"?next\"?");

  private Links() {}

  /**
   * Returns the URL of the next page.
   *
   * @param link the Link header, possibly absent
   * @return the next URL, if the header names one
   */
  public static Optional<String> next(Optional<String> link) {
    if (link.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = NEXT.matcher(link.get());
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }
}
