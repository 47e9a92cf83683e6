package dev.finetune4j.job;

import java.util.Objects;

/**
 * The settings every training method shares. Each is {@link Hyperparameter#AUTO} unless set.
 *
 * <p>The learning rate is a multiplier of the provider's default learning rate for the base model, which is how
 * OpenAI expresses it; providers that take an absolute rate multiply their default by it.
 */
public final class Hyperparameters {
  private static final Hyperparameters AUTO = builder().build();

  private final Hyperparameter epochs;
  private final Hyperparameter batchSize;
  private final Hyperparameter learningRateMultiplier;

  private Hyperparameters(Builder b) {
    this.epochs = b.epochs;
    this.batchSize = b.batchSize;
    this.learningRateMultiplier = b.learningRateMultiplier;
  }

  /**
   * Returns settings that leave every value to the provider.
   *
   * @return all-auto settings
   */
  public static Hyperparameters auto() {
    return AUTO;
  }

  /**
   * Returns a builder with every value "auto".
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding these values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.epochs = epochs;
    b.batchSize = batchSize;
    b.learningRateMultiplier = learningRateMultiplier;
    return b;
  }

  /**
   * Returns the number of passes over the training data.
   *
   * @return the number of epochs, or auto
   */
  public Hyperparameter epochs() {
    return epochs;
  }

  /**
   * Returns the number of examples per training step.
   *
   * @return the batch size, or auto
   */
  public Hyperparameter batchSize() {
    return batchSize;
  }

  /**
   * Returns the multiplier applied to the provider's default learning rate.
   *
   * @return the multiplier, or auto
   */
  public Hyperparameter learningRateMultiplier() {
    return learningRateMultiplier;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hyperparameters h
        && epochs.equals(h.epochs)
        && batchSize.equals(h.batchSize)
        && learningRateMultiplier.equals(h.learningRateMultiplier);
  }

  @Override
  public int hashCode() {
    return Objects.hash(epochs, batchSize, learningRateMultiplier);
  }

  @Override
  public String toString() {
    return "Hyperparameters{epochs=" + epochs + ", batchSize=" + batchSize
        + ", learningRateMultiplier=" + learningRateMultiplier + '}';
  }

  /** Builds {@link Hyperparameters}; every value starts as "auto". */
  public static final class Builder {
    private Hyperparameter epochs = Hyperparameter.AUTO;
    private Hyperparameter batchSize = Hyperparameter.AUTO;
    private Hyperparameter learningRateMultiplier = Hyperparameter.AUTO;

    private Builder() {}

    /**
     * Sets the number of epochs.
     *
     * @param epochs at least 1
     * @return this builder
     */
    public Builder epochs(int epochs) {
      this.epochs = Hyperparameter.of(Checks.atLeast("epochs", epochs, 1));
      return this;
    }

    /**
     * Sets the number of epochs, or "auto".
     *
     * @param epochs a whole number of at least 1, or auto
     * @return this builder
     */
    public Builder epochs(Hyperparameter epochs) {
      this.epochs = Checks.wholeAtLeast("epochs", epochs, 1);
      return this;
    }

    /**
     * Sets the batch size.
     *
     * @param batchSize at least 1
     * @return this builder
     */
    public Builder batchSize(int batchSize) {
      this.batchSize = Hyperparameter.of(Checks.atLeast("batchSize", batchSize, 1));
      return this;
    }

    /**
     * Sets the batch size, or "auto".
     *
     * @param batchSize a whole number of at least 1, or auto
     * @return this builder
     */
    public Builder batchSize(Hyperparameter batchSize) {
      this.batchSize = Checks.wholeAtLeast("batchSize", batchSize, 1);
      return this;
    }

    /**
     * Sets the learning-rate multiplier.
     *
     * @param multiplier greater than 0
     * @return this builder
     */
    public Builder learningRateMultiplier(double multiplier) {
      this.learningRateMultiplier = Checks.positive("learningRateMultiplier", Hyperparameter.of(multiplier));
      return this;
    }

    /**
     * Sets the learning-rate multiplier, or "auto".
     *
     * @param multiplier a number greater than 0, or auto
     * @return this builder
     */
    public Builder learningRateMultiplier(Hyperparameter multiplier) {
      this.learningRateMultiplier = Checks.positive("learningRateMultiplier", multiplier);
      return this;
    }

    /**
     * Builds the settings.
     *
     * @return the settings
     */
    public Hyperparameters build() {
      return new Hyperparameters(this);
    }
  }
}
