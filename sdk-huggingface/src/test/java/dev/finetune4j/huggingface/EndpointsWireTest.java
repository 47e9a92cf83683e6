package dev.finetune4j.huggingface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.error.WaitTimeoutException;
import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.model.ChatResponse;
import dev.finetune4j.model.Deployment;
import dev.finetune4j.testkit.VirtualClock;
import dev.finetune4j.wait.WaitFailureException;
import java.time.Duration;
import java.util.List;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

class EndpointsWireTest extends WireTestSupport {

  String endpoint(String name, String state, String url) {
    return "{\"name\":\"" + name + "\",\"type\":\"authenticated\",\"model\":{\"repository\":\"alice/m\"},"
        + "\"status\":{\"state\":\"" + state + "\"" + (url == null ? "" : ",\"url\":\"" + url + "\"")
        + ",\"createdAt\":\"2026-11-24T10:00:00Z\"}}";
  }

  @Test
  void createSendsTheVllmImageAndScaleToZeroDefaults() throws Exception {
    enqueueJson(endpoint("bot", "pending", null));

    InferenceEndpoint created = hf.endpoints().create(EndpointSpec.builder("bot", "alice/m").build());

    assertThat(created.state()).isEqualTo("pending");
    RecordedRequest request = take();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getTarget()).isEqualTo("/v2/endpoint/alice");
    assertThat(json(request)).isEqualTo(json("{\"name\":\"bot\",\"type\":\"authenticated\","
        + "\"provider\":{\"vendor\":\"aws\",\"region\":\"us-east-1\"},"
        + "\"compute\":{\"accelerator\":\"gpu\",\"instanceType\":\"nvidia-l4\",\"instanceSize\":\"x1\","
        + "\"scaling\":{\"minReplica\":0,\"maxReplica\":1,\"scaleToZeroTimeout\":15}},"
        + "\"model\":{\"repository\":\"alice/m\",\"task\":\"text-generation\",\"framework\":\"pytorch\","
        + "\"image\":{\"vLLM\":{\"url\":\"vllm/vllm-openai:latest\",\"port\":8000}}}}"));
  }

  @Test
  void pauseResumeScaleToZeroAndDeleteUseTheirPaths() throws Exception {
    enqueueJson(endpoint("bot", "paused", null));
    enqueueJson(endpoint("bot", "pending", null));
    enqueueJson(endpoint("bot", "scaledToZero", null));
    enqueueJson("{}");

    hf.endpoints().pause("bot");
    hf.endpoints().resume("bot");
    hf.endpoints().scaleToZero("bot");
    hf.endpoints().delete("bot");

    assertThat(take().getTarget()).isEqualTo("/v2/endpoint/alice/bot/pause");
    assertThat(take().getTarget()).isEqualTo("/v2/endpoint/alice/bot/resume");
    assertThat(take().getTarget()).isEqualTo("/v2/endpoint/alice/bot/scale-to-zero");
    RecordedRequest delete = take();
    assertThat(delete.getMethod()).isEqualTo("DELETE");
    assertThat(delete.getTarget()).isEqualTo("/v2/endpoint/alice/bot");
  }

  @Test
  void deployRefusesAnAdapterRepositoryBeforeCreatingAnEndpoint() {
    enqueueJson(404, "{\"error\":\"Endpoint not found\"}");
    enqueueJson("{\"id\":\"alice/lora\",\"siblings\":[{\"rfilename\":\"adapter_config.json\"},"
        + "{\"rfilename\":\"adapter_model.safetensors\"}]}");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> hf.models().deploy("alice/lora", Duration.ofMinutes(5)))
        .isInstanceOf(dev.finetune4j.error.LocalValidationException.class).hasMessageContaining("LoRA adapter");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void deployCreatesAnEndpointAndPollsUntilItRunsWithAnAddress() throws Exception {
    String name = HubModels.endpointName("alice/recipes-model");
    enqueueJson(404, "{\"error\":\"Endpoint not found\"}");
    enqueueJson("{\"id\":\"alice/recipes-model\",\"siblings\":[{\"rfilename\":\"config.json\"},"
        + "{\"rfilename\":\"model.safetensors\"}]}");
    enqueueJson(endpoint(name, "pending", null));
    enqueueJson(endpoint(name, "initializing", null));
    enqueueJson(endpoint(name, "running", server.url("/ep").toString()));
    enqueueJson(404, "{\"error\":\"not ready\"}");                 // the health route, model still loading
    enqueueJson(endpoint(name, "running", server.url("/ep").toString()));
    enqueueJson("{}");                                                // the health route answers

    Deployment deployment = hf.models().deploy("alice/recipes-model", Duration.ofMinutes(30));

    assertThat(deployment.ready()).isTrue();
    assertThat(deployment.model()).isEqualTo(name);
    assertThat(deployment.url()).contains(server.url("/ep").toString());
    assertThat(sleeps).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(10));
    take();
    assertThat(take().getTarget()).startsWith("/api/models/alice/recipes-model");
    assertThat(json(take()).path("model").path("repository").asText()).isEqualTo("alice/recipes-model");
    take();
    take();
    assertThat(take().getTarget()).isEqualTo("/ep/health");
    take();
    assertThat(take().getTarget()).isEqualTo("/ep/health");
  }

  @Test
  void aFailedEndpointEndsTheWait() {
    enqueueJson(endpoint("bot", "failed", null).replace("\"state\":\"failed\"",
        "\"state\":\"failed\",\"message\":\"model too large\""));

    assertThatThrownBy(() -> hf.endpoints().waitUntilRunning("bot", Duration.ofMinutes(5)))
        .isInstanceOf(WaitFailureException.class).hasMessageContaining("model too large");
  }

  @Test
  void waitUntilRunningGivesUpAtTheTimeoutOnVirtualTime() {
    for (int i = 0; i < 10; i++) {
      enqueueJson(endpoint("bot", "initializing", null));
    }
    VirtualClock time = VirtualClock.manual();
    try (HuggingFace timed = client()
        .options(options().toBuilder().clock(time.asClock()).sleeper(time::sleep).build()).build()) {
      assertThatThrownBy(() -> timed.endpoints().waitUntilRunning("bot", Duration.ofSeconds(30)))
          .isInstanceOfSatisfying(WaitTimeoutException.class, e -> {
            assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(e.lastValue()).containsInstanceOf(InferenceEndpoint.class);
            assertThat(e.getMessage()).contains("endpoint bot").contains("still initializing");
          });
    }
    assertThat(time.now()).isEqualTo(VirtualClock.DEFAULT_START.plusSeconds(30));
    assertThat(server.getRequestCount()).isEqualTo(4); // at 0, 10, 20 and 30 seconds
  }

  @Test
  void endpointNamesFitTheLimitAndDifferPerModel() {
    String a = HubModels.endpointName("alice/Qwen2.5-0.5B-Instruct-recipes-20261124-223000");
    String b = HubModels.endpointName("alice/Qwen2.5-0.5B-Instruct-recipes-20261124-223001");

    assertThat(a).hasSizeLessThanOrEqualTo(32).matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void chatWithAnEndpointNameGoesToItsOpenAiCompatibleApi() throws Exception {
    enqueueJson(endpoint("bot", "running", server.url("/ep").toString()));
    enqueueJson("{\"id\":\"c1\",\"model\":\"bot\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
        + "\"content\":\"Hello\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,"
        + "\"completion_tokens\":1,\"total_tokens\":4}}");

    ChatResponse answer = hf.chat("bot").complete(List.of(ChatMessage.user("Hi")));

    assertThat(answer.message().content()).contains("Hello");
    take();
    RecordedRequest chat = take();
    assertThat(chat.getTarget()).isEqualTo("/ep/v1/chat/completions");
    assertThat(chat.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(json(chat).path("model").asText()).isEqualTo("bot");
  }

  @Test
  void chatWithAModelIdGoesToTheRouter() throws Exception {
    enqueueJson("{\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
        + "\"content\":\"Hi\"},\"finish_reason\":\"stop\"}]}");

    hf.chat("meta-llama/Llama-3.1-8B-Instruct:cheapest").complete(List.of(ChatMessage.user("Hi")));

    RecordedRequest chat = take();
    assertThat(chat.getTarget()).isEqualTo("/router/v1/chat/completions");
    assertThat(json(chat).path("model").asText()).isEqualTo("meta-llama/Llama-3.1-8B-Instruct:cheapest");
  }
}
