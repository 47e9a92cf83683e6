package dev.finetune4j.report.internal;

import dev.finetune4j.error.LocalIoException;
import dev.finetune4j.eval.CandidateSummary;
import dev.finetune4j.eval.CaseResult;
import dev.finetune4j.eval.Comparison;
import dev.finetune4j.eval.EvalCase;
import dev.finetune4j.eval.EvalReport;
import dev.finetune4j.eval.ScoreSummary;
import dev.finetune4j.job.Checkpoint;
import dev.finetune4j.job.Job;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Writes a report as one self-contained HTML page: the style sheet {@value #CSS_RESOURCE} inlined, charts as inline
 * SVG, no script, nothing fetched. The markup is also well-formed XML (XHTML syntax). Every text that comes from a
 * provider, a dataset or a model is escaped.
 */
public final class ReportHtml {
  /** The classpath resource of the report's style sheet, inlined in every page. */
  public static final String CSS_RESOURCE = "/dev/finetune4j/report/report.css";

  private static final int SAMPLE_CASES = 4;
  private static final int SAMPLE_ANSWER_CHARS = 400;

  private static final Map<String, String> CURVE_LABELS = Map.of(
      ReportModel.TRAIN_LOSS, "training loss",
      ReportModel.VALIDATION_LOSS, "validation loss",
      ReportModel.FULL_VALIDATION_LOSS, "full validation loss");

  private ReportHtml() {}

  /**
   * Writes a report as an HTML document.
   *
   * @param m the report
   * @return the document
   */
  public static String write(ReportModel m) {
    StringBuilder h = new StringBuilder(32_768);
    h.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
        .append("<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
        .append("<title>").append(Html.escape(m.title())).append("</title>\n<style>\n").append(css()).append("</style>\n")
        .append("</head>\n<body>\n<main>\n<header>\n<h1>").append(Html.escape(m.title())).append("</h1>\n<p class=\"meta\">");
    List<String> meta = new ArrayList<>();
    m.job().ifPresent(j -> meta.add(j.provider() + " job " + j.id() + ", " + j.status().value()));
    m.evaluation().ifPresent(ev -> meta.add("evaluation on " + ev.evalSet() + " (" + ev.caseCount() + " cases)"));
    meta.add("generated " + m.generatedAt());
    h.append(Html.escape(String.join(" · ", meta))).append("</p>\n");
    List<String> verdicts = m.evaluation().map(ev -> ev.comparisons().stream().map(Comparison::verdict).toList())
        .orElse(List.of());
    if (!verdicts.isEmpty()) {
      h.append("<div class=\"verdict\" id=\"verdict\">");
      for (String v : verdicts) {
        h.append("<p>").append(Html.escape(v)).append("</p>");
      }
      h.append("</div>\n");
    }
    h.append("</header>\n");
    m.job().ifPresent(j -> jobSection(h, m, j));
    if (m.hasDataset()) {
      datasetSection(h, m);
    }
    if (m.hasTraining()) {
      trainingSection(h, m);
    }
    m.evaluation().ifPresent(ev -> {
      evaluationSection(h, ev);
      tokenSection(h, m, ev);
      samplesSection(h, m, ev);
    });
    h.append("<footer>Written by finetune4j. Scores are between 0 and 1; intervals are ")
        .append(m.evaluation().map(ev -> Math.round(ev.confidenceLevel() * 100) + "%").orElse("95%"))
        .append(" bootstrap confidence intervals.</footer>\n</main>\n</body>\n</html>\n");
    return h.toString();
  }

  private static void jobSection(StringBuilder h, ReportModel m, Job j) {
    Map<String, String> rows = new LinkedHashMap<>();
    rows.put("Job", j.id());
    rows.put("Provider", j.provider());
    rows.put("Status", j.status().value().equals(j.providerStatus()) ? j.status().value()
        : j.status().value() + " (" + j.providerStatus() + ")");
    rows.put("Base model", j.baseModel());
    j.fineTunedModel().ifPresent(v -> rows.put("Fine-tuned model", v));
    j.trainingFile().ifPresent(v -> rows.put("Training data", v));
    j.validationFile().ifPresent(v -> rows.put("Validation data", v));
    m.spec().ifPresent(s -> ReportModel.methodSettings(s).forEach((k, v) -> rows.put(capitalise(k), v)));
    rows.put("Created", j.createdAt().toString());
    j.finishedAt().ifPresent(v -> {
      rows.put("Finished", v.toString());
      rows.put("Duration", duration(Duration.between(j.createdAt(), v)));
    });
    j.trainedTokens().ifPresent(v -> rows.put("Trained tokens", Html.count(v)));
    m.actualCost().ifPresent(v -> rows.put("Training cost", money(m, v) + " (trained tokens at the estimate's price)"));
    j.labels().forEach((k, v) -> rows.put("Label " + k, v));
    j.error().ifPresent(e -> rows.put("Error", e.code().map(c -> c + ": ").orElse("") + e.message()));
    h.append("<section id=\"job\">\n<h2>Job</h2>\n");
    keyValues(h, "job-settings", rows);
    h.append("</section>\n");
  }

  private static void datasetSection(StringBuilder h, ReportModel m) {
    h.append("<section id=\"dataset\">\n<h2>Dataset</h2>\n");
    Map<String, String> rows = new LinkedHashMap<>();
    m.statistics().ifPresent(s -> {
      rows.put("Training examples", Html.count(s.exampleCount()));
      rows.put("Tokens per example", "min " + s.minTokens() + ", median " + Html.fixed(s.medianTokens(), 0)
          + ", p90 " + Html.fixed(s.p90Tokens(), 0) + ", max " + s.maxTokens()
          + (s.exactCounts() ? "" : " (estimated)"));
      rows.put("Total tokens", Html.count(s.totalTokens()) + " (" + Html.count(s.assistantTokens())
          + " in assistant answers)");
      if (s.examplesOverLimit() > 0) {
        rows.put("Over the token limit", s.examplesOverLimit() + " examples (limit " + s.tokenLimit().getAsInt() + ")");
      }
    });
    m.validationStatistics().ifPresent(s -> rows.put("Validation examples", Html.count(s.exampleCount())));
    m.estimate().ifPresent(e -> {
      rows.put("Billable tokens per epoch", Html.count(e.billableTokens()));
      rows.put("Epochs", Integer.toString(e.epochs()));
      rows.put("Trained tokens (estimate)", Html.count(e.trainedTokens()));
      rows.put("Estimated training cost", money(m, e.cost()) + " at " + e.pricePerMillionTokens().toPlainString()
          + " per million tokens");
    });
    keyValues(h, "dataset-statistics", rows);
    h.append("</section>\n");
  }

  private static void trainingSection(StringBuilder h, ReportModel m) {
    h.append("<section id=\"training\">\n<h2>Training</h2>\n");
    List<Charts.Line> lines = new ArrayList<>();
    for (Map.Entry<String, SortedMap<Long, Double>> e : m.series().entrySet()) {
      List<Double> xs = e.getValue().keySet().stream().map(Long::doubleValue).toList();
      List<Double> ys = List.copyOf(e.getValue().values());
      lines.add(new Charts.Line(e.getKey(), CURVE_LABELS.get(e.getKey()), cssOf(e.getKey()), xs, ys));
    }
    List<Charts.Marker> markers = m.checkpoints().stream()
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
      SortedMap<Long, Double> train = m.curve(ReportModel.TRAIN_LOSS);
      if (!train.isEmpty()) {
        h.append("<p>Training loss went from ").append(Html.fixed(train.get(train.firstKey()), 4))
            .append(" at step ").append(train.firstKey()).append(" to ")
            .append(Html.fixed(train.get(train.lastKey()), 4)).append(" at step ").append(train.lastKey());
        SortedMap<Long, Double> valid = m.series().containsKey(ReportModel.FULL_VALIDATION_LOSS)
            ? m.curve(ReportModel.FULL_VALIDATION_LOSS) : m.curve(ReportModel.VALIDATION_LOSS);
        if (!valid.isEmpty()) {
          h.append("; validation loss ended at ").append(Html.fixed(valid.get(valid.lastKey()), 4));
        }
        h.append(".</p>\n");
      }
    }
    if (!m.checkpoints().isEmpty()) {
      h.append("<table id=\"checkpoints\">\n<thead><tr><th>Step</th><th>Checkpoint model</th>")
          .append("<th class=\"num\">Train loss</th><th class=\"num\">Validation loss</th></tr></thead>\n<tbody>\n");
      for (Checkpoint c : m.checkpoints()) {
        h.append("<tr><td>").append(c.step()).append("</td><td class=\"id\">").append(Html.escape(c.model()))
            .append("</td><td class=\"num\">").append(optional(m.checkpointLoss(c, ReportModel.TRAIN_LOSS), 4))
            .append("</td><td class=\"num\">").append(optional(m.checkpointLoss(c, ReportModel.VALIDATION_LOSS), 4))
            .append("</td></tr>\n");
      }
      h.append("</tbody>\n</table>\n");
    }
    h.append("</section>\n");
  }

  private static void evaluationSection(StringBuilder h, EvalReport ev) {
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
        h.append("<tr class=\"").append(c.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'))
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

  private static void tokenSection(StringBuilder h, ReportModel m, EvalReport ev) {
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
          .append("</td><td class=\"num\">").append(c.cost().map(x -> money(m, x.perThousandAnswers())).orElse("–"))
          .append("</td><td class=\"num\">").append(c.cost().map(x -> money(m, x.total())).orElse("–"))
          .append("</td><td class=\"num\">").append(c.latency().p50().toMillis()).append(" ms</td></tr>\n");
    }
    h.append("</tbody>\n</table>\n</section>\n");
  }

  private static void samplesSection(StringBuilder h, ReportModel m, EvalReport ev) {
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
      EvalCase evalCase = m.evalCase(caseId).orElse(null);
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


  private static void keyValues(StringBuilder h, String id, Map<String, String> rows) {
    h.append("<table class=\"kv\" id=\"").append(id).append("\">\n<tbody>\n");
    rows.forEach((k, v) -> h.append("<tr><th>").append(Html.escape(k)).append("</th><td>").append(Html.escape(v))
        .append("</td></tr>\n"));
    h.append("</tbody>\n</table>\n");
  }

  private static String cssOf(String curve) {
    return switch (curve) {
      case ReportModel.TRAIN_LOSS -> "train";
      case ReportModel.VALIDATION_LOSS -> "valid";
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

  private static String money(ReportModel m, BigDecimal v) {
    int scale = v.abs().compareTo(BigDecimal.ONE) >= 0 ? 2 : 4;
    return m.currency() + v.setScale(scale, RoundingMode.HALF_UP).toPlainString();
  }

  private static String duration(Duration d) {
    long s = d.getSeconds();
    return s >= 3600 ? (s / 3600) + " h " + (s % 3600 / 60) + " min"
        : s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
  }

  private static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /**
   * Returns the report's style sheet, read from {@value #CSS_RESOURCE} on first use.
   *
   * @return the CSS text
   * @throws IllegalStateException if the resource is missing from the classpath
   */
  static String css() {
    return Css.TEXT;
  }

  /** Holds the style sheet, read once when first rendered. */
  private static final class Css {
    static final String TEXT = load();

    private static String load() {
      try (InputStream in = ReportHtml.class.getResourceAsStream(CSS_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("the report style sheet " + CSS_RESOURCE + " is missing from the classpath");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new LocalIoException("could not read the report style sheet " + CSS_RESOURCE
            + ": " + e.getMessage(), null, e);
      }
    }
  }
}
