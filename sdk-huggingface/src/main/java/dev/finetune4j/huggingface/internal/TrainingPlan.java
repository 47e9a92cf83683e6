package dev.finetune4j.huggingface.internal;

import dev.finetune4j.Capability;
import dev.finetune4j.error.LocalValidationException;
import dev.finetune4j.error.UnsupportedCapabilityException;
import dev.finetune4j.huggingface.HuggingFaceJobOptions;
import dev.finetune4j.job.Hyperparameter;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.TrainingMethod;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A {@link JobSpec} resolved into everything a Hugging Face training run needs, with every default filled in; the
 * TRL command, the Unsloth script and the job body are rendered from it.
 *
 * <p>Learning rate: the default for the method times the spec's multiplier (1 when auto): SFT 2e-5 for all
 * weights, 1e-4 with LoRA; DPO 1e-6 (TRL's defaults per the reference). Epochs: 3 when auto (TRL's default).
 */
public record TrainingPlan(
    String command,
    String baseModel,
    DatasetRef training,
    Optional<DatasetRef> validation,
    String hubModelId,
    int epochs,
    double learningRate,
    Optional<Long> batchSize,
    Optional<Double> beta,
    OptionalLong seed,
    HuggingFaceJobOptions options,
    Duration timeout) {

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  /**
   * Resolves a spec.
   *
   * @param spec the spec
   * @param namespace where the model is pushed
   * @param provider the provider name for errors
   * @param clock for the default model name
   * @return the plan
   */
  public static TrainingPlan of(JobSpec spec, String namespace, String provider, Clock clock) {
    TrainingMethod method = spec.method();
    String command;
    if (method instanceof TrainingMethod.Supervised) {
      command = "sft";
    } else if (method instanceof TrainingMethod.Preference) {
      command = "dpo";
    } else {
      throw new UnsupportedCapabilityException(provider, Capability.REINFORCEMENT_TRAINING);
    }
    HuggingFaceJobOptions options = spec.option(HuggingFaceJobOptions.class)
        .orElse(HuggingFaceJobOptions.defaults());
    DatasetRef training = DatasetRef.parse(spec.trainingFile());
    Optional<DatasetRef> validation = spec.validationFile().map(DatasetRef::parse);
    if (validation.isPresent() && !validation.get().repoId().equals(training.repoId())) {
      throw new LocalValidationException("training and validation data must be in one dataset repository",
          List.of("training is in " + training.repoId() + ", validation in " + validation.get().repoId()
              + "; upload both in one datasets().upload(...) call"));
    }
    if (validation.isPresent() && validation.get().split().equals(training.split())) {
      throw new LocalValidationException("training and validation data are the same split",
          List.of("both are split '" + training.split() + "' of " + training.repoId()));
    }
    String name = options.outputModelName().orElseGet(() -> defaultName(spec, command, clock));
    int epochs = spec.method().hyperparameters().epochs().value().map(Number::intValue).orElse(3);
    double base = command.equals("dpo") ? 1e-6 : options.lora() ? 1e-4 : 2e-5;
    double multiplier = spec.method().hyperparameters().learningRateMultiplier().value()
        .map(Number::doubleValue).orElse(1.0);
    Optional<Long> batch = spec.method().hyperparameters().batchSize().value().map(Number::longValue);
    Optional<Double> beta = method instanceof TrainingMethod.Preference p
        ? p.beta().value().map(Number::doubleValue) : Optional.empty();
    Duration timeout = options.timeout().orElseGet(() -> Duration.ofHours(Math.max(2, epochs)));
    return new TrainingPlan(command, spec.baseModel(), training, validation, namespace + "/" + name, epochs,
        base * multiplier, batch, beta, spec.seed(), options, timeout);
  }

  /** The namespace {@link #withPlaceholderData(JobSpec) checks} use, so that they need not ask the Hub for one. */
  public static final String PLACEHOLDER_NAMESPACE = "namespace";

  /**
   * Returns a spec with its data ids replaced by well-formed placeholders of one repository, for the checks that
   * look at everything but the data, which is checked at create.
   *
   * @param spec the spec
   * @return the spec with placeholder training and, if it had one, validation ids
   */
  public static JobSpec withPlaceholderData(JobSpec spec) {
    String repo = PLACEHOLDER_NAMESPACE + "/data@0:";
    JobSpec.Builder b = spec.toBuilder().trainingFile(repo + "train.jsonl");
    spec.validationFile().ifPresent(v -> b.validationFile(repo + "validation.jsonl"));
    return b.build();
  }

  /**
   * Returns whether the run merges its LoRA adapter into the base model before pushing: a LoRA run that pushes to
   * the Hub, so that the repository holds a model an Inference Endpoint can serve.
   *
   * @return true for LoRA with push to hub
   */
  public boolean mergesAdapter() {
    return options.lora() && options.pushToHub();
  }

  private static String defaultName(JobSpec spec, String command, Clock clock) {
    String model = spec.baseModel().substring(spec.baseModel().lastIndexOf('/') + 1);
    String suffix = spec.suffix().map(s -> s.replaceAll("[^A-Za-z0-9._-]", "-")).orElse(command.toUpperCase(Locale.ROOT));
    String name = model + "-" + suffix + "-" + STAMP.format(clock.instant());
    name = name.replaceAll("[^A-Za-z0-9._-]", "-");
    return name.length() > 96 ? name.substring(name.length() - 96).replaceAll("^[^A-Za-z0-9]+", "") : name;
  }

  /**
   * Formats a number the way Python reads it back exactly.
   *
   * @param value the number
   * @return the text, such as {@code 0.0001} or {@code 2e-05}
   */
  public static String number(double value) {
    return new BigDecimal(Double.toString(value)).stripTrailingZeros().toString().replace("E", "e");
  }

  /**
   * Formats a hyperparameter that may be auto.
   *
   * @param h the hyperparameter
   * @return the number's text, or empty for auto
   */
  static Optional<String> number(Hyperparameter h) {
    return h.value().map(v -> h.isWholeNumber() ? Long.toString(v.longValue()) : number(v.doubleValue()));
  }
}
