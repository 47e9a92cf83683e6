package dev.finetune4j.job;

import dev.finetune4j.Capability;
import dev.finetune4j.RawJson;
import java.util.Objects;
import java.util.Optional;

/**
 * How a model is trained: {@link Supervised supervised} on example answers, {@link Preference preference} (DPO) on
 * chosen/rejected pairs, or {@link Reinforcement reinforcement} with a grader.
 */
public sealed interface TrainingMethod
    permits TrainingMethod.Supervised, TrainingMethod.Preference, TrainingMethod.Reinforcement {

  /**
   * Returns the settings shared by all methods.
   *
   * @return the hyperparameters
   */
  Hyperparameters hyperparameters();

  /**
   * Returns the capability a provider needs for this method.
   *
   * @return the capability
   */
  Capability capability();

  /**
   * Returns supervised training with every setting "auto".
   *
   * @return the method
   */
  static Supervised supervised() {
    return new Supervised(Hyperparameters.auto());
  }

  /**
   * Returns supervised training with the given settings.
   *
   * @param hyperparameters the settings
   * @return the method
   */
  static Supervised supervised(Hyperparameters hyperparameters) {
    return new Supervised(hyperparameters);
  }

  /**
   * Returns preference training (DPO) with every setting "auto".
   *
   * @return the method
   */
  static Preference preference() {
    return new Preference(Hyperparameters.auto(), Hyperparameter.AUTO);
  }

  /**
   * Returns preference training (DPO).
   *
   * @param hyperparameters the shared settings
   * @param beta how closely the model stays to the reference model: a number in (0, 2], or auto
   * @return the method
   */
  static Preference preference(Hyperparameters hyperparameters, Hyperparameter beta) {
    return new Preference(hyperparameters, beta);
  }

  /**
   * Returns a builder for reinforcement training with the given grader.
   *
   * @param grader the grader as the provider's JSON object, such as OpenAI's {@code string_check} or
   *     {@code score_model} grader
   * @return a builder
   */
  static Reinforcement.Builder reinforcement(RawJson grader) {
    return new Reinforcement.Builder(grader);
  }

  /**
   * Supervised training: the model learns to give the assistant answers of the examples.
   *
   * @param hyperparameters the settings
   */
  record Supervised(Hyperparameters hyperparameters) implements TrainingMethod {
    /** Checks that the settings are present. */
    public Supervised {
      Objects.requireNonNull(hyperparameters, "hyperparameters");
    }

    @Override
    public Capability capability() {
      return Capability.SUPERVISED_TRAINING;
    }
  }

  /**
   * Preference training (direct preference optimisation) on pairs of preferred and rejected answers.
   *
   * @param hyperparameters the shared settings
   * @param beta how closely the model stays to the reference model: (0, 2], or auto
   */
  record Preference(Hyperparameters hyperparameters, Hyperparameter beta) implements TrainingMethod {
    /** Checks the settings; beta must be auto or in (0, 2]. */
    public Preference {
      Objects.requireNonNull(hyperparameters, "hyperparameters");
      Checks.positive("beta", beta);
      if (!beta.isAuto() && beta.value().orElseThrow().doubleValue() > 2) {
        throw new IllegalArgumentException("beta must be \"auto\" or in (0, 2], was " + beta);
      }
    }

    @Override
    public Capability capability() {
      return Capability.PREFERENCE_TRAINING;
    }
  }

  /**
   * Reinforcement training: the model's answers are scored by a grader and it learns to raise the score.
   *
   * @param hyperparameters the shared settings
   * @param grader the grader, as the provider's JSON object
   * @param computeMultiplier the compute multiplier, or auto
   * @param evalInterval the number of steps between evaluations, or auto
   * @param evalSamples the number of samples per evaluation, or auto
   * @param reasoningEffort the reasoning effort ({@code low}, {@code medium}, {@code high}), if set
   */
  record Reinforcement(
      Hyperparameters hyperparameters,
      RawJson grader,
      Hyperparameter computeMultiplier,
      Hyperparameter evalInterval,
      Hyperparameter evalSamples,
      Optional<String> reasoningEffort) implements TrainingMethod {

    /** Checks that no component is null and that the grader is a JSON object with a {@code type}. */
    public Reinforcement {
      Objects.requireNonNull(hyperparameters, "hyperparameters");
      checkGrader(grader);
      Checks.positive("computeMultiplier", computeMultiplier);
      Checks.wholeAtLeast("evalInterval", evalInterval, 1);
      Checks.wholeAtLeast("evalSamples", evalSamples, 1);
      Objects.requireNonNull(reasoningEffort, "reasoningEffort");
    }

    @Override
    public Capability capability() {
      return Capability.REINFORCEMENT_TRAINING;
    }

    private static RawJson checkGrader(RawJson grader) {
      Objects.requireNonNull(grader, "grader");
      if (!grader.isObject() || grader.get("type").isMissing() || grader.get("type").isNull()) {
        throw new IllegalArgumentException("grader must be a JSON object with a \"type\"");
      }
      return grader;
    }

    /** Builds a {@link Reinforcement} method; every setting starts as "auto". */
    public static final class Builder {
      private final RawJson grader;
      private Hyperparameters hyperparameters = Hyperparameters.auto();
      private Hyperparameter computeMultiplier = Hyperparameter.AUTO;
      private Hyperparameter evalInterval = Hyperparameter.AUTO;
      private Hyperparameter evalSamples = Hyperparameter.AUTO;
      private String reasoningEffort;

      private Builder(RawJson grader) {
        this.grader = checkGrader(grader);
      }

      /**
       * Sets the shared settings.
       *
       * @param hyperparameters the settings
       * @return this builder
       */
      public Builder hyperparameters(Hyperparameters hyperparameters) {
        this.hyperparameters = Objects.requireNonNull(hyperparameters, "hyperparameters");
        return this;
      }

      /**
       * Sets the compute multiplier.
       *
       * @param value greater than 0, or auto
       * @return this builder
       */
      public Builder computeMultiplier(Hyperparameter value) {
        this.computeMultiplier = Checks.positive("computeMultiplier", value);
        return this;
      }

      /**
       * Sets the number of steps between evaluations.
       *
       * @param value a whole number of at least 1, or auto
       * @return this builder
       */
      public Builder evalInterval(Hyperparameter value) {
        this.evalInterval = Checks.wholeAtLeast("evalInterval", value, 1);
        return this;
      }

      /**
       * Sets the number of samples per evaluation.
       *
       * @param value a whole number of at least 1, or auto
       * @return this builder
       */
      public Builder evalSamples(Hyperparameter value) {
        this.evalSamples = Checks.wholeAtLeast("evalSamples", value, 1);
        return this;
      }

      /**
       * Sets the reasoning effort.
       *
       * @param effort {@code default}, {@code low}, {@code medium} or {@code high}
       * @return this builder
       */
      public Builder reasoningEffort(String effort) {
        this.reasoningEffort = Checks.notBlank("reasoningEffort", effort);
        return this;
      }

      /**
       * Builds the method.
       *
       * @return the method
       */
      public Reinforcement build() {
        return new Reinforcement(hyperparameters, grader, computeMultiplier, evalInterval, evalSamples,
            Optional.ofNullable(reasoningEffort));
      }
    }
  }
}
