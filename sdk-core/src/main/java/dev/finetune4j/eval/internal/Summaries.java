package dev.finetune4j.eval.internal;

import dev.finetune4j.eval.CandidateSummary;
import dev.finetune4j.eval.CaseResult;
import dev.finetune4j.eval.CostSummary;
import dev.finetune4j.eval.LatencySummary;
import dev.finetune4j.eval.Score;
import dev.finetune4j.eval.ScoreSummary;
import dev.finetune4j.eval.TokenSummary;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds a candidate's summary from its case results. */
public final class Summaries {
  private static final int COST_SCALE = 6;

  private Summaries() {}

  /**
   * Summarises one candidate.
   *
   * @param name the candidate's name
   * @param model the model's name
   * @param results its case results
   * @param scorers the scorers' names, in order
   * @param inputPrice price per million input tokens, if known
   * @param outputPrice price per million output tokens, if known
   * @param resamples bootstrap resamples
   * @param seed bootstrap seed
   * @param level confidence level
   * @return the summary
   */
  public static CandidateSummary summarise(String name, String model, List<CaseResult> results, List<String> scorers,
      Optional<BigDecimal> inputPrice, Optional<BigDecimal> outputPrice, int resamples, long seed, double level) {
    // loops, not streams: in an evaluation's first run, each stream's first use costs milliseconds of linking
    List<CaseResult> answered = new ArrayList<>(results.size());
    for (CaseResult r : results) {
      if (r.succeeded()) {
        answered.add(r);
      }
    }
    Map<String, ScoreSummary> scores = new LinkedHashMap<>();
    for (String scorer : scorers) {
      double[] values = new double[answered.size()];
      int n = 0;
      int errors = 0;
      for (CaseResult r : answered) {
        Score s = r.scores().get(scorer);
        if (s == null || s.value().isEmpty()) {
          errors++;
        } else {
          values[n++] = s.value().getAsDouble();
        }
      }
      double[] sample = Arrays.copyOf(values, n);
      scores.put(scorer, new ScoreSummary(scorer, n, errors, Statistics.mean(sample),
          Statistics.bootstrapMean(sample, resamples, seed, level)));
    }
    LatencySummary latency = LatencySummary.NONE;
    TokenSummary tokens = TokenSummary.NONE;
    long totalIn = 0;
    long totalOut = 0;
    if (!answered.isEmpty()) {
      double[] nanos = new double[answered.size()];
      for (int i = 0; i < nanos.length; i++) {
        nanos[i] = answered.get(i).latency().toNanos();
      }
      Arrays.sort(nanos);
      latency = new LatencySummary(nanos(Statistics.percentile(nanos, 0.5)), nanos(Statistics.percentile(nanos, 0.9)),
          nanos(Statistics.percentile(nanos, 0.99)), nanos(Statistics.mean(nanos)));
      for (CaseResult r : answered) {
        totalIn += r.inputTokens();
        totalOut += r.outputTokens();
      }
      tokens = new TokenSummary((double) totalIn / answered.size(), (double) totalOut / answered.size(), totalIn,
          totalOut);
    }
    Optional<CostSummary> cost = Optional.empty();
    if (inputPrice.isPresent() && outputPrice.isPresent()) {
      BigDecimal total = BigDecimal.valueOf(totalIn).multiply(inputPrice.get())
          .add(BigDecimal.valueOf(totalOut).multiply(outputPrice.get()))
          .movePointLeft(6);
      BigDecimal perThousand = answered.isEmpty() ? BigDecimal.ZERO
          : total.movePointRight(3).divide(BigDecimal.valueOf(answered.size()), COST_SCALE, RoundingMode.HALF_EVEN);
      cost = Optional.of(new CostSummary(total.setScale(COST_SCALE, RoundingMode.HALF_EVEN),
          perThousand.setScale(COST_SCALE, RoundingMode.HALF_EVEN)));
    }
    return new CandidateSummary(name, model, results.size(), results.size() - answered.size(), scores, latency,
        tokens, cost);
  }

  private static Duration nanos(double value) {
    return Duration.ofNanos(Math.round(value));
  }
}
