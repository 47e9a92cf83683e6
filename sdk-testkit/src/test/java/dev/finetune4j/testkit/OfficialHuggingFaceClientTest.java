package dev.finetune4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.finetune4j.testkit.huggingface.HuggingFaceEmulator;
import dev.finetune4j.testsupport.ClientScript;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The official {@code huggingface_hub} Python client completes every call of the fine-tuning workflow (Hub,
 * downloads, Jobs, Inference Endpoints) against the standalone Hugging Face emulator (see
 * {@code conformance/huggingface_conformance.py}).
 */
class OfficialHuggingFaceClientTest {

  @Test
  void theOfficialClientCompletesEveryCallAgainstTheStandaloneEmulator() {
    try (HuggingFaceEmulator emulator = (HuggingFaceEmulator) EmulatorMain.launch("--provider", "huggingface",
        "--speed", "300")) {
      ClientScript.Result result = ClientScript.run("conformance/huggingface_conformance.py", Map.of(
          "HF_ENDPOINT", emulator.hubUrl(), "HF_TOKEN", emulator.token(),
          "CONFORMANCE_ENDPOINTS_URL", emulator.endpointsUrl()), Duration.ofMinutes(2));
      assertThat(result.passed()).as(result.output()).isTrue();
      assertThat(result.passedChecks()).isGreaterThanOrEqualTo(32);
    }
  }
}
