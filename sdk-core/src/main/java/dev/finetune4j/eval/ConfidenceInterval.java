package dev.finetune4j.eval;

/**
 * A confidence interval around an estimate, from a bootstrap.
 *
 * @param lower the lower bound
 * @param upper the upper bound
 * @param level the confidence level, such as 0.95
 */
public record ConfidenceInterval(double lower, double upper, double level) {

  /** Checks that the bounds are ordered and the level is between 0 and 1. */
  public ConfidenceInterval {
    if (!(lower <= upper)) {
      throw new IllegalArgumentException("lower must not exceed upper, was " + lower + ".." + upper);
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must be between 0 and 1 (exclusive), was " + level);
    }
  }

  /**
   * Returns whether the interval contains a value.
   *
   * @param value the value
   * @return true when {@code lower <= value <= upper}
   */
  public boolean contains(double value) {
    return lower <= value && value <= upper;
  }
}
