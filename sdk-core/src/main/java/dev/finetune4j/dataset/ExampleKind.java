package dev.finetune4j.dataset;

/** The kinds of training example, each with its own record type and training method. */
public enum ExampleKind {
  /** A conversation, trained on its assistant turns: {@link ChatExample}. */
  CHAT,
  /** A prompt and its completion: {@link PromptCompletionExample}. */
  PROMPT_COMPLETION,
  /** A prompt with a preferred and a rejected answer, for preference training (DPO): {@link PreferenceExample}. */
  PREFERENCE
}
