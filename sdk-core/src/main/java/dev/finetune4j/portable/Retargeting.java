package dev.finetune4j.portable;

import dev.finetune4j.FineTuningClient;
import dev.finetune4j.dataset.DatasetConverter;
import dev.finetune4j.dataset.DatasetFormat;
import dev.finetune4j.dataset.DatasetRules;
import dev.finetune4j.dataset.DatasetValidationException;
import dev.finetune4j.dataset.DatasetValidator;
import dev.finetune4j.dataset.ExampleKind;
import dev.finetune4j.dataset.ValidationReport;
import dev.finetune4j.error.LocalIoException;
import dev.finetune4j.error.MigrationRefusedException;
import dev.finetune4j.error.UnsupportedCapabilityException;
import dev.finetune4j.job.Hyperparameter;
import dev.finetune4j.job.Hyperparameters;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.TrainingMethod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link PortableJob} into a {@link RetargetPlan} for another provider, checking everything the target
 * would refuse before anything is sent.
 *
 * <p>The rules, also written into each plan's {@link RetargetPlan#translations()}:
 * <ul>
 *   <li>base model: the {@link ModelMapping}'s entry for the target provider; none is a refusal;
 *   <li>method: the same method; one the target lacks is a refusal;
 *   <li>epochs as epochs, batch size as batch size (examples per training step), DPO beta as beta;
 *   <li>learning rate: the source's multiplier is kept as the multiplier of the target's own default learning rate
 *       for the method and model, so the target's rate is {@code default × multiplier}. The source's absolute rate
 *       is not reproduced: OpenAI does not publish the rate its multiplier applies to;
 *   <li>suffix and seed as they were (the seed does not make another engine repeat the original run);
 *   <li>job limits: the target job's spec, with placeholder data ids, goes through the target's
 *       {@link dev.finetune4j.job.Jobs#check(JobSpec) check} (suffix length, seed and hyperparameter ranges), so a
 *       job the target would refuse at create is refused before its data is uploaded;
 *   <li>data: converted to the format the target trains on ({@code Datasets.trainingFormat(kind)}, such as OpenAI's
 *       preference fields to TRL's {@code prompt}/{@code chosen}/{@code rejected}), then validated with the target's
 *       {@link DatasetRules} for the target model; errors are a refusal naming file, line and field.
 * </ul>
 */
public final class Retargeting {
  private Retargeting() {}

  /**
   * Plans the move of a portable job to a target provider.
   *
   * @param job the description
   * @param exportDirectory the directory holding the description's files
   * @param target a client of the target provider; only its name, capabilities, dataset rules and job checks
   *     ({@link dev.finetune4j.job.Jobs#check}) are used
   * @param models which model to train on the target
   * @param workDirectory where converted data files are written
   * @return the plan, with nothing sent
   * @throws MigrationRefusedException if the files differ from the description or the base model has no mapping
   * @throws UnsupportedCapabilityException if the target cannot train with the job's method
   * @throws dev.finetune4j.error.LocalValidationException if the target's job limits refuse the job's settings,
   *     such as a suffix longer than the target allows
   * @throws DatasetValidationException if the target's rules find errors in the data, by file, line and field
   * @throws dev.finetune4j.dataset.DatasetConversionException if a line cannot be converted to the target's format
   */
  public static RetargetPlan plan(PortableJob job, Path exportDirectory, FineTuningClient target,
      ModelMapping models, Path workDirectory) {
    job.verifyFiles(exportDirectory);
    String provider = target.provider();
    String model = models.target(provider, job.baseModel()).orElseThrow(() -> new MigrationRefusedException(
        MigrationRefusedException.Reason.NO_EQUIVALENT_MODEL,
        "no equivalent of " + job.baseModel() + " on " + provider,
        List.of("base model " + job.baseModel() + " of job " + job.source().jobId() + " has no " + provider
            + " model in the mapping; add one with ModelMapping.builder().map(\"" + provider + "\", \""
            + job.baseModel() + "\", <model>)")));
    TrainingMethod method = job.method();
    if (!target.capabilities().supports(method.capability())) {
      throw new UnsupportedCapabilityException(provider, method.capability(), "job " + job.source().jobId()
          + " was trained with it at " + job.source().provider() + "; choose a target that has it");
    }
    JobSpec.Builder placeholders = JobSpec.builder().trainingFile("planned-training");
    job.validation().ifPresent(v -> placeholders.validationFile("planned-validation"));
    target.jobs().check(RetargetPlan.jobSpec(job, model, method, placeholders));

    boolean reinforcement = method instanceof TrainingMethod.Reinforcement;
    ExampleKind kind = method instanceof TrainingMethod.Preference ? ExampleKind.PREFERENCE : ExampleKind.CHAT;
    DatasetFormat format = target.datasets().trainingFormat(kind);
    DatasetRules rules = target.datasets().rules(model);
    Path training = exportDirectory.resolve(job.training().path());
    Path validation = job.validation().map(f -> exportDirectory.resolve(f.path())).orElse(null);
    ValidationReport detected = validate(rules, null, reinforcement, training, validation);
    if (detected.format().map(f -> !format.accepts(f)).orElse(false)) {
      createDirectories(workDirectory);
      training = convert(training, format, workDirectory.resolve(job.training().path()));
      if (validation != null) {
        validation = convert(validation, format, workDirectory.resolve(job.validation().orElseThrow().path()));
      }
    }
    ValidationReport report = validate(rules, format, reinforcement, training, validation);
    report.throwIfInvalid();
    return new RetargetPlan(job, provider, model, method, training, validation, format, report,
        translations(job, provider, model, detected, format), notes(job));
  }

  private static ValidationReport validate(DatasetRules rules, DatasetFormat format, boolean reinforcement,
      Path training, Path validation) {
    DatasetValidator.Builder v = DatasetValidator.builder().rules(rules).reinforcement(reinforcement);
    if (format != null) {
      v.format(format);
    }
    return validation == null ? v.build().validate(training) : v.build().validate(training, validation);
  }

  private static Path convert(Path in, DatasetFormat format, Path out) {
    DatasetConverter.convert(in, format, out);
    return out;
  }

  private static List<RetargetPlan.Translation> translations(PortableJob job, String provider, String model,
      ValidationReport detected, DatasetFormat format) {
    List<RetargetPlan.Translation> t = new ArrayList<>();
    t.add(new RetargetPlan.Translation("base model", job.baseModel(), model, "model mapping for " + provider));
    Hyperparameters h = job.method().hyperparameters();
    t.add(same("epochs", h.epochs(), "epochs as epochs"));
    t.add(same("batch size", h.batchSize(), "examples per training step as examples per training step"));
    Hyperparameter lr = h.learningRateMultiplier();
    t.add(new RetargetPlan.Translation("learning rate", "multiplier " + text(lr),
        lr.isAuto() ? provider + "'s default" : provider + "'s default x " + text(lr),
        "the target's default learning rate for the method and model times the source's multiplier;"
            + " the source's absolute rate is not published, so it is not reproduced"));
    if (job.method() instanceof TrainingMethod.Preference p) {
      t.add(same("beta", p.beta(), "DPO beta as DPO beta"));
    }
    if (job.method() instanceof TrainingMethod.Reinforcement r) {
      t.add(same("compute multiplier", r.computeMultiplier(), "kept as it was"));
      t.add(same("eval interval", r.evalInterval(), "kept as it was"));
      t.add(same("eval samples", r.evalSamples(), "kept as it was"));
    }
    t.add(new RetargetPlan.Translation("suffix", job.suffix().orElse("none"), job.suffix().orElse("none"),
        "kept as it was; the target's job check refuses it if too long"));
    String seed = job.seed().isPresent() ? Long.toString(job.seed().getAsLong()) : "none";
    t.add(new RetargetPlan.Translation("seed", seed, seed,
        "kept as it was; another engine does not repeat the original run with it"));
    String from = detected.format().map(Enum::name).orElse("unknown");
    t.add(new RetargetPlan.Translation("data format", from, format.name(),
        format.accepts(detected.format().orElse(format)) ? "the target trains on it as it is"
            : "converted line by line with DatasetConverter"));
    return t;
  }

  private static RetargetPlan.Translation same(String setting, Hyperparameter h, String rule) {
    return new RetargetPlan.Translation(setting, text(h), text(h), rule);
  }

  private static String text(Hyperparameter h) {
    return h.isAuto() ? "auto" : h.value().orElseThrow().toString();
  }

  private static List<String> notes(PortableJob job) {
    List<String> notes = new ArrayList<>();
    if (!job.checkpoints().isEmpty()) {
      notes.add(job.checkpoints().size() + " checkpoint(s) of the original run stay at " + job.source().provider()
          + "; their steps and metrics are kept in the description, their weights cannot be moved");
    }
    if (!job.finalMetrics().isEmpty()) {
      notes.add("the original run's final metrics (" + new java.util.TreeMap<>(job.finalMetrics())
          + ") are the source provider's measures; compare the models on held-out data, not these numbers");
    }
    return notes;
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw LocalIoException.of("create", dir, e);
    }
  }
}
