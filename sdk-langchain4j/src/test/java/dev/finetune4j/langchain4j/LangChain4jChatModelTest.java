package dev.finetune4j.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finetune4j.ClientOptions;
import dev.finetune4j.RetryPolicy;
import dev.finetune4j.huggingface.HuggingFace;
import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.openai.OpenAi;
import dev.finetune4j.testkit.Fault;
import dev.finetune4j.testkit.huggingface.HuggingFaceEmulator;
import dev.finetune4j.testkit.openai.OpenAiEmulator;
import dev.finetune4j.testkit.openai.OpenAiFaults;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LangChain4jChatModelTest {
  private static final String BASE = "gpt-4.1-mini-2025-04-14";
  private static final ObjectMapper JSON = new ObjectMapper();

  private OpenAiEmulator emulator;
  private OpenAi openai;

  @BeforeEach
  void start() {
    emulator = OpenAiEmulator.create().start();
    openai = OpenAi.builder().apiKey(emulator.apiKey()).baseUrl(emulator.baseUrl())
        .options(ClientOptions.builder().retryPolicy(RetryPolicy.none()).build())
        .build();
  }

  @AfterEach
  void stop() {
    openai.close();
    emulator.close();
  }

  @Test
  void answersWithTheTextIdModelAndTokenUsageOfTheFineTune4jAnswer() {
    ChatModel model = LangChain4jChatModel.of(openai, BASE);
    dev.finetune4j.model.ChatResponse direct = openai.chat(BASE)
        .complete(List.of(ChatMessage.system("Be brief."), ChatMessage.user("A quick dinner?")));

    ChatResponse answer = model.chat(SystemMessage.from("Be brief."), UserMessage.from("A quick dinner?"));

    assertThat(answer.aiMessage().text()).isEqualTo(direct.text()).isNotBlank();
    assertThat(answer.metadata().id()).startsWith("chatcmpl-");
    assertThat(answer.metadata().modelName()).isEqualTo(BASE);
    assertThat(answer.metadata().finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(answer.metadata().tokenUsage().inputTokenCount()).isEqualTo((int) direct.usage().promptTokens());
    assertThat(answer.metadata().tokenUsage().outputTokenCount()).isEqualTo((int) direct.usage().completionTokens());
    assertThat(answer.metadata().tokenUsage().totalTokenCount()).isEqualTo((int) direct.usage().totalTokens());
  }

  @Test
  void sendsTheConversationTemperatureAndMaximumTokensOnTheWire() throws Exception {
    ChatModel model = LangChain4jChatModel.of(openai, BASE);

    ChatResponse answer = model.chat(ChatRequest.builder()
        .messages(SystemMessage.from("Be brief."), UserMessage.from("Soup?"))
        .temperature(0.3)
        .maxOutputTokens(5)
        .build());

    JsonNode body = JSON.readTree(emulator.requests("POST", "/v1/chat/completions").get(0).body());
    assertThat(body.path("model").asText()).isEqualTo(BASE);
    assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
    assertThat(body.path("messages").get(1).path("content").asText()).isEqualTo("Soup?");
    assertThat(body.path("temperature").asDouble()).isEqualTo(0.3);
    assertThat(body.path("max_completion_tokens").asInt()).isEqualTo(5);
    assertThat(answer.metadata().finishReason()).isEqualTo(FinishReason.LENGTH);
  }

  @Test
  void reportsTheProviderOfTheClientItWasMadeFrom() {
    assertThat(LangChain4jChatModel.of(openai, BASE).provider()).isEqualTo(ModelProvider.OPEN_AI);
    assertThat(LangChain4jChatModel.of(openai.chat(BASE)).provider()).isEqualTo(ModelProvider.OTHER);
  }

  @Test
  void aWrongKeyIsAnAuthenticationExceptionCausedByFineTune4js() {
    try (OpenAi wrong = OpenAi.builder().apiKey("sk-wrong").baseUrl(emulator.baseUrl()).build()) {
      assertThatThrownBy(() -> LangChain4jChatModel.of(wrong, BASE).chat("Hi"))
          .isInstanceOf(AuthenticationException.class)
          .hasCauseInstanceOf(dev.finetune4j.error.AuthenticationException.class);
    }
  }

  @Test
  void anUnknownModelIsAModelNotFoundException() {
    assertThatThrownBy(() -> LangChain4jChatModel.of(openai, "no-such-model").chat("Hi"))
        .isInstanceOf(ModelNotFoundException.class)
        .hasCauseInstanceOf(dev.finetune4j.error.NotFoundException.class);
  }

  @Test
  void aRateLimitLeftAfterTheClientsRetriesIsARetriableRateLimitException() {
    emulator.faults().inject(OpenAiFaults.rateLimited(Duration.ofSeconds(1)).forRequests("POST", "/v1/chat"));

    assertThatThrownBy(() -> LangChain4jChatModel.of(openai, BASE).chat("Hi"))
        .isInstanceOf(RateLimitException.class)
        .hasCauseInstanceOf(dev.finetune4j.error.RateLimitException.class);
  }

  @Test
  void exhaustedQuotaIsNotRetriable() {
    emulator.faults().inject(OpenAiFaults.quotaExhausted().forRequests("POST", "/v1/chat"));

    assertThatThrownBy(() -> LangChain4jChatModel.of(openai, BASE).chat("Hi"))
        .isExactlyInstanceOf(NonRetriableException.class)
        .hasCauseInstanceOf(dev.finetune4j.error.QuotaExhaustedException.class);
  }

  @Test
  void aServerErrorIsAnInternalServerException() {
    emulator.faults().inject(OpenAiFaults.serverError().forRequests("POST", "/v1/chat"));

    assertThatThrownBy(() -> LangChain4jChatModel.of(openai, BASE).chat("Hi"))
        .isInstanceOf(InternalServerException.class)
        .hasCauseInstanceOf(dev.finetune4j.error.ServerException.class);
  }

  @Test
  void aRequestTheProviderRefusesIsAnInvalidRequestException() {
    emulator.faults().inject(Fault.status(400, "{\"error\":{\"message\":\"Invalid 'messages'.\","
        + "\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":null}}")
        .forRequests("POST", "/v1/chat"));

    assertThatThrownBy(() -> LangChain4jChatModel.of(openai, BASE).chat("Hi"))
        .isInstanceOf(InvalidRequestException.class)
        .hasCauseInstanceOf(dev.finetune4j.error.InvalidRequestException.class);
  }

  @Test
  void aSettingOutOfRangeIsAnInvalidRequestExceptionAndNothingIsSent() {
    assertThatThrownBy(() -> LangChain4jChatModel.of(openai, BASE).chat(ChatRequest.builder()
        .messages(UserMessage.from("Hi")).temperature(3.0).build()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("temperature");
    assertThat(emulator.requests("POST", "/v1/chat")).isEmpty();
  }

  @Test
  void anOtherHttpErrorKeepsItsStatus() {
    emulator.faults().inject(Fault.status(418, "{\"error\":{\"message\":\"teapot\"}}")
        .forRequests("POST", "/v1/chat"));

    assertThatThrownBy(() -> LangChain4jChatModel.of(openai, BASE).chat("Hi"))
        .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.statusCode()).isEqualTo(418))
        .hasCauseInstanceOf(dev.finetune4j.error.ApiException.class);
  }

  @Test
  void whatTheNeutralApiCannotExpressFailsBeforeAnythingIsSent() {
    ChatModel model = LangChain4jChatModel.of(openai, BASE);

    assertThatThrownBy(() -> model.chat(ChatRequest.builder().messages(UserMessage.from("Hi"))
        .toolSpecifications(ToolSpecification.builder().name("weather").build()).build()))
        .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("toolSpecifications");
    assertThatThrownBy(() -> model.chat(ChatRequest.builder().messages(UserMessage.from("Hi"))
        .modelName("gpt-4o").build()))
        .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("gpt-4o");
    assertThat(emulator.requests("POST", "/v1/chat")).isEmpty();
  }

  @Test
  void aHuggingFaceModelAnswersThroughTheSameAdapter() {
    try (HuggingFaceEmulator hfEmulator = HuggingFaceEmulator.create().start();
         HuggingFace hf = HuggingFace.builder().apiKey(hfEmulator.token()).hubUrl(hfEmulator.hubUrl())
             .endpointsUrl(hfEmulator.endpointsUrl()).routerUrl(hfEmulator.routerUrl() + "/v1").build()) {
      ChatModel model = LangChain4jChatModel.of(hf, "Qwen/Qwen2.5-7B-Instruct");

      ChatResponse answer = model.chat(ChatRequest.builder().messages(UserMessage.from("Hello?")).build());

      assertThat(answer.aiMessage().text()).isNotBlank();
      assertThat(answer.metadata().tokenUsage().totalTokenCount()).isPositive();
      assertThat(model.provider()).isEqualTo(ModelProvider.OTHER);
    }
  }
}
