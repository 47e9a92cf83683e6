package dev.finetune4j.job;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Training measurements at one step: losses and token accuracies on training and validation data, and whatever
 * else the provider reported (kept by name in {@link #other()}).
 */
public final class TrainingMetrics {
  private final long step;
  private final Long totalSteps;
  private final Double epoch;
  private final Double trainLoss;
  private final Double validationLoss;
  private final Double fullValidationLoss;
  private final Double trainTokenAccuracy;
  private final Double validationTokenAccuracy;
  private final Double fullValidationTokenAccuracy;
  private final Double learningRate;
  private final Map<String, Double> other;

  private TrainingMetrics(Builder b) {
    this.step = b.step;
    this.totalSteps = b.totalSteps;
    this.epoch = b.epoch;
    this.trainLoss = b.trainLoss;
    this.validationLoss = b.validationLoss;
    this.fullValidationLoss = b.fullValidationLoss;
    this.trainTokenAccuracy = b.trainTokenAccuracy;
    this.validationTokenAccuracy = b.validationTokenAccuracy;
    this.fullValidationTokenAccuracy = b.fullValidationTokenAccuracy;
    this.learningRate = b.learningRate;
    this.other = b.other.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(b.other));
  }

  /**
   * Returns a builder for the metrics of a step.
   *
   * @param step the training step, 0 or more
   * @return the builder
   */
  public static Builder builder(long step) {
    return new Builder(step);
  }

  /** @return the training step these metrics belong to */
  public long step() {
    return step;
  }

  /** @return the total number of steps of the job, if known */
  public OptionalLong totalSteps() {
    return totalSteps == null ? OptionalLong.empty() : OptionalLong.of(totalSteps);
  }

  /** @return the (fractional) epoch, if reported */
  public OptionalDouble epoch() {
    return opt(epoch);
  }

  /** @return the loss on the training batch, if reported */
  public OptionalDouble trainLoss() {
    return opt(trainLoss);
  }

  /** @return the loss on a sample of the validation data, if reported */
  public OptionalDouble validationLoss() {
    return opt(validationLoss);
  }

  /** @return the loss on the whole validation data, if reported */
  public OptionalDouble fullValidationLoss() {
    return opt(fullValidationLoss);
  }

  /** @return the share of training tokens predicted right, if reported */
  public OptionalDouble trainTokenAccuracy() {
    return opt(trainTokenAccuracy);
  }

  /** @return the share of validation tokens predicted right, if reported */
  public OptionalDouble validationTokenAccuracy() {
    return opt(validationTokenAccuracy);
  }

  /** @return the token accuracy on the whole validation data, if reported */
  public OptionalDouble fullValidationTokenAccuracy() {
    return opt(fullValidationTokenAccuracy);
  }

  /** @return the learning rate at this step, if reported */
  public OptionalDouble learningRate() {
    return opt(learningRate);
  }

  /** @return other numeric values the provider reported, by the provider's name; empty if none */
  public Map<String, Double> other() {
    return other;
  }

  private static OptionalDouble opt(Double d) {
    return d == null ? OptionalDouble.empty() : OptionalDouble.of(d);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrainingMetrics m && step == m.step && Objects.equals(totalSteps, m.totalSteps)
        && Objects.equals(epoch, m.epoch) && Objects.equals(trainLoss, m.trainLoss)
        && Objects.equals(validationLoss, m.validationLoss)
        && Objects.equals(fullValidationLoss, m.fullValidationLoss)
        && Objects.equals(trainTokenAccuracy, m.trainTokenAccuracy)
        && Objects.equals(validationTokenAccuracy, m.validationTokenAccuracy)
        && Objects.equals(fullValidationTokenAccuracy, m.fullValidationTokenAccuracy)
        && Objects.equals(learningRate, m.learningRate) && other.equals(m.other);
  }

  @Override
  public int hashCode() {
    return Objects.hash(step, trainLoss, validationLoss, epoch);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("TrainingMetrics{step=").append(step);
    if (totalSteps != null) {
      sb.append('/').append(totalSteps);
    }
    append(sb, "epoch", epoch);
    append(sb, "trainLoss", trainLoss);
    append(sb, "validationLoss", validationLoss);
    append(sb, "fullValidationLoss", fullValidationLoss);
    append(sb, "trainTokenAccuracy", trainTokenAccuracy);
    append(sb, "validationTokenAccuracy", validationTokenAccuracy);
    append(sb, "fullValidationTokenAccuracy", fullValidationTokenAccuracy);
    append(sb, "learningRate", learningRate);
    if (!other.isEmpty()) {
      sb.append(", other=").append(other);
    }
    return sb.append('}').toString();
  }

  private static void append(StringBuilder sb, String name, Double value) {
    if (value != null) {
      sb.append(", ").append(name).append('=').append(value);
    }
  }

  /** Builds {@link TrainingMetrics}; every value but the step is optional. */
  public static final class Builder {
    private final long step;
    private Long totalSteps;
    private Double epoch;
    private Double trainLoss;
    private Double validationLoss;
    private Double fullValidationLoss;
    private Double trainTokenAccuracy;
    private Double validationTokenAccuracy;
    private Double fullValidationTokenAccuracy;
    private Double learningRate;
    private Map<String, Double> other = Map.of();

    private Builder(long step) {
      this.step = Checks.atLeast("step", step, 0);
    }

    /**
     * Sets the total number of steps, at least 1.
     *
     * @param v the total number of steps, at least 1
     * @return this builder
     */
    public Builder totalSteps(long v) {
      this.totalSteps = Checks.atLeast("totalSteps", v, 1);
      return this;
    }

    /**
     * Sets the fractional epoch.
     *
     * @param v the fractional epoch
     * @return this builder
     */
    public Builder epoch(double v) {
      this.epoch = v;
      return this;
    }

    /**
     * Sets the training loss.
     *
     * @param v the training loss
     * @return this builder
     */
    public Builder trainLoss(double v) {
      this.trainLoss = v;
      return this;
    }

    /**
     * Sets the validation loss on a sample.
     *
     * @param v the validation loss on a sample
     * @return this builder
     */
    public Builder validationLoss(double v) {
      this.validationLoss = v;
      return this;
    }

    /**
     * Sets the validation loss on the whole validation data.
     *
     * @param v the validation loss on the whole validation data
     * @return this builder
     */
    public Builder fullValidationLoss(double v) {
      this.fullValidationLoss = v;
      return this;
    }

    /**
     * Sets the training token accuracy.
     *
     * @param v the training token accuracy
     * @return this builder
     */
    public Builder trainTokenAccuracy(double v) {
      this.trainTokenAccuracy = v;
      return this;
    }

    /**
     * Sets the validation token accuracy.
     *
     * @param v the validation token accuracy
     * @return this builder
     */
    public Builder validationTokenAccuracy(double v) {
      this.validationTokenAccuracy = v;
      return this;
    }

    /**
     * Sets the token accuracy on the whole validation data.
     *
     * @param v the token accuracy on the whole validation data
     * @return this builder
     */
    public Builder fullValidationTokenAccuracy(double v) {
      this.fullValidationTokenAccuracy = v;
      return this;
    }

    /**
     * Sets the learning rate.
     *
     * @param v the learning rate
     * @return this builder
     */
    public Builder learningRate(double v) {
      this.learningRate = v;
      return this;
    }

    /**
     * Adds a value the neutral fields do not cover.
     *
     * @param name the provider's name for it
     * @param value the value
     * @return this builder
     */
    public Builder other(String name, double value) {
      if (other.isEmpty()) {
        other = new LinkedHashMap<>();
      }
      other.put(Checks.notBlank("name", name), value);
      return this;
    }

    /** @return the metrics */
    public TrainingMetrics build() {
      return new TrainingMetrics(this);
    }
  }
}
