package dev.finetune4j.testkit.huggingface;

import dev.finetune4j.testkit.VirtualClock;
import static dev.finetune4j.testkit.huggingface.HfClient.file;
import static dev.finetune4j.testkit.huggingface.HfClient.header;
import static dev.finetune4j.testkit.huggingface.HfClient.lfsFile;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The whole fine-tuning path against the emulator, with plain HTTP: data in, job, model, endpoint, chat. */
class FullFlowTest {

  private final HuggingFaceEmulator emulator = HuggingFaceEmulator.builder().clock(VirtualClock.manual())
      .lfsThreshold(4096)
      .multipart(8192, 4096).build().start();
  private final HfClient client = new HfClient(emulator);
  private final String user = emulator.user();

  @AfterEach
  void stop() {
    emulator.close();
  }

  private static String example(String question, String answer) {
    return "{\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"},{\"role\":\"assistant\","
        + "\"content\":\"" + answer + "\"}]}\n";
  }

  private JsonNode lfsUpload(String repo, byte[] content) {
    JsonNode object = client.post("/datasets/" + repo + ".git/info/lfs/objects/batch", Map.of(
        "operation", "upload", "transfers", List.of("basic", "multipart"), "hash_algo", "sha256",
        "objects", List.of(Map.of("oid", HfClient.sha256(content), "size", content.length)),
        "ref", Map.of("name", "main"))).json().path("objects").get(0);
    return object.path("actions");
  }

