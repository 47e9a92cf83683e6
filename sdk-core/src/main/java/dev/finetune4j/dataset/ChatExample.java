package dev.finetune4j.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.model.ChatMessage;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A conversation to train on: OpenAI's supervised and reinforcement format, and TRL's conversational language
 * modelling format ({@code {"messages": [...]}}).
 *
 * <p>Top-level keys other than {@code messages}, {@code tools} and {@code parallel_tool_calls} are kept in
 * {@link #extraFields()}: reinforcement fine-tuning exposes them to graders (for example {@code reference_answer}).
 * JSON values are copied on construction; do not modify the nodes this record returns.
 *
 * @param messages the conversation, never empty
 * @param tools the function definitions available in the conversation, as raw JSON; empty if none
 * @param parallelToolCalls whether the model may call several tools at once; empty for the provider's default
 * @param extraFields other top-level keys in their original order; empty if none
 */
public record ChatExample(
    List<ChatMessage> messages,
    List<JsonNode> tools,
    Optional<Boolean> parallelToolCalls,
    Map<String, JsonNode> extraFields) implements TrainingExample {

  /** Checks that no component is null and that there is at least one message, and copies the collections. */
  public ChatExample {
    messages = List.copyOf(messages);
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("messages must not be empty");
    }
    tools = tools.isEmpty() ? List.of() : tools.stream().<JsonNode>map(JsonNode::deepCopy).toList();
    Objects.requireNonNull(parallelToolCalls, "parallelToolCalls");
    if (extraFields.isEmpty()) {
      extraFields = Map.of();
    } else {
      Map<String, JsonNode> copy = new LinkedHashMap<>();
      extraFields.forEach((key, value) -> copy.put(Objects.requireNonNull(key, "extraFields key"),
          Objects.requireNonNull(value, "extraFields value").deepCopy()));
      extraFields = Collections.unmodifiableMap(copy);
    }
  }

  /**
   * Creates an example from messages alone.
   *
   * @param messages the conversation, at least one message
   * @return the example
   */
  public static ChatExample of(List<ChatMessage> messages) {
    return new ChatExample(messages, List.of(), Optional.empty(), Map.of());
  }

  /**
   * Creates an example from messages alone.
   *
   * @param messages the conversation, at least one message
   * @return the example
   */
  public static ChatExample of(ChatMessage... messages) {
    return of(Arrays.asList(messages));
  }

  @Override
  public ExampleKind kind() {
    return ExampleKind.CHAT;
  }
}
