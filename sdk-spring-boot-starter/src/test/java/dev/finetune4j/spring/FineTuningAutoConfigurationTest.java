package dev.finetune4j.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.finetune4j.FineTuningClient;
import dev.finetune4j.error.ClientClosedException;
import dev.finetune4j.error.ConfigurationException;
import dev.finetune4j.error.RateLimitException;
import dev.finetune4j.error.TransportException;
import dev.finetune4j.huggingface.HuggingFace;
import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.model.ChatResponse;
import dev.finetune4j.openai.OpenAi;
import dev.finetune4j.testkit.Fault;
import dev.finetune4j.testkit.huggingface.HuggingFaceEmulator;
import dev.finetune4j.testkit.openai.OpenAiEmulator;
import dev.finetune4j.testkit.openai.OpenAiFaults;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class FineTuningAutoConfigurationTest {
  private static final String BASE = "gpt-4.1-mini-2025-04-14";
  private static final List<ChatMessage> HELLO = List.of(ChatMessage.user("Hello?"));

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(FineTuningAutoConfiguration.class));
  private OpenAiEmulator openai;

  @BeforeEach
  void start() {
    openai = OpenAiEmulator.create().start();
  }

  @AfterEach
  void stop() {
    openai.close();
  }

  private String[] openAiProperties(String... more) {
    List<String> all = new java.util.ArrayList<>(List.of("finetune4j.provider=openai",
        "OPENAI_API_KEY=" + openai.apiKey(), "OPENAI_BASE_URL=" + openai.baseUrl(),
        "finetune4j.retry.initial-backoff=1ms", "finetune4j.retry.max-backoff=1ms"));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  @Test
  void buildsTheNamedProvidersClientFromItsUsualVariablesAndItAnswers() {
    runner.withPropertyValues(openAiProperties()).run(context -> {
      FineTuningClient client = context.getBean(FineTuningClient.class);
      assertThat(client).isInstanceOf(OpenAi.class);

      ChatResponse answer = client.chat(BASE).complete(HELLO);

      assertThat(answer.text()).isNotBlank();
      assertThat(openai.requests("POST", "/v1/chat").get(0).header("Authorization"))
          .contains("Bearer " + openai.apiKey());
    });
  }

  @Test
  void theApiKeyAndEnvPropertiesOverrideTheProvidersVariables() {
    runner.withPropertyValues("finetune4j.provider=OpenAI", "OPENAI_API_KEY=sk-wrong",
            "finetune4j.api-key=" + openai.apiKey(), "finetune4j.env.OPENAI_BASE_URL=" + openai.baseUrl())
        .run(context -> {
          assertThat(context.getBean(FineTuningClient.class).chat(BASE).complete(HELLO).text()).isNotBlank();
          assertThat(openai.requests("POST", "/v1/chat")).hasSize(1);
        });
  }

  @Test
  void theRetryPolicyComesFromTheProperties() {
    runner.withPropertyValues(openAiProperties("finetune4j.retry.max-retries=0")).run(context -> {
      openai.faults().inject(OpenAiFaults.rateLimitedMillis(Duration.ofMillis(1)).forRequests("POST", "/v1/chat"));
      assertThatThrownBy(() -> context.getBean(FineTuningClient.class).chat(BASE).complete(HELLO))
          .isInstanceOf(RateLimitException.class);
      assertThat(openai.requests("POST", "/v1/chat")).hasSize(1);
    });
    openai.clearRequests();
    runner.withPropertyValues(openAiProperties("finetune4j.retry.max-retries=1")).run(context -> {
      openai.faults().inject(OpenAiFaults.rateLimitedMillis(Duration.ofMillis(1)).forRequests("POST", "/v1/chat"));
      assertThat(context.getBean(FineTuningClient.class).chat(BASE).complete(HELLO).text()).isNotBlank();
      assertThat(openai.requests("POST", "/v1/chat")).hasSize(2);
    });
  }

  @Test
  void theTimeoutsComeFromTheProperties() {
    runner.withPropertyValues(openAiProperties("finetune4j.retry.max-retries=0", "finetune4j.timeouts.read=200ms"))
        .run(context -> {
          openai.faults().inject(Fault.delay(Duration.ofSeconds(3)).forRequests("POST", "/v1/chat"));
          assertThatThrownBy(() -> context.getBean(FineTuningClient.class).chat(BASE).complete(HELLO))
              .isInstanceOf(TransportException.class);
        });
  }

  @Test
  void theClientIsClosedWithTheContext() {
    AtomicReference<FineTuningClient> client = new AtomicReference<>();
    runner.withPropertyValues(openAiProperties())
        .run(context -> client.set(context.getBean(FineTuningClient.class)));

    assertThatThrownBy(() -> client.get().chat(BASE).complete(HELLO)).isInstanceOf(ClientClosedException.class);
  }

  @Test
  void buildsAHuggingFaceClientFromHfTokenAndHfEndpoint() {
    try (HuggingFaceEmulator hf = HuggingFaceEmulator.create().start()) {
      runner.withPropertyValues("finetune4j.provider=huggingface", "HF_TOKEN=" + hf.token(),
          "HF_ENDPOINT=" + hf.hubUrl()).run(context -> {
            FineTuningClient client = context.getBean(FineTuningClient.class);
            assertThat(client.provider()).isEqualTo("huggingface");
            assertThat(client.unwrap(HuggingFace.class)).isNotNull();
          });
    }
  }

  @Test
  void aMissingKeyFailsTheContextNamingTheVariable() {
    assumeTrue(System.getenv("OPENAI_API_KEY") == null, "OPENAI_API_KEY is set in this environment");
    runner.withPropertyValues("finetune4j.provider=openai").run(context -> assertThat(context).hasFailed()
        .getFailure().rootCause().isInstanceOf(ConfigurationException.class).hasMessageContaining("OPENAI_API_KEY"));
  }

  @Test
  void anUnknownProviderFailsTheContextListingTheAvailableOnes() {
    runner.withPropertyValues("finetune4j.provider=bedrock").run(context -> assertThat(context).hasFailed()
        .getFailure().rootCause().isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("[huggingface, openai]"));
  }

  @Test
  void twoProvidersOnTheClassPathNeedTheProviderProperty() {
    runner.run(context -> assertThat(context).hasFailed().getFailure().rootCause()
        .hasMessageContaining("Set finetune4j.provider"));
  }

  @Test
  void theApplicationsOwnClientWinsAndEnabledFalseConfiguresNone() {
    runner.withUserConfiguration(OwnClient.class).withPropertyValues(openAiProperties()).run(context ->
        assertThat(context.getBean(FineTuningClient.class)).isSameAs(context.getBean(OwnClient.class).client));
    runner.withPropertyValues(openAiProperties("finetune4j.enabled=false")).run(context ->
        assertThat(context).doesNotHaveBean(FineTuningClient.class));
  }

  @Test
  void shipsConfigurationMetadataForIdeCompletion() throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).isNotNull();
      String metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(metadata).contains("\"finetune4j.provider\"", "\"finetune4j.api-key\"",
          "\"finetune4j.retry.max-retries\"", "\"finetune4j.timeouts.read\"", "\"finetune4j.env\"",
          "How many times a failed call is retried");
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnClient {
    final FineTuningClient client = OpenAi.builder().apiKey("sk-own").build();

    @Bean
    FineTuningClient ownClient() {
      return client;
    }
  }
}
