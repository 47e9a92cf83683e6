package dev.finetune4j.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One candidate's results over the whole evaluation set.
 *
 * @param name the candidate's name
 * @param model the model's name, as sent to the provider
 * @param cases how many cases were sent (answered and failed)
 * @param errors how many requests failed (after the transport's retries)
 * @param scores each scorer's summary by scorer name, in the evaluation's scorer order
 * @param latency latency percentiles of answered requests
 * @param tokens tokens of answered requests
 * @param cost the cost of answered requests; empty when the candidate has no prices
 */
public record CandidateSummary(
    String name,
    String model,
    int cases,
    int errors,
    Map<String, ScoreSummary> scores,
    LatencySummary latency,
    TokenSummary tokens,
    Optional<CostSummary> cost) {

  /** Checks the components and copies the scores, keeping their order. */
  public CandidateSummary {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(model, "model");
    scores = scores == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(scores));
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(tokens, "tokens");
    cost = cost == null ? Optional.empty() : cost;
  }

  /**
   * Returns one scorer's summary.
   *
   * @param scorer the scorer's name
   * @return the summary, or empty when no such scorer ran
   */
  public Optional<ScoreSummary> score(String scorer) {
    return Optional.ofNullable(scores.get(scorer));
  }
}
