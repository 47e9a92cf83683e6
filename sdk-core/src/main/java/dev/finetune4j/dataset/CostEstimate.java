package dev.finetune4j.dataset;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;

/**
 * An estimate of what training on a dataset costs, the way OpenAI's data-preparation cookbook computes it:
 * {@code billableTokens × epochs × pricePerMillionTokens / 1,000,000}. After training, the job's trained tokens are
 * authoritative.
 *
 * @param billableTokens tokens trained on per epoch ({@link DatasetStatistics#billableTokens()})
 * @param epochs the number of epochs
 * @param trainedTokens {@code billableTokens × epochs}
 * @param pricePerMillionTokens the price of one million training tokens
 * @param cost the estimated cost, in the currency of the price, exact (not rounded)
 */
public record CostEstimate(long billableTokens, int epochs, long trainedTokens, BigDecimal pricePerMillionTokens,
    BigDecimal cost) {

  /** The epochs aimed for by default. */
  static final int TARGET_EPOCHS = 3;
  static final long MIN_TARGET_EXAMPLES = 100;
  static final long MAX_TARGET_EXAMPLES = 25_000;
  static final int MIN_DEFAULT_EPOCHS = 1;
  static final int MAX_DEFAULT_EPOCHS = 25;

  /** Checks that no component is null or negative. */
  public CostEstimate {
    if (billableTokens < 0 || trainedTokens < 0) {
      throw new IllegalArgumentException("token counts must not be negative");
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be 1 or more, was " + epochs);
    }
    Objects.requireNonNull(pricePerMillionTokens, "pricePerMillionTokens");
    Objects.requireNonNull(cost, "cost");
  }

  /**
   * Estimates the cost with the number of epochs OpenAI chooses by default ({@link #defaultEpochs(long)}).
   *
   * @param statistics the dataset's statistics, with at least one example
   * @param pricePerMillionTokens the price of one million training tokens, not negative
   * @return the estimate
   * @throws IllegalArgumentException if the dataset has no examples or the price is negative
   */
  public static CostEstimate estimate(DatasetStatistics statistics, BigDecimal pricePerMillionTokens) {
    Objects.requireNonNull(statistics, "statistics");
    return estimate(statistics, pricePerMillionTokens, defaultEpochs(statistics.exampleCount()));
  }

  /**
   * Estimates the cost for a given number of epochs.
   *
   * @param statistics the dataset's statistics
   * @param pricePerMillionTokens the price of one million training tokens, not negative
   * @param epochs the number of epochs, 1 or more
   * @return the estimate
   * @throws IllegalArgumentException if the price is negative or epochs below 1
   */
  public static CostEstimate estimate(DatasetStatistics statistics, BigDecimal pricePerMillionTokens, int epochs) {
    Objects.requireNonNull(statistics, "statistics");
    Objects.requireNonNull(pricePerMillionTokens, "pricePerMillionTokens");
    if (pricePerMillionTokens.signum() < 0) {
      throw new IllegalArgumentException("pricePerMillionTokens must not be negative, was " + pricePerMillionTokens);
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be 1 or more, was " + epochs);
    }
    long billable = statistics.billableTokens();
    long trained = Math.multiplyExact(billable, (long) epochs);
    BigDecimal cost = new BigDecimal(BigInteger.valueOf(trained)).multiply(pricePerMillionTokens).movePointLeft(6);
    return new CostEstimate(billable, epochs, trained, pricePerMillionTokens, cost);
  }

  /**
   * Returns the number of epochs OpenAI picks when none is given: 3, raised so that examples × epochs reaches 100, or
   * lowered so that it stays within 25,000, and kept between 1 and 25. If {@code n × 3 < 100}, {@code min(25, 100 /
   * n)}; if {@code n × 3 > 25,000}, {@code max(1, 25,000 / n)} (integer division); otherwise 3. For example 5
   * examples give 20 epochs and 10,000 examples give 2.
   *
   * @param exampleCount the number of examples, 1 or more
   * @return the epochs
   * @throws IllegalArgumentException if there are no examples
   */
  public static int defaultEpochs(long exampleCount) {
    if (exampleCount < 1) {
      throw new IllegalArgumentException("the dataset has no examples; exampleCount must be 1 or more");
    }
    if (exampleCount * TARGET_EPOCHS < MIN_TARGET_EXAMPLES) {
      return (int) Math.min(MAX_DEFAULT_EPOCHS, MIN_TARGET_EXAMPLES / exampleCount);
    }
    if (exampleCount * TARGET_EPOCHS > MAX_TARGET_EXAMPLES) {
      return (int) Math.max(MIN_DEFAULT_EPOCHS, MAX_TARGET_EXAMPLES / exampleCount);
    }
    return TARGET_EPOCHS;
  }
}
