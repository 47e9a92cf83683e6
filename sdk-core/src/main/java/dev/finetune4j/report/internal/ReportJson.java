package dev.finetune4j.report.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.dataset.CostEstimate;
import dev.finetune4j.dataset.DatasetStatistics;
import dev.finetune4j.error.FineTuningException;
import dev.finetune4j.eval.CandidateSummary;
import dev.finetune4j.eval.Comparison;
import dev.finetune4j.eval.EvalReport;
import dev.finetune4j.eval.ScoreSummary;
import dev.finetune4j.spi.http.Json;
import dev.finetune4j.job.Checkpoint;
import dev.finetune4j.job.Job;
import java.util.Map;
import java.util.SortedMap;

/**
 * Writes a report's figures as {@code report.json}, format {@value #FORMAT} version {@value #VERSION}. Every field
 * name is written here by hand, never derived from a Java type, so that renaming a field of a public record cannot
 * change the file; a change to the layout that a reader could trip over needs a new {@link #VERSION}.
 *
 * <p>The layout is documented, field by field, in the description of the package {@code dev.finetune4j.report}:
 * keep the two in step.
 */
public final class ReportJson {
  /** The value of the {@code format} field. */
  public static final String FORMAT = "finetune4j-report";
  /** The value of the {@code version} field: the version of the layout this class writes. */
  public static final int VERSION = 1;

  private ReportJson() {}

  /**
   * Writes a report as pretty-printed JSON.
   *
   * @param m the report
   * @return the JSON text
   */
  public static String write(ReportModel m) {
    ObjectNode root = Json.object();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("title", m.title());
    root.put("generatedAt", m.generatedAt().toString());
    m.job().ifPresent(j -> root.set("job", job(m, j)));
    if (m.hasDataset()) {
      ObjectNode dataset = root.putObject("dataset");
      m.statistics().ifPresent(s -> dataset.set("training", statistics(s)));
      m.validationStatistics().ifPresent(s -> dataset.set("validation", statistics(s)));
      m.estimate().ifPresent(e -> dataset.set("costEstimate", estimate(e)));
    }
    if (m.hasTraining()) {
      ObjectNode training = root.putObject("training");
      ObjectNode curves = training.putObject("curves");
      for (Map.Entry<String, SortedMap<Long, Double>> e : m.series().entrySet()) {
        ArrayNode points = curves.putArray(e.getKey());
        e.getValue().forEach((step, value) -> points.addObject().put("step", step).put("value", value));
      }
      ArrayNode cps = training.putArray("checkpoints");
      for (Checkpoint c : m.checkpoints()) {
        ObjectNode cp = cps.addObject();
        cp.put("id", c.id());
        cp.put("model", c.model());
        cp.put("step", c.step());
        cp.put("createdAt", c.createdAt().toString());
        m.checkpointLoss(c, ReportModel.TRAIN_LOSS).ifPresent(v -> cp.put("trainLoss", v));
        m.checkpointLoss(c, ReportModel.VALIDATION_LOSS).ifPresent(v -> cp.put("validationLoss", v));
      }
    }
    m.evaluation().ifPresent(ev -> root.set("evaluation", evaluation(ev)));
    try {
      return Json.writer().withDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new FineTuningException("could not write the report as JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static ObjectNode job(ReportModel m, Job j) {
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
    m.actualCost().ifPresent(v -> o.put("trainingCost", v));
    j.error().ifPresent(e -> o.put("error", e.message()));
    if (!j.labels().isEmpty()) {
      ObjectNode labels = o.putObject("labels");
      j.labels().forEach(labels::put);
    }
    m.spec().ifPresent(s -> {
      ObjectNode settings = o.putObject("settings");
      ReportModel.methodSettings(s).forEach(settings::put);
    });
    return o;
  }

  private static ObjectNode statistics(DatasetStatistics s) {
    ObjectNode json = Json.object()
        .put("exampleCount", s.exampleCount())
        .put("minTokens", s.minTokens())
        .put("maxTokens", s.maxTokens())
        .put("meanTokens", s.meanTokens())
        .put("medianTokens", s.medianTokens())
        .put("p90Tokens", s.p90Tokens())
        .put("totalTokens", s.totalTokens())
        .put("assistantTokens", s.assistantTokens())
        .put("examplesOverLimit", s.examplesOverLimit())
        .put("billableTokens", s.billableTokens());
    s.tokenLimit().ifPresent(limit -> json.put("tokenLimit", limit));
    return json.put("exactCounts", s.exactCounts());
  }

  private static ObjectNode estimate(CostEstimate e) {
    return Json.object()
        .put("billableTokens", e.billableTokens())
        .put("epochs", e.epochs())
        .put("trainedTokens", e.trainedTokens())
        .put("pricePerMillionTokens", e.pricePerMillionTokens())
        .put("cost", e.cost());
  }

  private static ObjectNode evaluation(EvalReport ev) {
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
}
