package dev.finetune4j.eval.internal;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.finetune4j.spi.http.Json;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** JSON parsing of answers and field lookup by path. */
public final class JsonPaths {
  private static final ObjectReader STRICT =
      Json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Pattern DOTTED = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

  private static final Comparator<JsonNode> NUMERIC = (x, y) -> {
    if (x.equals(y)) {
      return 0;
    }
    return x.isNumber() && y.isNumber() && x.decimalValue().compareTo(y.decimalValue()) == 0 ? 0 : 1;
  };

  private JsonPaths() {}

  /**
   * Parses text as one JSON value, after removing a Markdown code fence around it.
   *
   * @param text the text
   * @return the value, or empty when the text is not exactly one JSON value
   */
  public static Optional<JsonNode> parse(String text) {
    String s = Text.unfence(text);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonNode node = STRICT.readValue(s);
      return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Checks a path: a JSON Pointer ({@code /items/0/name}) or a dotted path ({@code items[0].name}).
   *
   * @param path the path
   * @return the pointer it denotes
   * @throws IllegalArgumentException if the path is neither
   */
  public static JsonPointer pointer(String path) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("a JSON path must not be blank; use /a/b or a.b[0]");
    }
    if (path.startsWith("/")) {
      try {
        return JsonPointer.compile(path);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + path + "' is not a JSON Pointer: " + e.getMessage(), e);
      }
    }
    StringBuilder pointer = new StringBuilder();
    Matcher m = DOTTED.matcher(path);
    int end = 0;
    while (m.find()) {
      String between = path.substring(end, m.start());
      if (!between.isEmpty() && !between.equals(".")) {
        throw new IllegalArgumentException("'" + path + "' is not a dotted path such as a.b[0].c");
      }
      String segment = m.group(1) != null ? m.group(1) : m.group(2);
      pointer.append('/').append(segment.replace("~", "~0").replace("/", "~1"));
      end = m.end();
    }
    if (end != path.length() || pointer.length() == 0) {
      throw new IllegalArgumentException("'" + path + "' is not a dotted path such as a.b[0].c");
    }
    return JsonPointer.compile(pointer.toString());
  }

  /**
   * Compares two JSON values; numbers compare by value, so 1, 1.0 and 1e0 are equal.
   *
   * @param a one value
   * @param b the other
   * @return whether they are equal
   */
  public static boolean same(JsonNode a, JsonNode b) {
    return a.equals(NUMERIC, b);
  }
}
