package dev.finetune4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.finetune4j.error.LocalIoException;
import dev.finetune4j.testkit.huggingface.HuggingFaceEmulator;
import dev.finetune4j.testkit.openai.OpenAiEmulator;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class EmulatorMainTest {

  @Test
  void launchesTheNamedProviderWithAnAcceleratedClockAndTheGivenKey() throws IOException {
    try (Emulator emulator = EmulatorMain.launch("--provider", "OpenAI", "--speed", "600", "--api-key", "sk-demo")) {
      assertThat(emulator).isInstanceOf(OpenAiEmulator.class);
      assertThat(emulator.baseUrl()).endsWith("/v1");
      assertThat(emulator.clock().isManual()).isFalse();
      OkHttpClient client = new OkHttpClient();
      try (Response r = client.newCall(new Request.Builder().url(emulator.baseUrl() + "/models")
          .header("Authorization", "Bearer sk-demo").build()).execute()) {
        assertThat(r.code()).isEqualTo(200);
        Instant date = DateTimeFormatter.RFC_1123_DATE_TIME.parse(r.header("Date"), Instant::from);
        assertThat(date).isBetween(Instant.now().minusSeconds(5), Instant.now().plusSeconds(5));
      }
    }
  }

  @Test
  void runsTheAzureEmulatorStandalone() throws Exception {
    try (Emulator emulator = EmulatorMain.launch("--provider", "azure", "--api-key", "k-demo")) {
      OkHttpClient client = new OkHttpClient();
      try (Response r = client.newCall(new Request.Builder()
          .url(emulator.baseUrl() + "/openai/models?api-version=2024-10-21").header("api-key", "k-demo").build())
          .execute()) {
        assertThat(r.code()).isEqualTo(200);
      }
    }
  }

  @Test
  void standaloneTimestampsFollowTheWallClockWhileWorkRunsFaster() throws InterruptedException {
    try (Emulator emulator = EmulatorMain.launch("--provider", "openai", "--speed", "600")) {
      Instant before = emulator.clock().now();
      Thread.sleep(200);
      Instant after = emulator.clock().now();
      assertThat(Duration.between(before, after)).isLessThan(Duration.ofSeconds(5));
      assertThat(emulator.clock().work(before, after)).isGreaterThanOrEqualTo(Duration.ofMinutes(2));
      assertThat(after).isBetween(Instant.now().minusSeconds(5), Instant.now().plusSeconds(5));
    }
  }

  @Test
  void rejectsUnknownProvidersAndOptions() {
    assertThatThrownBy(() -> EmulatorMain.launch("--provider", "nope")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown provider 'nope', known: [azure, huggingface, openai]");
    assertThatThrownBy(() -> EmulatorMain.launch("--port")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--port needs a value");
    assertThatThrownBy(() -> EmulatorMain.launch("--port", "x", "--provider", "openai"))
        .hasMessageContaining("integer");
    assertThatThrownBy(() -> EmulatorMain.launch("--verbose")).hasMessageContaining("unknown option --verbose");
    assertThatThrownBy(EmulatorMain::launch).hasMessageContaining("--provider is required");
    assertThatThrownBy(() -> EmulatorMain.launch("--provider", "openai", "--speed", "0"))
        .hasMessageContaining("positive");
  }

  @Test
  void aTakenPortFailsWithOneLineSayingSo() {
    try (Emulator first = EmulatorMain.launch("--provider", "openai")) {
      assertThatThrownBy(() -> EmulatorMain.launch("--provider", "openai", "--port", String.valueOf(first.port())))
          .isInstanceOf(LocalIoException.class)
          .hasMessage("cannot start the emulator: port " + first.port() + " is already in use (choose another one,"
              + " or 0 for any free port)");
    }
  }

  @Test
  void namesTheVariablesThatPointAClientAtTheEmulator() {
    try (Emulator hf = EmulatorMain.launch("--provider", "huggingface")) {
      HuggingFaceEmulator emulator = (HuggingFaceEmulator) hf;
      assertThat(EmulatorMain.environment(hf)).containsExactly(
          entry("HF_ENDPOINT", emulator.hubUrl()), entry("HF_TOKEN", "hf_test"),
          entry("HF_INFERENCE_ENDPOINTS_ENDPOINT", emulator.endpointsUrl()),
          entry("HF_ROUTER_ENDPOINT", emulator.routerUrl() + "/v1"));
    }
    try (Emulator openai = EmulatorMain.launch("--provider", "openai")) {
      assertThat(EmulatorMain.environment(openai)).containsExactly(entry("OPENAI_BASE_URL", openai.baseUrl()),
          entry("OPENAI_API_KEY", "sk-test"));
    }
  }

  @Test
  void aSpeedThatIsNotANumberIsNamed() {
    assertThatThrownBy(() -> EmulatorMain.launch("--provider", "openai", "--speed", "fast"))
        .hasMessage("--speed needs a positive number, got 'fast'");
  }
}
