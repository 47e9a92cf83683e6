package dev.finetune4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.finetune4j.dataset.DatasetUpload;
import dev.finetune4j.dataset.UploadedDataset;
import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.openai.OpenAi;
import dev.finetune4j.testkit.azure.AzureOpenAiEmulator;
import dev.finetune4j.testkit.openai.OpenAiEmulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quick start and emulator code run as printed: each block is the code of {@link ReadmeSnippets},
 * and each runs in its own JVM (so that {@code FineTuning.client("openai")} reads a real environment) against an
 * in-process emulator.
 */
class ReadmeTest {

  private static final Path ROOT = Path.of("").toAbsolutePath().getFileName().toString().equals("examples")
      ? Path.of("").toAbsolutePath().getParent() : Path.of("").toAbsolutePath();

  @TempDir
  Path dir;

  @Test
  void theReadmeShowsExactlyTheSnippetsThatAreRunHere() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    for (String name : List.of("quick-start", "emulator", "manual-clock", "migrate")) {
      assertThat(readme).as("README block " + name).contains("```java\n" + snippet(name) + "```\n");
    }
  }

  @Test
  void theQuickStartRunsVerbatimAgainstAnInProcessEmulator() throws Exception {
    try (OpenAiEmulator openai = OpenAiEmulator.create().start()) {
      String out = run("quick-start", Map.of("OPENAI_API_KEY", openai.apiKey(),
          "OPENAI_BASE_URL", openai.baseUrl()));
      assertThat(out).containsPattern("\\(\\d+ tokens\\)");
      assertThat(openai.requests("POST", "/v1/chat/completions")).hasSize(1);
    }
  }

  @Test
  void theEmulatorSectionRunsAsWrittenWithItsFaultBeforeTheCreate() throws Exception {
    assertThat(run("emulator", Map.of())).contains("succeeded ft:gpt-4.1-mini-2025-04-14:");
  }

  @Test
  void theManualClockVariantNeedsNoRealWaiting() throws Exception {
    assertThat(run("manual-clock", Map.of())).contains("succeeded at 2026-01-05T");
  }

  @Test
  void theMigrationExampleMovesAJobFromTheOpenAiEmulatorToTheAzureEmulator() throws Exception {
    try (OpenAiEmulator openai = OpenAiEmulator.create().start();
         AzureOpenAiEmulator azure = AzureOpenAiEmulator.create().start();
         OpenAi client = OpenAi.builder().apiKey(openai.apiKey()).baseUrl(openai.baseUrl()).build()) {
      List<String> lines = Files.readAllLines(ROOT.resolve("examples/data/recipes-train.jsonl"));
      Path train = Files.write(dir.resolve("source.jsonl"), lines.subList(0, 20));
      UploadedDataset data = client.datasets().upload(DatasetUpload.builder().training(train)
          .targetModel("gpt-4.1-mini-2025-04-14").build());
      Job job = client.jobs().create(JobSpec.builder().baseModel("gpt-4.1-mini-2025-04-14").data(data)
          .suffix("recipes").build());
      client.jobs().waitFor(job.id());
      Map<String, String> environment = new java.util.HashMap<>(azure.environment());
      environment.put("OPENAI_API_KEY", openai.apiKey());
      environment.put("OPENAI_BASE_URL", openai.baseUrl());

      String out = run("migrate", environment);

      assertThat(out).contains(job.id(), "-> azure gpt-4.1-mini-2025-04-14", "epochs: ", "training again as ");
      assertThat(azure.requests("POST", "/openai/v1/fine_tuning/jobs")).hasSize(1);
    }
  }

  private String run(String snippet, Map<String, String> environment) throws Exception {
    List<String> lines = Files.readAllLines(ROOT.resolve("examples/data/recipes-train.jsonl"));
    Files.write(dir.resolve("train.jsonl"), lines.subList(0, 50));
    Files.write(dir.resolve("valid.jsonl"), lines.subList(50, lines.size()));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        ReadmeSnippets.class.getName(), snippet).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("OPENAI_"));
    builder.environment().putAll(environment);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as(out).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    return out;
  }

  /** A snippet's lines from ReadmeSnippets.java, without the method's indentation. */
  private static String snippet(String name) throws IOException {
    String source = Files.readString(ROOT.resolve(
        "examples/src/test/java/dev/finetune4j/examples/ReadmeSnippets.java"));
    String marker = "// README:" + Pattern.quote(name);
    Matcher m = Pattern.compile(marker + " begin\n(.*?)\\s*" + marker + " end", Pattern.DOTALL).matcher(source);
    assertThat(m.find()).as("snippet " + name).isTrue();
    return m.group(1).lines().map(line -> line.startsWith("    ") ? line.substring(4) : line)
        .collect(Collectors.joining("\n", "", "\n"));
  }
}
