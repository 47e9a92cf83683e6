package dev.finetune4j.testkit.huggingface;

import dev.finetune4j.testkit.VirtualClock;
import static dev.finetune4j.testkit.huggingface.HfClient.file;
import static dev.finetune4j.testkit.huggingface.HfClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogStreamTest {

  private HuggingFaceEmulator emulator;
  private HfClient client;

  @AfterEach
  void stop() {
    emulator.close();
  }

  private void start(HuggingFaceEmulator.Builder builder) {
    emulator = builder.build().start();
    client = new HfClient(emulator);
    client.createRepo("data", "dataset");
    client.commit("datasets/" + emulator.user() + "/data", List.of(header("data"),
        file("train.jsonl", JobsTest.dataset(64)), file("test.jsonl", JobsTest.dataset(8))));
  }

  private String job(String... extra) {
    List<String> command = new ArrayList<>(List.of("trl", "sft", "--model_name_or_path", "m", "--dataset_name",
        emulator.user() + "/data", "--num_train_epochs", "1", "--logging_steps", "2"));
    command.addAll(List.of(extra));
    HfClient.Result r = client.post("/api/jobs/" + emulator.user(), Map.of("dockerImage", "huggingface/trl",
        "command", command, "secrets", Map.of("HF_TOKEN", "x"), "flavor", "l4x1", "timeoutSeconds", 3600));
    assertThat(r.code()).as(r.body()).isEqualTo(200);
    return r.json().path("id").asText();
  }

  /** Reads the data lines (and keep-alive comments) available now, stopping at the read timeout or the end. */
  private List<String> read(String id, String query, Duration timeout) {
    OkHttpClient http = client.http.newBuilder().readTimeout(timeout).build();
    List<String> events = new ArrayList<>();
    try (Response response = http.newCall(client.request("/api/jobs/" + emulator.user() + "/" + id + "/logs"
        + query).build()).execute()) {
      readNonEmptyLines(response.body().source(), events);
    } catch (InterruptedIOException e) {
      // read timeout: the stream stays open and silent
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return events;
  }

  @Test
  void everyConnectionReplaysTheLogFromTheStart() {
    start(HuggingFaceEmulator.builder().clock(VirtualClock.manual()).closeLogStreamAtEnd(true));
    String id = job();
    emulator.clock().advance(Duration.ofMinutes(10));

    List<String> first = read(id, "", Duration.ofSeconds(5));
    List<String> second = read(id, "", Duration.ofSeconds(5));

    assertThat(first).isNotEmpty().isEqualTo(second);
    assertThat(first.get(0)).contains("===== Job started at 2026-01-05 09:00:15 =====");
    assertThat(first.get(0)).contains("\"timestamp\":\"2026-01-05T09:00:15.000Z\"");
  }

  @Test
  void theStreamIsChunkedWithoutAContentLength() throws IOException {
    start(HuggingFaceEmulator.builder().clock(VirtualClock.manual()).closeLogStreamAtEnd(true));
    String id = job();
    emulator.clock().advance(Duration.ofMinutes(10));

    try (Response response = client.http.newCall(client.request("/api/jobs/" + emulator.user() + "/" + id
        + "/logs").build()).execute()) {
      assertThat(response.header("Transfer-Encoding")).isEqualTo("chunked");
      assertThat(response.headers("Content-Length")).isEmpty();
      assertThat(response.header("Content-Type")).startsWith("text/event-stream");
      assertThat(response.body().string()).contains("===== Job started");
    }
  }

  @Test
  void streamEndsWithTheJobWhenConfiguredTo() {
    start(HuggingFaceEmulator.builder().clock(VirtualClock.manual()).closeLogStreamAtEnd(true));
    String id = job();
    emulator.clock().advance(Duration.ofMinutes(10));

    List<String> events = read(id, "", Duration.ofSeconds(5));

    assertThat(events.get(events.size() - 1)).contains("Saving model checkpoint");
  }

  @Test
  void streamStaysOpenAndSilentAfterTheEndByDefault() {
    start(HuggingFaceEmulator.builder().clock(VirtualClock.manual()));
    String id = job();
    emulator.clock().advance(Duration.ofMinutes(10));
    OkHttpClient http = client.http.newBuilder().readTimeout(Duration.ofMillis(300)).build();

    assertThatThrownBy(() -> {
      try (Response response = http.newCall(client.request("/api/jobs/" + emulator.user() + "/" + id + "/logs")
          .build()).execute()) {
        BufferedSource source = response.body().source();
        while (source.readUtf8Line() != null) {
          // drain until the read timeout
        }
      }
    }).isInstanceOf(InterruptedIOException.class);
  }

  @Test
  void tailReplaysOnlyTheLastLines() {
    start(HuggingFaceEmulator.builder().clock(VirtualClock.manual()).closeLogStreamAtEnd(true));
    String id = job();
    emulator.clock().advance(Duration.ofMinutes(10));

    List<String> all = read(id, "", Duration.ofSeconds(5));
    List<String> tail = read(id, "?tail=3", Duration.ofSeconds(5));

    assertThat(tail).isEqualTo(all.subList(all.size() - 3, all.size()));
  }

  @Test
  void keepAliveCommentsArriveEveryThirtyVirtualSecondsBetweenTheLines() {
    start(HuggingFaceEmulator.builder().clock(VirtualClock.manual()));
    String id = job("--num_train_epochs", "3"); // 24 steps of 3 s: still running after 65 s
    OkHttpClient http = client.http.newBuilder().readTimeout(Duration.ofMillis(500)).build();
    List<String> events = new ArrayList<>();
    try (Response response = http.newCall(client.request("/api/jobs/" + emulator.user() + "/" + id + "/logs")
        .build()).execute()) {
      emulator.clock().advance(Duration.ofSeconds(65)); // created at 09:00:00, connected then
      readNonEmptyLines(response.body().source(), events);
    } catch (InterruptedIOException e) {
      // the job still runs: the stream waits for more
    } catch (IOException e) {
      throw new AssertionError(e);
    }

    assertThat(events).filteredOn(e -> e.equals(": keep-alive")).hasSize(2);
    int first = events.indexOf(": keep-alive");
    assertThat(events.get(first - 1)).contains("\"timestamp\":\"2026-01-05T09:00:2");
    assertThat(events.get(first + 1)).contains("\"timestamp\":\"2026-01-05T09:00:3");
  }

  @Test
  void connectingAfterTheEndReplaysWithoutKeepAlives() {
    start(HuggingFaceEmulator.builder().clock(VirtualClock.manual()).closeLogStreamAtEnd(true));
    String id = job();
    emulator.clock().advance(Duration.ofMinutes(10));

    assertThat(read(id, "", Duration.ofSeconds(5))).doesNotContain(": keep-alive");
  }

  @Test
  void metricsUseBareFloatsInTheOlderStyle() {
    start(HuggingFaceEmulator.builder().clock(VirtualClock.manual()).closeLogStreamAtEnd(true)
        .metricFormat(HuggingFaceEmulator.MetricFormat.BARE));
    String id = job();
    emulator.clock().advance(Duration.ofMinutes(10));

    List<String> events = read(id, "", Duration.ofSeconds(5));

    assertThat(events).anyMatch(e -> e.matches(".*\\{'loss': [0-9.]+, 'grad_norm': [0-9.]+, .*"));
  }

  @Test
  void evaluationPrintsEvalLossDicts() {
    start(HuggingFaceEmulator.builder().clock(VirtualClock.manual()).closeLogStreamAtEnd(true));
    String id = job("--eval_strategy", "steps", "--eval_steps", "4");
    emulator.clock().advance(Duration.ofMinutes(10));

    assertThat(read(id, "", Duration.ofSeconds(5))).anyMatch(e -> e.contains("{'eval_loss': '"));
  }

  private String dpoJob(String dataset) {
    return client.post("/api/jobs/" + emulator.user(), Map.of("dockerImage", "huggingface/trl",
        "command", List.of("trl", "dpo", "--model_name_or_path", "m", "--dataset_name", emulator.user() + "/"
            + dataset, "--logging_steps", "2"),
        "secrets", Map.of("HF_TOKEN", "x"))).json().path("id").asText();
  }

  @Test
  void dpoPrintsRewardMetrics() {
    start(HuggingFaceEmulator.builder().clock(VirtualClock.manual()).closeLogStreamAtEnd(true));
    client.createRepo("pairs", "dataset");
    StringBuilder pairs = new StringBuilder();
    for (int i = 0; i < 32; i++) {
      pairs.append("{\"prompt\":\"Question ").append(i).append("?\",\"chosen\":\"Good.\",\"rejected\":\"Bad.\"}\n");
    }
    client.commit("datasets/" + emulator.user() + "/pairs", List.of(header("pairs"),
        file("train.jsonl", pairs.toString())));
    String id = dpoJob("pairs");
    emulator.clock().advance(Duration.ofMinutes(10));

    assertThat(read(id, "", Duration.ofSeconds(5)))
        .anyMatch(e -> e.contains("'rewards/chosen': '") && e.contains("'rewards/margins': '"));
  }

  @Test
  void dpoOnDataWithoutPreferencePairsFailsTheJob() {
    start(HuggingFaceEmulator.builder().clock(VirtualClock.manual()).closeLogStreamAtEnd(true));
    String id = dpoJob("data");
    emulator.clock().advance(Duration.ofMinutes(10));

    assertThat(client.get("/api/jobs/" + emulator.user() + "/" + id).json().path("status").path("stage").asText())
        .isEqualTo("ERROR");
    assertThat(read(id, "", Duration.ofSeconds(5))).anyMatch(e -> e.contains("KeyError: 'chosen'"));
  }

  @Test
  void evaluationWithoutATestSplitFailsTheJob() {
    start(HuggingFaceEmulator.builder().clock(VirtualClock.manual()).closeLogStreamAtEnd(true));
    client.commit("datasets/" + emulator.user() + "/data", List.of(header("drop test"),
        Map.of("key", "deletedFile", "value", Map.of("path", "test.jsonl"))));
    String id = job("--eval_strategy", "epoch");
    emulator.clock().advance(Duration.ofMinutes(10));

    assertThat(client.get("/api/jobs/" + emulator.user() + "/" + id).json().path("status").path("stage").asText())
        .isEqualTo("ERROR");
    assertThat(read(id, "", Duration.ofSeconds(5))).anyMatch(e -> e.contains("KeyError: 'test'"));
  }

  @Test
  void privateDatasetWithoutATokenSecretFailsTheJob() {
    start(HuggingFaceEmulator.builder().clock(VirtualClock.manual()));
    HfClient.Result r = client.post("/api/jobs/" + emulator.user(), Map.of("dockerImage", "huggingface/trl",
        "command", List.of("trl", "sft", "--model_name_or_path", "m", "--dataset_name", emulator.user() + "/data")));
    emulator.clock().advance(Duration.ofMinutes(10));

    assertThat(client.get("/api/jobs/" + emulator.user() + "/" + r.json().path("id").asText()).json()
        .path("status").path("stage").asText()).isEqualTo("ERROR");
  }

  @Test
  void jobRunningLongerThanItsTimeoutEndsInError() {
    start(HuggingFaceEmulator.builder().clock(VirtualClock.manual()));
    HfClient.Result r = client.post("/api/jobs/" + emulator.user(), Map.of("dockerImage", "huggingface/trl",
        "command", List.of("trl", "sft", "--model_name_or_path", "m", "--dataset_name", emulator.user() + "/data"),
        "secrets", Map.of("HF_TOKEN", "x"), "timeoutSeconds", 20));
    emulator.clock().advance(Duration.ofMinutes(10));

    var status = client.get("/api/jobs/" + emulator.user() + "/" + r.json().path("id").asText()).json()
        .path("status");
    assertThat(status.path("stage").asText()).isEqualTo("ERROR");
    assertThat(status.path("message").asText()).contains("timed out");
  }

  /** Reads the stream's non-empty lines into {@code events} until it ends; a read timeout propagates. */
  private static void readNonEmptyLines(BufferedSource source, List<String> events) throws IOException {
    String line;
    while ((line = source.readUtf8Line()) != null) {
      if (!line.isEmpty()) {
        events.add(line);
      }
    }
  }
}
