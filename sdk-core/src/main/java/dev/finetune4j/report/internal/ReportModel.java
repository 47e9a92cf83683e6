package dev.finetune4j.report.internal;

import dev.finetune4j.dataset.CostEstimate;
import dev.finetune4j.dataset.DatasetStatistics;
import dev.finetune4j.eval.EvalCase;
import dev.finetune4j.eval.EvalReport;
import dev.finetune4j.eval.EvalSet;
import dev.finetune4j.job.Checkpoint;
import dev.finetune4j.job.Hyperparameter;
import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.TrainingMethod;
import dev.finetune4j.job.TrainingMetrics;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What a fine-tuning report shows, gathered once and shared by its HTML and JSON writers: the parts given to the
 * report's builder, the loss curves as drawn and the figures derived from several parts. Immutable.
 */
public final class ReportModel {
  /** The name of the training loss curve, in JSON and in the markup. */
  public static final String TRAIN_LOSS = "trainLoss";
  /** The name of the validation loss curve (on a sample of the validation data). */
  public static final String VALIDATION_LOSS = "validationLoss";
  /** The name of the loss curve on the whole validation data. */
  public static final String FULL_VALIDATION_LOSS = "fullValidationLoss";

  private static final List<Map.Entry<String, Function<TrainingMetrics, OptionalDouble>>> CURVES = List.of(
      Map.entry(TRAIN_LOSS, TrainingMetrics::trainLoss),
      Map.entry(VALIDATION_LOSS, TrainingMetrics::validationLoss),
      Map.entry(FULL_VALIDATION_LOSS, TrainingMetrics::fullValidationLoss));

  private final String title;
  private final Instant generatedAt;
  private final Optional<Job> job;
  private final Optional<JobSpec> spec;
  private final Map<String, SortedMap<Long, Double>> series;
  private final List<Checkpoint> checkpoints;
  private final Optional<DatasetStatistics> statistics;
  private final Optional<DatasetStatistics> validationStatistics;
  private final Optional<CostEstimate> estimate;
  private final Optional<EvalReport> evaluation;
  private final Map<String, EvalCase> cases;
  private final String currency;

  /**
   * Gathers the parts of a report.
   *
   * @param title the title
   * @param generatedAt when the report was made
   * @param job the job, if any
   * @param spec the spec the job was made from, if any
   * @param metrics training metrics, in any order; several for one step allowed, the last one of each curve kept
   * @param checkpoints checkpoints, in any order
   * @param statistics the training data's statistics, if any
   * @param validationStatistics the validation data's statistics, if any
   * @param estimate the training cost estimate, if any
   * @param evaluation the evaluation, if any
   * @param evalSet the cases the evaluation ran on, if given
   * @param currency the symbol written before amounts
   */
  public ReportModel(String title, Instant generatedAt, Optional<Job> job, Optional<JobSpec> spec,
      Collection<TrainingMetrics> metrics, Collection<Checkpoint> checkpoints,
      Optional<DatasetStatistics> statistics, Optional<DatasetStatistics> validationStatistics,
      Optional<CostEstimate> estimate, Optional<EvalReport> evaluation, Optional<EvalSet> evalSet,
      String currency) {
    this.title = Objects.requireNonNull(title, "title");
    this.generatedAt = Objects.requireNonNull(generatedAt, "generatedAt");
    this.job = Objects.requireNonNull(job, "job");
    this.spec = Objects.requireNonNull(spec, "spec");
    this.series = seriesOf(metrics);
    this.checkpoints = checkpoints.stream()
        .sorted((x, y) -> Long.compare(x.step(), y.step()))
        .toList();
    this.statistics = Objects.requireNonNull(statistics, "statistics");
    this.validationStatistics = Objects.requireNonNull(validationStatistics, "validationStatistics");
    this.estimate = Objects.requireNonNull(estimate, "estimate");
    this.evaluation = Objects.requireNonNull(evaluation, "evaluation");
    Map<String, EvalCase> byId = new LinkedHashMap<>();
    evalSet.ifPresent(set -> set.cases().forEach(c -> byId.put(c.id(), c)));
    this.cases = Collections.unmodifiableMap(byId);
    this.currency = Objects.requireNonNull(currency, "currency");
  }

  /** @return the title */
  public String title() {
    return title;
  }

  /** @return when the report was made */
  public Instant generatedAt() {
    return generatedAt;
  }

  /** @return the job, if any */
  public Optional<Job> job() {
    return job;
  }

  /** @return the spec the job was made from, if any */
  public Optional<JobSpec> spec() {
    return spec;
  }

  /**
   * Returns the loss curves that have at least one point, in the order training, validation, full validation.
   *
   * @return curve name to its points (step to value, ascending by step); unmodifiable
   */
  public Map<String, SortedMap<Long, Double>> series() {
    return series;
  }

