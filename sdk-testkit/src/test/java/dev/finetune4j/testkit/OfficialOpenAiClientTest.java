package dev.finetune4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.finetune4j.testsupport.ClientScript;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The official {@code openai} Python client completes every call of the fine-tuning workflow against the standalone
 * OpenAI emulator (see {@code conformance/openai_conformance.py}). The same script also runs through Prism in
 * sdk-openai's {@code OpenAiEmulatorResponsesMatchSpecTest}.
 */
class OfficialOpenAiClientTest {

  @Test
  void theOfficialClientCompletesEveryCallAgainstTheStandaloneEmulator() {
    try (Emulator emulator = EmulatorMain.launch("--provider", "openai", "--speed", "300")) {
      ClientScript.Result result = ClientScript.run("conformance/openai_conformance.py", Map.of(
          "OPENAI_BASE_URL", emulator.baseUrl(), "OPENAI_API_KEY", "sk-test"), Duration.ofMinutes(2));
      assertThat(result.passed()).as(result.output()).isTrue();
      assertThat(result.passedChecks()).isGreaterThanOrEqualTo(39);
    }
  }
}
