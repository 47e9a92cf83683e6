package dev.finetune4j.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.AccessToken;
import dev.finetune4j.ClientOptions;
import dev.finetune4j.RetryPolicy;
import dev.finetune4j.error.LocalValidationException;
import dev.finetune4j.error.UnsupportedCapabilityException;
import dev.finetune4j.job.Hyperparameters;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.TrainingMethod;
import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.model.ChatResponse;
import dev.finetune4j.spi.http.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** Azure's requests on the wire, in both URL styles and both authentication modes. */
class WireTest {
  private static final String KEY = "azure-secret-key-123";

  @StartStop
  final MockWebServer server = new MockWebServer();

  private final List<String> scopes = new ArrayList<>();

  private AzureOpenAi.Builder builder(AzureApiVersion version) {
    return AzureOpenAi.builder().endpoint(server.url("/").toString()).apiVersion(version)
        .options(ClientOptions.builder().retryPolicy(RetryPolicy.builder().sleeper(d -> { }).build())
            .sleeper(d -> { }).build());
  }

  private AzureOpenAi tokens(AzureApiVersion version) {
    return builder(version).tokenCredential(scope -> {
      scopes.add(scope);
      return new AccessToken("tok-" + scopes.size(), Instant.now().plusSeconds(3600));
    }).resource("sub-1", "rg-1", "acct-1").resourceManagerEndpoint(server.url("/").toString()).build();
  }

