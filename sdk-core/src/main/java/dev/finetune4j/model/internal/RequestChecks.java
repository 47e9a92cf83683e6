package dev.finetune4j.model.internal;

import java.time.Duration;

/**
 * The checks of chat request settings, in one place for {@code ChatRequest} and for the evaluation types that carry
 * the same settings; messages say what is wrong and what is allowed.
 */
public final class RequestChecks {
  private RequestChecks() {}

  /**
   * Checks a sampling temperature.
   *
   * @param temperature the value
   * @return the value, if between 0 and 2
   * @throws IllegalArgumentException otherwise
   */
  public static double temperature(double temperature) {
    if (!(temperature >= 0 && temperature <= 2)) {
      throw new IllegalArgumentException("temperature must be between 0 and 2, was " + temperature);
    }
    return temperature;
  }

  /**
   * Checks a limit on the tokens of an answer.
   *
   * @param maxCompletionTokens the value
   * @return the value, if at least 1
   * @throws IllegalArgumentException otherwise
   */
  public static int maxCompletionTokens(int maxCompletionTokens) {
    if (maxCompletionTokens < 1) {
      throw new IllegalArgumentException("maxCompletionTokens must be at least 1, was " + maxCompletionTokens);
    }
    return maxCompletionTokens;
  }

  /**
   * Checks a timeout.
   *
   * @param name the setting's name, for the message
   * @param timeout the value
   * @return the value, if positive
   * @throws IllegalArgumentException if it is null, zero or negative
   */
  public static Duration positive(String name, Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + timeout);
    }
    return timeout;
  }
}
