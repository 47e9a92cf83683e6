package dev.finetune4j.eval;

import java.util.Objects;

/**
 * Where a running evaluation stands, reported after each case result.
 *
 * @param result the result just completed (or loaded from the results file)
 * @param completed how many results the run has, this one included
 * @param total how many results the run will have: cases times candidates
 * @param resumed whether the result was loaded from the results file rather than requested
 */
public record EvalProgress(CaseResult result, int completed, int total, boolean resumed) {

  /** Checks the components. */
  public EvalProgress {
    Objects.requireNonNull(result, "result");
    if (completed < 0 || completed > total) {
      throw new IllegalArgumentException("completed must be between 0 and total, was " + completed + " of " + total);
    }
  }

  /**
   * Returns the share done.
   *
   * @return between 0 and 1
   */
  public double fraction() {
    return total == 0 ? 1 : (double) completed / total;
  }
}
