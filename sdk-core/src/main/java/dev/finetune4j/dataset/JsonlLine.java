package dev.finetune4j.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of a JSONL file as read by {@link JsonlReader}: its number, its text, and either its parsed JSON or why it
 * could not be parsed.
 *
 * @param number the 1-based line number
 * @param text the line's text without the line terminator
 * @param json the parsed value; empty for a blank line or invalid JSON. Do not modify the node.
 * @param error why the line is not valid JSON; empty for a valid or blank line
 * @param errorCode what kind of problem {@code error} is: {@link FindingCode#INVALID_JSON},
 *     {@link FindingCode#INVALID_ENCODING} or {@link FindingCode#LINE_TOO_LONG}; present exactly when {@code error} is
 */
public record JsonlLine(long number, String text, Optional<JsonNode> json, Optional<String> error,
    Optional<FindingCode> errorCode) {

  /** Checks that no component is null, that the line number is positive and that an error has a code. */
  public JsonlLine {
    if (number < 1) {
      throw new IllegalArgumentException("number must be 1 or more, was " + number);
    }
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(errorCode, "errorCode");
    if (error.isPresent() != errorCode.isPresent()) {
      throw new IllegalArgumentException("an error and its code go together");
    }
  }

  /**
   * A line whose error, if any, is {@link FindingCode#INVALID_JSON}.
   *
   * @param number the 1-based line number
   * @param text the line's text
   * @param json the parsed value
   * @param error why the line is not valid JSON
   */
  public JsonlLine(long number, String text, Optional<JsonNode> json, Optional<String> error) {
    this(number, text, json, error, error.map(e -> FindingCode.INVALID_JSON));
  }

  /**
   * Says whether the line is empty or only whitespace.
   *
   * @return true for a blank line
   */
  public boolean isBlank() {
    return error.isEmpty() && text.isBlank();
  }

  /**
   * Says whether the line parsed as JSON.
   *
   * @return true when {@link #json()} is present
   */
  public boolean isValid() {
    return json.isPresent();
  }

  /** Returns the line number and the start of the text, never more than 80 characters of it. */
  @Override
  public String toString() {
    String head = text.length() > 80 ? text.substring(0, 80) + "..." : text;
    return "JsonlLine[" + number + ": " + head + (error.map(e -> " (" + e + ")").orElse("")) + "]";
  }
}
