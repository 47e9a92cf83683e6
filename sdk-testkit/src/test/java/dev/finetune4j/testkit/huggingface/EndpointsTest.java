package dev.finetune4j.testkit.huggingface;

import dev.finetune4j.testkit.VirtualClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EndpointsTest {

  private final HuggingFaceEmulator emulator = HuggingFaceEmulator.builder().clock(VirtualClock.manual())
      .build().start();
  private final HfClient client = new HfClient(emulator);
  private final String user = emulator.user();
  private final String api = emulator.endpointsUrl() + "/endpoint/" + user;

  @AfterEach
  void stop() {
    emulator.close();
  }

  private JsonNode createEndpoint(String name, String repository) {
    HfClient.Result r = client.post(api, Map.of("name", name, "type", "protected",
        "provider", Map.of("vendor", "aws", "region", "us-east-1"),
        "compute", Map.of("accelerator", "gpu", "instanceType", "nvidia-l4", "instanceSize", "x1",
            "scaling", Map.of("minReplica", 0, "maxReplica", 1, "scaleToZeroTimeout", 15)),
        "model", Map.of("repository", repository, "framework", "pytorch", "task", "text-generation",
            "image", Map.of("vLLM", Map.of("url", "vllm/vllm-openai:latest", "port", 8000)))));
    assertThat(r.code()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private String state(String name) {
    return client.get(api + "/" + name).json().path("status").path("state").asText();
  }

  private HfClient.Result chat(String url, String model, String question) {
    return client.post(url + "/v1/chat/completions", Map.of("model", model, "messages",
        List.of(Map.of("role", "user", "content", question))));
  }

  @Test
  void endpointGoesFromPendingThroughInitializingToRunningWithAUrl() {
    JsonNode created = createEndpoint("base-ep", "Qwen/Qwen2.5-0.5B-Instruct");

    assertThat(created.path("status").path("state").asText()).isEqualTo("pending");
    assertThat(created.path("model").path("image").has("vLLM")).isTrue();
    emulator.clock().advance(Duration.ofSeconds(40));
    assertThat(state("base-ep")).isEqualTo("initializing");
    emulator.clock().advance(Duration.ofMinutes(3));
    JsonNode running = client.get(api + "/base-ep").json();
    assertThat(running.path("status").path("state").asText()).isEqualTo("running");
    assertThat(running.path("status").path("url").asText())
        .isEqualTo(emulator.hubUrl() + "/endpoints/" + user + "/base-ep");
  }

  @Test
  void chatBeforeRunningIsUnavailable() {
    createEndpoint("ep", "Qwen/Qwen2.5-0.5B-Instruct");
    emulator.clock().advance(Duration.ofSeconds(40));

    HfClient.Result r = chat(emulator.hubUrl() + "/endpoints/" + user + "/ep", "ep", "hi");

    assertThat(r.code()).isEqualTo(503);
  }

  @Test
  void resumingARunningEndpointIsRejected() {
    createEndpoint("ep", "Qwen/Qwen2.5-0.5B-Instruct");
    emulator.clock().advance(Duration.ofMinutes(5));

    HfClient.Result r = client.post(api + "/ep/resume", Map.of());

    assertThat(r.code()).isEqualTo(400);
    assertThat(r.json().path("error").asText()).contains("already running");
  }

  @Test
  void pausedEndpointAnswers503UntilResumedAndRunningAgain() {
    createEndpoint("ep", "Qwen/Qwen2.5-0.5B-Instruct");
    emulator.clock().advance(Duration.ofMinutes(5));
    String url = emulator.hubUrl() + "/endpoints/" + user + "/ep";

    assertThat(client.post(api + "/ep/pause", Map.of()).json().path("status").path("state").asText())
        .isEqualTo("paused");
    assertThat(chat(url, "ep", "hi").code()).isEqualTo(503);
    client.post(api + "/ep/resume", Map.of());
    emulator.clock().advance(Duration.ofMinutes(3));

    assertThat(chat(url, "ep", "hi").code()).isEqualTo(200);
  }

  @Test
  void scaledToZeroEndpointWakesUpOnARequest() {
    createEndpoint("ep", "Qwen/Qwen2.5-0.5B-Instruct");
    emulator.clock().advance(Duration.ofMinutes(5));
    String url = emulator.hubUrl() + "/endpoints/" + user + "/ep";
    client.post(api + "/ep/scale-to-zero", Map.of());

    assertThat(chat(url, "ep", "hi").code()).isEqualTo(503);
    assertThat(state("ep")).isEqualTo("initializing");
    emulator.clock().advance(Duration.ofMinutes(3));
    assertThat(chat(url, "ep", "hi").code()).isEqualTo(200);
  }

  @Test
  void duplicateNameIsAConflictAndDeleteRemovesTheEndpoint() {
    createEndpoint("ep", "Qwen/Qwen2.5-0.5B-Instruct");

    assertThat(client.post(api, Map.of("name", "ep", "model", Map.of("repository", "x/y"))).code())
        .isEqualTo(409);
    assertThat(client.delete(api + "/ep", Map.of()).code()).isEqualTo(200);
    assertThat(client.get(api + "/ep").code()).isEqualTo(404);
    assertThat(client.get(api).json().path("items")).isEmpty();
  }

  @Test
  void updateGoesThroughUpdatingBackToRunning() {
    createEndpoint("ep", "Qwen/Qwen2.5-0.5B-Instruct");
    emulator.clock().advance(Duration.ofMinutes(5));

    JsonNode updated = client.put(api + "/ep", Map.of("compute", Map.of("instanceSize", "x4"))).json();

    assertThat(updated.path("status").path("state").asText()).isEqualTo("updating");
    assertThat(updated.path("compute").path("instanceSize").asText()).isEqualTo("x4");
    assertThat(updated.path("compute").path("instanceType").asText()).isEqualTo("nvidia-l4");
    emulator.clock().advance(Duration.ofMinutes(2));
    assertThat(state("ep")).isEqualTo("running");
  }

  @Test
  void invalidNameIsRejected() {
    HfClient.Result r = client.post(api, Map.of("name", "Bad_Name", "model", Map.of("repository", "x/y")));

    assertThat(r.code()).isEqualTo(400);
  }

  @Test
  void routerAnswersBaseModelsWithAGenericReplyAndUsage() {
    HfClient.Result r = chat(emulator.routerUrl(), "Qwen/Qwen2.5-7B-Instruct:fastest", "What is 2+2?");

    assertThat(r.code()).isEqualTo(200);
    JsonNode body = r.json();
    String content = body.path("choices").get(0).path("message").path("content").asText();
    assertThat(content).startsWith("Thank you for your question");
    assertThat(body.path("usage").path("completion_tokens").asLong()).isEqualTo((content.length() + 3) / 4);
    assertThat(body.path("usage").path("prompt_tokens").asLong()).isEqualTo(3);
  }

  @Test
  void routerRefusesModelsThatExistNowhere() {
    HfClient.Result r = chat(emulator.routerUrl(), "nobody/no-such-model", "What is 2+2?");

    assertThat(r.code()).isEqualTo(400);
    assertThat(r.json().path("error").path("code").asText()).isEqualTo("model_not_found");
    assertThat(r.json().path("error").path("message").asText()).contains("nobody/no-such-model");
  }

  @Test
  void streamedChatEndsWithDone() {
    createEndpoint("ep", "Qwen/Qwen2.5-0.5B-Instruct");
    emulator.clock().advance(Duration.ofMinutes(5));

    HfClient.Result r = client.post(emulator.hubUrl() + "/endpoints/" + user + "/ep/v1/chat/completions",
        Map.of("model", "ep", "stream", true, "messages", List.of(Map.of("role", "user", "content", "hi"))));

    assertThat(r.header("Content-Type")).startsWith("text/event-stream");
    assertThat(r.body()).contains("chat.completion.chunk").endsWith("data: [DONE]\n\n");
  }
}
