package dev.finetune4j.dataset;

import dev.finetune4j.error.LocalValidationException;
import java.util.List;

/**
 * A JSON object could not be read as a training example, or an example cannot be written in the format asked for.
 */
public final class InvalidExampleException extends LocalValidationException {
  private static final long serialVersionUID = 1L;

  private final String field;

  /**
   * Creates the exception.
   *
   * @param field the JSON field path where the problem is, such as {@code messages[1].role}; empty for the whole
   *     object
   * @param reason what is wrong
   */
  public InvalidExampleException(String field, String reason) {
    super(field.isEmpty() ? reason : field + ": " + reason, List.of(field.isEmpty() ? reason : field + ": " + reason));
    this.field = field;
  }

  /**
   * Returns the JSON field path where the problem is, such as {@code messages[1].role}.
   *
   * @return the path; empty when the problem concerns the whole object
   */
  public String field() {
    return field;
  }
}
