package dev.finetune4j.testkit.internal.openai;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a mount of the OpenAI routes writes an {@link ApiError} as a response body. OpenAI's is
 * {@link #openAi()}; another service speaking the same protocol supplies its own.
 */
@FunctionalInterface
public interface ErrorEnvelope {

  /**
   * Returns the JSON body for an error.
   *
   * @param error the error
   * @return an object Jackson can write (maps, lists, {@code JsonNode}s)
   */
  Object body(ApiError error);

  /**
   * Returns OpenAI's envelope, {@code {"error":{"message","type","param","code"}}}, with absent values as JSON null.
   *
   * @return the envelope
   */
  static ErrorEnvelope openAi() {
    return error -> {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("message", error.getMessage());
      fields.put("type", error.type);
      fields.put("param", error.param);
      fields.put("code", error.code);
      return Map.of("error", fields);
    };
  }

  /**
   * Returns Azure OpenAI's envelope, {@code {"error":{"code","message","param","type"}}}: the code is the error's
   * code, or its type when it has none.
   *
   * @return the envelope
   */
  static ErrorEnvelope azure() {
    return error -> {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("code", error.code != null ? error.code : error.type);
      fields.put("message", error.getMessage());
      fields.put("param", error.param);
      fields.put("type", error.type);
      return Map.of("error", fields);
    };
  }
}
