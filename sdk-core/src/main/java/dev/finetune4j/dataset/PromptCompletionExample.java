package dev.finetune4j.dataset;

import dev.finetune4j.model.ChatMessage;
import java.util.List;

/**
 * A prompt and the completion to learn for it.
 *
 * <p>Both sides are messages, which covers both on-disk shapes: OpenAI's legacy completions format (and TRL's
 * standard prompt-completion) holds one string each, read as one user message and one assistant message; TRL's
 * conversational prompt-completion format holds a message list each. Use {@link #ofText(String, String)} for the
 * string form.
 *
 * @param prompt the prompt messages, never empty
 * @param completion the completion messages, never empty
 */
public record PromptCompletionExample(List<ChatMessage> prompt, List<ChatMessage> completion)
    implements TrainingExample {

  /** Checks that both sides have at least one message, and copies the lists. */
  public PromptCompletionExample {
    prompt = List.copyOf(prompt);
    completion = List.copyOf(completion);
    if (prompt.isEmpty()) {
      throw new IllegalArgumentException("prompt must have at least one message");
    }
    if (completion.isEmpty()) {
      throw new IllegalArgumentException("completion must have at least one message");
    }
  }

  /**
   * Creates an example from a prompt string and a completion string: one user message and one assistant message.
   *
   * @param prompt the prompt text
   * @param completion the completion text
   * @return the example
   */
  public static PromptCompletionExample ofText(String prompt, String completion) {
    return new PromptCompletionExample(List.of(ChatMessage.user(prompt)), List.of(ChatMessage.assistant(completion)));
  }

  @Override
  public ExampleKind kind() {
    return ExampleKind.PROMPT_COMPLETION;
  }
}
