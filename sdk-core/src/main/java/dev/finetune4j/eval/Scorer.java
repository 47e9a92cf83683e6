package dev.finetune4j.eval;

import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Scores one answer to one case between 0 (wrong) and 1 (right). {@link Scorers} has the usual ones. A scorer is
 * called from several threads at once, so it must be thread-safe; one that cannot score an answer returns
 * {@link Score#error(String)} rather than throwing (a thrown exception is recorded the same way).
 */
public interface Scorer {

  /**
   * Returns the name under which scores appear in reports, unique within an evaluation.
   *
   * @return the name
   */
  String name();

  /**
   * Scores an answer.
   *
   * @param evalCase the case, with its reference answer and metadata
   * @param answer the candidate's answer text
   * @return the score
   */
  Score score(EvalCase evalCase, String answer);

  /**
   * Returns this scorer under another name, to run one scorer twice with different settings.
   *
   * @param name the new name, not blank
   * @return the renamed scorer
   */
  default Scorer named(String name) {
    Scorer self = this;
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a scorer name must not be blank");
    }
    return new Scorer() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Score score(EvalCase evalCase, String answer) {
        return self.score(evalCase, answer);
      }
    };
  }

  /**
   * Returns a scorer from a function.
   *
   * @param name the scorer's name, not blank
   * @param function returns the score of an answer to a case
   * @return the scorer
   */
  static Scorer of(String name, BiFunction<EvalCase, String, Score> function) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a scorer name must not be blank");
    }
    Objects.requireNonNull(function, "function");
    return new Scorer() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Score score(EvalCase evalCase, String answer) {
        return Objects.requireNonNull(function.apply(evalCase, answer), "the scorer " + name + " returned null");
      }

      @Override
      public String toString() {
        return "Scorer{" + name + '}';
      }
    };
  }
}
