package dev.finetune4j.report;

import dev.finetune4j.error.LocalIoException;
import dev.finetune4j.dataset.CostEstimate;
import dev.finetune4j.dataset.DatasetStatistics;
import dev.finetune4j.eval.EvalReport;
import dev.finetune4j.eval.EvalSet;
import dev.finetune4j.job.Checkpoint;
import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobEvent;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.TrainingMetrics;
import dev.finetune4j.report.internal.ReportHtml;
import dev.finetune4j.report.internal.ReportJson;
import dev.finetune4j.report.internal.ReportModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;

/**
 * A report of one fine-tuning run for people to read: the job's settings, the training and validation loss curves
 * with the checkpoints, the dataset's statistics and estimated cost, and the evaluation of the tuned model against
 * the base model (quality per scorer with 95% confidence intervals, tokens and cost per answer, the verdict).
 *
 * <p>{@link #writeTo(Path)} writes one self-contained HTML file (inline CSS and SVG, no script, nothing fetched from
 * the network, readable on screen and in print) and the same figures as JSON next to it. Every section is optional:
 * an evaluation renders without a job, a job without an evaluation. All text from providers, datasets and models is
 * escaped.
 *
 * <pre>{@code
 * FineTuningReport report = FineTuningReport.builder()
 *     .title("Recipe assistant")
 *     .job(done).jobSpec(spec)
 *     .events(client.jobs().events(done.id()))          // or .metrics(...) collected by a JobListener
 *     .checkpoints(client.jobs().checkpoints(done.id()))
 *     .dataset(validation.statistics(), estimate)
 *     .evaluation(evalReport)
 *     .build();
 * ReportFiles files = report.writeTo(Path.of("target/report"));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class FineTuningReport {
  /** The name of the HTML file {@link #writeTo(Path)} writes. */
  public static final String HTML_FILE = "report.html";
  /** The name of the JSON file {@link #writeTo(Path)} writes. */
  public static final String JSON_FILE = "report.json";

  private final ReportModel model;

  private FineTuningReport(Builder b) {
    Instant generatedAt = b.generatedAt != null ? b.generatedAt
        : Instant.now(b.clock).truncatedTo(ChronoUnit.SECONDS);
    this.model = new ReportModel(b.title, generatedAt, Optional.ofNullable(b.job), Optional.ofNullable(b.spec),
        b.metrics, b.checkpoints, Optional.ofNullable(b.statistics), Optional.ofNullable(b.validationStatistics),
        Optional.ofNullable(b.estimate), Optional.ofNullable(b.evaluation), Optional.ofNullable(b.evalSet),
        b.currency);
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the report's title */
  public String title() {
    return model.title();
  }

  /** @return the job reported on, if any */
  public Optional<Job> job() {
    return model.job();
  }

  /** @return the evaluation reported on, if any */
  public Optional<EvalReport> evaluation() {
    return model.evaluation();
  }

  /**
   * Returns the training loss curve as drawn: one value per step (the last one reported for that step).
   *
   * @return step to loss, ascending by step; empty if no metrics had a training loss
   */
  public SortedMap<Long, Double> trainingLoss() {
    return model.curve(ReportModel.TRAIN_LOSS);
  }

  /**
   * Returns the validation loss curve (on a sample of the validation data) as drawn.
   *
   * @return step to loss, ascending by step; empty if no metrics had one
   */
  public SortedMap<Long, Double> validationLoss() {
    return model.curve(ReportModel.VALIDATION_LOSS);
  }

  /**
   * Returns the loss on the whole validation data (usually at the end of each epoch) as drawn.
   *
   * @return step to loss, ascending by step; empty if no metrics had one
   */
  public SortedMap<Long, Double> fullValidationLoss() {
    return model.curve(ReportModel.FULL_VALIDATION_LOSS);
  }

  /**
   * Writes {@value #HTML_FILE} and {@value #JSON_FILE} into a directory, creating it if needed and replacing the
   * files if they exist.
   *
   * @param directory where to write
   * @return the two files
   * @throws LocalIoException if a file cannot be written
   */
  public ReportFiles writeTo(Path directory) {
    Objects.requireNonNull(directory, "directory");
    try {
      Files.createDirectories(directory);
      Path html = directory.resolve(HTML_FILE);
      Path json = directory.resolve(JSON_FILE);
      write(html, toHtml());
      write(json, toJson());
      return new ReportFiles(html, json);
    } catch (IOException e) {
      throw new LocalIoException("could not write the report to " + directory + ": " + e.getMessage(), null, e);
    }
  }

  private static void write(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Returns the report's figures as JSON: the same values the HTML shows, unrounded. The first two keys name the
   * layout: {@code "format": "finetune4j-report"} and {@code "version": 1}; the layout of a version never changes.
   * The other top-level keys, each present only when the report has that part: {@code title}, {@code generatedAt},
   * {@code job} (ids, models, status, times, trained tokens, {@code trainingCost}, labels, {@code settings}),
   * {@code dataset} ({@code training} and {@code validation} statistics, {@code costEstimate}), {@code training}
   * ({@code curves.trainLoss}, {@code curves.validationLoss}, {@code curves.fullValidationLoss} as
   * {@code [{step, value}]}, the points drawn; {@code checkpoints}) and {@code evaluation} ({@code candidates} with
   * per-scorer {@code mean}, {@code lower}, {@code upper}, tokens, cost and latency; {@code comparisons} with their
   * verdicts). The {@linkplain dev.finetune4j.report package description} lists every field.
   *
   * @return pretty-printed JSON
   */
  public String toJson() {
    return ReportJson.write(model);
  }

  /**
   * Returns the report as one self-contained HTML document. The markup is also well-formed XML (XHTML syntax), so
   * tools can parse it either way.
   *
   * @return the document
   */
  public String toHtml() {
    return ReportHtml.write(model);
  }

  /** Builds a {@link FineTuningReport}. Every part is optional, but a report needs a job, metrics or an evaluation. */
  public static final class Builder {
    private String title = "Fine-tuning report";
    private Instant generatedAt;
    private Clock clock = Clock.systemUTC();
    private Job job;
    private JobSpec spec;
    private final List<TrainingMetrics> metrics = new ArrayList<>();
    private final List<Checkpoint> checkpoints = new ArrayList<>();
    private DatasetStatistics statistics;
    private DatasetStatistics validationStatistics;
    private CostEstimate estimate;
    private EvalReport evaluation;
    private EvalSet evalSet;
    private String currency = "$";

    private Builder() {}

    /**
     * Sets the symbol written before amounts, in the currency the prices were given in. Default {@code $}.
     *
     * @param symbol such as {@code $}, {@code €} or {@code EUR }
     * @return this builder
     */
    public Builder currency(String symbol) {
      Objects.requireNonNull(symbol, "symbol");
      if (symbol.isBlank()) {
        throw new IllegalArgumentException("currency symbol must not be blank");
      }
      this.currency = symbol;
      return this;
    }

    /**
     * Sets the report's title. Default {@code Fine-tuning report}.
     *
     * @param title not blank
     * @return this builder
     */
    public Builder title(String title) {
      Objects.requireNonNull(title, "title");
      if (title.isBlank()) {
        throw new IllegalArgumentException("title must not be blank");
      }
      this.title = title.strip();
      return this;
    }

    /**
     * Sets when the report was made, as shown in it. Default: now, by {@link #clock(Clock)}.
     *
     * @param generatedAt the time
     * @return this builder
     */
    public Builder generatedAt(Instant generatedAt) {
      this.generatedAt = Objects.requireNonNull(generatedAt, "generatedAt");
      return this;
    }

    /**
     * Sets the clock that dates the report when {@link #generatedAt(Instant)} is not set, such as an emulator's.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the job: its ids, models, status, times, trained tokens and labels are shown.
     *
     * @param job the job, normally in its terminal status
     * @return this builder
     */
    public Builder job(Job job) {
      this.job = Objects.requireNonNull(job, "job");
      return this;
    }

    /**
     * Sets the spec the job was created from, to show its method and hyperparameters.
     *
     * @param spec the spec
     * @return this builder
     */
    public Builder jobSpec(JobSpec spec) {
      this.spec = Objects.requireNonNull(spec, "spec");
      return this;
    }

    /**
     * Adds training metrics, such as those a {@link dev.finetune4j.job.JobListener} received. Several values for
     * one step are allowed; the last one of each curve is drawn.
     *
     * @param metrics the metrics, in any order
     * @return this builder
     */
    public Builder metrics(Collection<TrainingMetrics> metrics) {
      Objects.requireNonNull(metrics, "metrics").forEach(m -> this.metrics.add(Objects.requireNonNull(m, "metric")));
      return this;
    }

    /**
     * Adds the metrics carried by a job's events; events without metrics are skipped.
     *
     * @param events the events, such as {@code jobs().events(jobId)}
     * @return this builder
     */
    public Builder events(Collection<JobEvent> events) {
      Objects.requireNonNull(events, "events").forEach(e -> e.metrics().ifPresent(metrics::add));
      return this;
    }

    /**
     * Adds checkpoints, drawn as markers on the loss curves and listed in a table.
     *
     * @param checkpoints the checkpoints, in any order
     * @return this builder
     */
    public Builder checkpoints(Collection<Checkpoint> checkpoints) {
      Objects.requireNonNull(checkpoints, "checkpoints")
          .forEach(c -> this.checkpoints.add(Objects.requireNonNull(c, "checkpoint")));
      return this;
    }

    /**
     * Sets the training data's statistics.
     *
     * @param statistics the training file's statistics, from {@link dev.finetune4j.dataset.ValidationReport}
     * @return this builder
     */
    public Builder dataset(DatasetStatistics statistics) {
      this.statistics = Objects.requireNonNull(statistics, "statistics");
      return this;
    }

    /**
     * Sets the training data's statistics and the estimate of the training cost.
     *
     * @param statistics the training file's statistics, from {@link dev.finetune4j.dataset.ValidationReport}
     * @param estimate the cost estimate
     * @return this builder
     */
    public Builder dataset(DatasetStatistics statistics, CostEstimate estimate) {
      this.statistics = Objects.requireNonNull(statistics, "statistics");
      this.estimate = Objects.requireNonNull(estimate, "estimate");
      return this;
    }

    /**
     * Sets the validation file's statistics.
     *
     * @param statistics the statistics
     * @return this builder
     */
    public Builder validationDataset(DatasetStatistics statistics) {
      this.validationStatistics = Objects.requireNonNull(statistics, "statistics");
      return this;
    }

    /**
     * Sets the evaluation of the candidates (base, few-shot, tuned): rendered with or without a job.
     *
     * @param evaluation the evaluation's report
     * @return this builder
     */
    public Builder evaluation(EvalReport evaluation) {
      this.evaluation = Objects.requireNonNull(evaluation, "evaluation");
      return this;
    }

    /**
     * Sets the evaluation together with its cases, so that the sample answers are shown with their question and
     * reference answer.
     *
     * @param evaluation the evaluation's report
     * @param cases the evaluation set it ran on
     * @return this builder
     */
    public Builder evaluation(EvalReport evaluation, EvalSet cases) {
      this.evaluation = Objects.requireNonNull(evaluation, "evaluation");
      this.evalSet = Objects.requireNonNull(cases, "cases");
      return this;
    }

    /**
     * Builds the report.
     *
     * @return the report
     * @throws IllegalStateException if there is nothing to report: no job, no metrics and no evaluation
     */
    public FineTuningReport build() {
      if (job == null && metrics.isEmpty() && evaluation == null) {
        throw new IllegalStateException("a report needs a job, training metrics or an evaluation; none was given");
      }
      return new FineTuningReport(this);
    }
  }
}
