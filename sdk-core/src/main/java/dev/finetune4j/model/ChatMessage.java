package dev.finetune4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One message of a conversation, used both in training examples and in chat requests and responses.
 *
 * <p>Text content is in {@link #content()}. Content given as an array of parts (for example text and images) is kept
 * as the provider's raw parts in {@link #contentParts()}, and {@link #content()} then holds the concatenated text.
 *
 * @param role who wrote the message
 * @param content the text, if any; an assistant message that only calls tools has none
 * @param contentParts the raw content parts when the content was an array; empty otherwise
 * @param name the optional participant or function name
 * @param toolCalls the tool calls of an assistant message; empty otherwise
 * @param toolCallId the call a {@code tool} message answers
 * @param weight for training examples, whether an assistant message is trained on (1) or not (0)
 */
public record ChatMessage(
    Role role,
    Optional<String> content,
    List<JsonNode> contentParts,
    Optional<String> name,
    List<ToolCall> toolCalls,
    Optional<String> toolCallId,
    OptionalInt weight) {

  /** Checks that no component is null and copies the lists. */
  public ChatMessage {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
    contentParts = List.copyOf(contentParts);
    Objects.requireNonNull(name, "name");
    toolCalls = List.copyOf(toolCalls);
    Objects.requireNonNull(toolCallId, "toolCallId");
    Objects.requireNonNull(weight, "weight");
  }

  /**
   * Creates a text message.
   *
   * @param role the author
   * @param content the text
   * @return the message
   */
  public static ChatMessage of(Role role, String content) {
    return new ChatMessage(role, Optional.of(content), List.of(), Optional.empty(), List.of(), Optional.empty(),
        OptionalInt.empty());
  }

  /**
   * Creates a system message.
   *
   * @param content the instructions
   * @return the message
   */
  public static ChatMessage system(String content) {
    return of(Role.SYSTEM, content);
  }

  /**
   * Creates a user message.
   *
   * @param content the user's text
   * @return the message
   */
  public static ChatMessage user(String content) {
    return of(Role.USER, content);
  }

  /**
   * Creates an assistant message.
   *
   * @param content the assistant's text
   * @return the message
   */
  public static ChatMessage assistant(String content) {
    return of(Role.ASSISTANT, content);
  }

  /**
   * Creates an assistant message that calls tools.
   *
   * @param toolCalls the calls, at least one
   * @return the message
   */
  public static ChatMessage assistantToolCalls(List<ToolCall> toolCalls) {
    if (toolCalls.isEmpty()) {
      throw new IllegalArgumentException("toolCalls must not be empty");
    }
    return new ChatMessage(Role.ASSISTANT, Optional.empty(), List.of(), Optional.empty(), toolCalls,
        Optional.empty(), OptionalInt.empty());
  }

  /**
   * Creates a tool message answering a tool call.
   *
   * @param toolCallId the id of the call it answers
   * @param content the tool's result
   * @return the message
   */
  public static ChatMessage tool(String toolCallId, String content) {
    return new ChatMessage(Role.TOOL, Optional.of(content), List.of(), Optional.empty(), List.of(),
        Optional.of(toolCallId), OptionalInt.empty());
  }

  /**
   * Returns a copy with a training weight: 0 to leave this assistant message out of training, 1 to train on it.
   *
   * @param weight 0 or 1
   * @return the copy
   */
  public ChatMessage withWeight(int weight) {
    if (weight != 0 && weight != 1) {
      throw new IllegalArgumentException("weight must be 0 or 1, was " + weight);
    }
    return new ChatMessage(role, content, contentParts, name, toolCalls, toolCallId, OptionalInt.of(weight));
  }

  /**
   * Returns the text, or an empty string when the message has none.
   *
   * @return the text
   */
  public String text() {
    return content.orElse("");
  }
}
