package dev.finetune4j.huggingface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.Capability;
import dev.finetune4j.FineTuning;
import dev.finetune4j.FineTuningClient;
import dev.finetune4j.error.ConfigurationException;
import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.testkit.VirtualClock;
import dev.finetune4j.testkit.huggingface.HuggingFaceEmulator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientTest {
  private static final String TOKEN = "hf_SecretValue987654321";

  @Test
  void theProviderIsFoundByNameAndBuiltFromTheEnvironment() {
    try (FineTuningClient client = FineTuning.client("huggingface",
        Map.of("HF_TOKEN", TOKEN, "HF_ENDPOINT", "http://localhost:1", "HF_NAMESPACE", "acme"))) {
      assertThat(client).isInstanceOf(HuggingFace.class);
      assertThat(client.provider()).isEqualTo("huggingface");
      assertThat(((HuggingFace) client).namespace()).isEqualTo("acme");
    }
    assertThat(FineTuning.providers()).contains("huggingface");
  }

  @Test
  void aMissingTokenIsAConfigurationError() {
    assertThatThrownBy(() -> FineTuning.client("huggingface", Map.of()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("HF_TOKEN");
    assertThatThrownBy(() -> HuggingFace.fromEnvironment(Map.of("HF_TOKEN", " ")))
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void theEnvironmentRedirectsInferenceEndpointsAndTheRouterAsWellAsTheHub() {
    try (HuggingFaceEmulator emulator = HuggingFaceEmulator.builder().clock(VirtualClock.manual()).build().start();
        HuggingFace hf = HuggingFace.fromEnvironment(Map.of("HF_TOKEN", emulator.token(),
            "HF_ENDPOINT", emulator.hubUrl(), "HF_INFERENCE_ENDPOINTS_ENDPOINT", emulator.endpointsUrl(),
            "HF_ROUTER_ENDPOINT", emulator.routerUrl() + "/v1"))) {
      assertThat(hf.endpoints().list()).isEmpty();
      hf.chat("Qwen/Qwen2.5-7B-Instruct").complete(List.of(ChatMessage.user("hi")));

      assertThat(emulator.requests("GET", "/endpoints-api/v2/endpoint/")).hasSize(1);
      assertThat(emulator.requests("POST", "/router/v1/chat/completions")).hasSize(1);
    }
  }

  @Test
  void capabilitiesSayWhatHuggingFaceLacks() {
    try (HuggingFace hf = HuggingFace.builder().apiKey(TOKEN).build()) {
      assertThat(hf.capabilities().supports(Capability.SUPERVISED_TRAINING)).isTrue();
      assertThat(hf.capabilities().supports(Capability.PREFERENCE_TRAINING)).isTrue();
      assertThat(hf.capabilities().deploymentRequired()).isTrue();
      assertThat(hf.capabilities().supports(Capability.PAUSE_RESUME_JOB)).isFalse();
      assertThat(hf.capabilities().supports(Capability.REINFORCEMENT_TRAINING)).isFalse();
      assertThat(hf.capabilities().supports(Capability.CHECKPOINTS)).isFalse();
    }
  }

  @Test
  void theTokenIsNeverInToString() {
    HuggingFace.Builder builder = HuggingFace.builder().apiKey(TOKEN);
    try (HuggingFace hf = builder.build()) {
      assertThat(hf.toString()).doesNotContain(TOKEN);
      assertThat(builder.toString()).doesNotContain(TOKEN).contains("REDACTED");
    }
  }

  @Test
  void buildersRejectBadInputWithAClearMessage() {
    assertThatThrownBy(() -> HuggingFace.builder().build()).hasMessageContaining("token is required");
    assertThatThrownBy(() -> HuggingFace.builder().hubUrl("huggingface.co")).hasMessageContaining("http");
    assertThatThrownBy(() -> HuggingFace.builder().namespace("a/b")).hasMessageContaining("namespace");
    assertThatThrownBy(() -> HuggingFaceJobOptions.builder().flavor("A100 Large")).hasMessageContaining("flavor");
    assertThatThrownBy(() -> HuggingFaceJobOptions.builder().timeout(java.time.Duration.ofSeconds(5)))
        .hasMessageContaining("timeout");
    assertThatThrownBy(() -> EndpointSpec.builder("Bad_Name", "alice/m")).hasMessageContaining("endpoint name");
    assertThatThrownBy(() -> RepoId.dataset("no-namespace")).hasMessageContaining("namespace/name");
  }
}
