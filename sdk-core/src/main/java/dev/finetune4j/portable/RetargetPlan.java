package dev.finetune4j.portable;

import dev.finetune4j.dataset.DatasetFormat;
import dev.finetune4j.dataset.DatasetUpload;
import dev.finetune4j.dataset.UploadedDataset;
import dev.finetune4j.dataset.ValidationReport;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.TrainingMethod;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A portable job re-targeted at another provider, checked and ready to send: the target model, the method with its
 * translated hyperparameters, the data in the target's format (validated with the target's rules), each
 * translation with the rule it followed, and notes on what does not carry over. Made by
 * {@link Retargeting#plan(PortableJob, Path, dev.finetune4j.FineTuningClient, ModelMapping, Path)}; nothing has
 * been sent yet.
 *
 * <pre>{@code
 * UploadedDataset data = target.datasets().upload(plan.datasetUpload());
 * Job job = target.jobs().create(plan.jobSpec(data));
 * }</pre>
 */
public final class RetargetPlan {

  /**
   * How one setting was carried over.
   *
   * @param setting the setting, such as {@code learning rate}
   * @param source its value in the original job
   * @param target its value for the target
   * @param rule the rule that turned one into the other
   */
  public record Translation(String setting, String source, String target, String rule) {
    /** Checks that no component is null. */
    public Translation {
      Objects.requireNonNull(setting, "setting");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(rule, "rule");
    }

    /** @return one line: setting, source value, target value and rule */
    public String describe() {
      return setting + ": " + source + " -> " + target + " (" + rule + ")";
    }
  }

  private final PortableJob source;
  private final String targetProvider;
  private final String baseModel;
  private final TrainingMethod method;
  private final Path training;
  private final Path validation;
  private final DatasetFormat format;
  private final ValidationReport report;
  private final List<Translation> translations;
  private final List<String> notes;

  RetargetPlan(PortableJob source, String targetProvider, String baseModel, TrainingMethod method, Path training,
      Path validation, DatasetFormat format, ValidationReport report, List<Translation> translations,
      List<String> notes) {
    this.source = source;
    this.targetProvider = targetProvider;
    this.baseModel = baseModel;
    this.method = method;
    this.training = training;
    this.validation = validation;
    this.format = format;
    this.report = report;
    this.translations = List.copyOf(translations);
    this.notes = List.copyOf(notes);
  }

  /** @return the portable job this plan moves */
  public PortableJob source() {
    return source;
  }

  /** @return the target's provider name */
  public String targetProvider() {
    return targetProvider;
  }

  /** @return the model to train on the target */
  public String baseModel() {
    return baseModel;
  }

  /** @return the method with the translated hyperparameters */
  public TrainingMethod method() {
    return method;
  }

  /** @return the training data in the target's format */
  public Path training() {
    return training;
  }

  /** @return the validation data in the target's format, if the job had some */
  public Optional<Path> validation() {
    return Optional.ofNullable(validation);
  }

  /** @return the format the data is in, the one the target trains on */
  public DatasetFormat format() {
    return format;
  }

  /** @return the validation of the data with the target's rules for {@link #baseModel()}; it has no errors */
  public ValidationReport report() {
    return report;
  }

  /** @return each setting carried over, with its rule */
  public List<Translation> translations() {
    return translations;
  }

  /** @return what does not carry over or may differ, one line each */
  public List<String> notes() {
    return notes;
  }

  /**
   * Returns the upload of this plan's data for the target model.
   *
   * @return the upload, named after the source job
   */
  public DatasetUpload datasetUpload() {
    DatasetUpload.Builder b = DatasetUpload.builder().training(training).targetModel(baseModel)
        .name(source.suffix().orElse("migrated") + "-" + source.source().jobId());
    if (validation != null) {
      b.validation(validation);
    }
    return b.build();
  }

  /**
   * Returns the target job's spec for data uploaded from {@link #datasetUpload()}. Add provider options (hardware,
   * Azure's training type) with {@link JobSpec#toBuilder()}; the provider checks its limits before sending.
   *
   * @param uploaded the upload's result at the target
   * @return the spec
   */
  public JobSpec jobSpec(UploadedDataset uploaded) {
    return jobSpec(source, baseModel, method, JobSpec.builder().data(uploaded));
  }

  /** The target's spec: the data as {@code data} has it, the model, method, suffix and seed from the plan. */
  static JobSpec jobSpec(PortableJob source, String baseModel, TrainingMethod method, JobSpec.Builder data) {
    JobSpec.Builder b = data.baseModel(baseModel).method(method);
    source.suffix().ifPresent(b::suffix);
    source.seed().ifPresent(b::seed);
    return b.build();
  }

  /**
   * Describes the plan for people: the move, the data, every translation and every note.
   *
   * @return lines of text
   */
  public List<String> describe() {
    List<String> lines = new java.util.ArrayList<>();
    lines.add(source.source().provider() + " job " + source.source().jobId() + " (" + source.baseModel() + ") -> "
        + targetProvider + " " + baseModel);
    lines.add("data: " + training + validation().map(v -> " + " + v).orElse("") + " as " + format + "; "
        + report.summary());
    translations.forEach(t -> lines.add(t.describe()));
    notes.forEach(n -> lines.add("note: " + n));
    return lines;
  }

  @Override
  public String toString() {
    return "RetargetPlan{" + source.source().jobId() + " -> " + targetProvider + " " + baseModel + ", method="
        + method + '}';
  }
}
