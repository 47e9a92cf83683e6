package dev.finetune4j.testkit.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finetune4j.testkit.VirtualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Azure emulator's own behaviour: file processing, import from a URL, pause and resume, model deletion. */
class AzureOpenAiEmulatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL = "gpt-4.1-mini-2025-04-14";
  private static final String DATED = "?api-version=2025-04-01-preview";
  private static final String URL = "https://blob.example/container/train.jsonl?sv=2024&sig=abc";

  private final OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
  private AzureOpenAiEmulator emulator;
  private VirtualClock time;

  private record Reply(int code, JsonNode json, String text) {}

  @BeforeEach
  void start() {
    emulator = AzureOpenAiEmulator.builder().clock(VirtualClock.manual()).importContent("https://blob.example/registered.jsonl",
        training(12).getBytes(StandardCharsets.UTF_8)).build().start();
    time = emulator.clock();
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private static String training(int count) {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < count; i++) {
      lines.append("{\"messages\":[{\"role\":\"user\",\"content\":\"Recipe ").append(i)
          .append("?\"},{\"role\":\"assistant\",\"content\":\"Soup ").append(i).append(".\"}]}\n");
    }
    return lines.toString();
  }

  private Reply call(String method, String path, RequestBody body, String authorization) {
    Request.Builder b = new Request.Builder().url(emulator.baseUrl().replaceAll("/$", "") + path).method(method,
        body == null && method.equals("POST") ? RequestBody.create(new byte[0]) : body);
    if (authorization == null) {
      b.header("api-key", emulator.apiKey());
    } else {
      b.header("Authorization", authorization);
    }
    try (Response r = http.newCall(b.build()).execute()) {
      String text = r.body().string();
      JsonNode json = text.startsWith("{") ? JSON.readTree(text) : null;
      return new Reply(r.code(), json, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Reply send(String method, String path, String json) {
    return call(method, path, json == null ? null : RequestBody.create(json, MediaType.get("application/json")), null);
  }

  private String upload() {
    MultipartBody body = new MultipartBody.Builder().setType(MultipartBody.FORM).addFormDataPart("purpose",
        "fine-tune").addFormDataPart("file", "train.jsonl", RequestBody.create(training(12),
            MediaType.get("application/jsonl"))).build();
    Reply r = call("POST", "/openai/files" + DATED, body, null);
    assertThat(r.code()).as(r.text()).isEqualTo(201);
    assertThat(r.json().path("status").asText()).isEqualTo("pending");
    return r.json().path("id").asText();
  }

  private String fileStatus(String id) {
    return send("GET", "/openai/v1/files/" + id, null).json().path("status").asText();
  }

  private String jobStatus(String id) {
    return send("GET", "/openai/fine_tuning/jobs/" + id + DATED, null).json().path("status").asText();
  }

  private String createJob(String fileId) {
    Reply r = send("POST", "/openai/fine_tuning/jobs" + DATED, "{\"model\":\"" + MODEL + "\",\"training_file\":\""
        + fileId + "\",\"trainingType\":\"GlobalStandard\"}");
    assertThat(r.code()).as(r.text()).isEqualTo(201);
    return r.json().path("id").asText();
  }

  private String runningJob() {
    String file = upload();
    time.advance(Duration.ofSeconds(4));
    String job = createJob(file);
    for (int i = 0; i < 200 && !jobStatus(job).equals("running"); i++) {
      time.advance(Duration.ofSeconds(5));
    }
    assertThat(jobStatus(job)).isEqualTo("running");
    return job;
  }

  @Test
  void anUploadedFileIsPendingThenRunningThenProcessedOnTheVirtualClock() {
    String id = upload();
    assertThat(fileStatus(id)).isEqualTo("pending");
    time.advance(Duration.ofSeconds(2));
    assertThat(fileStatus(id)).isEqualTo("running");
    assertThat(send("GET", "/openai/files" + DATED, null).json().path("data").get(0).path("status").asText())
        .isEqualTo("running");
    time.advance(Duration.ofSeconds(2));
    assertThat(fileStatus(id)).isEqualTo("processed");
  }

  @Test
  void aJobOnAFileNotYetProcessedIsRefusedAndAcceptedOnceItIs() {
    String id = upload();
    Reply refused = send("POST", "/openai/v1/fine_tuning/jobs", "{\"model\":\"" + MODEL + "\",\"training_file\":\""
        + id + "\",\"trainingType\":\"GlobalStandard\"}");
    assertThat(refused.code()).isEqualTo(400);
    assertThat(refused.json().path("error").path("code").asText()).isEqualTo("invalidPayload");
    assertThat(refused.json().path("error").path("message").asText()).contains("pending");
    time.advance(Duration.ofSeconds(4));
    assertThat(jobStatus(createJob(id))).isEqualTo("pending");
  }

  @Test
  void aFileProcessingTimeOfZeroMakesFilesProcessedAtOnce() {
    try (AzureOpenAiEmulator instant = AzureOpenAiEmulator.builder().clock(VirtualClock.manual()).fileProcessingTime(Duration.ZERO).build()
        .start()) {
      AzureOpenAiEmulator saved = emulator;
      emulator = instant;
      try {
        assertThat(call("POST", "/openai/v1/files", new MultipartBody.Builder().setType(MultipartBody.FORM)
            .addFormDataPart("purpose", "fine-tune").addFormDataPart("file", "t.jsonl",
                RequestBody.create(training(10), MediaType.get("application/jsonl"))).build(), null)
            .json().path("status").asText()).isEqualTo("processed");
      } finally {
        emulator = saved;
      }
    }
  }

  @Test
  void anImportFromAUrlCreatesAPendingFileWithPlaceholderContent() {
    Reply r = send("POST", "/openai/files/import" + DATED, "{\"purpose\":\"fine-tune\",\"filename\":\"train.jsonl\","
        + "\"content_url\":\"" + URL + "\"}");
    assertThat(r.code()).as(r.text()).isEqualTo(201);
    assertThat(r.json().path("status").asText()).isEqualTo("pending");
    assertThat(r.json().path("filename").asText()).isEqualTo("train.jsonl");
    assertThat(r.json().path("purpose").asText()).isEqualTo("fine-tune");
    String id = r.json().path("id").asText();
    Reply content = send("GET", "/openai/files/" + id + "/content" + DATED, null);
    assertThat(content.text()).contains("imported from " + URL).hasLineCount(10);
    time.advance(Duration.ofSeconds(4));
    assertThat(fileStatus(id)).isEqualTo("processed");
    createJob(id);   // the placeholder is valid training data
  }

  @Test
  void anImportOfARegisteredUrlStoresItsContent() {
    Reply r = send("POST", "/openai/files/import" + DATED, "{\"purpose\":\"fine-tune\",\"filename\":\"r.jsonl\","
        + "\"content_url\":\"https://blob.example/registered.jsonl\",\"expires_after\":{\"anchor\":\"created_at\","
        + "\"seconds\":1209600}}");
    assertThat(r.code()).as(r.text()).isEqualTo(201);
    assertThat(r.json().path("expires_at").asLong()).isEqualTo(time.epochSecond() + 1_209_600);
    assertThat(send("GET", "/openai/files/" + r.json().path("id").asText() + "/content" + DATED, null).text())
        .isEqualTo(training(12));
  }

  @Test
  void anImportIsRefusedWithoutAUsableUrlAndOnTheV1Api() {
    Reply noUrl = send("POST", "/openai/files/import" + DATED, "{\"purpose\":\"fine-tune\",\"filename\":\"t.jsonl\"}");
    assertThat(noUrl.code()).isEqualTo(400);
    assertThat(noUrl.json().path("error").path("param").asText()).isEqualTo("content_url");
    Reply relative = send("POST", "/openai/files/import" + DATED, "{\"purpose\":\"fine-tune\",\"filename\":"
        + "\"t.jsonl\",\"content_url\":\"train.jsonl\"}");
    assertThat(relative.code()).isEqualTo(400);
    Reply shortExpiry = send("POST", "/openai/files/import" + DATED, "{\"purpose\":\"fine-tune\",\"filename\":"
        + "\"t.jsonl\",\"content_url\":\"" + URL + "\",\"expires_after\":{\"anchor\":\"created_at\",\"seconds\":60}}");
    assertThat(shortExpiry.code()).isEqualTo(400);
    assertThat(send("POST", "/openai/v1/files/import", "{\"purpose\":\"fine-tune\",\"filename\":\"t.jsonl\","
        + "\"content_url\":\"" + URL + "\"}").code()).isEqualTo(404);
    assertThat(send("GET", "/openai/v1/files", null).json().path("data")).isEmpty();
  }

  @Test
  void aPausedJobIsPausingThenPausedAndAResumedOneIsResumingThenRunning() {
    String job = runningJob();
    Reply paused = send("POST", "/openai/fine_tuning/jobs/" + job + "/pause" + DATED, null);
    assertThat(paused.code()).as(paused.text()).isEqualTo(200);
    assertThat(paused.json().path("status").asText()).isEqualTo("pausing");
    assertThat(send("GET", "/openai/v1/fine_tuning/jobs", null).json().path("data").get(0).path("status").asText())
        .isEqualTo("pausing");
    Reply early = send("POST", "/openai/v1/fine_tuning/jobs/" + job + "/resume", null);
    assertThat(early.code()).isEqualTo(400);
    assertThat(early.json().path("error").path("code").asText()).isEqualTo("unexpectedEntityState");

    time.advance(Duration.ofSeconds(10));
    assertThat(jobStatus(job)).isEqualTo("paused");
    time.advance(Duration.ofHours(5));
    assertThat(jobStatus(job)).as("a paused job makes no progress").isEqualTo("paused");

    Reply resumed = send("POST", "/openai/v1/fine_tuning/jobs/" + job + "/resume", null);
    assertThat(resumed.code()).as(resumed.text()).isEqualTo(200);
    assertThat(resumed.json().path("status").asText()).isEqualTo("resuming");
    for (int i = 0; i < 10 && jobStatus(job).equals("resuming"); i++) {
      time.advance(Duration.ofSeconds(5));
    }
    assertThat(jobStatus(job)).isEqualTo("running");
    time.advance(Duration.ofHours(1));
    assertThat(jobStatus(job)).isEqualTo("succeeded");
  }

  @Test
  void aFineTunedModelIsDeletedOnTheV1ApiOnlyAndNotWhileDeployed() {
    String job = runningJob();
    time.advance(Duration.ofHours(1));
    String tuned = send("GET", "/openai/v1/fine_tuning/jobs/" + job, null).json().path("fine_tuned_model").asText();
    assertThat(tuned).startsWith(MODEL + ".ft-");

    assertThat(send("DELETE", "/openai/models/" + tuned + DATED, null).code()).isEqualTo(404);
    assertThat(send("DELETE", "/openai/v1/models/" + MODEL, null).code()).isEqualTo(403);

    String token = armToken();
    String deployment = "/subscriptions/" + AzureOpenAiEmulator.SUBSCRIPTION + "/resourceGroups/"
        + AzureOpenAiEmulator.RESOURCE_GROUP + "/providers/Microsoft.CognitiveServices/accounts/"
        + AzureOpenAiEmulator.ACCOUNT + "/deployments/tuned?api-version=2024-10-01";
    assertThat(call("PUT", deployment, RequestBody.create("{\"sku\":{\"name\":\"Standard\",\"capacity\":1},"
        + "\"properties\":{\"model\":{\"format\":\"OpenAI\",\"name\":\"" + tuned + "\",\"version\":\"1\"}}}",
        MediaType.get("application/json")), "Bearer " + token).code()).isEqualTo(201);
    Reply conflict = send("DELETE", "/openai/v1/models/" + tuned, null);
    assertThat(conflict.code()).isEqualTo(409);
    assertThat(conflict.json().path("error").path("message").asText()).contains("tuned");
    assertThat(call("DELETE", deployment, null, "Bearer " + token).code()).isEqualTo(200);

    Reply deleted = send("DELETE", "/openai/v1/models/" + tuned, null);
    assertThat(deleted.code()).as(deleted.text()).isEqualTo(200);
    assertThat(deleted.json().path("id").asText()).isEqualTo(tuned);
    assertThat(deleted.json().path("deleted").asBoolean()).isTrue();
    assertThat(deleted.json().path("object").asText()).isEqualTo("model");
    assertThat(send("GET", "/openai/v1/models/" + tuned, null).code()).isEqualTo(404);
  }

  private String armToken() {
    RequestBody form = RequestBody.create("grant_type=client_credentials&client_id="
        + AzureOpenAiEmulator.DEFAULT_CLIENT_ID + "&client_secret=" + AzureOpenAiEmulator.DEFAULT_CLIENT_SECRET
        + "&scope=https%3A%2F%2Fmanagement.azure.com%2F.default",
        MediaType.get("application/x-www-form-urlencoded"));
    Reply r = call("POST", "/tenant-1/oauth2/v2.0/token", form, "none");
    assertThat(r.code()).as(r.text()).isEqualTo(200);
    return r.json().path("access_token").asText();
  }
}