  /**
   * Returns one loss curve.
   *
   * @param name {@link #TRAIN_LOSS}, {@link #VALIDATION_LOSS} or {@link #FULL_VALIDATION_LOSS}
   * @return step to value, ascending by step; empty when the curve has no point
   */
  public SortedMap<Long, Double> curve(String name) {
    SortedMap<Long, Double> points = series.get(name);
    return points == null ? Collections.emptySortedMap() : points;
  }

  /** @return the checkpoints, ascending by step */
  public List<Checkpoint> checkpoints() {
    return checkpoints;
  }

  /** @return the training data's statistics, if any */
  public Optional<DatasetStatistics> statistics() {
    return statistics;
  }

  /** @return the validation data's statistics, if any */
  public Optional<DatasetStatistics> validationStatistics() {
    return validationStatistics;
  }

  /** @return the training cost estimate, if any */
  public Optional<CostEstimate> estimate() {
    return estimate;
  }

  /** @return the evaluation, if any */
  public Optional<EvalReport> evaluation() {
    return evaluation;
  }

  /**
   * Returns one case of the evaluation set, when the set was given.
   *
   * @param id the case's id
   * @return the case, or empty when the set was not given or has no such case
   */
  public Optional<EvalCase> evalCase(String id) {
    return Optional.ofNullable(cases.get(id));
  }

  /** @return the symbol written before amounts */
  public String currency() {
    return currency;
  }

  /** @return whether the report has a dataset part: statistics or a cost estimate */
  public boolean hasDataset() {
    return statistics.isPresent() || estimate.isPresent();
  }

  /** @return whether the report has a training part: loss curves or checkpoints */
  public boolean hasTraining() {
    return !series.isEmpty() || !checkpoints.isEmpty();
  }

  /**
   * Returns a checkpoint's loss: its own metrics when it has them, else the curve's value at its step.
   *
   * @param c the checkpoint
   * @param curve {@link #TRAIN_LOSS} or {@link #VALIDATION_LOSS} (which prefers the full validation loss)
   * @return the loss, if known
   */
  public Optional<Double> checkpointLoss(Checkpoint c, String curve) {
    OptionalDouble own = c.metrics().map(m -> TRAIN_LOSS.equals(curve) ? m.trainLoss()
        : m.fullValidationLoss().isPresent() ? m.fullValidationLoss() : m.validationLoss())
        .orElse(OptionalDouble.empty());
    if (own.isPresent()) {
      return Optional.of(own.getAsDouble());
    }
    SortedMap<Long, Double> points = series.get(curve);
    return points == null ? Optional.empty() : Optional.ofNullable(points.get(c.step()));
  }

  /**
   * Returns the training's cost: the job's trained tokens at the estimate's price.
   *
   * @return the cost; empty without a job with trained tokens and an estimate
   */
  public Optional<BigDecimal> actualCost() {
    if (job.isEmpty() || estimate.isEmpty() || job.get().trainedTokens().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(BigDecimal.valueOf(job.get().trainedTokens().getAsLong())
        .multiply(estimate.get().pricePerMillionTokens()).movePointLeft(6));
  }

  /**
   * Returns the training method and hyperparameters of a spec in words, such as {@code epochs} to {@code auto}.
   *
   * @param s the spec
   * @return setting name to value, in the order shown
   */
  public static Map<String, String> methodSettings(JobSpec s) {
    Map<String, String> out = new LinkedHashMap<>();
    TrainingMethod method = s.method();
    out.put("method", method instanceof TrainingMethod.Preference ? "preference (DPO)"
        : method instanceof TrainingMethod.Reinforcement ? "reinforcement" : "supervised");
    out.put("epochs", hyper(method.hyperparameters().epochs()));
    out.put("batch size", hyper(method.hyperparameters().batchSize()));
    out.put("learning rate multiplier", hyper(method.hyperparameters().learningRateMultiplier()));
    if (method instanceof TrainingMethod.Preference p) {
      out.put("beta", hyper(p.beta()));
    }
    s.suffix().ifPresent(v -> out.put("suffix", v));
    s.seed().ifPresent(v -> out.put("seed", Long.toString(v)));
    return out;
  }

  private static String hyper(Hyperparameter h) {
    return h.isAuto() ? "auto" : h.value().map(Number::toString).orElse("auto");
  }

  private static Map<String, SortedMap<Long, Double>> seriesOf(Collection<TrainingMetrics> metrics) {
    Map<String, SortedMap<Long, Double>> out = new LinkedHashMap<>();
    for (Map.Entry<String, Function<TrainingMetrics, OptionalDouble>> curve : CURVES) {
      TreeMap<Long, Double> points = new TreeMap<>();
      for (TrainingMetrics m : metrics) {
        OptionalDouble v = curve.getValue().apply(m);
        if (v.isPresent() && Double.isFinite(v.getAsDouble())) {
          points.put(m.step(), v.getAsDouble());
        }
      }
      if (!points.isEmpty()) {
        out.put(curve.getKey(), Collections.unmodifiableSortedMap(points));
      }
    }
    return Collections.unmodifiableMap(out);
  }
}
