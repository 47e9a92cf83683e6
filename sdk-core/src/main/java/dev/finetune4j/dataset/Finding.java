package dev.finetune4j.dataset;

import java.util.Objects;
import java.util.Optional;

/**
 * One problem found in a dataset file, with where it is and what is wrong.
 *
 * @param file the file's name, such as {@code train.jsonl}
 * @param line the 1-based line number; 0 for a finding about the whole file
 * @param code the stable code
 * @param severity whether the file is unusable ({@link Severity#ERROR}) or merely suspicious
 * @param field the JSON path of the field concerned, such as {@code messages[2].content}; empty for the whole line
 * @param message what is wrong, and what is allowed
 */
public record Finding(String file, long line, FindingCode code, Severity severity, Optional<String> field,
    String message) {

  /** How serious a finding is. */
  public enum Severity {
    /** The provider would reject the file or the example. */
    ERROR,
    /** The data is accepted but probably not what was meant. */
    WARNING
  }

  /** Checks that no component is null and that the line number is not negative. */
  public Finding {
    Objects.requireNonNull(file, "file");
    if (line < 0) {
      throw new IllegalArgumentException("line must be 0 or more, was " + line);
    }
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }

  /**
   * Formats the finding on one line: {@code train.jsonl:12: messages[1].content: MISSING_CONTENT (ERROR) ...}.
   *
   * @return the line
   */
  public String describe() {
    return file + ":" + line + ": " + field.map(f -> f + ": ").orElse("") + code + " (" + severity + ") " + message;
  }
}
