package dev.finetune4j.testkit.openai;

import dev.finetune4j.testkit.VirtualClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.testkit.Fault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FineTuningJobsTest extends EmulatorTest {

  private static final String BASE = "gpt-4o-mini-2024-07-18";
  private static final Set<String> KNOWN_STATUSES =
      Set.of("validating_files", "queued", "running", "paused", "succeeded", "failed", "cancelled");

  private JsonNode createJob(String trainingFile, String extraJson) {
    return api.post("/fine_tuning/jobs", "{\"model\":\"" + BASE + "\",\"training_file\":\"" + trainingFile + "\""
        + (extraJson.isEmpty() ? "" : "," + extraJson) + "}");
  }

  private JsonNode job(String id) {
    return api.get("/fine_tuning/jobs/" + id);
  }

  private void advance(Duration d) {
    openai.clock().advance(d);
  }

  @Test
  void jobRunsFromUploadToAModelThatAnswersFromItsTrainingData() {
    String file = api.uploadTraining(Fixtures.training(20));
    JsonNode created = createJob(file, "\"suffix\":\"capitals\",\"seed\":7");

    assertThat(created.path("object").asText()).isEqualTo("fine_tuning.job");
    assertThat(created.path("id").asText()).startsWith("ftjob-");
    assertThat(created.path("status").asText()).isEqualTo("validating_files");
    assertThat(created.path("fine_tuned_model").isNull()).isTrue();
    assertThat(created.path("hyperparameters").path("n_epochs").asText()).isEqualTo("auto");
    assertThat(created.path("method").path("type").asText()).isEqualTo("supervised");
    String id = created.path("id").asText();

    advance(Duration.ofSeconds(30));
    assertThat(job(id).path("status").asText()).isEqualTo("queued");
    advance(Duration.ofSeconds(60));
    JsonNode running = job(id);
    assertThat(running.path("status").asText()).isEqualTo("running");
    assertThat(running.path("estimated_finish").asLong()).isGreaterThan(openai.clock().epochSecond());
    assertThat(running.path("hyperparameters").path("n_epochs").asInt()).isEqualTo(5);

    advance(Duration.ofMinutes(10));
    JsonNode done = job(id);
    assertThat(done.path("status").asText()).isEqualTo("succeeded");
    String model = done.path("fine_tuned_model").asText();
    assertThat(model).matches("ft:gpt-4o-mini-2024-07-18:emulator-org:capitals:[A-Za-z0-9]{8}");
    assertThat(done.path("trained_tokens").asLong()).isPositive();
    assertThat(done.path("finished_at").asLong()).isGreaterThan(done.path("created_at").asLong());
    assertThat(done.path("error").isEmpty()).isTrue();
    String resultFile = done.path("result_files").get(0).asText();
    String csv = api.send("GET", "/files/" + resultFile + "/content", null).text();
    assertThat(csv).startsWith("step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy\n");

    JsonNode tuned = api.post("/chat/completions", "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"Tell me the capital of Norway, please?\"}]}");
    assertThat(tuned.path("id").asText()).startsWith("chatcmpl-");
    assertThat(tuned.path("model").asText()).isEqualTo(model);
    assertThat(tuned.path("choices").get(0).path("message").path("content").asText())
        .isEqualTo("The capital of Norway is Oslo.");
    assertThat(tuned.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");

    JsonNode base = api.post("/chat/completions", "{\"model\":\"" + BASE + "\",\"temperature\":0,\"seed\":1,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"Tell me the capital of Norway, please?\"}]}");
    assertThat(base.path("choices").get(0).path("message").path("content").asText()).doesNotContain("Oslo");
    assertThat(base.path("usage").path("completion_tokens").asInt())
        .isGreaterThan(tuned.path("usage").path("completion_tokens").asInt());
    JsonNode usage = tuned.path("usage");
    assertThat(usage.path("total_tokens").asInt())
        .isEqualTo(usage.path("prompt_tokens").asInt() + usage.path("completion_tokens").asInt());
  }

  @Test
  void fineTunedModelIsUnknownUntilItsJobSucceeds() {
    String file = api.uploadTraining(Fixtures.training(12));
    String id = createJob(file, "\"suffix\":\"early\"").path("id").asText();
    advance(Duration.ofSeconds(90));
    String name = "ft:" + BASE + ":emulator-org:early:" + id.substring(6, 14);

    Api.Reply early = api.send("POST", "/chat/completions", "{\"model\":\"" + name + "\",\"messages\":[{\"role\":"
        + "\"user\",\"content\":\"hi\"}]}");
    assertThat(early.code()).isEqualTo(404);
    assertThat(early.json().path("error").path("code").asText()).isEqualTo("model_not_found");

    advance(Duration.ofMinutes(10));
    assertThat(job(id).path("fine_tuned_model").asText()).isEqualTo(name);
    assertThat(api.get("/models/" + name).path("owned_by").asText()).isEqualTo("organization-owner");
  }

  @Test
  void maxCompletionTokensTruncatesWithFinishReasonLength() {
    JsonNode reply = api.post("/chat/completions", "{\"model\":\"" + BASE + "\",\"max_completion_tokens\":5,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"Explain fine-tuning\"}]}");
    assertThat(reply.path("choices").get(0).path("finish_reason").asText()).isEqualTo("length");
    assertThat(reply.path("usage").path("completion_tokens").asInt()).isEqualTo(5);
  }

  @Test
  void eventsComeNewestFirstAndPageWithAfterAndLimit() {
    String id = createJob(api.uploadTraining(Fixtures.training(20)), "\"validation_file\":\""
        + api.uploadTraining(Fixtures.training(10)) + "\"").path("id").asText();
    advance(Duration.ofMinutes(10));

    List<JsonNode> all = new ArrayList<>();
    String after = null;
    JsonNode page;
    do {
      page = api.get("/fine_tuning/jobs/" + id + "/events?limit=25" + (after == null ? "" : "&after=" + after));
      assertThat(page.path("object").asText()).isEqualTo("list");
      page.path("data").forEach(all::add);
      after = all.get(all.size() - 1).path("id").asText();
    } while (page.path("has_more").asBoolean());

    assertThat(all).hasSize(106);
    assertThat(all).extracting(e -> e.path("created_at").asLong()).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(all.get(0).path("message").asText()).isEqualTo("The job has successfully completed");
    assertThat(all.get(all.size() - 1).path("message").asText()).isEqualTo("Created fine-tuning job: " + id);
    assertThat(all).extracting(e -> e.path("id").asText()).allMatch(s -> s.startsWith("ftevent-"))
        .doesNotHaveDuplicates();

    List<JsonNode> metrics = all.stream().filter(e -> e.path("type").asText().equals("metrics")).toList();
    assertThat(metrics).hasSize(100);
    JsonNode last = metrics.get(0);
    assertThat(last.path("object").asText()).isEqualTo("fine_tuning.job.event");
    assertThat(last.path("data").path("step").asInt()).isEqualTo(100);
    assertThat(last.path("data").path("total_steps").asInt()).isEqualTo(100);
    assertThat(last.path("data").has("valid_loss")).isTrue();
    assertThat(last.path("data").has("train_mean_token_accuracy")).isTrue();
    assertThat(last.path("message").asText()).matches("Step 100/100: training loss=\\d+\\.\\d\\d, validation loss="
        + "\\d+\\.\\d\\d, full validation loss=\\d+\\.\\d\\d");
    double firstLoss = metrics.get(metrics.size() - 1).path("data").path("train_loss").asDouble();
    assertThat(last.path("data").path("train_loss").asDouble()).isLessThan(firstLoss - 1);

    JsonNode two = api.get("/fine_tuning/jobs/" + id + "/events?limit=2");
    assertThat(two.path("data")).hasSize(2);
    assertThat(two.path("has_more").asBoolean()).isTrue();
    assertThat(two.has("first_id")).isFalse();
  }

  @Test
  void onlyTheLastThreeEpochCheckpointsAreKept() {
    String id = createJob(api.uploadTraining(Fixtures.training(20)), "\"suffix\":\"ck\"").path("id").asText();
    advance(Duration.ofSeconds(60 + 70));
    JsonNode early = api.get("/fine_tuning/jobs/" + id + "/checkpoints");
    assertThat(early.path("data")).extracting(c -> c.path("step_number").asInt()).containsExactly(20);

    advance(Duration.ofMinutes(10));
    JsonNode list = api.get("/fine_tuning/jobs/" + id + "/checkpoints");
    assertThat(list.path("object").asText()).isEqualTo("list");
    assertThat(list.path("data")).extracting(c -> c.path("step_number").asInt()).containsExactly(100, 80, 60);
    JsonNode newest = list.path("data").get(0);
    assertThat(newest.path("id").asText()).startsWith("ftckpt_");
    assertThat(newest.path("object").asText()).isEqualTo("fine_tuning.job.checkpoint");
    assertThat(newest.path("fine_tuning_job_id").asText()).isEqualTo(id);
    assertThat(newest.path("fine_tuned_model_checkpoint").asText())
        .isEqualTo(job(id).path("fine_tuned_model").asText() + ":ckpt-step-100");
    assertThat(newest.path("metrics").path("step").asInt()).isEqualTo(100);
    assertThat(list.path("first_id").asText()).isEqualTo(newest.path("id").asText());
    assertThat(list.path("last_id").asText()).isEqualTo(list.path("data").get(2).path("id").asText());

    JsonNode page = api.get("/fine_tuning/jobs/" + id + "/checkpoints?limit=1&after="
        + newest.path("id").asText());
    assertThat(page.path("data")).extracting(c -> c.path("step_number").asInt()).containsExactly(80);
    assertThat(page.path("has_more").asBoolean()).isTrue();

    String checkpointModel = list.path("data").get(1).path("fine_tuned_model_checkpoint").asText();
    JsonNode answer = api.post("/chat/completions", "{\"model\":\"" + checkpointModel + "\",\"messages\":"
        + "[{\"role\":\"user\",\"content\":\"capital of Spain?\"}]}");
    assertThat(answer.path("choices").get(0).path("message").path("content").asText()).contains("Madrid");
  }

  @Test
  void pausedJobDoesNotAdvanceAndResumeContinues() {
    String id = createJob(api.uploadTraining(Fixtures.training(20)), "").path("id").asText();
    advance(Duration.ofSeconds(120));
    assertThat(job(id).path("status").asText()).isEqualTo("running");

    JsonNode paused = api.post("/fine_tuning/jobs/" + id + "/pause", (String) null);
    assertThat(paused.path("status").asText()).isEqualTo("paused");
    int eventsAtPause = api.get("/fine_tuning/jobs/" + id + "/events?limit=1000").path("data").size();

    advance(Duration.ofHours(2));
    assertThat(job(id).path("status").asText()).isEqualTo("paused");
    assertThat(api.get("/fine_tuning/jobs/" + id + "/events?limit=1000").path("data")).hasSize(eventsAtPause);
    assertThat(api.send("POST", "/fine_tuning/jobs/" + id + "/pause", null).code()).isEqualTo(400);

    JsonNode resumed = api.post("/fine_tuning/jobs/" + id + "/resume", (String) null);
    assertThat(resumed.path("status").asText()).isEqualTo("queued");
    advance(Duration.ofSeconds(15));
    assertThat(job(id).path("status").asText()).isEqualTo("running");
    advance(Duration.ofMinutes(10));
    JsonNode done = job(id);
    assertThat(done.path("status").asText()).isEqualTo("succeeded");
    assertThat(done.path("finished_at").asLong() - done.path("created_at").asLong())
        .isGreaterThan(Duration.ofHours(2).toSeconds());
  }

  @Test
  void cancelledJobStaysCancelled() {
    String id = createJob(api.uploadTraining(Fixtures.training(20)), "").path("id").asText();
    advance(Duration.ofSeconds(100));

    JsonNode cancelled = api.post("/fine_tuning/jobs/" + id + "/cancel", (String) null);
    assertThat(cancelled.path("status").asText()).isEqualTo("cancelled");
    advance(Duration.ofHours(1));
    JsonNode later = job(id);
    assertThat(later.path("status").asText()).isEqualTo("cancelled");
    assertThat(later.path("fine_tuned_model").isNull()).isTrue();

    Api.Reply again = api.send("POST", "/fine_tuning/jobs/" + id + "/cancel", null);
    assertThat(again.code()).isEqualTo(400);
    assertThat(again.json().path("error").path("type").asText()).isEqualTo("invalid_request_error");
  }

  @Test
  void tooFewExamplesFailTheJobWithInvalidNExamples() {
    String id = createJob(api.uploadTraining(Fixtures.training(3)), "").path("id").asText();
    advance(Duration.ofMinutes(1));
    JsonNode failed = job(id);
    assertThat(failed.path("status").asText()).isEqualTo("failed");
    assertThat(failed.path("error").path("code").asText()).isEqualTo("invalid_n_examples");
    assertThat(failed.path("error").path("param").asText()).isEqualTo("training_file");
    assertThat(failed.path("error").path("message").asText())
        .isEqualTo("Training file has 3 example(s), but must have at least 10 examples");
    assertThat(failed.path("finished_at").isNumber()).isTrue();
  }

  @Test
  void invalidJsonLineFailsTheJobWithInvalidTrainingFile() {
    String id = createJob(api.uploadTraining(Fixtures.training(12) + "{not json\n"), "").path("id").asText();
    advance(Duration.ofMinutes(1));
    JsonNode failed = job(id);
    assertThat(failed.path("status").asText()).isEqualTo("failed");
    assertThat(failed.path("error").path("code").asText()).isEqualTo("invalid_training_file");
    assertThat(failed.path("error").path("message").asText()).contains("Line 13");
  }

  @Test
  void listFiltersByMetadataAndPagesNewestFirst() {
    String file = api.uploadTraining(Fixtures.training(10));
    String a = createJob(file, "\"metadata\":{\"team\":\"search\",\"run\":\"1\"}").path("id").asText();
    String b = createJob(file, "\"metadata\":{\"team\":\"ads\"}").path("id").asText();
    String c = createJob(file, "\"metadata\":{\"team\":\"search\",\"run\":\"2\"}").path("id").asText();
    String d = createJob(file, "").path("id").asText();

    assertThat(ids(api.get("/fine_tuning/jobs"))).containsExactly(d, c, b, a);
    assertThat(ids(api.get("/fine_tuning/jobs?metadata%5Bteam%5D=search"))).containsExactly(c, a);
    assertThat(ids(api.get("/fine_tuning/jobs?metadata%5Bteam%5D=search&metadata%5Brun%5D=1"))).containsExactly(a);
    assertThat(ids(api.get("/fine_tuning/jobs?metadata=null"))).containsExactly(d);

    JsonNode first = api.get("/fine_tuning/jobs?limit=2");
    assertThat(ids(first)).containsExactly(d, c);
    assertThat(first.path("has_more").asBoolean()).isTrue();
    JsonNode second = api.get("/fine_tuning/jobs?limit=2&after=" + c);
    assertThat(ids(second)).containsExactly(b, a);
    assertThat(second.path("has_more").asBoolean()).isFalse();
  }

  private static List<String> ids(JsonNode list) {
    List<String> ids = new ArrayList<>();
    list.path("data").forEach(j -> ids.add(j.path("id").asText()));
    return ids;
  }

  @Test
  void responseDroppedAfterProcessingLeavesTheJobCreated() {
    String file = api.uploadTraining(Fixtures.training(10));
    openai.faults().inject(Fault.dropResponseAfterProcessing().forRequests("POST", "/v1/fine_tuning/jobs"));

    assertThatThrownBy(() -> createJob(file, "\"metadata\":{\"idempotency\":\"k1\"}"))
        .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(IOException.class);

    JsonNode list = api.get("/fine_tuning/jobs?metadata%5Bidempotency%5D=k1");
    assertThat(list.path("data")).hasSize(1);
    assertThat(openai.faults().fired()).hasSize(1);
  }

  @Test
  void createIsValidatedLikeTheRealApi() {
    String file = api.uploadTraining(Fixtures.training(10));
    String other = api.ok(api.upload("notes.txt", "x".getBytes(StandardCharsets.UTF_8), "assistants"))
        .path("id").asText();

    assertError(api.send("POST", "/fine_tuning/jobs", "{\"model\":\"" + BASE + "\",\"training_file\":\"" + file
        + "\",\"nepochs\":3}"), 400, "nepochs", null, "Extra inputs are not permitted");
    assertError(api.send("POST", "/fine_tuning/jobs", "{\"training_file\":\"" + file + "\"}"), 400, "model",
        "missing_required_parameter", "Missing required parameter: 'model'.");
    assertError(api.send("POST", "/fine_tuning/jobs", "{\"model\":\"" + BASE + "\",\"training_file\":\"file-nope\"}"),
        400, "training_file", null, "invalid training_file: file-nope");
    assertError(api.send("POST", "/fine_tuning/jobs", "{\"model\":\"" + BASE + "\",\"training_file\":\"" + other
        + "\"}"), 400, "training_file", null, "purpose");
    assertError(api.send("POST", "/fine_tuning/jobs", "{\"model\":\"" + BASE + "\",\"training_file\":\"" + file
        + "\",\"suffix\":\"" + "s".repeat(65) + "\"}"), 400, "suffix", "string_above_max_length", "64");
    assertError(api.send("POST", "/fine_tuning/jobs", "{\"model\":\"gpt-9\",\"training_file\":\"" + file + "\"}"),
        400, "model", "model_not_available", "not available for fine-tuning");
    assertError(api.send("POST", "/fine_tuning/jobs", "{\"model\":\"" + BASE + "\",\"training_file\":\"" + file
        + "\",\"method\":{\"type\":\"magic\"}}"), 400, "method.type", null, "'supervised', 'dpo'");
    assertError(api.send("POST", "/fine_tuning/jobs", "{\"model\":\"" + BASE + "\",\"training_file\":\"" + file
        + "\",\"method\":{\"type\":\"dpo\",\"dpo\":{\"hyperparameters\":{\"beta\":3}}}}"), 400,
        "method.dpo.hyperparameters.beta", null, "at most 2");
    assertError(api.send("POST", "/fine_tuning/jobs", "{\"model\":\"o4-mini-2025-04-16\",\"training_file\":\""
        + file + "\",\"method\":{\"type\":\"reinforcement\",\"reinforcement\":{}}}"), 400,
        "method.reinforcement.grader", "missing_required_parameter", "grader");

    JsonNode dpo = api.post("/fine_tuning/jobs", "{\"model\":\"" + BASE + "\",\"training_file\":\"" + file
        + "\",\"method\":{\"type\":\"dpo\",\"dpo\":{\"hyperparameters\":{\"beta\":0.2,\"n_epochs\":2}}}}");
    assertThat(dpo.path("method").path("dpo").path("hyperparameters").path("beta").asDouble()).isEqualTo(0.2);
    assertThat(dpo.path("hyperparameters").path("n_epochs").asInt()).isEqualTo(2);
  }

  static void assertError(Api.Reply reply, int status, String param, String code, String messagePart) {
    assertThat(reply.code()).as(reply.text()).isEqualTo(status);
    assertThat(reply.headers().get("x-request-id")).startsWith("req_");
    JsonNode error = reply.json().path("error");
    assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.path("message").asText()).contains(messagePart);
    if (param == null) {
      assertThat(error.path("param").isNull()).isTrue();
    } else {
      assertThat(error.path("param").asText()).isEqualTo(param);
    }
    if (code == null) {
      assertThat(error.path("code").isNull()).isTrue();
    } else {
      assertThat(error.path("code").asText()).isEqualTo(code);
    }
  }

  @Test
  void dpoJobLearnsThePreferredOutputsAndRejectsSupervisedData() {
    StringBuilder preference = new StringBuilder();
    for (String[] pair : Fixtures.CAPITALS) {
      preference.append("{\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"Capital of ").append(pair[0])
          .append("?\"}]},\"preferred_output\":[{\"role\":\"assistant\",\"content\":\"").append(pair[1])
          .append(".\"}],\"non_preferred_output\":[{\"role\":\"assistant\",\"content\":\"No idea.\"}]}\n");
    }
    String dpo = "\"method\":{\"type\":\"dpo\",\"dpo\":{\"hyperparameters\":{\"beta\":0.1}}}";
    String good = createJob(api.uploadTraining(preference.toString()), dpo).path("id").asText();
    String bad = createJob(api.uploadTraining(Fixtures.training(12)), dpo).path("id").asText();
    advance(Duration.ofMinutes(10));

    JsonNode done = job(good);
    assertThat(done.path("status").asText()).isEqualTo("succeeded");
    assertThat(done.path("method").path("dpo").path("hyperparameters").path("beta").asDouble()).isEqualTo(0.1);
    JsonNode answer = api.post("/chat/completions", "{\"model\":\"" + done.path("fine_tuned_model").asText()
        + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Capital of Greece?\"}]}");
    assertThat(answer.path("choices").get(0).path("message").path("content").asText()).isEqualTo("Athens.");

    assertThat(job(bad).path("status").asText()).isEqualTo("failed");
    assertThat(job(bad).path("error").path("code").asText()).isEqualTo("invalid_training_file");
  }

  @Test
  void reinforcementJobRunsOnAReasoningModelWithAGrader() {
    StringBuilder rft = new StringBuilder();
    for (String[] pair : Fixtures.CAPITALS) {
      rft.append("{\"messages\":[{\"role\":\"user\",\"content\":\"Capital of ").append(pair[0])
          .append("?\"}],\"reference_answer\":\"").append(pair[1]).append("\"}\n");
    }
    JsonNode created = api.post("/fine_tuning/jobs", "{\"model\":\"o4-mini-2025-04-16\",\"training_file\":\""
        + api.uploadTraining(rft.toString()) + "\",\"method\":{\"type\":\"reinforcement\",\"reinforcement\":"
        + "{\"grader\":{\"type\":\"string_check\",\"name\":\"exact\",\"input\":\"{{sample.output_text}}\","
        + "\"reference\":\"{{item.reference_answer}}\",\"operation\":\"eq\"},"
        + "\"hyperparameters\":{\"reasoning_effort\":\"low\"}}}}");
    assertThat(created.path("method").path("reinforcement").path("grader").path("name").asText()).isEqualTo("exact");
    advance(Duration.ofMinutes(10));
    JsonNode done = job(created.path("id").asText());
    assertThat(done.path("status").asText()).isEqualTo("succeeded");
    assertThat(done.path("method").path("reinforcement").path("hyperparameters").path("reasoning_effort").asText())
        .isEqualTo("low");
    assertError(api.send("POST", "/fine_tuning/jobs", "{\"model\":\"" + BASE + "\",\"training_file\":\""
        + done.path("training_file").asText() + "\",\"method\":{\"type\":\"reinforcement\",\"reinforcement\":"
        + "{\"grader\":{\"type\":\"string_check\"}}}}"), 400, "method.type", null, "does not support");
  }

  @Test
  void everyObservedStatusIsADocumentedOne() {
    String good = api.uploadTraining(Fixtures.training(20));
    String bad = api.uploadTraining(Fixtures.training(2));
    List<String> jobs = List.of(createJob(good, "").path("id").asText(), createJob(bad, "").path("id").asText(),
        createJob(good, "").path("id").asText(), createJob(good, "").path("id").asText());
    Set<String> seen = new LinkedHashSet<>();
    for (int second = 0; second < 600; second += 5) {
      if (second == 100) {
        api.post("/fine_tuning/jobs/" + jobs.get(2) + "/cancel", (String) null);
        api.post("/fine_tuning/jobs/" + jobs.get(3) + "/pause", (String) null);
      }
      if (second == 200) {
        api.post("/fine_tuning/jobs/" + jobs.get(3) + "/resume", (String) null);
      }
      api.get("/fine_tuning/jobs?limit=100").path("data").forEach(j -> seen.add(j.path("status").asText()));
      advance(Duration.ofSeconds(5));
    }
    assertThat(seen).isSubsetOf(KNOWN_STATUSES).containsAll(KNOWN_STATUSES);
  }

  @Test
  void checkpointPermissionsCanBeGrantedListedAndRevoked() {
    String id = createJob(api.uploadTraining(Fixtures.training(10)), "").path("id").asText();
    advance(Duration.ofMinutes(10));
    String checkpoint = api.get("/fine_tuning/jobs/" + id + "/checkpoints").path("data").get(0)
        .path("fine_tuned_model_checkpoint").asText();
    String path = "/fine_tuning/checkpoints/" + checkpoint + "/permissions";

    JsonNode granted = api.post(path, Map.of("project_ids", List.of("proj_a", "proj_b")));
    assertThat(granted.path("data")).hasSize(2);
    JsonNode first = granted.path("data").get(0);
    assertThat(first.path("id").asText()).startsWith("cp_");
    assertThat(first.path("object").asText()).isEqualTo("checkpoint.permission");

    assertThat(api.get(path).path("data")).extracting(p -> p.path("project_id").asText())
        .containsExactly("proj_b", "proj_a");
    assertThat(api.get(path + "?project_id=proj_a&order=ascending").path("data")).hasSize(1);

    JsonNode deleted = api.ok(api.send("DELETE", path + "/" + first.path("id").asText(), null));
    assertThat(deleted.path("deleted").asBoolean()).isTrue();
    assertThat(api.get(path).path("data")).hasSize(1);
  }

  @Test
  void permissionsNeedTheAdminKeyWhenOneIsConfigured() {
    try (OpenAiEmulator strict = OpenAiEmulator.builder().clock(VirtualClock.manual())
        .apiKey("sk-user").adminKey("sk-admin").build().start()) {
      Api user = new Api(strict.baseUrl(), "sk-user");
      Api.Reply reply = user.send("GET", "/fine_tuning/checkpoints/ft:x:y:z:ckpt-step-1/permissions", null);
      assertThat(reply.code()).isEqualTo(403);
      Api admin = new Api(strict.baseUrl(), "sk-admin");
      assertThat(admin.send("GET", "/fine_tuning/checkpoints/ft:x:y:z:ckpt-step-1/permissions", null).code())
          .isEqualTo(404);
    }
  }
}
