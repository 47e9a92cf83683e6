package dev.finetune4j.huggingface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.RawJson;
import dev.finetune4j.error.UnsupportedCapabilityException;
import dev.finetune4j.error.WaitTimeoutException;
import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobEvent;
import dev.finetune4j.job.JobListener;
import dev.finetune4j.job.JobQuery;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.JobStatus;
import dev.finetune4j.job.TrainingMetrics;
import dev.finetune4j.job.WaitOptions;
import dev.finetune4j.testkit.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobsWireTest extends WireTestSupport {
  private static final String TRAIN = "alice/data@c0ffee:train.jsonl";

  static String job(String id, String stage, String key) {
    return "{\"id\":\"" + id + "\",\"createdAt\":\"2026-11-24T10:00:00.000Z\",\"dockerImage\":\"huggingface/trl\","
        + "\"command\":[\"trl\",\"sft\",\"--model_name_or_path\",\"Qwen/Qwen2.5-0.5B\",\"--hub_model_id\","
        + "\"alice/out\",\"--logging_steps\",\"10\"],\"environment\":{},\"secrets\":[\"HF_TOKEN\"],"
        + "\"flavor\":\"a10g-large\",\"labels\":{\"finetune4j-key\":\"" + key + "\"},"
        + "\"status\":{\"stage\":\"" + stage + "\",\"message\":null},\"owner\":{\"name\":\"alice\"},\"futureField\":1}";
  }

  static String sse(String... lines) {
    StringBuilder sb = new StringBuilder();
    sb.append("data: {\"data\":\"===== Job started at 2026-11-24 10:00:01 =====\",\"timestamp\":"
        + "\"2026-11-24T10:00:01Z\"}\n\n");
    for (int i = 0; i < lines.length; i++) {
      if (i == 1) {
        sb.append(": keep-alive\n\n");
      }
      sb.append("data: {\"data\":\"").append(lines[i].replace("\"", "\\\"")).append("\",\"timestamp\":\"2026-11-24T10:0")
          .append(i + 1).append(":00Z\"}\n\n");
    }
    return sb.toString();
  }

  void enqueueSse(String body) {
    server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream").body(body)
        .build());
  }

  private static JobSpec.Builder spec() {
    return JobSpec.builder().baseModel("Qwen/Qwen2.5-0.5B").trainingFile(TRAIN);
  }

  @Test
  void createSendsTheTrlJobWithTheTokenOnlyAsASecret() throws Exception {
    enqueueJson("[]");
    enqueueJson(job("j1", "SCHEDULING", "k-1"));

    Job job = hf.jobs().create(spec().idempotencyKey("k-1").label("team", "kitchen").build());

    assertThat(job.id()).isEqualTo("j1");
    assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(take().getTarget()).isEqualTo("/api/jobs/alice?label=finetune4j-key%3Dk-1");
    RecordedRequest create = take();
    assertThat(create.getMethod()).isEqualTo("POST");
    assertThat(create.getTarget()).isEqualTo("/api/jobs/alice");
    JsonNode body = json(create);
    assertThat(body.path("dockerImage").asText()).isEqualTo("huggingface/trl");
    // LoRA (the default): trl, then the merge that pushes the merged model
    assertThat(body.path("command").get(0).asText()).isEqualTo("sh");
    assertThat(body.path("command").get(2).asText()).contains("merge_and_unload", "'alice/");
    assertThat(body.path("command").get(3).asText()).isEqualTo("trl");
    assertThat(body.path("command").get(4).asText()).isEqualTo("sft");
    assertThat(body.path("arguments").isArray()).isTrue();
    assertThat(body.path("secrets")).isEqualTo(json("{\"HF_TOKEN\":\"" + TOKEN + "\"}"));
    assertThat(body.path("flavor").asText()).isEqualTo("a10g-large");
    assertThat(body.path("timeoutSeconds").asLong()).isEqualTo(3 * 3600);
    assertThat(body.path("labels")).isEqualTo(json("{\"team\":\"kitchen\",\"finetune4j-key\":\"k-1\"}"));
    assertThat(body.path("environment").path("FINETUNE4J_TRAINING_FILE").asText()).isEqualTo(TRAIN);
    JsonNode withoutSecrets = body.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) withoutSecrets).remove("secrets");
    assertThat(withoutSecrets.toString()).doesNotContain(TOKEN);
  }

  @Test
  void aCreateWhoseAnswerWasLostFindsItsJobWhenTheListLagsTwoLookupsBehind() throws Exception {
    enqueueJson("[]");
    server.enqueue(new MockResponse.Builder().onResponseStart(new mockwebserver3.SocketEffect.CloseSocket()).build());
    enqueueJson("[]");
    enqueueJson("[]");
    enqueueJson("[" + job("j1", "SCHEDULING", "k-1") + "]");

    Job job = hf.jobs().create(spec().idempotencyKey("k-1").build());

    assertThat(job.id()).isEqualTo("j1");
    assertThat(server.getRequestCount()).isEqualTo(5);
    assertThat(sleeps).containsSubsequence(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void anUnslothJobCommitsItsScriptToTheCallersScriptsRepositoryAndRunsItWithUv() throws Exception {
    enqueueJson("[]");
    enqueueJson("{\"url\":\"u\",\"id\":\"alice/finetune4j-scripts\"}");
    enqueueJson("{\"files\":[{\"path\":\"scripts/finetune4j-unsloth-k-9.py\",\"uploadMode\":\"regular\"}]}");
    enqueueJson("{\"commitOid\":\"5c41p7\",\"commitUrl\":\"u\"}");
    enqueueJson(job("j9", "SCHEDULING", "k-9"));
    JobSpec spec = spec().idempotencyKey("k-9")
        .option(HuggingFaceJobOptions.builder().trainer(Trainer.UNSLOTH).flavor("l4x1").build()).build();

    hf.jobs().create(spec);

    take(); // the key lookup
    assertThat(json(take()).path("name").asText()).isEqualTo("finetune4j-scripts"); // the repository, private
    take(); // preupload
    RecordedRequest commit = take();
    assertThat(commit.getTarget()).isEqualTo("/api/datasets/alice/finetune4j-scripts/commit/main");
    assertThat(commit.getBody().utf8()).contains("\"path\":\"scripts/finetune4j-unsloth-k-9.py\"");
    JsonNode body = json(take());
    assertThat(body.path("dockerImage").asText()).isEqualTo("ghcr.io/astral-sh/uv:python3.12-bookworm");
    assertThat(body.path("command")).isEqualTo(json("[\"uv\",\"run\",\"" + server.url("/")
        + "datasets/alice/finetune4j-scripts/resolve/5c41p7/scripts/finetune4j-unsloth-k-9.py\"]"));
    assertThat(body.path("secrets")).isEqualTo(json("{\"HF_TOKEN\":\"" + TOKEN + "\"}"));
    assertThat(body.path("environment").path("DATASET_NAME").asText()).isEqualTo("alice/data");
    assertThat(body.path("flavor").asText()).isEqualTo("l4x1");
  }

  @Test
  void createWithoutAKeyLabelsTheJobWithAGeneratedOneAndSendsOneRequest() throws Exception {
    enqueueJson(job("j1", "SCHEDULING", "x"));

    hf.jobs().create(spec().build());

    JsonNode body = json(take());
    assertThat(body.path("labels").path("finetune4j-key").asText()).hasSizeGreaterThan(30);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void anEmptyAnswerToTheLookupBeforeARetryFailsTheCreateInsteadOfStartingASecondJob() {
    enqueueJson("[]");
    enqueueJson(500, "{\"error\":\"Internal Error\"}");
    enqueueJson("");
    enqueueJson(job("j8", "SCHEDULING", "k-8"));

    assertThatThrownBy(() -> hf.jobs().create(spec().idempotencyKey("k-8").build()))
        .isInstanceOf(dev.finetune4j.error.InvalidResponseException.class);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void aCreateRetriedAfterAServerErrorReturnsTheJobTheFirstAttemptStarted() throws Exception {
    enqueueJson("[]");
    enqueueJson(500, "{\"error\":\"Internal Error\"}");
    enqueueJson("[" + job("j7", "SCHEDULING", "k-7") + "]");

    Job job = hf.jobs().create(spec().idempotencyKey("k-7").build());

    assertThat(job.id()).isEqualTo("j7");
    assertThat(take().getMethod()).isEqualTo("GET");
    assertThat(take().getMethod()).isEqualTo("POST");
    RecordedRequest guard = take();
    assertThat(guard.getMethod()).isEqualTo("GET");
    assertThat(guard.getUrl().queryParameter("label")).isEqualTo("finetune4j-key=k-7");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void aCreateRepeatedWithTheSameKeyReturnsTheExistingJob() {
    enqueueJson("[" + job("other", "RUNNING", "k-0") + "," + job("j3", "RUNNING", "k-3") + "]");

    Job job = hf.jobs().create(spec().idempotencyKey("k-3").build());

    assertThat(job.id()).isEqualTo("j3");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource({"SCHEDULING,queued", "RUNNING,running", "UPDATING,running", "COMPLETED,succeeded", "ERROR,failed",
      "CANCELED,cancelled", "DELETED,cancelled", "PAUSED,paused", "DELETING,deleting"})
  void stagesMapToNeutralStatuses(String stage, String status) throws Exception {
    enqueueJson(job("j1", stage, "k"));

    Job job = hf.jobs().retrieve("j1");

    assertThat(job.status().value()).isEqualTo(status);
    assertThat(job.providerStatus()).isEqualTo(stage);
    assertThat(take().getTarget()).isEqualTo("/api/jobs/alice/j1");
  }

  @Test
  void aCompletedJobNamesThePushedModel() {
    enqueueJson(job("j1", "COMPLETED", "k"));

    Job job = hf.jobs().retrieve("j1");

    assertThat(job.fineTunedModel()).contains("alice/out");
    assertThat(job.baseModel()).isEqualTo("Qwen/Qwen2.5-0.5B");
    assertThat(job.raw().longValue("futureField")).hasValue(1);
  }

  @Test
  void aFailedJobCarriesTheStatusMessage() {
    enqueueJson(job("j1", "ERROR", "k").replace("\"message\":null", "\"message\":\"CUDA out of memory\""));

    Job job = hf.jobs().retrieve("j1");

    assertThat(job.fineTunedModel()).isEmpty();
    assertThat(job.error().orElseThrow().message()).isEqualTo("CUDA out of memory");
  }

  @Test
  void aJobOfAnotherNamespaceIsAddressedWithItsNamespace() throws Exception {
    enqueueJson(job("j1", "RUNNING", "k"));

    hf.jobs().retrieve("acme/j1");

    assertThat(take().getTarget()).isEqualTo("/api/jobs/acme/j1");
  }

  @Test
  void listSendsLabelFiltersAndFollowsTheLinkHeader() throws Exception {
    String next = server.url("/api/jobs/alice?label=team%3Dk&cursor=2").toString();
    server.enqueue(new MockResponse.Builder().code(200).setHeader("Link", "<" + next + ">; rel=\"next\"")
        .body("[" + job("a", "RUNNING", "k").replace("{\"finetune4j-key\":\"k\"}", "{\"team\":\"k\"}") + "]")
        .build());
    enqueueJson("[" + job("b", "COMPLETED", "k").replace("{\"finetune4j-key\":\"k\"}", "{\"team\":\"k\"}") + "]");

    List<Job> jobs = hf.jobs().list(JobQuery.withLabel("team", "k")).toList();

    assertThat(jobs).extracting(Job::id).containsExactly("a", "b");
    assertThat(take().getTarget()).isEqualTo("/api/jobs/alice?label=team%3Dk");
    assertThat(take().getTarget()).isEqualTo("/api/jobs/alice?label=team%3Dk&cursor=2");
  }

  @Test
  void cancelPostsThenInspects() throws Exception {
    enqueueJson("{}");
    enqueueJson(job("j1", "CANCELED", "k"));

    Job job = hf.jobs().cancel("j1");

    assertThat(job.status()).isEqualTo(JobStatus.CANCELLED);
    RecordedRequest cancel = take();
    assertThat(cancel.getMethod()).isEqualTo("POST");
    assertThat(cancel.getTarget()).isEqualTo("/api/jobs/alice/j1/cancel");
  }

  @Test
  void pauseResumeAndCheckpointsAreNotOffered() {
    assertThatThrownBy(() -> hf.jobs().pause("j1")).isInstanceOf(UnsupportedCapabilityException.class);
    assertThatThrownBy(() -> hf.jobs().resume("j1")).isInstanceOf(UnsupportedCapabilityException.class);
    assertThatThrownBy(() -> hf.jobs().checkpoints("j1")).isInstanceOf(UnsupportedCapabilityException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void eventsReadTheLogStreamSkippingKeepAlivesTheBannerAndProgressBars() throws Exception {
    enqueueJson(job("j1", "RUNNING", "k"));
    enqueueSse(sse("Loading dataset", " 10%|#         | 1/10 [00:01<00:09,  1.0it/s]",
        "{'loss': '1.842', 'mean_token_accuracy': '0.59', 'epoch': '0.5'}"));

    List<JobEvent> events = hf.jobs().events("j1");

    assertThat(events).extracting(JobEvent::message)
        .containsExactly("Loading dataset", "{'loss': '1.842', 'mean_token_accuracy': '0.59', 'epoch': '0.5'}");
    assertThat(events).extracting(JobEvent::id).containsExactly("1", "3");
    TrainingMetrics metrics = events.get(1).metrics().orElseThrow();
    assertThat(metrics.step()).isEqualTo(10);
    assertThat(metrics.trainLoss()).hasValue(1.842);
    assertThat(events.get(0).createdAt()).hasToString("2026-11-24T10:01:00Z");
    take();
    assertThat(take().getTarget()).isEqualTo("/api/jobs/alice/j1/logs");
  }

  @Test
  void eventsOfALogThatSendsKeepAlivesForeverReturnWithinTheSnapshotDeadline() {
    enqueueJson(job("j1", "RUNNING", "k"));
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
        .body("data: {\"data\":\"Loading dataset\",\"timestamp\":\"2026-11-24T10:01:00Z\"}\n\n"
            + ": keep-alive\n\n".repeat(2_000))
        .throttleBody(16, 100, java.util.concurrent.TimeUnit.MILLISECONDS).build());
    HuggingFace quick = client().logReadTimeouts(Duration.ofSeconds(5), Duration.ofMillis(200)).build();
    long started = System.nanoTime();

    List<JobEvent> events = quick.jobs().events("j1");

    assertThat(events).extracting(JobEvent::message).containsExactly("Loading dataset");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    quick.close();
  }

  @Test
  void eventsAfterReturnOnlyNewerLines() {
    enqueueJson(job("j1", "RUNNING", "k"));
    enqueueSse(sse("one", "two", "three"));

    List<JobEvent> events = hf.jobs().eventsAfter("j1", "1");

    assertThat(events).extracting(JobEvent::message).containsExactly("two", "three");
  }

  @Test
  void followingReconnectsAfterADropAndSkipsTheReplayedLines() {
    enqueueJson(job("j1", "RUNNING", "k"));
    enqueueSse(sse("one", "{'loss': 2.0, 'epoch': 0.1}"));
    enqueueJson(job("j1", "RUNNING", "k"));
    enqueueSse(sse("one", "{'loss': 2.0, 'epoch': 0.1}", "{'loss': 1.5, 'epoch': 0.2}", "done"));
    enqueueJson(job("j1", "COMPLETED", "k"));
    List<JobEvent> seen = new ArrayList<>();

    Job end = hf.jobs().followLogs("j1", seen::add);

    assertThat(end.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(seen).extracting(JobEvent::message).containsExactly("one", "{'loss': 2.0, 'epoch': 0.1}",
        "{'loss': 1.5, 'epoch': 0.2}", "done");
    assertThat(seen.get(2).metrics().orElseThrow().step()).isEqualTo(20);
    assertThat(server.getRequestCount()).isEqualTo(5);
  }

  @Test
  void aStreamThatStaysOpenAfterTheJobEndedStopsAtTheReadTimeout() {
    enqueueJson(job("j1", "RUNNING", "k"));
    String first = sse("one", "two");
    server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream")
        .body(first + "data: {\"data\":\"never\"}\n\n")
        .throttleBody(first.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, 30, TimeUnit.SECONDS)
        .build());
    enqueueJson(job("j1", "COMPLETED", "k"));
    List<JobEvent> seen = new ArrayList<>();

    Job end = hf.jobs().followLogs("j1", seen::add);

    assertThat(end.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(seen).extracting(JobEvent::message).containsExactly("one", "two");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void followingGivesUpAtTheTimeoutOnVirtualTimeReconnectingEveryFiveSeconds() {
    enqueueJson(job("j1", "RUNNING", "k"));
    for (int i = 0; i < 5; i++) {
      enqueueSse(sse("one"));
      enqueueJson(job("j1", "RUNNING", "k"));
    }
    List<JobEvent> seen = new ArrayList<>();
    VirtualClock time = VirtualClock.manual();
    try (HuggingFace timed = client()
        .options(options().toBuilder().clock(time.asClock()).sleeper(time::sleep).build()).build()) {
      assertThatThrownBy(() -> timed.jobs().followLogs("j1", seen::add, Duration.ofSeconds(10)))
          .isInstanceOfSatisfying(WaitTimeoutException.class, e -> {
            assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(e.lastValue()).containsInstanceOf(Job.class);
            assertThat(e.getMessage()).contains("job j1").contains("still RUNNING");
          });
    }
    assertThat(time.now()).isEqualTo(VirtualClock.DEFAULT_START.plusSeconds(10));
    assertThat(seen).extracting(JobEvent::message).containsExactly("one");
    assertThat(server.getRequestCount()).isEqualTo(7); // the first look, then stream and look at 0, 5 and 10 s
  }

  @Test
  void followingReconnectsAfterTheStreamFailsWithAServerError() {
    enqueueJson(job("j1", "RUNNING", "k"));
    for (int i = 0; i < 3; i++) {
      enqueueJson(503, "{\"error\":\"unavailable\"}");
    }
    enqueueSse(sse("one"));
    enqueueJson(job("j1", "COMPLETED", "k"));
    List<JobEvent> seen = new ArrayList<>();

    Job end = hf.jobs().followLogs("j1", seen::add);

    assertThat(end.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(seen).extracting(JobEvent::message).containsExactly("one");
    assertThat(sleeps).endsWith(Duration.ofSeconds(5));
  }

  @Test
  void theWaiterFollowsAJobToCompletionWithItsLoggedMetrics() {
    enqueueJson(job("j1", "RUNNING", "k"));
    enqueueJson(job("j1", "RUNNING", "k"));
    enqueueSse(sse("{'loss': 2.0, 'epoch': 0.5}"));
    enqueueJson(job("j1", "COMPLETED", "k"));
    enqueueSse(sse("{'loss': 2.0, 'epoch': 0.5}", "{'loss': 1.0, 'epoch': 1.0}",
        "{'train_runtime': '12.5', 'train_loss': '1.5', 'epoch': '1.0'}"));
    List<TrainingMetrics> metrics = new ArrayList<>();

    Job done = hf.jobs().waitFor("j1", WaitOptions.builder().sleeper(sleeps::add)
        .listener(new JobListener() {
          @Override
          public void onMetrics(TrainingMetrics m) {
            metrics.add(m);
          }
        }).build());

    assertThat(done.fineTunedModel()).contains("alice/out");
    assertThat(metrics).extracting(TrainingMetrics::step).containsExactly(10L, 20L, 20L);
    assertThat(metrics.get(2).other()).containsEntry("train_runtime", 12.5);
    assertThat(server.getRequestCount()).isEqualTo(5);
  }

  @Test
  void theHardwareListIsRead() throws Exception {
    enqueueJson("[{\"name\":\"a10g-large\",\"prettyName\":\"Nvidia A10G - large\",\"unitCostUSD\":1.5}]");

    RawJson hardware = hf.jobs().hardware();

    assertThat(hardware.get(0).text("name")).contains("a10g-large");
    assertThat(take().getTarget()).isEqualTo("/api/jobs/hardware");
  }
}
