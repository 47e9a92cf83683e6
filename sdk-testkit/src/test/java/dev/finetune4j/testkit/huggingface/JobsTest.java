package dev.finetune4j.testkit.huggingface;

import dev.finetune4j.testkit.VirtualClock;
import static dev.finetune4j.testkit.huggingface.HfClient.file;
import static dev.finetune4j.testkit.huggingface.HfClient.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobsTest {

  private final HuggingFaceEmulator emulator = HuggingFaceEmulator.builder().clock(VirtualClock.manual())
      .build().start();
  private final HfClient client = new HfClient(emulator);
  private final String user = emulator.user();

  @AfterEach
  void stop() {
    emulator.close();
  }

  static String dataset(int examples) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < examples; i++) {
      sb.append("{\"messages\":[{\"role\":\"user\",\"content\":\"What is the capital of country ").append(i)
          .append("?\"},{\"role\":\"assistant\",\"content\":\"Capital ").append(i).append(".\"}]}\n");
    }
    return sb.toString();
  }

  void uploadDataset(String name, String trainJsonl) {
    client.createRepo(name, "dataset");
    client.commit("datasets/" + user + "/" + name, List.of(header("data"), file("train.jsonl", trainJsonl)));
  }

  Map<String, Object> trlJob(String... args) {
    List<String> command = new ArrayList<>(List.of("trl", "sft"));
    command.addAll(List.of(args));
    return Map.of("dockerImage", "huggingface/trl", "command", command, "flavor", "a10g-large",
        "secrets", Map.of("HF_TOKEN", emulator.token()), "timeoutSeconds", 7200, "labels", Map.of("sdk", "t1"));
  }

  JsonNode create(Map<String, Object> body) {
    HfClient.Result r = client.post("/api/jobs/" + user, body);
    assertThat(r.code()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  String stage(String id) {
    return client.get("/api/jobs/" + user + "/" + id).json().path("status").path("stage").asText();
  }

  @Test
  void jobMovesFromSchedulingToRunningToCompletedByTheClock() {
    uploadDataset("data", dataset(40));
    JsonNode job = create(trlJob("--model_name_or_path", "Qwen/Qwen2.5-0.5B", "--dataset_name", user + "/data"));
    String id = job.path("id").asText();

    assertThat(job.path("status").path("stage").asText()).isEqualTo("SCHEDULING");
    assertThat(job.path("secrets")).extracting(JsonNode::asText).containsExactly("HF_TOKEN");
    assertThat(job.toString()).doesNotContain(emulator.token());
    emulator.clock().advance(Duration.ofSeconds(20));
    assertThat(stage(id)).isEqualTo("RUNNING");
    emulator.clock().advance(Duration.ofMinutes(10));
    JsonNode done = client.get("/api/jobs/" + user + "/" + id).json();
    assertThat(done.path("status").path("stage").asText()).isEqualTo("COMPLETED");
    assertThat(done.path("finishedAt").asText()).isNotEmpty();
    assertThat(done.path("durations").path("runningSecs").asLong()).isPositive();
  }

  @Test
  void jobObjectHasEveryFieldTheJobsApiReturns() {
    JsonNode job = create(trlJob("--model_name_or_path", "m", "--dataset_name", user + "/data"));

    assertThat(job.fieldNames()).toIterable().containsExactly("id", "createdAt", "startedAt", "finishedAt",
        "dockerImage", "spaceId", "command", "arguments", "environment", "secrets", "flavor", "labels", "volumes",
        "timeoutSeconds", "status", "durations", "owner", "initiator");
    assertThat(job.path("startedAt").isNull()).isTrue();
    assertThat(job.path("owner").path("name").asText()).isEqualTo(user);
    assertThat(job.path("status").path("stage").asText()).isEqualTo("SCHEDULING");
  }

  @Test
  void duplicateCreatesANewJobWithTheSameSpec() {
    String id = create(trlJob("--model_name_or_path", "m", "--dataset_name", user + "/data")).path("id").asText();

    JsonNode copy = client.post("/api/jobs/" + user + "/" + id + "/duplicate", Map.of()).json();

    assertThat(copy.path("id").asText()).isNotEqualTo(id);
    assertThat(copy.path("command")).isEqualTo(client.get("/api/jobs/" + user + "/" + id).json().path("command"));
  }

  @Test
  void unknownFlavorIsRejected() {
    Map<String, Object> body = new java.util.HashMap<>(trlJob());
    body.put("flavor", "gpu-huge");

    HfClient.Result r = client.post("/api/jobs/" + user, body);

    assertThat(r.code()).isEqualTo(400);
    assertThat(r.json().path("error").asText()).contains("gpu-huge").contains("a10g-large");
  }

  @Test
  void commandIsRequired() {
    HfClient.Result r = client.post("/api/jobs/" + user, Map.of("dockerImage", "huggingface/trl"));

    assertThat(r.code()).isEqualTo(400);
    assertThat(r.json().path("error").asText()).contains("command");
  }

  @Test
  void missingDatasetMakesTheJobFail() {
    String id = create(trlJob("--model_name_or_path", "m", "--dataset_name", user + "/nope")).path("id").asText();

    emulator.clock().advance(Duration.ofMinutes(2));

    JsonNode job = client.get("/api/jobs/" + user + "/" + id).json();
    assertThat(job.path("status").path("stage").asText()).isEqualTo("ERROR");
    assertThat(job.path("status").path("message").asText()).contains("exit code");
  }

  @Test
  void uvScriptTakingItsSettingsFromTheEnvironmentCompletesAndPushes() {
    uploadDataset("data", dataset(16));
    String id = create(Map.of("dockerImage", "ghcr.io/astral-sh/uv:python3.12-bookworm",
        "command", List.of("uv", "run", "--with", "unsloth", "train.py"),
        "environment", Map.of("MODEL_NAME_OR_PATH", "unsloth/Qwen2.5-0.5B", "DATASET_NAME", user + "/data",
            "PUSH_TO_HUB", "true", "HUB_MODEL_ID", user + "/unsloth-tuned"),
        "secrets", Map.of("HF_TOKEN", emulator.token()), "flavor", "a10g-small")).path("id").asText();

    emulator.clock().advance(Duration.ofMinutes(10));

    assertThat(stage(id)).isEqualTo("COMPLETED");
    assertThat(client.get("/api/models/" + user + "/unsloth-tuned").code()).isEqualTo(200);
  }

  @Test
  void unknownProgramMakesTheJobFail() {
    String id = create(Map.of("dockerImage", "ubuntu", "command", List.of("train-it"))).path("id").asText();

    emulator.clock().advance(Duration.ofMinutes(1));

    assertThat(stage(id)).isEqualTo("ERROR");
  }

  @Test
  void cancelledJobStopsAsCanceled() {
    uploadDataset("data", dataset(40));
    String id = create(trlJob("--model_name_or_path", "m", "--dataset_name", user + "/data")).path("id").asText();
    emulator.clock().advance(Duration.ofSeconds(30));

    HfClient.Result r = client.post("/api/jobs/" + user + "/" + id + "/cancel", Map.of());

    assertThat(r.code()).isEqualTo(200);
    emulator.clock().advance(Duration.ofMinutes(10));
    assertThat(stage(id)).isEqualTo("CANCELED");
  }

  @Test
  void listFiltersByLabelAndStageAndPaginates() {
    uploadDataset("data", dataset(10));
    Map<String, Object> a = new java.util.HashMap<>(trlJob("--model_name_or_path", "m", "--dataset_name",
        user + "/data"));
    a.put("labels", Map.of("sdk", "a"));
    Map<String, Object> b = new java.util.HashMap<>(a);
    b.put("labels", Map.of("sdk", "b"));
    String idA = create(a).path("id").asText();
    create(b);

    JsonNode byLabel = client.get("/api/jobs/" + user + "?label=sdk=a").json();
    JsonNode running = client.get("/api/jobs/" + user + "?stage=RUNNING").json();
    HfClient.Result firstPage = client.get("/api/jobs/" + user + "?limit=1");

    assertThat(byLabel).extracting(j -> j.path("id").asText()).containsExactly(idA);
    assertThat(running).isEmpty();
    assertThat(firstPage.json()).hasSize(1);
    assertThat(firstPage.header("Link")).contains("rel=\"next\"");
  }

  @Test
  void unknownJobIs404() {
    assertThat(client.get("/api/jobs/" + user + "/0123456789abcdef01234567").code()).isEqualTo(404);
  }

  @Test
  void logStreamReplaysFromTheStartAndFollowsTheClock() throws IOException {
    uploadDataset("data", dataset(80));
    String id = create(trlJob("--model_name_or_path", "m", "--dataset_name", user + "/data",
        "--per_device_train_batch_size", "4", "--num_train_epochs", "1", "--logging_steps", "5",
        "--push_to_hub", "--hub_model_id", user + "/tuned")).path("id").asText();
    emulator.clock().advance(Duration.ofSeconds(30));

    OkHttpClient http = client.http.newBuilder().readTimeout(Duration.ofSeconds(5)).build();
    List<String> events = new ArrayList<>();
    try (Response response = http.newCall(client.request("/api/jobs/" + user + "/" + id + "/logs").build())
        .execute()) {
      assertThat(response.header("Content-Type")).startsWith("text/event-stream");
      BufferedSource source = response.body().source();
      events.add(source.readUtf8LineStrict());
      emulator.clock().advance(Duration.ofMinutes(10));
      String line;
      while ((line = source.readUtf8LineStrict()) != null) {
        if (!line.isEmpty()) {
          events.add(line);
        }
        if (line.contains("Model pushed to")) {
          break;
        }
      }
    }

    assertThat(events.get(0)).startsWith("data: {\"data\":\"===== Job started at");
    assertThat(events).anyMatch(e -> e.equals(": keep-alive"));
    assertThat(events).anyMatch(e -> e.contains("{'loss': '"));
    assertThat(events).anyMatch(e -> e.contains("'train_runtime'"));
    assertThat(stage(id)).isEqualTo("COMPLETED");
    assertThat(client.get("/api/models/" + user + "/tuned").json().path("private").asBoolean()).isTrue();
  }

  /** The model repository's files, as the Hub lists them. */
  private List<String> modelFiles(String repo) {
    List<String> files = new ArrayList<>();
    client.get("/api/models/" + repo).json().path("siblings").forEach(f -> files.add(f.path("rfilename").asText()));
    return files;
  }

  private String deployAndWait(String name, String repo) {
    String api = emulator.endpointsUrl() + "/endpoint/" + user;
    HfClient.Result r = client.post(api, Map.of("name", name, "model", Map.of("repository", repo, "image",
        Map.of("vLLM", Map.of("url", "vllm/vllm-openai:latest", "port", 8000)))));
    assertThat(r.code()).as(r.body()).isEqualTo(200);
    emulator.clock().advance(Duration.ofMinutes(5));
    return client.get(api + "/" + name).json().path("status").toString();
  }

  @Test
  void aLoraJobThatPushesItsAdapterMakesARepositoryAnEndpointCannotServe() {
    uploadDataset("data", dataset(20));
    create(trlJob("--model_name_or_path", "Qwen/Qwen2.5-0.5B", "--dataset_name", user + "/data", "--use_peft",
        "--push_to_hub", "--hub_model_id", user + "/lora-adapter"));
    emulator.clock().advance(Duration.ofHours(1));

    assertThat(modelFiles(user + "/lora-adapter")).contains("adapter_config.json").doesNotContain("config.json");
    String status = deployAndWait("adapter", user + "/lora-adapter");

    assertThat(status).contains("\"state\":\"failed\"", "has no config.json", "PEFT adapter");
  }

  @Test
  void aLoraJobThatMergesBeforePushingMakesARepositoryAnEndpointServes() {
    uploadDataset("data", dataset(20));
    List<String> command = new ArrayList<>(List.of("sh", "-c", "\"$0\" \"$@\" && 'python' -c 'from peft import"
        + " AutoPeftModelForCausalLM\nmodel.merge_and_unload()\nmodel.push_to_hub(sys.argv[2])'"
        + " '/tmp/out' '" + user + "/merged' true", "trl", "sft", "--model_name_or_path", "Qwen/Qwen2.5-0.5B",
        "--dataset_name", user + "/data", "--use_peft", "--output_dir", "/tmp/out"));
    JsonNode job = create(Map.of("dockerImage", "huggingface/trl", "command", command, "flavor", "a10g-large",
        "secrets", Map.of("HF_TOKEN", emulator.token())));
    emulator.clock().advance(Duration.ofHours(1));

    assertThat(stage(job.path("id").asText())).isEqualTo("COMPLETED");
    assertThat(modelFiles(user + "/merged")).contains("config.json", "model.safetensors")
        .doesNotContain("adapter_config.json");
    assertThat(deployAndWait("merged", user + "/merged")).contains("\"state\":\"running\"");
  }

  @Test
  void aMergeStepWithoutAnAdapterToMergeFailsTheJob() {
    uploadDataset("data", dataset(20));
    List<String> command = new ArrayList<>(List.of("sh", "-c", "\"$0\" \"$@\" && python -c"
        + " 'model.merge_and_unload()\nmodel.push_to_hub(sys.argv[2])' /tmp/out " + user + "/merged true", "trl",
        "sft", "--model_name_or_path", "Qwen/Qwen2.5-0.5B", "--dataset_name", user + "/data", "--output_dir",
        "/tmp/out"));
    JsonNode job = create(Map.of("dockerImage", "huggingface/trl", "command", command, "flavor", "a10g-large",
        "secrets", Map.of("HF_TOKEN", emulator.token())));
    emulator.clock().advance(Duration.ofHours(1));

    assertThat(stage(job.path("id").asText())).isEqualTo("ERROR");
  }
}
