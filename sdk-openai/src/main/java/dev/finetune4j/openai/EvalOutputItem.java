package dev.finetune4j.openai;

import dev.finetune4j.RawJson;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The grading of one data item in an eval run.
 *
 * @param id the output item id
 * @param runId the run it belongs to
 * @param status {@code pass}, {@code fail}, or another value OpenAI reports
 * @param datasourceItemId the index of the item in the data source, if reported
 * @param results one result per testing criterion
 * @param sampleOutput the text the model answered, if any
 * @param raw the JSON OpenAI returned, with the item and the whole sample
 */
public record EvalOutputItem(
    String id,
    String runId,
    String status,
    Optional<Long> datasourceItemId,
    List<Result> results,
    Optional<String> sampleOutput,
    RawJson raw) {

  /** Checks that no component is null and copies the results. */
  public EvalOutputItem {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(datasourceItemId, "datasourceItemId");
    results = List.copyOf(results);
    Objects.requireNonNull(sampleOutput, "sampleOutput");
    Objects.requireNonNull(raw, "raw");
  }

  /**
   * One testing criterion's verdict on an item.
   *
   * @param name the criterion's name
   * @param score the score, if any
   * @param passed whether the item passed it
   */
  public record Result(String name, OptionalDouble score, boolean passed) {
    /** Checks that no component is null. */
    public Result {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(score, "score");
    }
  }
}
