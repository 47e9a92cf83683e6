package dev.finetune4j.dataset;

/**
 * What a validation {@link Finding} is about. The constant names are stable codes, safe to match on and to store.
 * Each code has a fixed {@link #severity()}.
 */
public enum FindingCode {
  /** The line is not valid JSON. */
  INVALID_JSON(Finding.Severity.ERROR),
  /**
   * The line is not valid text: bytes that are not UTF-8, or a lone UTF-16 surrogate (raw or as a {@code \\u}
   * escape) that no provider can tokenize.
   */
  INVALID_ENCODING(Finding.Severity.ERROR),
  /** The line is longer than {@link JsonlReader#MAX_LINE_BYTES}; it is skipped without being held in memory. */
  LINE_TOO_LONG(Finding.Severity.ERROR),
  /** The line is empty or only whitespace. */
  BLANK_LINE(Finding.Severity.ERROR),
  /** The line is valid JSON but not a JSON object. */
  NOT_AN_OBJECT(Finding.Severity.ERROR),
  /** A field has the wrong JSON type, such as a number where a string belongs. */
  WRONG_TYPE(Finding.Severity.ERROR),
  /** The line is in a different format from the one expected or from the file's first example. */
  FORMAT_MISMATCH(Finding.Severity.ERROR),
  /** A key the format does not define; providers ignore it (reinforcement fine-tuning passes it to graders). */
  UNKNOWN_KEY(Finding.Severity.WARNING),
  /** A chat example has no {@code messages}. */
  MISSING_MESSAGES(Finding.Severity.ERROR),
  /** A list of messages is empty. */
  EMPTY_MESSAGES(Finding.Severity.ERROR),
  /** A message has no {@code role}. */
  MISSING_ROLE(Finding.Severity.ERROR),
  /** A message's role is none of system, developer, user, assistant, tool, function. */
  UNKNOWN_ROLE(Finding.Severity.ERROR),
  /** A message has no content; an assistant message has neither content nor tool calls. */
  MISSING_CONTENT(Finding.Severity.ERROR),
  /**
   * A tool call is malformed (no function name, arguments not a string), made by a message that is not the
   * assistant's, or a tool message lacks its {@code tool_call_id}.
   */
  INVALID_TOOL_CALL(Finding.Severity.ERROR),
  /** A chat example has no assistant message to train on. */
  NO_ASSISTANT_MESSAGE(Finding.Severity.ERROR),
  /** A {@code weight} is not 0 or 1, or is set on a message that is not the assistant's. */
  INVALID_WEIGHT(Finding.Severity.ERROR),
  /** A field the format requires is missing, such as {@code completion} or {@code preferred_output}. */
  MISSING_FIELD(Finding.Severity.ERROR),
  /** A prompt is empty. */
  EMPTY_PROMPT(Finding.Severity.ERROR),
  /** A completion is empty. */
  EMPTY_COMPLETION(Finding.Severity.ERROR),
  /** A preferred or rejected output is not exactly one assistant message. */
  INVALID_PREFERENCE_OUTPUT(Finding.Severity.ERROR),
  /**
   * The example has more tokens than the target model trains on ({@link DatasetRules#maxTokensPerExample()}); the
   * provider truncates it ({@link DatasetRules.OverLimit#TRUNCATED}).
   */
  OVER_TOKEN_LIMIT(Finding.Severity.WARNING),
  /**
   * The example has more tokens than the provider accepts ({@link DatasetRules#maxTokensPerExample()}), and the
   * provider refuses such data ({@link DatasetRules.OverLimit#REJECTED}).
   */
  EXAMPLE_TOO_LONG(Finding.Severity.ERROR),
  /** The file has fewer examples than the minimum ({@link DatasetRules#minExamples()}). Reported on line 0. */
  TOO_FEW_EXAMPLES(Finding.Severity.ERROR),
  /** The example is the same as an earlier one in the same file (key order and number spelling aside). */
  DUPLICATE_EXAMPLE(Finding.Severity.WARNING),
  /** A validation example is also in the training file. */
  TRAIN_VALIDATION_OVERLAP(Finding.Severity.WARNING);

  private final Finding.Severity severity;

  FindingCode(Finding.Severity severity) {
    this.severity = severity;
  }

  /**
   * Returns how serious findings with this code are.
   *
   * @return the severity
   */
  public Finding.Severity severity() {
    return severity;
  }
}
