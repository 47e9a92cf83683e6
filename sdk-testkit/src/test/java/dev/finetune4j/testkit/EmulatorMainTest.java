package dev.finetune4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.testkit.openai.OpenAiEmulator;
import java.io.IOException;
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
}
