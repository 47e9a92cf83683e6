package dev.finetune4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.finetune4j.testkit.huggingface.HuggingFaceEmulator;
import java.io.IOException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class HuggingFaceMainTest {

  @Test
  void launchesTheHuggingFaceEmulatorWithTheGivenToken() throws IOException {
    try (Emulator emulator = EmulatorMain.launch("--provider", "huggingface", "--api-key", "hf_demo")) {
      assertThat(emulator).isInstanceOf(HuggingFaceEmulator.class);
      assertThat(emulator.clock().isManual()).isFalse();
      OkHttpClient client = new OkHttpClient();
      try (Response r = client.newCall(new Request.Builder().url(emulator.baseUrl() + "/api/whoami-v2")
          .header("Authorization", "Bearer hf_demo").build()).execute()) {
        assertThat(r.code()).isEqualTo(200);
      }
    }
  }
}
