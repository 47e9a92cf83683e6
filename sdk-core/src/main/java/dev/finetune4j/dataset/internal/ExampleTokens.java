package dev.finetune4j.dataset.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.dataset.ChatExample;
import dev.finetune4j.dataset.PreferenceExample;
import dev.finetune4j.dataset.PromptCompletionExample;
import dev.finetune4j.dataset.TokenCounter;
import dev.finetune4j.dataset.TrainingExample;
import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.model.Role;
import dev.finetune4j.model.ToolCall;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts the tokens of one example.
 *
 * <ul>
 *   <li>chat: {@link TokenCounter#countMessages} plus the compact JSON text of each tool definition;
 *   <li>prompt-completion: the text of every prompt and completion message, with no per-message overhead;
 *   <li>preference: {@link TokenCounter#countMessages} of the input followed by both answers, plus tool definitions.
 * </ul>
 *
 * <p>Assistant tokens are the text and tool calls of assistant messages (both answers of a preference pair).
 */
public final class ExampleTokens {
  private ExampleTokens() {}

  /**
   * The counts of one example.
   *
   * @param total all tokens
   * @param assistant the assistant's tokens
   */
  public record Count(int total, int assistant) {}

  /**
   * Counts an example.
   *
   * @param counter the counter
   * @param example the example
   * @return its counts
   */
  public static Count count(TokenCounter counter, TrainingExample example) {
    if (example instanceof ChatExample chat) {
      return new Count(counter.countMessages(chat.messages()) + tools(counter, chat.tools()),
          assistant(counter, chat.messages()));
    }
    if (example instanceof PromptCompletionExample pc) {
      int total = 0;
      for (ChatMessage message : pc.prompt()) {
        total += counter.count(message.text());
      }
      int completion = 0;
      for (ChatMessage message : pc.completion()) {
        completion += counter.count(message.text());
      }
      return new Count(total + completion, completion);
    }
    PreferenceExample pref = (PreferenceExample) example;
    List<ChatMessage> all = new ArrayList<>(pref.input());
    all.add(pref.preferred());
    all.add(pref.rejected());
    return new Count(counter.countMessages(all) + tools(counter, pref.tools()),
        assistant(counter, List.of(pref.preferred(), pref.rejected())));
  }

  private static int tools(TokenCounter counter, List<JsonNode> tools) {
    int tokens = 0;
    for (JsonNode tool : tools) {
      tokens += counter.count(Json.write(tool));
    }
    return tokens;
  }

  private static int assistant(TokenCounter counter, List<ChatMessage> messages) {
    int tokens = 0;
    for (ChatMessage message : messages) {
      if (message.role() == Role.ASSISTANT) {
        tokens += counter.count(message.text());
        for (ToolCall call : message.toolCalls()) {
          tokens += counter.count(call.name()) + counter.count(call.arguments());
        }
      }
    }
    return tokens;
  }
}
