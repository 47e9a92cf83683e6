package dev.finetune4j.examples;

import dev.finetune4j.testkit.VirtualClock;
import dev.finetune4j.FineTuning;
import dev.finetune4j.FineTuningClient;
import dev.finetune4j.dataset.DatasetStatistics;
import dev.finetune4j.job.JobSpec;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the main job needs to know about one provider: its credentials, the base model to tune, prices, its
 * emulator and any provider option of the job. Add a provider by implementing this and listing it in
 * {@link #ALL}.
 */
interface ProviderSetup {

  /** The providers the main job can run against, by name. */
  Map<String, ProviderSetup> ALL = Map.of(
      "openai", new OpenAiSetup(),
      "azure", new AzureSetup(),
      "huggingface", new HuggingFaceSetup(),
      "local", new LocalSetup());

  /**
   * Prices of a model billed by token, in US dollars.
   *
   * @param inputPerMillion a million input tokens
   * @param outputPerMillion a million output tokens
   */
  record TokenPrices(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {}

  /** @return the provider's name for {@link dev.finetune4j.FineTuning#client(String, Map)} */
  String name();

  /** @return the provider's name for people */
  String displayName();

  /** @return the variable holding the credentials; when it is set, the real provider is used */
  String credentialVariable();

  /** @return the variables that configure the client, for the help text */
  List<String> variables();

  /** @return the model to fine-tune */
  String baseModel();

  /**
   * Returns the name to chat with the base model under: the model itself by default, a deployment of it where
   * models answer only once deployed (Azure).
   *
   * @return the name for {@code client.chat(...)}
   */
  default String baseChatModel() {
    return baseModel();
  }

  /** @return the price of a million training tokens, if training is billed by token */
  Optional<BigDecimal> trainingPricePerMillion();

  /**
   * Describes what training will cost when it is not billed by token (such as GPU hours).
   *
   * @param statistics the training data's statistics
   * @return one line, or empty
   */
  default Optional<String> trainingCostNote(DatasetStatistics statistics) {
    return Optional.empty();
  }

  /** @return input and output prices per million tokens of the base model, if billed by token; none by default */
  default Optional<TokenPrices> basePrices() {
    return Optional.empty();
  }

  /** @return input and output prices per million tokens of the tuned model, if billed by token; none by default */
  default Optional<TokenPrices> tunedPrices() {
    return Optional.empty();
  }

  /**
   * Adds what this provider needs to a job spec (such as hardware).
   *
   * @param spec the neutral spec so far
   * @return the same builder
   */
  default JobSpec.Builder customise(JobSpec.Builder spec) {
    return spec;
  }

  /**
   * Returns this setup for the command line's base model, made ready (the local one prepares its Python and model).
   *
   * @param baseModel the {@code --base-model} option
   * @return the setup to run with
   */
  default ProviderSetup configured(Optional<String> baseModel) {
    if (baseModel.isPresent()) {
      throw new IllegalArgumentException("--base-model is for --provider local");
    }
    return this;
  }

  /**
   * Returns whether this runs on this machine for real, without an emulator or credentials.
   *
   * @return true for the local provider
   */
  default boolean local() {
    return false;
  }

  /**
   * Returns whether the real provider is used: the local one always, another when its credentials are set.
   *
   * @param environment the environment variables
   * @return true for the real provider, false for its emulator
   */
  default boolean real(Map<String, String> environment) {
    String credentials = environment.get(credentialVariable());
    return local() || (credentials != null && !credentials.isBlank());
  }

  /**
   * Builds the client to run with: the local one, the real provider's, or the emulator's.
   *
   * @param workingDirectory where a local run's data, runs and logs go
   * @param environment the real provider's configuration
   * @param emulation the running emulator, or null for the real provider
   * @return the client
   */
  default FineTuningClient client(java.nio.file.Path workingDirectory, Map<String, String> environment,
      Emulation emulation) {
    return local() ? localClient(workingDirectory) : emulation == null ? FineTuning.client(name(), environment)
        : emulatorClient(emulation, emulation.emulator().clock());
  }

  /**
   * Returns the client of a local run.
   *
   * @param workingDirectory where data, runs and logs go
   * @return the client
   */
  default FineTuningClient localClient(java.nio.file.Path workingDirectory) {
    throw new IllegalStateException(name() + " is not local");
  }

  /**
   * Adjusts an evaluation candidate for this provider (such as a limit on answer length).
   *
   * @param candidate the candidate
   * @return the candidate to evaluate
   */
  default dev.finetune4j.eval.Candidate candidate(dev.finetune4j.eval.Candidate candidate) {
    return candidate;
  }

  /** @return how long to wait for the tuned model to be deployed */
  default Duration deployTimeout() {
    return Duration.ofMinutes(30);
  }

  /** @return how long to wait for the job at most */
  default Duration jobTimeout() {
    return Duration.ofHours(6);
  }

  /**
   * Starts this provider's emulator and returns the environment that points a client at it.
   *
   * @return the running emulation
   */
  Emulation startEmulator();

  /**
   * Builds the client for an emulation: by default the neutral way, {@link FineTuning#client(String, Map)} with the
   * environment that points at the emulator.
   *
   * @param emulation the running emulator
   * @param time the emulator's clock, for providers that wait on their own (such as for a deployment)
   * @return the client
   */
  default FineTuningClient emulatorClient(Emulation emulation, VirtualClock time) {
    return FineTuning.client(name(), emulation.environment());
  }
}
