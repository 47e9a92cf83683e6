package dev.finetune4j.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.Paged;
import dev.finetune4j.Sleeper;
import dev.finetune4j.error.FineTuningException;
import dev.finetune4j.spi.http.ApiRequest;
import dev.finetune4j.spi.http.HttpTransport;
import dev.finetune4j.spi.http.Json;
import dev.finetune4j.spi.http.Pagination;
import dev.finetune4j.error.WaitTimeoutException;
import dev.finetune4j.openai.internal.Wire;
import dev.finetune4j.wait.Acceptor;
import dev.finetune4j.wait.Backoff;
import dev.finetune4j.wait.WaitSettings;
import dev.finetune4j.wait.Waiter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * OpenAI's Evals API: define an eval once, run it on a data file with a base or fine-tuned model, follow the run
 * to its end and read how each item was graded.
 *
 * <pre>{@code
 * Eval eval = openai.evals().create(spec);
 * EvalRun run = openai.evals().startRun(eval.id(), EvalRunSpec.completions(model, fileId, template));
 * EvalRun done = openai.evals().waitForRun(eval.id(), run.id(), Duration.ofHours(1));
 * openai.evals().outputItems(eval.id(), run.id()).stream().filter(i -> i.status().equals("fail")).forEach(...);
 * }</pre>
 *
 * <p>The neutral evaluation harness compares models on any provider; this is OpenAI's hosted alternative.
 */
public final class OpenAiEvals {
  private static final Backoff BACKOFF = Backoff.builder()
      .intervals(Duration.ofSeconds(2), Duration.ofSeconds(30)).factor(2).build();

  private final HttpTransport transport;
  private final Sleeper sleeper;
  private final Clock clock;

  OpenAiEvals(HttpTransport transport, Sleeper sleeper, Clock clock) {
    this.transport = transport;
    this.sleeper = sleeper;
    this.clock = clock;
  }

  /**
   * Creates an eval.
   *
   * @param spec the data shape and testing criteria
   * @return the eval
   */
  public Eval create(EvalSpec spec) {
    Objects.requireNonNull(spec, "spec");
    return transport.call(ApiRequest.post("evals").json(spec.toJson()).build(), OpenAiEvals::eval);
  }

  /**
   * Fetches an eval.
   *
   * @param evalId the eval id
   * @return the eval
   */
  public Eval retrieve(String evalId) {
    return transport.call(ApiRequest.get(evalPath(evalId)).build(), OpenAiEvals::eval);
  }

  /**
   * Lists the evals, oldest first, page by page.
   *
   * @return the evals
   */
  public Paged<Eval> list() {
    return Pagination.cursor(after -> {
      ApiRequest.Builder request = ApiRequest.get("evals").query("limit", 100);
      after.ifPresent(a -> request.query("after", a));
      return transport.call(request.build(), json -> Wire.page(json, OpenAiEvals::eval));
    });
  }

  /**
   * Deletes an eval with its runs.
   *
   * @param evalId the eval id
   */
  public void delete(String evalId) {
    transport.execute(ApiRequest.delete(evalPath(evalId)).build());
  }

  /**
   * Starts a run.
   *
   * @param evalId the eval id
   * @param spec the data and the model
   * @return the run, usually {@code queued}
   */
  public EvalRun startRun(String evalId, EvalRunSpec spec) {
    Objects.requireNonNull(spec, "spec");
    return transport.call(ApiRequest.post(evalPath(evalId) + "/runs").json(spec.toJson()).build(), OpenAiEvals::run);
  }

  /**
   * Fetches a run.
   *
   * @param evalId the eval id
   * @param runId the run id
   * @return the run as it is now
   */
  public EvalRun retrieveRun(String evalId, String runId) {
    return transport.call(ApiRequest.get(runPath(evalId, runId)).build(), OpenAiEvals::run);
  }

  /**
   * Lists an eval's runs, oldest first, page by page.
   *
   * @param evalId the eval id
   * @return the runs
   */
  public Paged<EvalRun> runs(String evalId) {
    String path = evalPath(evalId) + "/runs";
    return Pagination.cursor(after -> {
      ApiRequest.Builder request = ApiRequest.get(path).query("limit", 100);
      after.ifPresent(a -> request.query("after", a));
      return transport.call(request.build(), json -> Wire.page(json, OpenAiEvals::run));
    });
  }

  /**
   * Cancels a run.
   *
   * @param evalId the eval id
   * @param runId the run id
   * @return the run after the request
   */
  public EvalRun cancelRun(String evalId, String runId) {
    JsonNode answer = transport.call(ApiRequest.post(runPath(evalId, runId)).build(), json -> {
      if (!json.isObject()) {
        throw new IllegalArgumentException("expected the run, got " + json.getNodeType());
      }
      return json;
    });
    return answer.has("eval_id") ? run(answer) : retrieveRun(evalId, runId);
  }

