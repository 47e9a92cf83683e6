package dev.finetune4j.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.Capability;
import dev.finetune4j.FineTuning;
import dev.finetune4j.FineTuningClient;
import dev.finetune4j.error.AuthenticationException;
import dev.finetune4j.error.ClientClosedException;
import dev.finetune4j.error.ConfigurationException;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

class ClientTest extends WireTestSupport {

  @Test
  void theProviderIsFoundThroughTheServiceLoaderAsOpenai() {
    assertThat(FineTuning.providers()).contains("openai");

    try (FineTuningClient client = FineTuning.client("openai", Map.of("OPENAI_API_KEY", KEY,
        "OPENAI_BASE_URL", server.url("/v1").toString()))) {
      assertThat(client).isInstanceOf(OpenAi.class);
      assertThat(client.provider()).isEqualTo("openai");
    }
  }

  @Test
  void fromEnvSendsTheOrganizationAndProjectHeaders() {
    enqueue("{\"object\":\"list\",\"data\":[]}");
    try (OpenAi openai = OpenAi.fromEnvironment(Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", server.url("/v1").toString(),
        "OPENAI_ORG_ID", "org-env", "OPENAI_PROJECT_ID", "proj_env"))) {
      openai.models().list();
    }

    RecordedRequest request = take();
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(request.getHeaders().get("OpenAI-Organization")).isEqualTo("org-env");
    assertThat(request.getHeaders().get("OpenAI-Project")).isEqualTo("proj_env");
  }

  @Test
  void fromEnvWithoutAnApiKeyNamesTheMissingVariable() {
    assertThatThrownBy(() -> OpenAi.fromEnvironment(Map.of("OPENAI_ORG_ID", "org-1")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("OPENAI_API_KEY");
  }

  @Test
  void everyCapabilityIsSupportedAndTunedModelsNeedNoDeployment() {
    try (OpenAi openai = client()) {
      assertThat(openai.capabilities().deploymentRequired()).isFalse();
      assertThat(openai.capabilities().supported()).containsExactlyInAnyOrder(Capability.values());
    }
  }

  @Test
  void theKeysNeverAppearInToString() {
    try (OpenAi openai = builder().adminKey("sk-admin-secret").build()) {
      assertThat(openai.toString()).doesNotContain(KEY).doesNotContain("sk-admin-secret").contains("org-test");
    }
  }

  @Test
  void theKeyNeverAppearsInAnErrorMessage() {
    enqueue(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + ".\",\"type\":"
        + "\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}");

    assertThatThrownBy(() -> client().models().list())
        .isInstanceOfSatisfying(AuthenticationException.class,
            e -> assertThat(e.getMessage()).doesNotContain(KEY).contains("Incorrect API key provided"));
  }

  @Test
  void checkpointPermissionsWithoutAnAdminKeyExplainWhatToSet() {
    assertThatThrownBy(() -> client().checkpointPermissions())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("OPENAI_ADMIN_KEY");
  }

  @Test
  void builderSettingsAreCheckedAtOnce() {
    assertThatThrownBy(() -> OpenAi.builder().uploadPartSize(65 * 1024 * 1024))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 byte to 64 MB");
    assertThatThrownBy(() -> OpenAi.builder().baseUrl("ftp://x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http or https");
    assertThatThrownBy(() -> OpenAi.builder().build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("API key is required");
  }

  @Test
  void unwrapReachesTheOpenAiClientBehindTheNeutralInterface() {
    try (FineTuningClient client = client()) {
      assertThat(client.unwrap(OpenAi.class)).isSameAs(client);
      assertThatThrownBy(() -> client.unwrap(String.class))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("openai client").hasMessageContaining("java.lang.String");
    }
  }

  @Test
  void afterCloseEveryPartOfTheClientFailsClearlyAndSendsNothing() {
    OpenAi openai = builder().adminKey("sk-admin-close-test").build();
    openai.close();
    openai.close();

    assertThatThrownBy(() -> openai.jobs().retrieve("ftjob-1")).isInstanceOf(ClientClosedException.class);
    assertThatThrownBy(() -> openai.files().list().toList()).isInstanceOf(ClientClosedException.class);
    assertThatThrownBy(() -> openai.checkpointPermissions().list("ft:gpt-4o-mini:org::ckpt").toList())
        .isInstanceOf(ClientClosedException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void changingTheBuilderAfterBuildDoesNotChangeTheClient() {
    OpenAi.Builder builder = builder();
    try (OpenAi openai = builder.build()) {
      builder.baseUrl("http://127.0.0.1:9/v1").apiKey("sk-other-key-after-build");
      enqueue("{\"object\":\"list\",\"data\":[]}");

      openai.models().list();

      RecordedRequest request = take();
      assertThat(request.getUrl().port()).isEqualTo(server.getPort());
      assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    }
  }
}