  private void enqueue(int code, String json) {
    server.enqueue(new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json")
        .addHeader("apim-request-id", "apim-1").body(json).build());
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r).isNotNull();
    return r;
  }

  private static String body(RecordedRequest r) {
    return r.getBody() == null ? "" : r.getBody().string(StandardCharsets.UTF_8);
  }

  private static String job(String status) {
    return "{\"id\":\"ftjob-1\",\"object\":\"fine_tuning.job\",\"model\":\"gpt-4o-mini-2024-07-18\","
        + "\"created_at\":1721764800,\"status\":\"" + status + "\",\"training_file\":\"file-1\",\"seed\":7}";
  }

  private static final String FILE = "{\"id\":\"file-1\",\"object\":\"file\",\"bytes\":10,\"created_at\":1,"
      + "\"filename\":\"t.jsonl\",\"purpose\":\"fine-tune\",\"status\":\"processed\"}";

  @Test
  void theDatedStyleSendsApiVersionAndTheKeyAndLegacyHyperparameters() throws Exception {
    enqueue(200, FILE);
    enqueue(200, "{\"object\":\"list\",\"data\":[],\"has_more\":false}");
    enqueue(201, job("pending"));
    try (AzureOpenAi azure = builder(AzureApiVersion.LATEST_GA).apiKey(KEY).build()) {
      var job = azure.jobs().create(JobSpec.builder().baseModel("gpt-4o-mini-2024-07-18").trainingFile("file-1")
          .idempotencyKey("k").method(TrainingMethod.supervised(Hyperparameters.builder().epochs(3).build()))
          .build());
      assertThat(job.providerStatus()).isEqualTo("pending");
    }
    RecordedRequest file = take();
    assertThat(file.getTarget()).isEqualTo("/openai/files/file-1?api-version=2024-10-21");
    assertThat(file.getHeaders().get("api-key")).isEqualTo(KEY);
    assertThat(take().getTarget()).isEqualTo("/openai/fine_tuning/jobs?api-version=2024-10-21&limit=100");
    RecordedRequest create = take();
    var sent = Json.parse(body(create));
    assertThat(sent.path("trainingType").asText()).isEqualTo("GlobalStandard");
    assertThat(sent.path("hyperparameters").path("n_epochs").asInt()).isEqualTo(3);
    assertThat(sent.has("method")).isFalse();
    assertThat(sent.has("metadata")).isFalse();
    assertThat(sent.path("seed").isIntegralNumber()).isTrue();
  }

  @Test
  void theDatedGaVersionRefusesPreferenceTrainingBeforeSending() {
    try (AzureOpenAi azure = builder(AzureApiVersion.LATEST_GA).apiKey(KEY).build()) {
      enqueue(200, FILE);
      assertThatThrownBy(() -> azure.jobs().create(JobSpec.builder().baseModel("gpt-4o-2024-08-06")
          .trainingFile("file-1").method(TrainingMethod.preference(Hyperparameters.auto(),
              dev.finetune4j.job.Hyperparameter.of(0.1))).build()))
          .isInstanceOf(LocalValidationException.class).hasMessageContaining("2025-04-01-preview");
      assertThatThrownBy(() -> azure.models().delete("m")).isInstanceOf(UnsupportedCapabilityException.class);
    }
  }

  @Test
  void theV1StyleSendsBearerTokensForTheRightScopesAndCachesThem() throws Exception {
    enqueue(200, "{\"object\":\"list\",\"data\":[],\"has_more\":false}");
    enqueue(200, "{\"object\":\"list\",\"data\":[],\"has_more\":false}");
    enqueue(201, "{\"name\":\"d1\",\"sku\":{\"name\":\"GlobalStandard\",\"capacity\":1},\"properties\":{\"model\":"
        + "{\"format\":\"OpenAI\",\"name\":\"m.ft-1\",\"version\":\"1\"},\"provisioningState\":\"Accepted\"}}");
    try (AzureOpenAi azure = tokens(AzureApiVersion.V1)) {
      azure.jobs().list().toList();
      azure.jobs().list().toList();
      AzureDeployment d = azure.deployments().create(AzureDeploymentSpec.builder("d1", "m.ft-1").build());
      assertThat(d.provisioningState()).isEqualTo("Accepted");
      assertThat(azure.toString()).doesNotContain("tok-");
    }
    RecordedRequest list = take();
    assertThat(list.getTarget()).isEqualTo("/openai/v1/fine_tuning/jobs");
    assertThat(list.getHeaders().get("Authorization")).isEqualTo("Bearer tok-1");
    take();
    RecordedRequest put = take();
    assertThat(put.getMethod()).isEqualTo("PUT");
    assertThat(put.getTarget()).isEqualTo("/subscriptions/sub-1/resourceGroups/rg-1/providers/"
        + "Microsoft.CognitiveServices/accounts/acct-1/deployments/d1?api-version=2024-10-01");
    assertThat(put.getHeaders().get("Authorization")).isEqualTo("Bearer tok-2");
    assertThat(Json.parse(body(put))).isEqualTo(Json.parse("{\"sku\":{\"name\":\"GlobalStandard\",\"capacity\":1},"
        + "\"properties\":{\"model\":{\"format\":\"OpenAI\",\"name\":\"m.ft-1\",\"version\":\"1\"}}}"));
    assertThat(scopes).containsExactly(AzureOpenAi.DATA_PLANE_SCOPE, AzureOpenAi.RESOURCE_MANAGER_SCOPE);
  }

  @Test
  void chatGoesToTheDeploymentInBothStylesWithContentFilterResults() throws Exception {
    String answer = "{\"id\":\"c1\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\","
        + "\"message\":{\"role\":\"assistant\",\"content\":\"Soup.\"},\"content_filter_results\":{\"hate\":"
        + "{\"filtered\":false,\"severity\":\"safe\"}}}],\"prompt_filter_results\":[{\"prompt_index\":0,"
        + "\"content_filter_results\":{\"jailbreak\":{\"filtered\":false,\"detected\":false}}}],"
        + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}";
    enqueue(200, answer);
    enqueue(200, answer);
    ChatResponse dated;
    try (AzureOpenAi azure = builder(AzureApiVersion.LATEST_GA).apiKey(KEY).build()) {
      dated = azure.chat("my-dep").complete(List.of(ChatMessage.user("Soup?")));
    }
    try (AzureOpenAi azure = builder(AzureApiVersion.V1).apiKey(KEY).build()) {
      azure.chat("my-dep").complete(List.of(ChatMessage.user("Soup?")));
    }
    assertThat(take().getTarget()).isEqualTo("/openai/deployments/my-dep/chat/completions?api-version=2024-10-21");
    RecordedRequest v1 = take();
    assertThat(v1.getTarget()).isEqualTo("/openai/v1/chat/completions");
    assertThat(Json.parse(body(v1)).path("model").asText()).isEqualTo("my-dep");
    assertThat(ContentFilterResults.completion(dated).category("hate").orElseThrow().severity()).hasValue("safe");
    assertThat(ContentFilterResults.prompt(dated).category("jailbreak").orElseThrow().detected()).hasValue(false);
  }

  @Test
  void aPromptTheContentFilterBlocksIsItsOwnException() {
    enqueue(400, "{\"error\":{\"message\":\"The response was filtered due to the prompt triggering Azure OpenAI's "
        + "content management policy.\",\"type\":null,\"param\":\"prompt\",\"code\":\"content_filter\","
        + "\"status\":400,\"innererror\":{\"code\":\"ResponsibleAIPolicyViolation\",\"content_filter_result\":"
        + "{\"violence\":{\"filtered\":true,\"severity\":\"high\"}}}}}");
    try (AzureOpenAi azure = builder(AzureApiVersion.V1).apiKey(KEY).build()) {
      assertThatThrownBy(() -> azure.chat("dep").complete(List.of(ChatMessage.user("..."))))
          .isInstanceOfSatisfying(ContentFilteredException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.results().category("violence").orElseThrow().filtered()).isTrue();
            assertThat(e.getMessage()).doesNotContain(KEY);
          });
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void fileImportUsesTheDatedApiEvenFromAV1Client() throws Exception {
    enqueue(201, FILE);
    try (AzureOpenAi azure = builder(AzureApiVersion.V1).apiKey(KEY).build()) {
      azure.files().importFromUrl("t.jsonl", "https://blob.example/t.jsonl?sas");
    }
    RecordedRequest r = take();
    assertThat(r.getTarget()).isEqualTo("/openai/files/import?api-version=2024-10-21");
    assertThat(Json.parse(body(r)).path("content_url").asText()).isEqualTo("https://blob.example/t.jsonl?sas");
  }

  @Test
  void theClientSecretFlowPostsAFormToTheTokenEndpoint() throws Exception {
    enqueue(200, "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"entra-tok\"}");
    enqueue(200, "{\"object\":\"list\",\"data\":[]}");
    try (AzureOpenAi azure = builder(AzureApiVersion.V1).authorityHost(server.url("/").toString())
        .clientSecret("tenant-x", "client-y", "very-secret").build()) {
      azure.models().list();
      assertThat(azure.toString()).doesNotContain("very-secret");
    }
    RecordedRequest token = take();
    assertThat(token.getTarget()).isEqualTo("/tenant-x/oauth2/v2.0/token");
    assertThat(body(token)).contains("grant_type=client_credentials").contains("client_id=client-y")
        .contains("scope=https%3A%2F%2Fcognitiveservices.azure.com%2F.default");
    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer entra-tok");
  }

  @Test
  void buildersCheckAtOnce() {
    assertThatThrownBy(() -> AzureOpenAi.builder().endpoint("https://x.openai.azure.com").build())
        .hasMessageContaining("credential");
    assertThatThrownBy(() -> AzureApiVersion.of("yesterday")).hasMessageContaining("v1");
    assertThatThrownBy(() -> AzureDeploymentSpec.builder("a b", "m")).hasMessageContaining("deployment name");
    assertThat(AzureDatasetRules.forModel("gpt-4.1-nano-2025-04-14").maxTokensPerExample()).hasValue(32_768);
    assertThat(AzureModels.deploymentName("x".repeat(80))).hasSize(64);
    assertThat(Duration.ofSeconds(1)).isPositive();
  }
}
