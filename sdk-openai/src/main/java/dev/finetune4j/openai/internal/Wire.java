package dev.finetune4j.openai.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.Page;
import dev.finetune4j.Paged;
import dev.finetune4j.spi.http.Json;
import dev.finetune4j.spi.http.JsonStream;
import dev.finetune4j.openai.OpenAiFile;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Stream;

/** Small readers shared by OpenAI's wire mappings. Not API. */
public final class Wire {
  private Wire() {}

  /**
   * Reads a list envelope {@code {data, has_more, last_id?}} into a page whose cursor is the last item's id.
   *
   * @param list the envelope
   * @param mapper maps one item
   * @param <T> the item type
   * @return the page
   */
  public static <T> Page<T> page(JsonNode list, Function<JsonNode, T> mapper) {
    JsonNode data = list.path("data");
    if (!data.isArray()) {
      throw notAList(kind(list), list.isObject() ? kind(data) : null);
    }
    List<T> items = new ArrayList<>(data.size());
    String lastId = null;
    for (JsonNode item : data) {
      items.add(mapper.apply(item));
      lastId = text(item, "id").orElse(lastId);
    }
    return page(items, text(list, "last_id").orElse(lastId), list.path("has_more").asBoolean(false));
  }

  /**
   * Reads a streamed list envelope like {@link #page}, item by item, but only up to the item with the given id: that
   * item and the ones after it are not kept, nor read past, and the page then has no next cursor.
   *
   * @param json the answer, its parser before the first token
   * @param reader reads one item, the parser at its first token, and leaves the parser at its last
   * @param id the id of an item read, empty if it has none
   * @param stopId the id of the first item not wanted; null reads the whole page
   * @param <T> the item type
   * @return the page
   * @throws IOException if the answer is not JSON
   */
  public static <T> Page<T> pageUntil(JsonStream json, JsonStream.Reader<T> reader, Function<T, String> id,
      String stopId) throws IOException {
    JsonParser p = json.parser();
    JsonToken list = p.nextToken();
    if (list != JsonToken.START_OBJECT) {
      throw notAList(kind(list), null);
    }
    List<T> items = null;
    JsonToken data = null;
    String lastId = null;
    String cursor = null;
    boolean more = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if (field.equals("data")) {
        data = value;
        items = value == JsonToken.START_ARRAY ? new ArrayList<>() : null;
        lastId = null;
        while (items != null && p.nextToken() != JsonToken.END_ARRAY) {
          T item = reader.read(json);
          String itemId = id.apply(item);
          if (stopId != null && stopId.equals(itemId)) {
            return new Page<>(items, Optional.empty());
          }
          items.add(item);
          lastId = itemId.isEmpty() ? lastId : itemId;
        }
      } else if (field.equals("has_more")) {
        more = value.isScalarValue() && p.getValueAsBoolean(false);
      } else if (field.equals("last_id")) {
        cursor = text(p, null);
      }
      p.skipChildren();
    }
    if (items == null) {
      throw notAList("object", kind(data));
    }
    return page(items, cursor == null ? lastId : cursor, more);
  }

  private static <T> Page<T> page(List<T> items, String cursor, boolean more) {
    return new Page<>(items, more && !items.isEmpty() && cursor != null ? Optional.of(cursor) : Optional.empty());
  }

  private static IllegalArgumentException notAList(String list, String data) {
    return new IllegalArgumentException("expected a list with a 'data' array, got " + list
        + (data == null ? "" : " whose 'data' is " + data));
  }

  /**
   * Returns a lazy list whose items are mapped as they are read, page boundaries and cursors unchanged.
   *
   * @param source the list
   * @param mapper maps one item
   * @param <A> the source item type
   * @param <B> the mapped item type
   * @return the mapped list
   */
  public static <A, B> Paged<B> map(Paged<A> source, Function<A, B> mapper) {
    return new Paged<>() {
      @Override
      public Iterator<B> iterator() {
        return stream().iterator();
      }

      @Override
      public Stream<B> stream() {
        return source.stream().map(mapper);
      }

      @Override
      public Iterable<Page<B>> pages() {
        return () -> {
          Iterator<Page<A>> pages = source.pages().iterator();
          return new Iterator<>() {
            @Override
            public boolean hasNext() {
              return pages.hasNext();
            }

            @Override
            public Page<B> next() {
              Page<A> page = pages.next();
              return new Page<>(page.items().stream().map(mapper).toList(), page.nextCursor());
            }
          };
        };
      }
    };
  }

  /**
   * Reads a text field.
   *
   * @param node the object
   * @param field the field
   * @return the text, if present and textual
   */
  public static Optional<String> text(JsonNode node, String field) {
    return Json.text(node, field);
  }

  /**
   * Reads the value a streamed parser is at as text.
   *
   * @param p the parser, at a field's value
   * @param otherwise what to return when the value is not a string
   * @return the text, or {@code otherwise}
   * @throws IOException if the string cannot be read
   */
  public static String text(JsonParser p, String otherwise) throws IOException {
    return p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : otherwise;
  }

  /**
   * Reads a Unix-seconds field.
   *
   * @param node the object
   * @param field the field
   * @return the instant, if present and numeric
   */
  public static Optional<Instant> time(JsonNode node, String field) {
    return Json.epochSeconds(node, field);
  }

  /**
   * Reads a whole-number field.
   *
   * @param node the object
   * @param field the field
   * @return the number, if present and numeric
   */
  public static OptionalLong integer(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isNumber() ? OptionalLong.of(v.asLong()) : OptionalLong.empty();
  }

  /**
   * Reads a decimal field.
   *
   * @param node the object
   * @param field the field
   * @return the number, if present and numeric
   */
  public static OptionalDouble number(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isNumber() ? OptionalDouble.of(v.asDouble()) : OptionalDouble.empty();
  }

  /**
   * Maps a File object.
   *
   * @param json the File object
   * @return the file
   */
  public static OpenAiFile file(JsonNode json) {
    JsonNode bytes = json.path("bytes");
    if (!bytes.isMissingNode() && !bytes.isNull() && !bytes.canConvertToExactIntegral()) {
      throw new IllegalArgumentException("a file's 'bytes' must be a whole number, was " + kind(bytes));
    }
    return new OpenAiFile(
        text(json, "id").filter(id -> !id.isEmpty()).orElseThrow(
            () -> new IllegalArgumentException("a file needs a text 'id', was " + kind(json.path("id")))),
        text(json, "filename").orElse(""),
        bytes.asLong(0),
        time(json, "created_at").orElse(Instant.EPOCH),
        text(json, "purpose").orElse(""),
        text(json, "status"),
        text(json, "status_details"),
        time(json, "expires_at"),
        Json.raw(json));
  }

  private static String kind(JsonNode node) {
    return node.isMissingNode() ? "nothing" : node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  private static String kind(JsonToken token) {
    if (token == null) {
      return "nothing";
    }
    return switch (token) {
      case START_OBJECT -> "object";
      case START_ARRAY -> "array";
      case VALUE_STRING -> "string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
      case VALUE_TRUE, VALUE_FALSE -> "boolean";
      case VALUE_NULL -> "null";
      default -> token.name().toLowerCase(Locale.ROOT);
    };
  }
}
