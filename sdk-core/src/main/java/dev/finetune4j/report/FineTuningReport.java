package dev.finetune4j.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.dataset.CostEstimate;
import dev.finetune4j.dataset.DatasetStatistics;
import dev.finetune4j.error.FineTuningException;
import dev.finetune4j.eval.CandidateSummary;
import dev.finetune4j.eval.CaseResult;
import dev.finetune4j.eval.Comparison;
import dev.finetune4j.eval.EvalCase;
import dev.finetune4j.eval.EvalReport;
import dev.finetune4j.eval.EvalSet;
import dev.finetune4j.eval.ScoreSummary;
import dev.finetune4j.spi.http.Json;
import dev.finetune4j.job.Checkpoint;
import dev.finetune4j.job.Hyperparameter;
import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobEvent;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.TrainingMethod;
import dev.finetune4j.job.TrainingMetrics;
import dev.finetune4j.report.internal.Charts;
import dev.finetune4j.report.internal.Html;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
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

  private static final int SAMPLE_CASES = 4;
  private static final int SAMPLE_ANSWER_CHARS = 400;

  private final String title;
  private final Instant generatedAt;
  private final Optional<Job> job;
  private final Optional<JobSpec> spec;
  private final Map<String, TreeMap<Long, Double>> series;
  private final List<Checkpoint> checkpoints;
  private final Optional<DatasetStatistics> statistics;
  private final Optional<DatasetStatistics> validationStatistics;
  private final Optional<CostEstimate> estimate;
  private final Optional<EvalReport> evaluation;
  private final Map<String, EvalCase> cases;
  private final String currency;

  private FineTuningReport(Builder b) {
    this.title = b.title;
    this.generatedAt = b.generatedAt != null ? b.generatedAt : Instant.now(b.clock).truncatedTo(ChronoUnit.SECONDS);
    this.job = Optional.ofNullable(b.job);
    this.spec = Optional.ofNullable(b.spec);
    this.series = seriesOf(b.metrics);
    this.checkpoints = b.checkpoints.stream()
        .sorted((x, y) -> Long.compare(x.step(), y.step()))
        .toList();
    this.statistics = Optional.ofNullable(b.statistics);
    this.validationStatistics = Optional.ofNullable(b.validationStatistics);
    this.estimate = Optional.ofNullable(b.estimate);
    this.evaluation = Optional.ofNullable(b.evaluation);
    Map<String, EvalCase> byId = new LinkedHashMap<>();
    if (b.evalSet != null) {
      b.evalSet.cases().forEach(c -> byId.put(c.id(), c));
    }
    this.cases = java.util.Collections.unmodifiableMap(byId);
    this.currency = b.currency;
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
    return title;
  }

  /** @return the job reported on, if any */
  public Optional<Job> job() {
    return job;
  }

  /** @return the evaluation reported on, if any */
  public Optional<EvalReport> evaluation() {
    return evaluation;
  }

  /**
   * Returns the training loss curve as drawn: one value per step (the last one reported for that step).
   *
   * @return step to loss, ascending by step; empty if no metrics had a training loss
   */
  public SortedMap<Long, Double> trainingLoss() {
    return curve("trainLoss");
  }

  /**
   * Returns the validation loss curve (on a sample of the validation data) as drawn.
   *
   * @return step to loss, ascending by step; empty if no metrics had one
   */
  public SortedMap<Long, Double> validationLoss() {
    return curve("validationLoss");
  }

  /**
   * Returns the loss on the whole validation data (usually at the end of each epoch) as drawn.
   *
   * @return step to loss, ascending by step; empty if no metrics had one
   */
  public SortedMap<Long, Double> fullValidationLoss() {
    return curve("fullValidationLoss");
  }

  private SortedMap<Long, Double> curve(String name) {
    TreeMap<Long, Double> points = series.get(name);
    return java.util.Collections.unmodifiableSortedMap(points == null ? new TreeMap<>() : points);
  }

  /**
   * Writes {@value #HTML_FILE} and {@value #JSON_FILE} into a directory, creating it if needed and replacing the
   * files if they exist.
   *
   * @param directory where to write
   * @return the two files
   * @throws UncheckedIOException if a file cannot be written
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
      throw new UncheckedIOException("could not write the report to " + directory, e);
    }
  }

  private static void write(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
  }

  // ------------------------------------------------------------------------------------------------------------ JSON

  /**
   * Returns the report's figures as JSON: the same values the HTML shows, unrounded. Top-level keys, each present
   * only when the report has that part: {@code title}, {@code generatedAt}, {@code job} (ids, models, status, times,
   * trained tokens, {@code trainingCost}, labels, {@code settings}), {@code dataset} ({@code training} and
   * {@code validation} statistics, {@code costEstimate}), {@code training} ({@code curves.trainLoss},
   * {@code curves.validationLoss}, {@code curves.fullValidationLoss} as {@code [{step, value}]}, the points drawn;
   * {@code checkpoints}) and {@code evaluation} ({@code candidates} with per-scorer {@code mean}, {@code lower},
   * {@code upper}, tokens, cost and latency; {@code comparisons} with their verdicts).
   *
   * @return pretty-printed JSON
   */
  public String toJson() {
    ObjectNode root = Json.object();
    root.put("title", title);
    root.put("generatedAt", generatedAt.toString());
    job.ifPresent(j -> root.set("job", jobJson(j)));
    if (statistics.isPresent() || estimate.isPresent()) {
      ObjectNode dataset = root.putObject("dataset");
      statistics.ifPresent(s -> dataset.set("training", Json.toTree(s)));
      validationStatistics.ifPresent(s -> dataset.set("validation", Json.toTree(s)));
      estimate.ifPresent(e -> {
        ObjectNode cost = dataset.putObject("costEstimate");
        cost.put("billableTokens", e.billableTokens());
        cost.put("epochs", e.epochs());
        cost.put("trainedTokens", e.trainedTokens());
        cost.put("pricePerMillionTokens", e.pricePerMillionTokens());
        cost.put("cost", e.cost());
      });
    }
    if (!series.isEmpty() || !checkpoints.isEmpty()) {
      ObjectNode training = root.putObject("training");
      ObjectNode curves = training.putObject("curves");
      for (Map.Entry<String, TreeMap<Long, Double>> e : series.entrySet()) {
        ArrayNode points = curves.putArray(e.getKey());
        e.getValue().forEach((step, value) -> points.addObject().put("step", step).put("value", value));
      }
      ArrayNode cps = training.putArray("checkpoints");
      for (Checkpoint c : checkpoints) {
        ObjectNode cp = cps.addObject();
        cp.put("id", c.id());
        cp.put("model", c.model());
        cp.put("step", c.step());
        cp.put("createdAt", c.createdAt().toString());
        checkpointLoss(c, "trainLoss").ifPresent(v -> cp.put("trainLoss", v));
        checkpointLoss(c, "validationLoss").ifPresent(v -> cp.put("validationLoss", v));
      }
    }
    evaluation.ifPresent(ev -> root.set("evaluation", evaluationJson(ev)));
    try {
      return Json.writer().withDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new FineTuningException("could not write the report as JSON: " + e.getOriginalMessage(), e);
    }
  }

  private ObjectNode jobJson(Job j) {
    ObjectNode o = Json.object();
    o.put("id", j.id());
    o.put("provider", j.provider());
    o.put("status", j.status().value());
    o.put("providerStatus", j.providerStatus());
    o.put("baseModel", j.baseModel());
    j.fineTunedModel().ifPresent(v -> o.put("fineTunedModel", v));
    j.trainingFile().ifPresent(v -> o.put("trainingFile", v));
    j.validationFile().ifPresent(v -> o.put("validationFile", v));
    o.put("createdAt", j.createdAt().toString());
    j.finishedAt().ifPresent(v -> o.put("finishedAt", v.toString()));
    j.trainedTokens().ifPresent(v -> o.put("trainedTokens", v));
    actualCost().ifPresent(v -> o.put("trainingCost", v));
    j.error().ifPresent(e -> o.put("error", e.message()));
    if (!j.labels().isEmpty()) {
      ObjectNode labels = o.putObject("labels");
      j.labels().forEach(labels::put);
    }
    spec.ifPresent(s -> {
      ObjectNode settings = o.putObject("settings");
      methodSettings(s).forEach(settings::put);
    });
    return o;
  }

  private ObjectNode evaluationJson(EvalReport ev) {
    ObjectNode o = Json.object();
    o.put("evalSet", ev.evalSet());
    o.put("caseCount", ev.caseCount());
    o.put("confidenceLevel", ev.confidenceLevel());
    ArrayNode scorers = o.putArray("scorers");
    ev.scorers().forEach(scorers::add);
    ArrayNode candidates = o.putArray("candidates");
    for (CandidateSummary c : ev.candidates()) {
      ObjectNode co = candidates.addObject();
      co.put("name", c.name());
      co.put("model", c.model());
      co.put("cases", c.cases());
      co.put("errors", c.errors());
      ObjectNode scores = co.putObject("scores");
      for (ScoreSummary s : c.scores().values()) {
        scores.putObject(s.scorer()).put("mean", s.mean()).put("lower", s.interval().lower())
            .put("upper", s.interval().upper()).put("count", s.count()).put("errors", s.errors());
      }
      co.putObject("tokens").put("meanInput", c.tokens().meanInput()).put("meanOutput", c.tokens().meanOutput())
          .put("meanTotal", c.tokens().meanTotal()).put("totalInput", c.tokens().totalInput())
          .put("totalOutput", c.tokens().totalOutput());
      c.cost().ifPresent(cost -> co.putObject("cost").put("total", cost.total())
          .put("perThousandAnswers", cost.perThousandAnswers()));
      co.putObject("latencyMillis").put("p50", c.latency().p50().toMillis()).put("p90", c.latency().p90().toMillis())
          .put("mean", c.latency().mean().toMillis());
    }
    ArrayNode comparisons = o.putArray("comparisons");
    for (Comparison c : ev.comparisons()) {
      comparisons.addObject().put("candidate", c.candidate()).put("baseline", c.baseline()).put("scorer", c.scorer())
          .put("pairs", c.pairs()).put("wins", c.wins()).put("ties", c.ties()).put("losses", c.losses())
          .put("meanDifference", c.meanDifference()).put("lower", c.interval().lower())
          .put("upper", c.interval().upper()).put("tokenChange", c.tokenChange()).put("outcome", c.outcome().name())
          .put("verdict", c.verdict());
    }
    return o;
  }

  // ------------------------------------------------------------------------------------------------------------ HTML

  /**
   * Returns the report as one self-contained HTML document. The markup is also well-formed XML (XHTML syntax), so
   * tools can parse it either way.
   *
   * @return the document
   */
  public String toHtml() {
    StringBuilder h = new StringBuilder(32_768);
    h.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
        .append("<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
        .append("<title>").append(Html.escape(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n")
        .append("</head>\n<body>\n<main>\n<header>\n<h1>").append(Html.escape(title)).append("</h1>\n<p class=\"meta\">");
    List<String> meta = new ArrayList<>();
    job.ifPresent(j -> meta.add(j.provider() + " job " + j.id() + ", " + j.status().value()));
    evaluation.ifPresent(ev -> meta.add("evaluation on " + ev.evalSet() + " (" + ev.caseCount() + " cases)"));
    meta.add("generated " + generatedAt);
    h.append(Html.escape(String.join(" · ", meta))).append("</p>\n");
    List<String> verdicts = evaluation.map(ev -> ev.comparisons().stream().map(Comparison::verdict).toList())
        .orElse(List.of());
    if (!verdicts.isEmpty()) {
      h.append("<div class=\"verdict\" id=\"verdict\">");
      for (String v : verdicts) {
        h.append("<p>").append(Html.escape(v)).append("</p>");
      }
      h.append("</div>\n");
    }
    h.append("</header>\n");
    job.ifPresent(j -> jobSection(h, j));
    if (statistics.isPresent() || estimate.isPresent()) {
      datasetSection(h);
    }
    if (!series.isEmpty() || !checkpoints.isEmpty()) {
      trainingSection(h);
    }
    evaluation.ifPresent(ev -> {
      evaluationSection(h, ev);
      tokenSection(h, ev);
      samplesSection(h, ev);
    });
    h.append("<footer>Written by finetune4j. Scores are between 0 and 1; intervals are ")
        .append(evaluation.map(ev -> Math.round(ev.confidenceLevel() * 100) + "%").orElse("95%"))
        .append(" bootstrap confidence intervals.</footer>\n</main>\n</body>\n</html>\n");
    return h.toString();
  }

  private void jobSection(StringBuilder h, Job j) {
    Map<String, String> rows = new LinkedHashMap<>();
    rows.put("Job", j.id());
    rows.put("Provider", j.provider());
    rows.put("Status", j.status().value().equals(j.providerStatus()) ? j.status().value()
        : j.status().value() + " (" + j.providerStatus() + ")");
    rows.put("Base model", j.baseModel());
    j.fineTunedModel().ifPresent(v -> rows.put("Fine-tuned model", v));
    j.trainingFile().ifPresent(v -> rows.put("Training data", v));
    j.validationFile().ifPresent(v -> rows.put("Validation data", v));
    spec.ifPresent(s -> methodSettings(s).forEach((k, v) -> rows.put(capitalise(k), v)));
    rows.put("Created", j.createdAt().toString());
    j.finishedAt().ifPresent(v -> {
      rows.put("Finished", v.toString());
      rows.put("Duration", duration(Duration.between(j.createdAt(), v)));
    });
    j.trainedTokens().ifPresent(v -> rows.put("Trained tokens", Html.count(v)));
    actualCost().ifPresent(v -> rows.put("Training cost", money(v) + " (trained tokens at the estimate's price)"));
    j.labels().forEach((k, v) -> rows.put("Label " + k, v));
    j.error().ifPresent(e -> rows.put("Error", e.code().map(c -> c + ": ").orElse("") + e.message()));
    h.append("<section id=\"job\">\n<h2>Job</h2>\n");
    keyValues(h, "job-settings", rows);
    h.append("</section>\n");
  }

  private void datasetSection(StringBuilder h) {
    h.append("<section id=\"dataset\">\n<h2>Dataset</h2>\n");
    Map<String, String> rows = new LinkedHashMap<>();
    statistics.ifPresent(s -> {
      rows.put("Training examples", Html.count(s.exampleCount()));
      rows.put("Tokens per example", "min " + s.minTokens() + ", median " + Html.fixed(s.medianTokens(), 0)
          + ", p90 " + Html.fixed(s.p90Tokens(), 0) + ", max " + s.maxTokens()
          + (s.exactCounts() ? "" : " (estimated)"));
      rows.put("Total tokens", Html.count(s.totalTokens()) + " (" + Html.count(s.assistantTokens())
          + " in assistant answers)");
      if (s.examplesOverLimit() > 0) {
        rows.put("Over the token limit", s.examplesOverLimit() + " examples (limit " + s.tokenLimit().getAsInt()
            + ")");
      }
    });
    validationStatistics.ifPresent(s -> rows.put("Validation examples", Html.count(s.exampleCount())));
    estimate.ifPresent(e -> {
      rows.put("Billable tokens per epoch", Html.count(e.billableTokens()));
      rows.put("Epochs", Integer.toString(e.epochs()));
      rows.put("Trained tokens (estimate)", Html.count(e.trainedTokens()));
      rows.put("Estimated training cost", money(e.cost()) + " at " + e.pricePerMillionTokens().toPlainString()
          + " per million tokens");
    });
    keyValues(h, "dataset-statistics", rows);
    h.append("</section>\n");
  }

  private void trainingSection(StringBuilder h) {
    h.append("<section id=\"training\">\n<h2>Training</h2>\n");
    List<Charts.Line> lines = new ArrayList<>();
    for (Map.Entry<String, TreeMap<Long, Double>> e : series.entrySet()) {
      List<Double> xs = e.getValue().keySet().stream().map(Long::doubleValue).toList();
      List<Double> ys = List.copyOf(e.getValue().values());
      lines.add(new Charts.Line(e.getKey(), CURVE_LABELS.get(e.getKey()), cssOf(e.getKey()), xs, ys));
    }
    List<Charts.Marker> markers = checkpoints.stream()
        .map(c -> new Charts.Marker(c.step(), "checkpoint at step " + c.step() + ": " + c.model()))
        .toList();
    if (!lines.isEmpty()) {
      h.append("<figure>\n").append(Charts.lineChart("Loss by training step", "step", "loss", lines, markers));
      h.append("<figcaption class=\"legend\">");
      for (Charts.Line line : lines) {
        h.append("<span class=\"key ").append(line.cssClass()).append("\">").append(Html.escape(line.label()))
            .append(" (").append(line.xs().size()).append(line.xs().size() == 1 ? " point" : " points")
            .append(")</span> ");
      }
      if (!markers.isEmpty()) {
        h.append("<span class=\"key checkpoint\">checkpoint</span>");
      }
      h.append("</figcaption>\n</figure>\n");
      TreeMap<Long, Double> train = series.get("trainLoss");
      if (train != null && !train.isEmpty()) {
        h.append("<p>Training loss went from ").append(Html.fixed(train.firstEntry().getValue(), 4))
            .append(" at step ").append(train.firstKey()).append(" to ")
            .append(Html.fixed(train.lastEntry().getValue(), 4)).append(" at step ").append(train.lastKey());
        TreeMap<Long, Double> valid = series.getOrDefault("fullValidationLoss", series.get("validationLoss"));
        if (valid != null && !valid.isEmpty()) {
          h.append("; validation loss ended at ").append(Html.fixed(valid.lastEntry().getValue(), 4));
        }
        h.append(".</p>\n");
      }
    }
    if (!checkpoints.isEmpty()) {
      h.append("<table id=\"checkpoints\">\n<thead><tr><th>Step</th><th>Checkpoint model</th>")
          .append("<th class=\"num\">Train loss</th><th class=\"num\">Validation loss</th></tr></thead>\n<tbody>\n");
      for (Checkpoint c : checkpoints) {
        h.append("<tr><td>").append(c.step()).append("</td><td class=\"id\">").append(Html.escape(c.model()))
            .append("</td><td class=\"num\">").append(optional(checkpointLoss(c, "trainLoss"), 4))
            .append("</td><td class=\"num\">").append(optional(checkpointLoss(c, "validationLoss"), 4))
            .append("</td></tr>\n");
      }
      h.append("</tbody>\n</table>\n");
    }
    h.append("</section>\n");
  }

  private void evaluationSection(StringBuilder h, EvalReport ev) {
    h.append("<section id=\"evaluation\">\n<h2>Evaluation</h2>\n<p>").append(ev.caseCount())
        .append(" held-out cases from ").append(Html.escape(ev.evalSet())).append(", answered by ")
        .append(ev.candidates().size()).append(ev.candidates().size() == 1 ? " candidate" : " candidates")
        .append(".</p>\n");
    List<Charts.Bar> bars = new ArrayList<>();
    for (int i = 0; i < ev.candidates().size(); i++) {
      CandidateSummary c = ev.candidates().get(i);
      for (String scorer : ev.scorers()) {
        int index = i;
        c.score(scorer).ifPresent(s -> bars.add(new Charts.Bar(scorer, c.name(), index, s.mean(),
            s.interval().lower(), s.interval().upper())));
      }
    }
    if (!bars.isEmpty()) {
      h.append("<figure>\n").append(Charts.barChart("Mean score per scorer and candidate", "mean score", bars));
      h.append("<figcaption class=\"legend\">");
      for (int i = 0; i < ev.candidates().size(); i++) {
        h.append("<span class=\"key s").append(i % 6).append("\">").append(Html.escape(ev.candidates().get(i).name()))
            .append("</span> ");
      }
      h.append("<span class=\"note\">bars: mean; whiskers: ")
          .append(Math.round(ev.confidenceLevel() * 100)).append("% confidence interval</span>");
      h.append("</figcaption>\n</figure>\n");
    }
    h.append("<table id=\"evaluation-table\">\n<thead><tr><th>Candidate</th><th>Model</th>");
    for (String scorer : ev.scorers()) {
      h.append("<th class=\"num\">").append(Html.escape(scorer)).append("</th>");
    }
    h.append("<th class=\"num\">Failed</th></tr></thead>\n<tbody>\n");
    for (CandidateSummary c : ev.candidates()) {
      h.append("<tr data-candidate=\"").append(Html.escape(c.name())).append("\"><td>").append(Html.escape(c.name()))
          .append("</td><td class=\"id\">").append(Html.escape(c.model())).append("</td>");
      for (String scorer : ev.scorers()) {
        Optional<ScoreSummary> s = c.score(scorer);
        h.append("<td class=\"num\" data-scorer=\"").append(Html.escape(scorer)).append("\">");
        if (s.isPresent()) {
          h.append("<span class=\"mean\">").append(Html.fixed(s.get().mean(), 3)).append("</span> <span class=\"ci\">[")
              .append(Html.fixed(s.get().interval().lower(), 3)).append(", ")
              .append(Html.fixed(s.get().interval().upper(), 3)).append("]</span>");
        } else {
          h.append("–");
        }
        h.append("</td>");
      }
      h.append("<td class=\"num\">").append(c.errors()).append(" of ").append(c.cases()).append("</td></tr>\n");
    }
    h.append("</tbody>\n</table>\n");
    if (!ev.comparisons().isEmpty()) {
      h.append("<h3>Paired comparisons</h3>\n<table id=\"comparisons\">\n<thead><tr><th>Candidate vs baseline</th>")
          .append("<th>Scorer</th><th class=\"num\">Difference</th><th class=\"num\">CI</th>")
          .append("<th class=\"num\">Wins / ties / losses</th><th>Verdict</th></tr></thead>\n<tbody>\n");
      for (Comparison c : ev.comparisons()) {
        h.append("<tr class=\"").append(c.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
            .append("\"><td>").append(Html.escape(c.candidate() + " vs " + c.baseline())).append("</td><td>")
            .append(Html.escape(c.scorer())).append("</td><td class=\"num\">")
            .append(signed(c.meanDifference(), 3)).append("</td><td class=\"num\">[")
            .append(Html.fixed(c.interval().lower(), 3)).append(", ").append(Html.fixed(c.interval().upper(), 3))
            .append("]</td><td class=\"num\">").append(c.wins()).append(" / ").append(c.ties()).append(" / ")
            .append(c.losses()).append("</td><td>").append(Html.escape(c.verdict())).append("</td></tr>\n");
      }
      h.append("</tbody>\n</table>\n");
    }
    h.append("</section>\n");
  }

  private void tokenSection(StringBuilder h, EvalReport ev) {
    h.append("<section id=\"tokens\">\n<h2>Tokens and cost</h2>\n");
    List<String> names = ev.candidates().stream().map(CandidateSummary::name).toList();
    List<Double> tokens = ev.candidates().stream().map(c -> c.tokens().meanTotal()).toList();
    if (!names.isEmpty()) {
      h.append("<figure>\n").append(Charts.horizontalBars("Mean tokens per answer (input and output)", names, tokens,
          "tokens")).append("</figure>\n");
    }
    h.append("<table id=\"token-table\">\n<thead><tr><th>Candidate</th><th class=\"num\">Input tokens / answer</th>")
        .append("<th class=\"num\">Output tokens / answer</th><th class=\"num\">Total / answer</th>")
        .append("<th class=\"num\">Cost per 1,000 answers</th><th class=\"num\">Cost of this run</th>")
        .append("<th class=\"num\">Median latency</th></tr></thead>\n<tbody>\n");
    for (CandidateSummary c : ev.candidates()) {
      h.append("<tr data-candidate=\"").append(Html.escape(c.name())).append("\"><td>").append(Html.escape(c.name()))
          .append("</td><td class=\"num\">").append(Html.fixed(c.tokens().meanInput(), 1))
          .append("</td><td class=\"num\">").append(Html.fixed(c.tokens().meanOutput(), 1))
          .append("</td><td class=\"num\">").append(Html.fixed(c.tokens().meanTotal(), 1))
          .append("</td><td class=\"num\">").append(c.cost().map(x -> money(x.perThousandAnswers())).orElse("–"))
          .append("</td><td class=\"num\">").append(c.cost().map(x -> money(x.total())).orElse("–"))
          .append("</td><td class=\"num\">").append(c.latency().p50().toMillis()).append(" ms</td></tr>\n");
    }
    h.append("</tbody>\n</table>\n</section>\n");
  }

  private void samplesSection(StringBuilder h, EvalReport ev) {
    List<String> caseIds = new ArrayList<>();
    for (CaseResult r : ev.results()) {
      if (!caseIds.contains(r.caseId())) {
        caseIds.add(r.caseId());
      }
      if (caseIds.size() == SAMPLE_CASES) {
        break;
      }
    }
    if (caseIds.isEmpty()) {
      return;
    }
    h.append("<section id=\"samples\">\n<h2>Sample answers</h2>\n");
    for (String caseId : caseIds) {
      EvalCase evalCase = cases.get(caseId);
      h.append("<h3>Case ").append(Html.escape(caseId)).append("</h3>\n");
      if (evalCase != null) {
        h.append("<p class=\"question\">").append(Html.escape(evalCase.question())).append("</p>\n");
      }
      h.append("<dl class=\"answers\">\n");
      if (evalCase != null) {
        h.append("<dt>reference</dt><dd>").append(Html.escape(clip(evalCase.reference()))).append("</dd>\n");
      }
      for (CaseResult r : ev.results()) {
        if (!r.caseId().equals(caseId)) {
          continue;
        }
        String text = clip(r.answer().or(() -> r.error().map(e -> "(failed: " + e + ")")).orElse(""));
        String scores = String.join(", ", r.scores().entrySet().stream()
            .map(e -> e.getKey() + " " + (e.getValue().value().isPresent()
                ? Html.fixed(e.getValue().value().getAsDouble(), 3) : "n/a"))
            .toList());
        h.append("<dt>").append(Html.escape(r.candidate())).append(scores.isEmpty() ? "" : " <span class=\"ci\">"
            + Html.escape(scores) + "</span>").append("</dt><dd>").append(Html.escape(text)).append("</dd>\n");
      }
      h.append("</dl>\n");
    }
    h.append("</section>\n");
  }

  // --------------------------------------------------------------------------------------------------------- helpers

  private static final Map<String, String> CURVE_LABELS = Map.of(
      "trainLoss", "training loss",
      "validationLoss", "validation loss",
      "fullValidationLoss", "full validation loss");

  private static final List<Map.Entry<String, Function<TrainingMetrics, OptionalDouble>>> CURVES = List.of(
      Map.entry("trainLoss", TrainingMetrics::trainLoss),
      Map.entry("validationLoss", TrainingMetrics::validationLoss),
      Map.entry("fullValidationLoss", TrainingMetrics::fullValidationLoss));

  private static Map<String, TreeMap<Long, Double>> seriesOf(Collection<TrainingMetrics> metrics) {
    Map<String, TreeMap<Long, Double>> out = new LinkedHashMap<>();
    for (Map.Entry<String, Function<TrainingMetrics, OptionalDouble>> curve : CURVES) {
      TreeMap<Long, Double> points = new TreeMap<>();
      for (TrainingMetrics m : metrics) {
        OptionalDouble v = curve.getValue().apply(m);
        if (v.isPresent() && Double.isFinite(v.getAsDouble())) {
          points.put(m.step(), v.getAsDouble());
        }
      }
      if (!points.isEmpty()) {
        out.put(curve.getKey(), points);
      }
    }
    return out;
  }

  private Optional<Double> checkpointLoss(Checkpoint c, String curve) {
    OptionalDouble own = c.metrics().map(m -> "trainLoss".equals(curve) ? m.trainLoss()
        : m.fullValidationLoss().isPresent() ? m.fullValidationLoss() : m.validationLoss())
        .orElse(OptionalDouble.empty());
    if (own.isPresent()) {
      return Optional.of(own.getAsDouble());
    }
    TreeMap<Long, Double> points = series.get(curve);
    return points == null ? Optional.empty() : Optional.ofNullable(points.get(c.step()));
  }

  private Optional<BigDecimal> actualCost() {
    if (job.isEmpty() || estimate.isEmpty() || job.get().trainedTokens().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(BigDecimal.valueOf(job.get().trainedTokens().getAsLong())
        .multiply(estimate.get().pricePerMillionTokens()).movePointLeft(6));
  }

  private static Map<String, String> methodSettings(JobSpec s) {
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

  private static void keyValues(StringBuilder h, String id, Map<String, String> rows) {
    h.append("<table class=\"kv\" id=\"").append(id).append("\">\n<tbody>\n");
    rows.forEach((k, v) -> h.append("<tr><th>").append(Html.escape(k)).append("</th><td>").append(Html.escape(v))
        .append("</td></tr>\n"));
    h.append("</tbody>\n</table>\n");
  }

  private static String cssOf(String curve) {
    return switch (curve) {
      case "trainLoss" -> "train";
      case "validationLoss" -> "valid";
      default -> "full";
    };
  }

  private static String optional(Optional<Double> v, int decimals) {
    return v.map(d -> Html.fixed(d, decimals)).orElse("–");
  }

  private static String clip(String text) {
    return text.length() > SAMPLE_ANSWER_CHARS ? text.substring(0, SAMPLE_ANSWER_CHARS) + "…" : text;
  }

  private static String signed(double v, int decimals) {
    return (v >= 0 ? "+" : "") + Html.fixed(v, decimals);
  }

  private String money(BigDecimal v) {
    int scale = v.abs().compareTo(BigDecimal.ONE) >= 0 ? 2 : 4;
    return currency + v.setScale(scale, RoundingMode.HALF_UP).toPlainString();
  }

  private static String duration(Duration d) {
    long s = d.getSeconds();
    return s >= 3600 ? (s / 3600) + " h " + (s % 3600 / 60) + " min"
        : s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
  }

  private static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static final String CSS = """
      :root { --ink: #1f2933; --muted: #616e7c; --line: #d9e2ec; --accent: #2f6fdf; }
      * { box-sizing: border-box; }
      body { margin: 0; color: var(--ink); background: #fff;
        font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
      main { max-width: 980px; margin: 0 auto; padding: 24px 20px 48px; }
      h1 { font-size: 1.7em; margin: 0 0 4px; }
      h2 { font-size: 1.25em; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
      h3 { font-size: 1.05em; margin: 20px 0 6px; }
      .meta, .note, footer { color: var(--muted); font-size: 0.9em; }
      .verdict { margin: 16px 0; padding: 12px 16px; border-left: 4px solid var(--accent); background: #f0f4fb; }
      .verdict p { margin: 2px 0; font-weight: 600; }
      table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 0.92em; }
      th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
      thead th { border-bottom: 2px solid var(--line); }
      table.kv th { width: 28%; font-weight: 500; color: var(--muted); }
      .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
      th.num { white-space: normal; }
      .id { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.9em; word-break: break-all; }
      .ci { color: var(--muted); font-size: 0.88em; }
      tr.candidate-better td:first-child { border-left: 3px solid #2e9e5b; }
      tr.baseline-better td:first-child { border-left: 3px solid #d64545; }
      figure { margin: 8px 0 16px; }
      svg.chart { width: 100%; height: auto; display: block; }
      svg .grid { stroke: #e4e7eb; stroke-width: 1; }
      svg .axis { stroke: #9aa5b1; stroke-width: 1; }
      svg .tick, svg .value { font-size: 11px; fill: var(--muted); }
      svg .label { font-size: 12px; fill: var(--ink); }
      svg .line { fill: none; stroke-width: 2; stroke-linejoin: round; }
      svg .line.train, .key.train::before { stroke: #2f6fdf; background: #2f6fdf; }
      svg .line.valid, .key.valid::before { stroke: #e07b00; background: #e07b00; }
      svg .line.full, .key.full::before { stroke: #8e44ad; background: #8e44ad; }
      svg .dot.train { fill: #2f6fdf; } svg .dot.valid { fill: #e07b00; } svg .dot.full { fill: #8e44ad; }
      svg .marker line { stroke: #7b8794; stroke-width: 1; stroke-dasharray: 4 3; }
      .key.checkpoint::before { background: repeating-linear-gradient(90deg, #7b8794 0 4px, transparent 4px 7px); }
      svg .bar .ci { stroke: #1f2933; stroke-width: 1.5; }
      svg .s0 rect, .key.s0::before { fill: #9aa5b1; background: #9aa5b1; }
      svg .s1 rect, .key.s1::before { fill: #f0b429; background: #f0b429; }
      svg .s2 rect, .key.s2::before { fill: #2f6fdf; background: #2f6fdf; }
      svg .s3 rect, .key.s3::before { fill: #2e9e5b; background: #2e9e5b; }
      svg .s4 rect, .key.s4::before { fill: #8e44ad; background: #8e44ad; }
      svg .s5 rect, .key.s5::before { fill: #d64545; background: #d64545; }
      .legend { font-size: 0.9em; color: var(--muted); margin-top: 4px; }
      .key { margin-right: 14px; white-space: nowrap; }
      .key::before { content: ""; display: inline-block; width: 14px; height: 4px; margin: 0 6px 3px 0; }
      p.question { font-style: italic; margin: 4px 0; }
      dl.answers dt { font-weight: 600; margin-top: 6px; }
      dl.answers dd { margin: 2px 0 6px 16px; white-space: pre-wrap; }
      footer { margin-top: 40px; border-top: 1px solid var(--line); padding-top: 8px; }
      @media (max-width: 640px) { main { padding: 12px; } table { font-size: 0.85em; } }
      @media print {
        body { font-size: 10.5pt; }
        main { max-width: none; padding: 0; }
        section, figure, table { break-inside: avoid; }
        h2 { break-after: avoid; }
        .verdict { background: none; border-left-width: 2px; }
        .key::before, svg rect { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
      }
      """;

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
