package dev.finetune4j.eval;

import dev.finetune4j.error.LocalIoException;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.finetune4j.error.FineTuningException;
import dev.finetune4j.eval.internal.Comparisons;
import dev.finetune4j.spi.http.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of an {@link Evaluation}: every answer with its scores, a summary per candidate and the comparisons
 * asked for. Immutable; {@link #toJson()} and {@link #fromJson(String)} round-trip it, for reports rendered later.
 *
 * @param evalSet the evaluation set's name
 * @param caseCount how many cases the set has
 * @param scorers the scorers' names, in order
 * @param candidates one summary per candidate, in the order they were given
 * @param comparisons the comparisons asked for, one per pair and scorer
 * @param results every case result, candidate by candidate, in case order
 * @param bootstrapResamples how many resamples the confidence intervals use
 * @param bootstrapSeed the seed of the bootstrap
 * @param confidenceLevel the level of the confidence intervals, such as 0.95
 * @param startedAt when the run started
 * @param finishedAt when the run finished
 */
public record EvalReport(
    String evalSet,
    int caseCount,
    List<String> scorers,
    List<CandidateSummary> candidates,
    List<Comparison> comparisons,
    List<CaseResult> results,
    int bootstrapResamples,
    long bootstrapSeed,
    double confidenceLevel,
    Instant startedAt,
    Instant finishedAt) {

  /** Checks the components and copies the lists. */
  public EvalReport {
    Objects.requireNonNull(evalSet, "evalSet");
    scorers = scorers == null ? List.of() : List.copyOf(scorers);
    candidates = candidates == null ? List.of() : List.copyOf(candidates);
    comparisons = comparisons == null ? List.of() : List.copyOf(comparisons);
    results = results == null ? List.of() : List.copyOf(results);
    if (bootstrapResamples < 1) {
      throw new IllegalArgumentException("bootstrapResamples must be at least 1, was " + bootstrapResamples);
    }
    if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
      throw new IllegalArgumentException("confidenceLevel must be between 0 and 1, was " + confidenceLevel);
    }
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
  }

  /**
   * Returns one candidate's summary.
   *
   * @param name the candidate's name
   * @return the summary, or empty when no candidate has that name
   */
  public Optional<CandidateSummary> candidate(String name) {
    return candidates.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /**
   * Returns one candidate's case results, in case order.
   *
   * @param candidate the candidate's name
   * @return the results; empty when no candidate has that name
   */
  public List<CaseResult> resultsOf(String candidate) {
    return results.stream().filter(r -> r.candidate().equals(candidate)).toList();
  }

  /**
   * Compares two candidates on one scorer, case by case, with the report's bootstrap settings.
   *
   * @param candidate the candidate under test, such as the tuned model
   * @param baseline the candidate to beat, such as the base model
   * @param scorer the scorer's name
   * @return the comparison
   * @throws IllegalArgumentException if a candidate or the scorer is not in this report
   */
  public Comparison compare(String candidate, String baseline, String scorer) {
    CandidateSummary a = candidate(candidate).orElseThrow(() -> unknownCandidate(candidate));
    CandidateSummary b = candidate(baseline).orElseThrow(() -> unknownCandidate(baseline));
    if (!scorers.contains(scorer)) {
      throw new IllegalArgumentException("no scorer named '" + scorer + "' in this report; scorers: " + scorers);
    }
    return Comparisons.compare(a, resultsOf(candidate), b, resultsOf(baseline), scorer, bootstrapResamples,
        bootstrapSeed, confidenceLevel);
  }

  private IllegalArgumentException unknownCandidate(String name) {
    return new IllegalArgumentException("no candidate named '" + name + "' in this report; candidates: "
        + candidates.stream().map(CandidateSummary::name).toList());
  }

  /**
   * Returns the report as JSON.
   *
   * @return the JSON text
   */
  public String toJson() {
    try {
      return Json.writer().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new FineTuningException("could not write the evaluation report as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Writes the report as JSON to a file, replacing it.
   *
   * @param file the file
   */
  public void writeJson(Path file) {
    try {
      Files.writeString(file, toJson(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new LocalIoException("could not write the evaluation report to " + file + ": " + e.getMessage(), null, e);
    }
  }

  /**
   * Reads a report written by {@link #toJson()}.
   *
   * @param json the JSON text
   * @return the report
   * @throws FineTuningException if the text is not such a report
   */
  public static EvalReport fromJson(String json) {
    try {
      return Json.reader(EvalReport.class).readValue(json);
    } catch (JsonProcessingException e) {
      throw new FineTuningException("not an evaluation report: " + e.getOriginalMessage(), e);
    }
  }
}
