package dev.finetune4j.model;

import java.util.Objects;

/**
 * A function call made by the assistant: the call's id, the function's name, and its arguments as a JSON string.
 *
 * @param id the call's id, quoted by the {@code tool} message that answers it
 * @param name the function's name
 * @param arguments the arguments as JSON text, exactly as the model wrote them
 */
public record ToolCall(String id, String name, String arguments) {

  /** Checks that no component is null. */
  public ToolCall {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(arguments, "arguments");
  }
}
