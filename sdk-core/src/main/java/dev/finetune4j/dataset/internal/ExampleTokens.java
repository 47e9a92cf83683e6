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
import java.util.Arrays;
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
 *
 * <p>The conversation is counted in one pass, each text once: an assistant message's tokens go to the total and to
 * the assistant's share, and the tokens of each role's name are counted once per counter. With a cache, texts seen
 * before are not tokenized again ({@link TextTokenCache}). A counter that overrides {@link TokenCounter#countMessages}
 * is asked for its own conversation count. The counts are those of the definitions above, cache or not. Not
 * thread-safe: one per thread.
 */
public final class ExampleTokens {
  private final TokenCounter counter;
  private final TextTokenCache cache;
  private final boolean ownConversationCount;
  private final int[] roleTokens = new int[Role.values().length];

  /**
   * Creates a counter of examples.
   *
   * @param counter the token counter
   * @param cache whether to remember the counts of texts seen before
   */
  public ExampleTokens(TokenCounter counter, boolean cache) {
    this.counter = counter;
    this.cache = cache ? new TextTokenCache(counter) : null;
    this.ownConversationCount = overridesCountMessages(counter);
    Arrays.fill(roleTokens, -1);
  }

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
   * @param example the example
   * @return its counts
   */
  public Count count(TrainingExample example) {
    if (example instanceof ChatExample chat) {
      return conversation(chat.messages(), chat.tools());
    }
    if (example instanceof PromptCompletionExample pc) {
      int total = 0;
      for (ChatMessage message : pc.prompt()) {
        total += text(message.text());
      }
      int completion = 0;
      for (ChatMessage message : pc.completion()) {
        completion += text(message.text());
      }
      return new Count(total + completion, completion);
    }
    PreferenceExample pref = (PreferenceExample) example;
    List<ChatMessage> all = new ArrayList<>(pref.input().size() + 2);
    all.addAll(pref.input());
    all.add(pref.preferred());
    all.add(pref.rejected());
    return conversation(all, pref.tools(), pref.input().size());
  }

  private Count conversation(List<ChatMessage> messages, List<JsonNode> tools) {
    return conversation(messages, tools, 0);
  }

  /** Counts messages and tools; assistant tokens are those of assistant messages from {@code firstAnswer} on. */
  private Count conversation(List<ChatMessage> messages, List<JsonNode> tools, int firstAnswer) {
    int total = 0;
    int assistant = 0;
    for (int i = 0; i < messages.size(); i++) {
      ChatMessage message = messages.get(i);
      int answer = text(message.text());
      for (ToolCall call : message.toolCalls()) {
        answer += text(call.name()) + text(call.arguments());
      }
      if (i >= firstAnswer && message.role() == Role.ASSISTANT) {
        assistant += answer;
      }
      if (!ownConversationCount) {
        total += 3 + role(message.role()) + answer;
        if (message.name().isPresent()) {
          total += text(message.name().get()) + 1;
        }
        if (message.toolCallId().isPresent()) {
          total += text(message.toolCallId().get());
        }
      }
    }
    total = ownConversationCount ? counter.countMessages(messages) : total + 3;
    for (JsonNode tool : tools) {
      total += text(Json.write(tool));
    }
    return new Count(total, assistant);
  }

  private int role(Role role) {
    int tokens = roleTokens[role.ordinal()];
    if (tokens < 0) {
      tokens = counter.count(role.wireName());
      roleTokens[role.ordinal()] = tokens;
    }
    return tokens;
  }

  private int text(String text) {
    return cache != null ? cache.count(text) : counter.count(text);
  }

  private static boolean overridesCountMessages(TokenCounter counter) {
    try {
      return counter.getClass().getMethod("countMessages", List.class).getDeclaringClass() != TokenCounter.class;
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }
}
