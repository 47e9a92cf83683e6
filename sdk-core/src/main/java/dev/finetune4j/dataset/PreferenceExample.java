package dev.finetune4j.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.model.Role;
import java.util.List;
import java.util.Objects;

/**
 * A prompt with a preferred and a rejected answer, for preference training (DPO): OpenAI's
 * {@code input}/{@code preferred_output}/{@code non_preferred_output} and TRL's {@code prompt}/{@code chosen}/{@code
 * rejected}.
 *
 * @param input the conversation before the answer, never empty
 * @param preferred the preferred assistant answer
 * @param rejected the rejected assistant answer
 * @param tools the function definitions available, as raw JSON; empty if none. Do not modify the nodes.
 */
public record PreferenceExample(List<ChatMessage> input, ChatMessage preferred, ChatMessage rejected,
    List<JsonNode> tools) implements TrainingExample {

  /** Checks that the input is not empty and that both answers are assistant messages, and copies the lists. */
  public PreferenceExample {
    input = List.copyOf(input);
    if (input.isEmpty()) {
      throw new IllegalArgumentException("input must have at least one message");
    }
    requireAssistant(preferred, "preferred");
    requireAssistant(rejected, "rejected");
    tools = tools.stream().<JsonNode>map(JsonNode::deepCopy).toList();
  }

  /**
   * Creates an example without tools.
   *
   * @param input the conversation before the answer
   * @param preferred the preferred assistant answer
   * @param rejected the rejected assistant answer
   * @return the example
   */
  public static PreferenceExample of(List<ChatMessage> input, ChatMessage preferred, ChatMessage rejected) {
    return new PreferenceExample(input, preferred, rejected, List.of());
  }

  private static void requireAssistant(ChatMessage message, String name) {
    Objects.requireNonNull(message, name);
    if (message.role() != Role.ASSISTANT) {
      throw new IllegalArgumentException(name + " must be an assistant message, was " + message.role().wireName());
    }
  }

  @Override
  public ExampleKind kind() {
    return ExampleKind.PREFERENCE;
  }
}
