package dev.finetune4j.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A minimal {@code multipart/form-data} parser for request bodies held in memory. */
public final class Multipart {

  private static final Pattern BOUNDARY = Pattern.compile("boundary=(\"?)([^\";]+)\\1", Pattern.CASE_INSENSITIVE);
  private static final Pattern NAME = Pattern.compile("(?<![a-z])name=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
  private static final Pattern FILENAME = Pattern.compile("filename=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);

  /**
   * One part of a multipart body.
   *
   * @param name the form field's name
   * @param filename the file name the part declares, if any
   * @param contentType the part's content type, if declared
   * @param content the part's bytes
   */
  public record Part(String name, Optional<String> filename, Optional<String> contentType, byte[] content) {
    /**
     * Returns the content as UTF-8 text.
     *
     * @return the text
     */
    public String text() {
      return new String(content, StandardCharsets.UTF_8);
    }
  }

  private Multipart() {
  }

  /**
   * Parses a multipart body.
   *
   * @param contentType the request's {@code Content-Type} header
   * @param body the request body
   * @return the parts in order, keyed by field name (the first part wins for repeated names)
   * @throws IllegalArgumentException if the content type is not multipart or the body is malformed
   */
  public static Map<String, Part> parse(String contentType, byte[] body) {
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      throw new IllegalArgumentException("expected a multipart/form-data body, got content type " + contentType);
    }
    Matcher m = BOUNDARY.matcher(contentType);
    if (!m.find()) {
      throw new IllegalArgumentException("multipart content type has no boundary");
    }
    byte[] delimiter = ("--" + m.group(2)).getBytes(StandardCharsets.ISO_8859_1);
    Map<String, Part> parts = new LinkedHashMap<>();
    List<Integer> starts = new ArrayList<>();
    int at = indexOf(body, delimiter, 0);
    while (at >= 0) {
      starts.add(at);
      at = indexOf(body, delimiter, at + delimiter.length);
    }
    for (int i = 0; i + 1 < starts.size(); i++) {
      int from = starts.get(i) + delimiter.length;
      int to = starts.get(i + 1);
      // Skip the CRLF after the delimiter; drop the CRLF before the next one.
      if (from + 1 < body.length && body[from] == '\r' && body[from + 1] == '\n') {
        from += 2;
      }
      if (to - 2 >= from && body[to - 2] == '\r' && body[to - 1] == '\n') {
        to -= 2;
      }
      int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), from);
      if (headerEnd < 0 || headerEnd > to) {
        throw new IllegalArgumentException("malformed multipart part " + i);
      }
      String headers = new String(body, from, headerEnd - from, StandardCharsets.UTF_8);
      String disposition = null;
      String type = null;
      for (String line : headers.split("\r\n")) {
        String lower = line.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-disposition:")) {
          disposition = line;
        } else if (lower.startsWith("content-type:")) {
          type = line.substring("content-type:".length()).trim();
        }
      }
      if (disposition == null) {
        throw new IllegalArgumentException("multipart part " + i + " has no Content-Disposition");
      }
      Matcher name = NAME.matcher(disposition);
      if (!name.find()) {
        throw new IllegalArgumentException("multipart part " + i + " has no name");
      }
      Matcher filename = FILENAME.matcher(disposition);
      Optional<String> file = filename.find() ? Optional.of(filename.group(1)) : Optional.empty();
      byte[] content = java.util.Arrays.copyOfRange(body, headerEnd + 4, to);
      parts.putIfAbsent(name.group(1), new Part(name.group(1), file, Optional.ofNullable(type), content));
    }
    return parts;
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
