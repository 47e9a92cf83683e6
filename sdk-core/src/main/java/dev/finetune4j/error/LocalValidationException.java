package dev.finetune4j.error;

import java.util.List;

/**
 * Input was checked locally, before anything was sent, and found wrong: a dataset with problems, or a request that
 * the provider would reject. Nothing was uploaded or created.
 */
public class LocalValidationException extends FineTuningException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  /**
   * Creates the exception.
   *
   * @param message a summary of what is wrong
   * @param problems each problem found, one line each, saying what and where
   */
  public LocalValidationException(String message, List<String> problems) {
    super(message);
    this.problems = List.copyOf(problems);
  }

  /**
   * Returns each problem found, one line each.
   *
   * @return the problems, never empty
   */
  public List<String> problems() {
    return problems;
  }
}
