package dev.finetune4j.job;

import java.util.Objects;
import java.util.Optional;

/**
 * A training setting that is either {@linkplain #AUTO "auto"} (the provider chooses) or a number.
 *
 * <p>Whole numbers (epochs, batch size) keep their integer type so that they are sent as integers.
 */
public final class Hyperparameter {
  /** Let the provider choose the value. */
  public static final Hyperparameter AUTO = new Hyperparameter(null);

  private final Number value;

  private Hyperparameter(Number value) {
    this.value = value;
  }

  /**
   * Returns a whole-number setting, such as a number of epochs.
   *
   * @param value the value
   * @return the setting
   */
  public static Hyperparameter of(long value) {
    return new Hyperparameter(value);
  }

  /**
   * Returns a decimal setting, such as a learning-rate multiplier.
   *
   * @param value the value, finite
   * @return the setting
   * @throws IllegalArgumentException if the value is NaN or infinite
   */
  public static Hyperparameter of(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("a hyperparameter must be a finite number, was " + value);
    }
    return new Hyperparameter(value);
  }

  /**
   * Tells whether the provider chooses the value.
   *
   * @return true for "auto"
   */
  public boolean isAuto() {
    return value == null;
  }

  /**
   * Returns the number, when one was set.
   *
   * @return the number, or empty for "auto"
   */
  public Optional<Number> value() {
    return Optional.ofNullable(value);
  }

  /**
   * Tells whether the number is a whole number.
   *
   * @return true when set with {@link #of(long)}
   */
  public boolean isWholeNumber() {
    return value instanceof Long;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hyperparameter h && Objects.equals(value, h.value);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(value);
  }

  @Override
  public String toString() {
    return value == null ? "auto" : value.toString();
  }
}
