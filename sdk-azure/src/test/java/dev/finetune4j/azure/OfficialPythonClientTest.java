package dev.finetune4j.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.finetune4j.testkit.VirtualClock;
import dev.finetune4j.testkit.azure.AzureOpenAiEmulator;
import dev.finetune4j.testsupport.PythonEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official {@code openai} package's {@code AzureOpenAI} client runs a fine-tuning flow against the Azure
 * emulator on dated paths: upload, create, follow, events, checkpoints; the SDK deploys the tuned model through
 * Resource Manager; the Python client chats on the deployment. Required in CI, skipped elsewhere without the pinned
 * Python environment.
 */
class OfficialPythonClientTest {
  @TempDir
  Path dir;

  @Test
  void theOfficialAzureClientTrainsFollowsAndChatsOnADeployment() throws Exception {
    Path python = PythonEnvironment.python();
    Path script = Path.of("src/test/resources/python/azure_flow.py").toAbsolutePath();
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      lines.append("{\"messages\":[{\"role\":\"user\",\"content\":\"Recipe number ").append(i)
          .append("?\"},{\"role\":\"assistant\",\"content\":\"Soup number ").append(i).append(".\"}]}\n");
    }
    Path data = Files.writeString(dir.resolve("train.jsonl"), lines);
    try (AzureOpenAiEmulator emulator = AzureOpenAiEmulator.builder().clock(VirtualClock.accelerated(2000))
        .provisioningTime(Duration.ZERO).build().start()) {
      String url = emulator.baseUrl();
      String tuned = run(python, script, url, emulator.apiKey(), "train", data.toString());
      assertThat(tuned).contains(".ft-");
      try (AzureOpenAi azure = AzureOpenAi.fromEnvironment(emulator.environment())) {
        azure.deployments().createAndWait(AzureDeploymentSpec.builder("py-tuned", tuned).build(),
            Duration.ofMinutes(1));
      }
      String answer = run(python, script, url, emulator.apiKey(), "chat", "py-tuned");
      assertThat(answer).contains("Soup number 3");
      assertThat(emulator.requests("POST", "/openai/deployments/py-tuned/chat/completions")).hasSize(1);
    }
  }

  private static String run(Path python, Path script, String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of(python.toString(), script.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the script finished").isTrue();
    assertThat(p.exitValue()).as("the script's exit code; output:\n" + out).isZero();
    return out.lines().reduce((a, b) -> b).orElse("");
  }
}
