package dev.finetune4j.dataset.internal;

import dev.finetune4j.error.LocalIoException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON mapper the dataset package shares: strict about syntax, compact output. */
public final class Json {
  /** Strict parser: duplicate keys and trailing tokens are errors; big numbers kept exact. */
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
      .build();

  private Json() {}

  /**
   * Returns a new empty object node.
   *
   * @return the node
   */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /**
   * Writes a node as compact JSON text.
   *
   * @param node the node
   * @return one line of JSON
   */
  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new LocalIoException(String.valueOf(e.getMessage()), null, e);
    }
  }

  /**
   * Names a node's JSON type for messages: {@code string}, {@code number}, {@code object}...
   *
   * @param node the node
   * @return the type name
   */
  public static String typeName(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "missing";
    }
    switch (node.getNodeType()) {
      case ARRAY: return "array";
      case OBJECT: case POJO: return "object";
      case STRING: return "string";
      case NUMBER: return "number";
      case BOOLEAN: return "boolean";
      case NULL: return "null";
      default: return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static final String[] MESSAGE_PATHS =
      java.util.stream.IntStream.range(0, 64).mapToObj(i -> "messages[" + i + "]").toArray(String[]::new);

  /**
   * Returns the path of an array's element, {@code path[index]}; the first paths of {@code messages} are made once.
   *
   * @param path the array's path
   * @param index the element's index
   * @return the element's path
   */
  public static String indexed(String path, int index) {
    return index < MESSAGE_PATHS.length && path.equals("messages") ? MESSAGE_PATHS[index] : path + "[" + index + "]";
  }

}
