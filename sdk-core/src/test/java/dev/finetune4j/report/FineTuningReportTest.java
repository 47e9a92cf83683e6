package dev.finetune4j.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.RawJson;
import dev.finetune4j.dataset.CostEstimate;
import dev.finetune4j.dataset.DatasetStatistics;
import dev.finetune4j.eval.CandidateSummary;
import dev.finetune4j.eval.CaseResult;
import dev.finetune4j.eval.Comparison;
import dev.finetune4j.eval.ConfidenceInterval;
import dev.finetune4j.eval.CostSummary;
import dev.finetune4j.eval.EvalCase;
import dev.finetune4j.eval.EvalSet;
import dev.finetune4j.eval.EvalReport;
import dev.finetune4j.eval.LatencySummary;
import dev.finetune4j.eval.Score;
import dev.finetune4j.eval.ScoreSummary;
import dev.finetune4j.eval.TokenSummary;
import dev.finetune4j.spi.http.Json;
import dev.finetune4j.job.Checkpoint;
import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobEvent;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.JobStatus;
import dev.finetune4j.job.TrainingMetrics;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class FineTuningReportTest {
  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

  @Test
  void htmlIsWellFormedXmlWithEverySection() throws Exception {
    Document doc = parse(fullReport().toHtml());

    List<String> sections = new ArrayList<>();
    NodeList nodes = doc.getElementsByTagName("section");
    for (int i = 0; i < nodes.getLength(); i++) {
      sections.add(((Element) nodes.item(i)).getAttribute("id"));
    }
    assertThat(sections).containsExactly("job", "dataset", "training", "evaluation", "tokens", "samples");
  }

  @Test
  void lossCurvesHaveOnePointPerReportedStepAndMatchTheJson() throws Exception {
    FineTuningReport report = fullReport();
    Document doc = parse(report.toHtml());
    JsonNode curves = Json.parse(report.toJson()).path("training").path("curves");

    Map<String, Integer> drawn = new LinkedHashMap<>();
    NodeList paths = doc.getElementsByTagName("path");
    for (int i = 0; i < paths.getLength(); i++) {
      Element path = (Element) paths.item(i);
      drawn.put(path.getAttribute("data-series"), commands(path.getAttribute("d")));
    }
    assertThat(drawn).containsOnly(Map.entry("trainLoss", 10), Map.entry("validationLoss", 5));
    assertThat(curves.path("trainLoss").size()).isEqualTo(10);
    assertThat(curves.path("validationLoss").size()).isEqualTo(5);
    assertThat(curves.path("trainLoss").get(9).path("value").asDouble()).isEqualTo(0.5);
  }

  @Test
  void laterMetricsForTheSameStepReplaceEarlierOnes() {
    FineTuningReport report = FineTuningReport.builder()
        .metrics(List.of(TrainingMetrics.builder(3).trainLoss(2.0).build(),
            TrainingMetrics.builder(3).trainLoss(1.5).build()))
        .build();

    assertThat(report.trainingLoss()).containsExactly(Map.entry(3L, 1.5));
  }

  @Test
  void checkpointsAreMarkedOnTheChartAndListedWithTheirLoss() throws Exception {
    FineTuningReport report = fullReport();
    Document doc = parse(report.toHtml());

    List<String> markerSteps = new ArrayList<>();
    NodeList groups = doc.getElementsByTagName("g");
    for (int i = 0; i < groups.getLength(); i++) {
      Element g = (Element) groups.item(i);
      if (g.getAttribute("class").equals("marker")) {
        markerSteps.add(g.getAttribute("data-step"));
      }
    }
    assertThat(markerSteps).containsExactly("5.0", "10.0");
    JsonNode checkpoints = Json.parse(report.toJson()).path("training").path("checkpoints");
    assertThat(checkpoints.get(1).path("trainLoss").asDouble()).isEqualTo(0.5);
    assertThat(text(doc, "checkpoints")).contains("ft:base:recipes:ckpt-10", "0.5000");
  }

  @Test
  void evaluationTableShowsTheSameMeansAsTheJson() throws Exception {
    FineTuningReport report = fullReport();
    Document doc = parse(report.toHtml());
    JsonNode candidates = Json.parse(report.toJson()).path("evaluation").path("candidates");

    Element table = byId(doc, "evaluation-table");
    NodeList cells = table.getElementsByTagName("td");
    Map<String, String> shown = new LinkedHashMap<>();
    for (int i = 0; i < cells.getLength(); i++) {
      Element td = (Element) cells.item(i);
      if (td.hasAttribute("data-scorer")) {
        String candidate = ((Element) td.getParentNode()).getAttribute("data-candidate");
        shown.put(candidate + "/" + td.getAttribute("data-scorer"),
            td.getElementsByTagName("span").item(0).getTextContent());
      }
    }
    for (JsonNode c : candidates) {
      for (String scorer : List.of("token_f1", "rouge_l")) {
        assertThat(shown.get(c.path("name").asText() + "/" + scorer))
            .isEqualTo(String.format(java.util.Locale.ROOT, "%.3f", c.path("scores").path(scorer).path("mean")
                .asDouble()));
      }
    }
    assertThat(shown).hasSize(4);
  }

  @Test
  void scoreChartDrawsOneBarPerCandidateAndScorer() throws Exception {
    Document doc = parse(fullReport().toHtml());

    List<String> bars = new ArrayList<>();
    NodeList groups = doc.getElementsByTagName("g");
    for (int i = 0; i < groups.getLength(); i++) {
      Element g = (Element) groups.item(i);
      if (g.getAttribute("class").startsWith("bar") && g.hasAttribute("data-group")) {
        bars.add(g.getAttribute("data-series") + "/" + g.getAttribute("data-group"));
      }
    }
    assertThat(bars).containsExactly("base/token_f1", "tuned/token_f1", "base/rouge_l", "tuned/rouge_l");
  }

  @Test
  void tokenAndCostTableShowsCostPerThousandAnswers() throws Exception {
    Document doc = parse(fullReport().toHtml());

    assertThat(text(doc, "token-table")).contains("base", "120.0", "$0.0960", "tuned", "60.0", "$0.0480");
  }

  @Test
  void amountsCarryTheCurrencySymbolGiven() throws Exception {
    Document doc = parse(FineTuningReport.builder().currency("€").evaluation(evaluation("base")).build().toHtml());

    assertThat(text(doc, "token-table")).contains("€0.0960").doesNotContain("$");
  }

  @Test
  void verdictIsShownAtTheTop() throws Exception {
    Document doc = parse(fullReport().toHtml());

    assertThat(text(doc, "verdict")).isEqualTo("tuned beats base by 30.0 points");
  }

  @Test
  void textFromProvidersAndModelsIsEscaped() throws Exception {
    Job job = job().toBuilder().labels(Map.of("team", "<script>alert(1)</script>")).build();
    EvalReport evaluation = evaluation("<img src=x onerror=alert(1)>");
    String html = FineTuningReport.builder().title("A & B <i>").job(job).evaluation(evaluation).build().toHtml();

    Document doc = parse(html);
    assertThat(doc.getElementsByTagName("script").getLength()).isZero();
    assertThat(doc.getElementsByTagName("img").getLength()).isZero();
    assertThat(doc.getElementsByTagName("i").getLength()).isZero();
    assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;", "A &amp; B &lt;i&gt;");
  }

  @Test
  void sampleAnswersShowTheQuestionAndReferenceWhenTheCasesAreGiven() throws Exception {
    EvalSet cases = EvalSet.of("recipes-eval.jsonl", List.of(
        EvalCase.of("case-1", "Can I use honey instead of sugar?", "Yes: use 3/4 cup honey per cup of sugar.")));
    String html = FineTuningReport.builder().evaluation(evaluation("base"), cases).build().toHtml();

    Document doc = parse(html);
    assertThat(text(doc, "samples")).contains("Can I use honey instead of sugar?", "reference",
        "Yes: use 3/4 cup honey per cup of sugar.", "Use 3/4 cup honey");
  }

  @Test
  void reportLoadsNothingFromOutside() {
    String html = fullReport().toHtml();

    assertThat(html).doesNotContain("<script", "<link", "<img", "@import", "url(");
    assertThat(html.replace("http://www.w3.org/1999/xhtml", "").replace("http://www.w3.org/2000/svg", ""))
        .doesNotContain("http://", "https://");
    assertThat(html).contains("@media print");
  }

  @Test
  void evaluationRendersWithoutAJob() throws Exception {
    FineTuningReport report = FineTuningReport.builder().evaluation(evaluation("base")).build();

    Document doc = parse(report.toHtml());
    assertThat(byId(doc, "evaluation-table")).isNotNull();
    assertThat(byId(doc, "job")).isNull();
    assertThat(Json.parse(report.toJson()).has("job")).isFalse();
  }

  @Test
  void jobRendersWithoutAnEvaluation() throws Exception {
    FineTuningReport report = FineTuningReport.builder().job(job()).build();

    Document doc = parse(report.toHtml());
    assertThat(text(doc, "job-settings")).contains("ftjob-1", "ft:base:recipes");
    assertThat(byId(doc, "evaluation")).isNull();
  }

  @Test
  void jsonHoldsTheJobSettingsAndTheCostEstimate() throws Exception {
    JsonNode json = Json.parse(fullReport().toJson());

    assertThat(json.path("job").path("settings").path("method").asText()).isEqualTo("supervised");
    assertThat(json.path("job").path("fineTunedModel").asText()).isEqualTo("ft:base:recipes");
    assertThat(json.path("dataset").path("costEstimate").path("cost").decimalValue())
        .isEqualByComparingTo("0.07425");
    assertThat(json.path("job").path("trainingCost").decimalValue()).isEqualByComparingTo("0.06");
  }

  @Test
  void aReportWithNothingToShowIsRefused() {
    assertThatThrownBy(() -> FineTuningReport.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("needs a job, training metrics or an evaluation");
  }

  @Test
  void writeToCreatesTheHtmlAndJsonFiles(@TempDir Path dir) throws Exception {
    ReportFiles files = fullReport().writeTo(dir.resolve("out"));

    assertThat(files.html()).hasFileName("report.html").isRegularFile();
    assertThat(files.json()).hasFileName("report.json").isRegularFile();
    assertThat(Files.readString(files.html())).startsWith("<!DOCTYPE html>");
    assertThat(Json.parse(Files.readString(files.json())).path("title").asText())
        .isEqualTo("Recipes");
  }

  @Test
  void jsonStartsWithItsFormatNameAndVersion() throws Exception {
    JsonNode json = Json.parse(fullReport().toJson());

    List<String> names = new ArrayList<>();
    json.fieldNames().forEachRemaining(names::add);
    assertThat(names.subList(0, 2)).containsExactly("format", "version");
    assertThat(json.path("format").asText()).isEqualTo("finetune4j-report");
    assertThat(json.path("version").isInt()).isTrue();
    assertThat(json.path("version").asInt()).isEqualTo(1);
  }

  @Test
  void jsonWritesTheDatasetStatisticsUnderTheirDocumentedNames() throws Exception {
    JsonNode training = Json.parse(fullReport().toJson()).path("dataset").path("training");

    List<String> names = new ArrayList<>();
    training.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly("exampleCount", "minTokens", "maxTokens", "meanTokens", "medianTokens",
        "p90Tokens", "totalTokens", "assistantTokens", "examplesOverLimit", "billableTokens", "tokenLimit",
        "exactCounts");
    assertThat(training.path("medianTokens").asDouble()).isEqualTo(108.0);
  }

  @Test
  void htmlInlinesTheStyleSheetFromTheClasspath() throws Exception {
    String css;
    try (var in = FineTuningReport.class.getResourceAsStream("report.css")) {
      assertThat(in).as("report.css on the classpath").isNotNull();
      css = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    String html = fullReport().toHtml();

    assertThat(css).contains("@media print", "svg .line.train");
    assertThat(html).contains("<style>\n" + css + "</style>");
  }

  // ----------------------------------------------------------------------------------------------------- fixtures

  static FineTuningReport fullReport() {
    List<JobEvent> events = new ArrayList<>();
    for (int step = 1; step <= 10; step++) {
      TrainingMetrics.Builder m = TrainingMetrics.builder(step).totalSteps(10).trainLoss(step == 10 ? 0.5 : 3.0 / step);
      if (step % 2 == 0) {
        m.validationLoss(3.2 / step);
      }
      events.add(new JobEvent("ev-" + step, T0.plusSeconds(step), JobEvent.Level.INFO, "Step " + step,
          Optional.of(m.build()), RawJson.parse("{}")));
    }
    events.add(new JobEvent("ev-done", T0.plusSeconds(20), JobEvent.Level.INFO, "done", Optional.empty(),
        RawJson.parse("{}")));
    List<Checkpoint> checkpoints = List.of(
        new Checkpoint("ckpt-10", "ft:base:recipes:ckpt-10", 10, T0.plusSeconds(10), Optional.empty(),
            RawJson.parse("{}")),
        new Checkpoint("ckpt-5", "ft:base:recipes:ckpt-5", 5, T0.plusSeconds(5), Optional.empty(),
            RawJson.parse("{}")));
    DatasetStatistics stats =
        new DatasetStatistics(60, 80, 160, 110, 108, 140, 6_600, 3_000, 0, 6_600, OptionalInt.of(65_536), true);
    return FineTuningReport.builder()
        .title("Recipes")
        .generatedAt(T0.plusSeconds(3600))
        .job(job())
        .jobSpec(JobSpec.builder().baseModel("base").trainingFile("file-1").suffix("recipes").build())
        .events(events)
        .checkpoints(checkpoints)
        .dataset(stats, CostEstimate.estimate(stats, new BigDecimal("3.75"), 3))
        .evaluation(evaluation("base"))
        .build();
  }

  static Job job() {
    return Job.builder().id("ftjob-1").provider("openai").status(JobStatus.SUCCEEDED).baseModel("base")
        .fineTunedModel("ft:base:recipes").trainingFile("file-1").createdAt(T0).finishedAt(T0.plusSeconds(600))
        .trainedTokens(16_000L).build();
  }

  static EvalReport evaluation(String baseName) {
    CandidateSummary base = candidate(baseName, "base", 0.40, 0.35, 120, "0.0960");
    CandidateSummary tuned = candidate("tuned", "ft:base:recipes", 0.70, 0.62, 60, "0.0480");
    List<CaseResult> results = List.of(
        result(baseName, "case-1", "A long <b>generic</b> answer", 0.4),
        result("tuned", "case-1", "Use 3/4 cup honey", 0.7));
    Comparison comparison = new Comparison("tuned", baseName, "token_f1", 20, 15, 3, 2, 0.30,
        new ConfidenceInterval(0.2, 0.4, 0.95), -0.5, Comparison.Outcome.CANDIDATE_BETTER,
        "tuned beats " + baseName + " by 30.0 points");
    return new EvalReport("recipes-eval.jsonl", 20, List.of("token_f1", "rouge_l"), List.of(base, tuned),
        List.of(comparison), results, 1000, 42, 0.95, T0, T0.plusSeconds(30));
  }

  private static CandidateSummary candidate(String name, String model, double f1, double rouge, double tokens,
      String costPerThousand) {
    Map<String, ScoreSummary> scores = new LinkedHashMap<>();
    scores.put("token_f1", new ScoreSummary("token_f1", 20, 0, f1, new ConfidenceInterval(f1 - 0.05, f1 + 0.05, 0.95)));
    scores.put("rouge_l", new ScoreSummary("rouge_l", 20, 0, rouge,
        new ConfidenceInterval(rouge - 0.05, rouge + 0.05, 0.95)));
    return new CandidateSummary(name, model, 20, 0, scores,
        new LatencySummary(Duration.ofMillis(40), Duration.ofMillis(80), Duration.ofMillis(90), Duration.ofMillis(50)),
        new TokenSummary(tokens / 2, tokens / 2, (long) tokens * 10, (long) tokens * 10),
        Optional.of(new CostSummary(new BigDecimal(costPerThousand).movePointLeft(2), new BigDecimal(costPerThousand))));
  }

  private static CaseResult result(String candidate, String caseId, String answer, double score) {
    return new CaseResult(candidate, caseId, Optional.of(answer),
        Map.of("token_f1", new Score(OptionalDouble.of(score), Optional.empty(), Optional.empty())), 10, 20,
        Duration.ofMillis(30), Optional.of("stop"), Optional.empty());
  }

  // ------------------------------------------------------------------------------------------------------ helpers

  static Document parse(String html) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(false);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
  }

  static Element byId(Document doc, String id) {
    NodeList all = doc.getElementsByTagName("*");
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      if (id.equals(e.getAttribute("id"))) {
        return e;
      }
    }
    return null;
  }

  static String text(Document doc, String id) {
    Element e = byId(doc, id);
    assertThat(e).as("element #" + id).isNotNull();
    return e.getTextContent().strip();
  }

  static int commands(String d) {
    Matcher m = Pattern.compile("[ML]").matcher(d);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
