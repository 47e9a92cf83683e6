package dev.finetune4j.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.model.ChatRequest;
import dev.finetune4j.model.ChatResponse;
import dev.finetune4j.model.Deployment;
import dev.finetune4j.model.ModelInfo;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

class ModelsAndChatWireTest extends WireTestSupport {

  @Test
  void listReadsModelsWithTheirShutdownDates() {
    enqueue("""
        {"object":"list","data":[
          {"id":"gpt-4o-mini-2024-07-18","object":"model","created":1721172741,"owned_by":"system",
           "shutdown_date":"2027-01-14"},
          {"id":"ft:gpt-4o-mini-2024-07-18:acme:recipes:9mrNdxdK","object":"model","created":1721764800,
           "owned_by":"organization-owner","shutdown_date":null,"new_field":[1,2]}]}""");

    List<ModelInfo> models = client().models().list();

    assertCall(take(), "GET", "/v1/models");
    assertThat(models).hasSize(2);
    assertThat(models.get(0).shutdownDate()).contains(LocalDate.of(2027, 1, 14));
    assertThat(models.get(0).fineTuned()).isFalse();
    assertThat(models.get(1).fineTuned()).isTrue();
    assertThat(models.get(1).ownedBy()).contains("organization-owner");
    assertThat(models.get(1).createdAt()).contains(Instant.ofEpochSecond(1721764800));
    assertThat(models.get(1).shutdownDate()).isEmpty();
  }

  @Test
  void retrieveAndDeleteEncodeTheFineTunedModelName() {
    enqueue("{\"id\":\"ft:gpt-4o-mini:acme::abc\",\"object\":\"model\",\"created\":1,\"owned_by\":\"acme\"}");
    enqueue("{\"id\":\"ft:gpt-4o-mini:acme::abc\",\"object\":\"model\",\"deleted\":true}");
    OpenAi openai = client();

    assertThat(openai.models().retrieve("ft:gpt-4o-mini:acme::abc").id()).isEqualTo("ft:gpt-4o-mini:acme::abc");
    openai.models().delete("ft:gpt-4o-mini:acme::abc");

    assertCall(take(), "GET", "/v1/models/ft%3Agpt-4o-mini%3Aacme%3A%3Aabc");
    assertCall(take(), "DELETE", "/v1/models/ft%3Agpt-4o-mini%3Aacme%3A%3Aabc");
  }

  @Test
  void deployReturnsTheModelItselfReadyWithoutCallingOpenAi() {
    OpenAi openai = client();

    Deployment deployment = openai.models().deploy("ft:gpt-4o-mini:acme::abc", Duration.ofMinutes(1));
    openai.models().undeploy(deployment.name());

    assertThat(deployment.ready()).isTrue();
    assertThat(deployment.model()).isEqualTo("ft:gpt-4o-mini:acme::abc");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void chatSendsChatCompletionsForTheFineTunedModelAndReadsUsage() {
    enqueue("""
        {"id":"chatcmpl-1","object":"chat.completion","created":1721764900,"model":"ft:gpt-4o-mini:acme::abc",
         "choices":[{"index":0,"message":{"role":"assistant","content":"Tomato soup.","refusal":null},
                     "finish_reason":"stop","logprobs":null}],
         "usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15,
                  "prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}},
         "system_fingerprint":"fp_1","service_tier":"default"}""");

    ChatResponse answer = client().chat("ft:gpt-4o-mini:acme::abc").complete(ChatRequest.builder()
        .messages(List.of(ChatMessage.user("A quick soup?"))).temperature(0.2).maxCompletionTokens(50).seed(7).build());

    RecordedRequest request = take();
    assertCall(request, "POST", "/v1/chat/completions");
    assertThat(json(body(request)).path("model").asText()).isEqualTo("ft:gpt-4o-mini:acme::abc");
    assertThat(json(body(request)).path("max_completion_tokens").asInt()).isEqualTo(50);
    assertThat(json(body(request)).path("messages")).isEqualTo(json("[{\"role\":\"user\",\"content\":\"A quick soup?\"}]"));
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(answer.text()).isEqualTo("Tomato soup.");
    assertThat(answer.usage().totalTokens()).isEqualTo(15);
  }
}
