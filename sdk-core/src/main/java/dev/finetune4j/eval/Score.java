package dev.finetune4j.eval;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What one {@link Scorer} gave one answer: a value between 0 (wrong) and 1 (right), or an error when the scorer
 * could not score it (a grader model that failed or answered something unreadable). Errors are recorded, never
 * fatal, and left out of means.
 *
 * @param value the score in [0, 1]; empty when {@code error} is present
 * @param explanation why, when the scorer says (a grader's reasoning, the field that did not match)
 * @param error why the answer could not be scored; empty when it was
 */
public record Score(OptionalDouble value, Optional<String> explanation, Optional<String> error) {

  /** Checks that exactly one of value and error is present and that the value is in [0, 1]. */
  public Score {
    value = value == null ? OptionalDouble.empty() : value;
    explanation = explanation == null ? Optional.empty() : explanation;
    error = error == null ? Optional.empty() : error;
    if (value.isPresent() == error.isPresent()) {
      throw new IllegalArgumentException("a score has either a value or an error, not both and not neither");
    }
    if (value.isPresent() && !(value.getAsDouble() >= 0 && value.getAsDouble() <= 1)) {
      throw new IllegalArgumentException("a score must be between 0 and 1, was " + value.getAsDouble());
    }
  }

  /**
   * Returns a score.
   *
   * @param value between 0 and 1
   * @return the score
   */
  public static Score of(double value) {
    return new Score(OptionalDouble.of(value), Optional.empty(), Optional.empty());
  }

  /**
   * Returns a score with an explanation.
   *
   * @param value between 0 and 1
   * @param explanation why
   * @return the score
   */
  public static Score of(double value, String explanation) {
    return new Score(OptionalDouble.of(value), Optional.of(Objects.requireNonNull(explanation, "explanation")),
        Optional.empty());
  }

  /**
   * Returns 1 when {@code passed}, 0 otherwise.
   *
   * @param passed whether the answer passed
   * @return the score
   */
  public static Score pass(boolean passed) {
    return of(passed ? 1 : 0);
  }

  /**
   * Returns a score that could not be computed.
   *
   * @param error why, in words
   * @return the score
   */
  public static Score error(String error) {
    return new Score(OptionalDouble.empty(), Optional.empty(), Optional.of(Objects.requireNonNull(error, "error")));
  }
}
