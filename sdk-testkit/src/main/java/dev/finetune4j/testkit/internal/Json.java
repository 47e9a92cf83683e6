package dev.finetune4j.testkit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import mockwebserver3.MockResponse;

/** The one JSON mapper of the emulators, and JSON responses written with it. */
public final class Json {

  /** The mapper for request and response bodies; default Jackson settings. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {
  }

  /**
   * Starts a JSON response.
   *
   * @param status the HTTP status
   * @param body an object Jackson can write (maps, lists, records, {@code JsonNode}s)
   * @return a response builder with status, content type and body set
   * @throws IllegalArgumentException if the body cannot be written as JSON
   */
  public static MockResponse.Builder response(int status, Object body) {
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "application/json")
        .body(write(body));
  }

  /**
   * Writes a value as JSON text.
   *
   * @param body an object Jackson can write
   * @return the JSON text
   * @throws IllegalArgumentException if the body cannot be written as JSON
   */
  public static String write(Object body) {
    try {
      return MAPPER.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write response body as JSON", e);
    }
  }
}
