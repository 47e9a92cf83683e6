package dev.finetune4j.eval;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One candidate's answer to one case, with its scores. Each is also written as one line of an evaluation's results
 * file, in a layout of its own that does not follow these components' names (see
 * {@link Evaluation.Builder#resultsFile(java.nio.file.Path)}).
 *
 * @param candidate the candidate's name
 * @param caseId the case's id
 * @param answer the answer's text; empty when the request failed
 * @param scores each scorer's score by scorer name, in the evaluation's scorer order; empty when the request failed
 * @param inputTokens the tokens of the request, as the provider counted them
 * @param outputTokens the tokens of the answer, as the provider counted them
 * @param latency the time from sending to reading the answer, retries included
 * @param finishReason why the answer ended ({@code stop}, {@code length}, ...), when known
 * @param error why the request failed (after the transport's retries); empty when it succeeded
 */
public record CaseResult(
    String candidate,
    String caseId,
    Optional<String> answer,
    Map<String, Score> scores,
    long inputTokens,
    long outputTokens,
    Duration latency,
    Optional<String> finishReason,
    Optional<String> error) {

  /** Checks the components and copies the scores, keeping their order. */
  public CaseResult {
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(caseId, "caseId");
    answer = answer == null ? Optional.empty() : answer;
    scores = scores == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(scores));
    if (inputTokens < 0 || outputTokens < 0) {
      throw new IllegalArgumentException("token counts must not be negative");
    }
    latency = latency == null ? Duration.ZERO : latency;
    finishReason = finishReason == null ? Optional.empty() : finishReason;
    error = error == null ? Optional.empty() : error;
    if (answer.isPresent() == error.isPresent()) {
      throw new IllegalArgumentException("a case result has either an answer or an error, not both and not neither");
    }
  }

  /**
   * Returns whether the model answered.
   *
   * @return true when there is an answer, false when the request failed
   */
  public boolean succeeded() {
    return answer.isPresent();
  }

  /**
   * Returns one scorer's score.
   *
   * @param scorer the scorer's name
   * @return the score, or empty when that scorer did not score this answer
   */
  public Optional<Score> score(String scorer) {
    return Optional.ofNullable(scores.get(scorer));
  }
}
