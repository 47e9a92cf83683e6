package dev.finetune4j.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The on-disk shapes of a training example, one JSON object per JSONL line.
 *
 * <p>Two pairs share a shape: {@link #OPENAI_CHAT} and {@link #TRL_MESSAGES} are both {@code {"messages": [...]}},
 * and TRL also accepts {@link #OPENAI_PROMPT_COMPLETION}'s string form. {@link #detect(JsonNode)} returns the OpenAI
 * name for a shared shape, and {@link #accepts(DatasetFormat)} says which detected shapes a format takes.
 */
public enum DatasetFormat {
  /** OpenAI supervised and reinforcement data: {@code {"messages": [...], "tools"?: [...]}}. */
  OPENAI_CHAT(ExampleKind.CHAT),
  /** OpenAI legacy completions data (babbage-002, davinci-002): {@code {"prompt": "...", "completion": "..."}}. */
  OPENAI_PROMPT_COMPLETION(ExampleKind.PROMPT_COMPLETION),
  /**
   * OpenAI preference (DPO) data: {@code {"input": {"messages": [...]}, "preferred_output": [assistant],
   * "non_preferred_output": [assistant]}}.
   */
  OPENAI_PREFERENCE(ExampleKind.PREFERENCE),
  /** TRL conversational language modelling: {@code {"messages": [...]}}. */
  TRL_MESSAGES(ExampleKind.CHAT),
  /** TRL conversational prompt-completion: {@code {"prompt": [messages], "completion": [messages]}}. */
  TRL_PROMPT_COMPLETION(ExampleKind.PROMPT_COMPLETION),
  /**
   * TRL conversational preference with an explicit prompt: {@code {"prompt": [messages], "chosen": [assistant],
   * "rejected": [assistant]}}.
   */
  TRL_PREFERENCE(ExampleKind.PREFERENCE);

  private final ExampleKind kind;
  private final Optional<DatasetFormat> detected = Optional.of(this);

  DatasetFormat(ExampleKind kind) {
    this.kind = kind;
  }

  /**
   * Returns the kind of example this format holds.
   *
   * @return the kind
   */
  public ExampleKind kind() {
    return kind;
  }

  /**
   * Says whether a line detected as {@code detected} is valid input for this format: the same format, or a shape
   * this format shares ({@link #TRL_MESSAGES} takes {@link #OPENAI_CHAT}, {@link #TRL_PROMPT_COMPLETION} takes
   * {@link #OPENAI_PROMPT_COMPLETION}).
   *
   * @param detected a format returned by {@link #detect(JsonNode)}
   * @return whether this format takes it
   */
  public boolean accepts(DatasetFormat detected) {
    return this == detected
        || (this == TRL_MESSAGES && detected == OPENAI_CHAT)
        || (this == OPENAI_CHAT && detected == TRL_MESSAGES)
        || (this == TRL_PROMPT_COMPLETION && detected == OPENAI_PROMPT_COMPLETION);
  }

  /**
   * Detects the format of one parsed line from the keys it has:
   *
   * <ul>
   *   <li>{@code input} or {@code preferred_output} or {@code non_preferred_output}: {@link #OPENAI_PREFERENCE};
   *   <li>{@code chosen} or {@code rejected}: {@link #TRL_PREFERENCE};
   *   <li>{@code messages}: {@link #OPENAI_CHAT} (the same shape as {@link #TRL_MESSAGES});
   *   <li>{@code prompt} or {@code completion} holding an array: {@link #TRL_PROMPT_COMPLETION};
   *   <li>{@code prompt} or {@code completion} otherwise: {@link #OPENAI_PROMPT_COMPLETION}.
   * </ul>
   *
   * <p>Only the keys are looked at: a detected line may still be invalid.
   *
   * @param line one JSONL line, parsed
   * @return the format, or empty when the value is not an object or has none of these keys
   */
  public static Optional<DatasetFormat> detect(JsonNode line) {
    if (line == null || !line.isObject()) {
      return Optional.empty();
    }
    if (line.has("input") || line.has("preferred_output") || line.has("non_preferred_output")) {
      return OPENAI_PREFERENCE.detected;
    }
    if (line.has("chosen") || line.has("rejected")) {
      return TRL_PREFERENCE.detected;
    }
    if (line.has("messages")) {
      return OPENAI_CHAT.detected;
    }
    if (line.has("prompt") || line.has("completion")) {
      JsonNode prompt = line.path("prompt");
      JsonNode completion = line.path("completion");
      return (prompt.isArray() || completion.isArray() ? TRL_PROMPT_COMPLETION : OPENAI_PROMPT_COMPLETION).detected;
    }
    return Optional.empty();
  }
}
