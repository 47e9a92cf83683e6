package dev.finetune4j.spi.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.finetune4j.RawJson;
import dev.finetune4j.spi.http.internal.RawJsonAccess;
import java.util.Objects;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.Optional;

/**
 * The one JSON configuration of finetune4j: tolerant reading (unknown fields are kept in the raw tree, never fatal),
 * compact writing (no indentation, absent values left out). The mapper itself is never handed out: readers and
 * writers are immutable, so no caller can change how the SDK reads or writes. Part of the provider kit.
 */
public final class Json {
  /** The most tokens (values, keys, brackets) one answer may have: a wider tree is refused before it fills the heap. */
  public static final long MAX_TOKENS = 2_000_000;
  /** The longest string one answer may hold, in characters. */
  public static final int MAX_STRING_LENGTH = 16 << 20;

  private static final ObjectMapper MAPPER = JsonMapper.builder(com.fasterxml.jackson.core.JsonFactory.builder()
          .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
              .maxTokenCount(MAX_TOKENS).maxStringLength(MAX_STRING_LENGTH).build())
          .build())
      .addModule(new Jdk8Module())
      .addModule(new JavaTimeModule())
      .addModule(new SimpleModule("finetune4j-raw-json").addSerializer(new RawJsonSerializer()))
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(SerializationFeature.INDENT_OUTPUT)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .defaultPropertyInclusion(
          JsonInclude.Value.construct(JsonInclude.Include.NON_ABSENT, JsonInclude.Include.NON_ABSENT))
      .build();
  private static final ObjectReader READER = MAPPER.readerFor(JsonNode.class);
  private static final ObjectWriter WRITER = MAPPER.writer();

  private Json() {}

  /**
   * Wraps a JSON tree in a read-only view for the public API. The view holds its own deep copy: changing the tree
   * afterwards does not change it. A tree that cannot change (one {@link ApiResponse#read} hands its reader) is
   * shared instead.
   *
   * @param tree the tree
   * @return the view
   */
  public static RawJson raw(JsonNode tree) {
    return RawJsonAccess.get().wrap(Objects.requireNonNull(tree, "tree"));
  }

  /**
   * Returns a deep copy of the tree a view holds, for building a request or reading with Jackson. Changing the copy
   * does not change the view.
   *
   * @param raw the view
   * @return a new tree; a missing node for a missing view
   */
  public static JsonNode tree(RawJson raw) {
    return RawJsonAccess.get().tree(Objects.requireNonNull(raw, "raw")).deepCopy();
  }

  /**
   * Returns a reader with the SDK's settings. Readers are immutable: configure a copy with {@code with(...)}.
   *
   * @return the reader of JSON trees
   */
  public static ObjectReader reader() {
    return READER;
  }

  /**
   * Returns a reader for one type with the SDK's settings.
   *
   * @param type the type to read
   * @return the reader
   */
  public static ObjectReader reader(Class<?> type) {
    return MAPPER.readerFor(type);
  }

  /**
   * Returns a writer with the SDK's settings (compact, absent values left out). Writers are immutable.
   *
   * @return the writer
   */
  public static ObjectWriter writer() {
    return WRITER;
  }

  /**
   * Parses JSON bytes.
   *
   * @param json the bytes
   * @return the tree
   * @throws IOException if they are not JSON
   */
  public static JsonNode parse(byte[] json) throws IOException {
    return READER.readTree(json);
  }

  /**
   * Parses JSON text.
   *
   * @param json the text
   * @return the tree
   * @throws IOException if it is not JSON
   */
  public static JsonNode parse(String json) throws IOException {
    return READER.readTree(json);
  }

  /**
   * Converts a value to a JSON tree with the SDK's settings.
   *
   * @param value the value
   * @return the tree
   */
  public static JsonNode toTree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /**
   * Returns the factory of JSON values.
   *
   * @return the node factory
   */
  public static JsonNodeFactory nodes() {
    return JsonNodeFactory.instance;
  }

  /**
   * Returns a new empty JSON array.
   *
   * @return the array
   */
  public static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  /**
   * Returns a new empty JSON object.
   *
   * @return the object
   */
  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /**
   * Reads a text field.
   *
   * @param node the object
   * @param field the field name
   * @return the text, or empty when the field is absent, null or not text
   */
  public static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
  }

  /**
   * Reads a Unix-seconds timestamp field.
   *
   * @param node the object
   * @param field the field name
   * @return the instant, or empty when the field is absent, null or not a number
   */
  public static Optional<Instant> epochSeconds(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isNumber() ? Optional.of(Instant.ofEpochSecond(value.asLong())) : Optional.empty();
  }

  /** Writes a {@link RawJson} as the JSON it holds. */
  private static final class RawJsonSerializer extends StdSerializer<RawJson> {
    private static final long serialVersionUID = 1L;

    RawJsonSerializer() {
      super(RawJson.class);
    }

    @Override
    public void serialize(RawJson value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeTree(RawJsonAccess.get().tree(value));
    }
  }
}
