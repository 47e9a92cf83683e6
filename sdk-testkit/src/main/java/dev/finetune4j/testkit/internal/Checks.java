package dev.finetune4j.testkit.internal;

import java.time.Duration;
import java.util.Objects;

/** The argument checks the emulators' builders share, with messages that name the argument. */
public final class Checks {

  private Checks() {
  }

  /**
   * Checks that a string is present and not blank.
   *
   * @param value the value
   * @param name the argument's name, for the message
   * @return the value
   * @throws NullPointerException if the value is null
   * @throws IllegalArgumentException if the value is blank
   */
  public static String nonBlank(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }

  /**
   * Checks that a number is positive.
   *
   * @param value the value
   * @param name the argument's name, for the message
   * @return the value
   * @throws IllegalArgumentException if the value is zero or negative
   */
  public static long positive(long value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
    return value;
  }

  /**
   * Checks that a duration is present and not negative.
   *
   * @param value the value
   * @param name the argument's name, for the message
   * @return the value
   * @throws NullPointerException if the value is null
   * @throws IllegalArgumentException if the value is negative
   */
  public static Duration nonNegative(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + value);
    }
    return value;
  }
}
