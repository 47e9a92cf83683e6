package dev.finetune4j.spi.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.Optional;

/**
 * The one JSON configuration of finetune4j: tolerant reading (unknown fields are kept in the raw tree, never fatal),
 * compact writing (no indentation, absent values left out).
 */
public final class Json {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new Jdk8Module())
      .addModule(new JavaTimeModule())
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(SerializationFeature.INDENT_OUTPUT)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .serializationInclusion(JsonInclude.Include.NON_ABSENT)
      .build();

  private Json() {}

  /**
   * Returns the shared mapper. Do not reconfigure it.
   *
   * @return the mapper
   */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Returns a new empty JSON object.
   *
   * @return the object
   */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
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
}
