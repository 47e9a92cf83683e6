package dev.finetune4j.job;

import java.util.Objects;

/** Argument checks shared by the builders of this package; messages say what is allowed. */
final class Checks {
  private Checks() {}

  static long atLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
    }
    return value;
  }

  static Hyperparameter wholeAtLeast(String name, Hyperparameter value, long min) {
    Objects.requireNonNull(value, name);
    if (value.isAuto()) {
      return value;
    }
    if (!value.isWholeNumber()) {
      throw new IllegalArgumentException(name + " must be \"auto\" or a whole number, was " + value);
    }
    atLeast(name, value.value().orElseThrow().longValue(), min);
    return value;
  }

  static Hyperparameter positive(String name, Hyperparameter value) {
    Objects.requireNonNull(value, name);
    if (!value.isAuto() && value.value().orElseThrow().doubleValue() <= 0) {
      throw new IllegalArgumentException(name + " must be \"auto\" or greater than 0, was " + value);
    }
    return value;
  }

  static String notBlank(String name, String value) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }
}
