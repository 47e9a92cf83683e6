package dev.finetune4j.dataset;

import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.model.ToolCall;
import java.util.List;

/**
 * Counts the tokens of text and of conversations. {@link TokenCounters} has exact counters for OpenAI's tokenizers
 * and an estimate; a provider's {@link DatasetRules} say which one applies to a model.
 *
 * <p>Implementations are thread-safe.
 */
public interface TokenCounter {

  /**
   * Counts the tokens of a text, treating special-token markers such as {@code <|endoftext|>} as ordinary text.
   *
   * @param text the text
   * @return the number of tokens, 0 for an empty text
   */
  int count(String text);

  /**
   * Counts a conversation the way OpenAI's fine-tuning data-preparation cookbook does: 3 tokens per message, plus
   * the encoded length of each value (role, text content, name, tool call id, each tool call's function name and
   * arguments), plus 1 for a {@code name}, plus 3 for priming the reply. Images in content parts are not counted.
   *
   * @param messages the messages
   * @return the number of tokens
   */
  default int countMessages(List<ChatMessage> messages) {
    int tokens = 0;
    for (ChatMessage message : messages) {
      tokens += 3;
      tokens += count(message.role().wireName());
      tokens += count(message.text());
      if (message.name().isPresent()) {
        tokens += count(message.name().get()) + 1;
      }
      if (message.toolCallId().isPresent()) {
        tokens += count(message.toolCallId().get());
      }
      for (ToolCall call : message.toolCalls()) {
        tokens += count(call.name()) + count(call.arguments());
      }
    }
    return tokens + 3;
  }

  /**
   * Says whether counts are exact for the model (the model's own tokenizer) or an estimate.
   *
   * @return true for exact counts
   */
  boolean isExact();

  /**
   * Names the tokenizer, such as {@code o200k_base}, or the estimate used.
   *
   * @return the name
   */
  String name();
}