  /**
   * Polls a run until it ends, every 2 seconds at first, doubling up to every 30 seconds. A poll that fails with a
   * network failure, a server error or throttling is retried.
   *
   * @param evalId the eval id
   * @param runId the run id
   * @param timeout how long to wait at most, measured on the client's clock
   * @return the run in its terminal status (completed, canceled or failed)
   * @throws WaitTimeoutException if the run has not ended when the timeout runs out; it keeps running
   * @throws dev.finetune4j.wait.WaitInterruptedException if the thread is interrupted
   */
  public EvalRun waitForRun(String evalId, String runId, Duration timeout) {
    return Waiter.builder(() -> retrieveRun(evalId, runId))
        .waitingFor("OpenAI eval run " + runId + " to end")
        .acceptor(Acceptor.successWhen(EvalRun::isTerminal))
        .describe(run -> "still '" + run.status() + "'")
        .settings(WaitSettings.builder().timeout(timeout).backoff(BACKOFF).clock(clock).sleeper(sleeper).build())
        .build()
        .run();
  }

  /**
   * Lists how each item of a run was graded, page by page.
   *
   * @param evalId the eval id
   * @param runId the run id
   * @return the output items
   */
  public Paged<EvalOutputItem> outputItems(String evalId, String runId) {
    return outputItems(evalId, runId, Optional.empty());
  }

  /**
   * Lists the items of a run with a status, page by page.
   *
   * @param evalId the eval id
   * @param runId the run id
   * @param status {@code pass} or {@code fail}
   * @return the output items
   */
  public Paged<EvalOutputItem> outputItems(String evalId, String runId, String status) {
    return outputItems(evalId, runId, Optional.of(status));
  }

  private Paged<EvalOutputItem> outputItems(String evalId, String runId, Optional<String> status) {
    String path = runPath(evalId, runId) + "/output_items";
    return Pagination.cursor(after -> {
      ApiRequest.Builder request = ApiRequest.get(path).query("limit", 100);
      status.ifPresent(s -> request.query("status", s));
      after.ifPresent(a -> request.query("after", a));
      return transport.call(request.build(), json -> Wire.page(json, OpenAiEvals::outputItem));
    });
  }

  private static String evalPath(String evalId) {
    return "evals/" + HttpTransport.encode(OpenAiFiles.id(evalId));
  }

  private static String runPath(String evalId, String runId) {
    return evalPath(evalId) + "/runs/" + HttpTransport.encode(OpenAiFiles.id(runId));
  }

  private static Eval eval(JsonNode json) {
    return new Eval(Wire.text(json, "id").orElse(""), Wire.text(json, "name").orElse(""),
        Wire.time(json, "created_at").orElse(Instant.EPOCH), Json.raw(json));
  }

  private static EvalRun run(JsonNode json) {
    JsonNode counts = json.path("result_counts");
    JsonNode error = json.path("error");
    Optional<String> errorText = Wire.text(error, "message").or(() -> Wire.text(error, "code"))
        .filter(s -> !s.isBlank());
    return new EvalRun(
        Wire.text(json, "id").orElse(""),
        Wire.text(json, "eval_id").orElse(""),
        Wire.text(json, "name").orElse(""),
        Wire.text(json, "status").orElse("unknown"),
        Wire.text(json, "model"),
        Wire.time(json, "created_at").orElse(Instant.EPOCH),
        new EvalRun.ResultCounts(counts.path("total").asLong(0), counts.path("passed").asLong(0),
            counts.path("failed").asLong(0), counts.path("errored").asLong(0)),
        Wire.text(json, "report_url"),
        errorText,
        Json.raw(json));
  }

  private static EvalOutputItem outputItem(JsonNode json) {
    List<EvalOutputItem.Result> results = new ArrayList<>();
    for (JsonNode r : json.path("results")) {
      JsonNode score = r.path("score");
      results.add(new EvalOutputItem.Result(Wire.text(r, "name").orElse(""),
          score.isNumber() ? OptionalDouble.of(score.asDouble()) : OptionalDouble.empty(),
          r.path("passed").asBoolean(false)));
    }
    JsonNode itemId = json.path("datasource_item_id");
    Optional<String> output = Optional.empty();
    for (JsonNode o : json.path("sample").path("output")) {
      if (o.path("content").isTextual()) {
        output = Optional.of(o.path("content").asText());
      }
    }
    return new EvalOutputItem(
        Wire.text(json, "id").orElse(""),
        Wire.text(json, "run_id").orElse(""),
        Wire.text(json, "status").orElse(""),
        itemId.isNumber() ? Optional.of(itemId.asLong()) : Optional.empty(),
        results,
        output,
        Json.raw(json));
  }
}
