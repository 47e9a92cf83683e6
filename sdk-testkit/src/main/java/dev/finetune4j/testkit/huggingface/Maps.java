package dev.finetune4j.testkit.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finetune4j.testkit.internal.Json;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers for building response objects and reading request bodies. */
final class Maps {

  static final ObjectMapper MAPPER = Json.MAPPER;

  private Maps() {
  }

  /** An ordered map from alternating keys and values; {@code null} values are kept (written as JSON null). */
  static Map<String, Object> of(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      throw HfError.badRequest("Request body is empty; a JSON object is expected");
    }
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      throw HfError.badRequest("Request body is not valid JSON: " + e.getMessage().split("\n")[0]);
    }
  }

  static JsonNode parseObject(byte[] body) {
    JsonNode node = parse(body);
    if (!node.isObject()) {
      throw HfError.badRequest("Request body must be a JSON object");
    }
    return node;
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