  @Test
  void datasetToJobToModelToEndpointToChat() throws IOException {
    String repo = user + "/support-data";
    // 1. dataset repository
    assertThat(client.post("/api/repos/create", Map.of("name", "support-data", "type", "dataset",
        "visibility", "private")).code()).isEqualTo(200);

    // 2. preupload: the small train file is regular, the large one LFS
    StringBuilder train = new StringBuilder();
    train.append(example("How do I reset my password?", "Open Settings, choose Security, then Reset password."));
    train.append(example("Where can I download my invoice?", "Invoices are under Billing, in the History tab."));
    train.append(example("How do I cancel my subscription?", "Go to Billing and press Cancel plan."));
    StringBuilder big = new StringBuilder();
    while (big.length() < 6000) {
      big.append(example("How do I change my email address?", "Open Profile and edit the Email field."));
    }
    StringBuilder huge = new StringBuilder();
    while (huge.length() < 10000) {
      huge.append(example("What are your opening hours?", "We are open 9 to 5, Monday to Friday."));
    }
    byte[] bigBytes = big.toString().getBytes(StandardCharsets.UTF_8);
    byte[] hugeBytes = huge.toString().getBytes(StandardCharsets.UTF_8);
    JsonNode modes = client.post("/api/datasets/" + repo + "/preupload/main", Map.of("files", List.of(
        Map.of("path", "train.jsonl", "size", train.length(), "sample", b64(train.toString().getBytes(
            StandardCharsets.UTF_8))),
        Map.of("path", "data/train-big.jsonl", "size", bigBytes.length, "sample", b64(Arrays.copyOf(bigBytes,
            512))),
        Map.of("path", "data/train-huge.jsonl", "size", hugeBytes.length, "sample", b64(Arrays.copyOf(hugeBytes,
            512)))))).json().path("files");
    assertThat(modes).extracting(f -> f.path("uploadMode").asText()).containsExactly("regular", "lfs", "lfs");

    // 3. LFS basic upload of the big file, multipart upload of the huge one, each verified
    JsonNode basic = lfsUpload(repo, bigBytes);
    assertThat(client.call(new Request.Builder().url(basic.path("upload").path("href").asText())
        .put(RequestBody.create(bigBytes)).build()).code()).isEqualTo(200);
    assertThat(client.post(basic.path("verify").path("href").asText(), Map.of("oid", HfClient.sha256(bigBytes),
        "size", bigBytes.length)).code()).isEqualTo(200);
    JsonNode multipart = lfsUpload(repo, hugeBytes);
    JsonNode upload = multipart.path("upload");
    int chunk = Integer.parseInt(upload.path("header").path("chunk_size").asText());
    List<Object> parts = new ArrayList<>();
    for (int part = 1; (long) (part - 1) * chunk < hugeBytes.length; part++) {
      byte[] slice = Arrays.copyOfRange(hugeBytes, (part - 1) * chunk, Math.min(hugeBytes.length, part * chunk));
      HfClient.Result put = client.call(new Request.Builder()
          .url(upload.path("header").path(String.format("%05d", part)).asText())
          .put(RequestBody.create(slice)).build());
      parts.add(Map.of("partNumber", part, "etag", put.header("ETag")));
    }
    assertThat(client.call(new Request.Builder().url(upload.path("href").asText())
        .post(HfClient.body(Map.of("oid", HfClient.sha256(hugeBytes), "parts", parts))).build()).code())
        .isEqualTo(200);
    assertThat(client.post(multipart.path("verify").path("href").asText(), Map.of("oid",
        HfClient.sha256(hugeBytes), "size", hugeBytes.length)).code()).isEqualTo(200);

    // 4. one commit with the regular file and both LFS files
    HfClient.Result commit = client.commit("datasets/" + repo, List.of(header("Add training data"),
        file("train.jsonl", train.toString()),
        lfsFile("data/train-big.jsonl", HfClient.sha256(bigBytes), bigBytes.length),
        lfsFile("data/train-huge.jsonl", HfClient.sha256(hugeBytes), hugeBytes.length)));
    assertThat(commit.code()).as(commit.body()).isEqualTo(200);
    assertThat(commit.json().path("commitOid").asText()).isNotEmpty();

    // 5. TRL job
    HfClient.Result created = client.post("/api/jobs/" + user, Map.of(
        "dockerImage", "huggingface/trl",
        // a LoRA run as the SDK sends it: trl, then the adapter merged into the base model and pushed
        "command", List.of("sh", "-c", "\"$0\" \"$@\" && python -c 'import sys\nfrom peft import"
            + " AutoPeftModelForCausalLM\nmodel = AutoPeftModelForCausalLM.from_pretrained(sys.argv[1])"
            + ".merge_and_unload()\nmodel.push_to_hub(sys.argv[2], private=True)' /tmp/out '" + user
            + "/support-model' true", "trl", "sft", "--model_name_or_path", "Qwen/Qwen2.5-0.5B-Instruct",
            "--dataset_name", repo, "--num_train_epochs", "2",
            "--per_device_train_batch_size", "8", "--use_peft", "--output_dir", "/tmp/out"),
        "secrets", Map.of("HF_TOKEN", emulator.token()),
        "flavor", "a10g-large", "timeoutSeconds", 14400, "labels", Map.of("finetune4j-job", "ft-1")));
    assertThat(created.code()).as(created.body()).isEqualTo(200);
    String jobId = created.json().path("id").asText();

    // 6. follow the log: lines in order, keep-alives, then the end
    emulator.clock().advance(Duration.ofSeconds(16));
    OkHttpClient follower = client.http.newBuilder().readTimeout(Duration.ofSeconds(10)).build();
    List<String> events = new ArrayList<>();
    try (Response response = follower.newCall(client.request("/api/jobs/" + user + "/" + jobId + "/logs").build())
        .execute()) {
      BufferedSource source = response.body().source();
      String first = source.readUtf8LineStrict();
      events.add(first);
      emulator.clock().advance(Duration.ofMinutes(15));
      String line;
      while (!(line = source.readUtf8LineStrict()).contains("Model pushed to")) {
        if (!line.isEmpty()) {
          events.add(line);
        }
      }
      events.add(line);
    }
    assertThat(events.get(0)).contains("===== Job started at");
    int firstLoss = indexOf(events, "{'loss': '");
    int runtime = indexOf(events, "'train_runtime'");
    int pushed = indexOf(events, "Model pushed to");
    assertThat(firstLoss).isPositive();
    assertThat(runtime).isGreaterThan(firstLoss);
    assertThat(pushed).isGreaterThan(runtime);
    assertThat(events).contains(": keep-alive");
    assertThat(events).anyMatch(e -> e.contains("%|") && e.contains("it]"));

    // 7. job completed, model repository pushed
    JsonNode job = client.get("/api/jobs/" + user + "/" + jobId).json();
    assertThat(job.path("status").path("stage").asText()).isEqualTo("COMPLETED");
    JsonNode model = client.get("/api/models/" + user + "/support-model").json();
    assertThat(model.path("private").asBoolean()).isTrue();
    assertThat(model.path("siblings")).extracting(s -> s.path("rfilename").asText())
        .contains("config.json", "model.safetensors", "README.md")
        .doesNotContain("adapter_config.json", "adapter_model.safetensors");

    // 8. endpoint for the tuned model
    String api = emulator.endpointsUrl() + "/endpoint/" + user;
    assertThat(client.post(api, Map.of("name", "support-ep", "type", "protected",
        "provider", Map.of("vendor", "aws", "region", "us-east-1"),
        "compute", Map.of("accelerator", "gpu", "instanceType", "nvidia-l4", "instanceSize", "x1",
            "scaling", Map.of("minReplica", 1, "maxReplica", 1)),
        "model", Map.of("repository", user + "/support-model", "framework", "pytorch", "task", "text-generation",
            "image", Map.of("vLLM", Map.of("url", "vllm/vllm-openai:latest", "port", 8000))))).code())
        .isEqualTo(200);
    emulator.clock().advance(Duration.ofMinutes(5));
    JsonNode endpoint = client.get(api + "/support-ep").json();
    assertThat(endpoint.path("status").path("state").asText()).isEqualTo("running");
    String url = endpoint.path("status").path("url").asText();

    // 9. chat: the tuned model answers like its training data, shorter than the base model
    JsonNode tuned = client.post(url + "/v1/chat/completions", Map.of("model", "support-ep", "messages",
        List.of(Map.of("role", "user", "content", "how can I reset the password?")))).json();
    JsonNode base = client.post(emulator.routerUrl() + "/v1/chat/completions", Map.of("model",
        "Qwen/Qwen2.5-0.5B-Instruct", "messages",
        List.of(Map.of("role", "user", "content", "how can I reset the password?")))).json();
    assertThat(tuned.path("choices").get(0).path("message").path("content").asText())
        .isEqualTo("Open Settings, choose Security, then Reset password.");
    assertThat(tuned.path("usage").path("completion_tokens").asLong())
        .isLessThan(base.path("usage").path("completion_tokens").asLong());
    HfClient.Result tunedOnRouter = client.post(emulator.routerUrl() + "/v1/chat/completions", Map.of("model",
        user + "/support-model", "messages", List.of(Map.of("role", "user", "content", "hi"))));
    assertThat(tunedOnRouter.code()).isEqualTo(400);
    assertThat(tunedOnRouter.json().path("error").path("code").asText()).isEqualTo("model_not_supported");
    assertThat(tuned.path("usage").path("total_tokens").asLong()).isEqualTo(
        tuned.path("usage").path("prompt_tokens").asLong() + tuned.path("usage").path("completion_tokens").asLong());
  }

  private static int indexOf(List<String> events, String fragment) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).contains(fragment)) {
        return i;
      }
    }
    return -1;
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
