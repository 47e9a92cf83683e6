package dev.finetune4j.testkit.huggingface;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metadata block of a repository card ({@code README.md}), as the Hub shows it in {@code cardData}: the YAML
 * between the leading {@code ---} lines. Only the shapes cards use in practice are read: {@code key: value} scalars,
 * {@code key:} followed by {@code - item} lines, and {@code [a, b]} inline lists.
 */
final class CardData {

  private CardData() {
  }

  /** The card's metadata, or {@code null} when the file has no metadata block. */
  static Map<String, Object> parse(String readme) {
    String text = readme.replace("\r\n", "\n");
    if (!text.startsWith("---\n")) {
      return null;
    }
    int end = text.indexOf("\n---", 3);
    if (end < 0) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    String key = null;
    for (String line : text.substring(4, end).split("\n")) {
      if (line.isBlank() || line.stripLeading().startsWith("#")) {
        continue;
      }
      String stripped = line.strip();
      if (stripped.startsWith("- ") && key != null && out.get(key) instanceof List<?> list) {
        @SuppressWarnings("unchecked")
        List<Object> items = (List<Object>) list;
        items.add(scalar(stripped.substring(2).strip()));
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || Character.isWhitespace(line.charAt(0))) {
        continue;
      }
      key = line.substring(0, colon).strip();
      String value = line.substring(colon + 1).strip();
      if (value.isEmpty()) {
        out.put(key, new ArrayList<>());
      } else if (value.startsWith("[") && value.endsWith("]")) {
        List<Object> items = new ArrayList<>();
        for (String item : value.substring(1, value.length() - 1).split(",")) {
          if (!item.isBlank()) {
            items.add(scalar(item.strip()));
          }
        }
        out.put(key, items);
      } else {
        out.put(key, scalar(value));
      }
    }
    return out;
  }

  private static Object scalar(String value) {
    if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
        || value.startsWith("'") && value.endsWith("'"))) {
      return value.substring(1, value.length() - 1);
    }
    if (value.equals("true") || value.equals("false")) {
      return Boolean.parseBoolean(value);
    }
    if (value.matches("-?\\d{1,18}")) {
      return Long.parseLong(value);
    }
    return value;
  }
}
