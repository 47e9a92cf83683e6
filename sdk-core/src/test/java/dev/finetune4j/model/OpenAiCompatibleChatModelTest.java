package dev.finetune4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.spi.http.Json;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

class OpenAiCompatibleChatModelTest {
  @StartStop
  private final MockWebServer server = new MockWebServer();

  @Test
  void sendsTheChatCompletionsBodyAndReadsAnswerUsageAndUnknownFields() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body("""
        {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"ft:gpt-4o-mini:acme:recipes:abc",
         "choices":[{"index":0,"message":{"role":"assistant","content":"Simmer for 20 minutes.","refusal":null},
                     "finish_reason":"stop","logprobs":null}],
         "usage":{"prompt_tokens":21,"completion_tokens":6,"total_tokens":27,
                  "completion_tokens_details":{"reasoning_tokens":0}},
         "system_fingerprint":"fp_1","brand_new_field":{"x":1}}""").build());
    ChatModel model = OpenAiCompatibleChatModel.builder().baseUrl(server.url("/v1").toString())
        .apiKey("test-key-1234").model("ft:gpt-4o-mini:acme:recipes:abc").build();

    ChatResponse response = model.complete(ChatRequest.builder()
        .messages(List.of(ChatMessage.system("You are a chef."), ChatMessage.user("How long for lentil soup?")))
        .temperature(0).maxCompletionTokens(64).seed(7).build());

    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer test-key-1234");
    JsonNode sent = Json.parse(request.getBody().utf8());
    assertThat(sent).isEqualTo(Json.parse("""
        {"model":"ft:gpt-4o-mini:acme:recipes:abc",
         "messages":[{"role":"system","content":"You are a chef."},
                     {"role":"user","content":"How long for lentil soup?"}],
         "temperature":0.0,"max_completion_tokens":64,"seed":7}"""));
    assertThat(response.text()).isEqualTo("Simmer for 20 minutes.");
    assertThat(response.finishReason()).isEqualTo("stop");
    assertThat(response.usage()).isEqualTo(new TokenUsage(21, 6, 27));
    assertThat(response.raw().get("brand_new_field").longValue("x")).hasValue(1);
    assertThat(response.latency()).isPositive();
  }

  @Test
  void readsToolCallsOfTheAnswer() {
    server.enqueue(new MockResponse.Builder().code(200).body("""
        {"id":"c","model":"m","choices":[{"message":{"role":"assistant","content":null,
          "tool_calls":[{"id":"call_1","type":"function","function":{"name":"convert","arguments":"{\\"g\\":100}"}}]},
          "finish_reason":"tool_calls"}]}""").build());
    ChatModel model = OpenAiCompatibleChatModel.builder().baseUrl(server.url("/v1").toString()).model("m").build();

    ChatResponse response = model.complete(List.of(ChatMessage.user("100 g in oz?")));

    assertThat(response.message().toolCalls()).containsExactly(new ToolCall("call_1", "convert", "{\"g\":100}"));
    assertThat(response.text()).isEmpty();
    assertThat(response.usage()).isEqualTo(TokenUsage.ZERO);
  }
}
