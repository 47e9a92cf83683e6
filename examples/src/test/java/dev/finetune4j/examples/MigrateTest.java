package dev.finetune4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finetune4j.portable.PortableJob;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Migrate command end to end on the emulators: OpenAI to Azure OpenAI and to Hugging Face. */
class MigrateTest {
  private static final Path DATA = Path.of("data");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private final ByteArrayOutputStream output = new ByteArrayOutputStream();
  private final AtomicReference<Emulation> target = new AtomicReference<>();

  private int run(String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--data";
    all[args.length + 1] = DATA.toString();
    all[args.length + 2] = "--out";
    all[args.length + 3] = dir.toString();
    PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
    return new Migrate(out, Map.of(), setup -> {
      Emulation e = setup.startEmulator();
      target.set(e);
      return e;
    }).run(all);
  }

  private String output() {
    return output.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aDryRunPrintsTheInventoryThePlanAndItsCostAndSendsNothingToTheTarget() throws Exception {
    int code = run("--to", "azure", "--dry-run");

    assertThat(code).as(output()).isZero();
    assertThat(output()).contains("[1. Inventory", "2027-01-14", "downloadable", "[2. Export", "[3. Re-target",
        "-> azure gpt-4.1-mini-2025-04-14", "epochs: 3 -> 3 (epochs as epochs)", "learning rate: multiplier",
        "[4. Estimated cost]", "trained tokens at $5.00 per million", "Dry run: nothing was uploaded");
    assertThat(output()).doesNotContain("[5. Training");
    assertThat(target.get().emulator().requests("POST", "/")).isEmpty();
    JsonNode inventory = JSON.readTree(dir.resolve("inventory.json").toFile());
    assertThat(inventory.path("jobs")).hasSize(2);
    assertThat(inventory.at("/jobs/0/exportable").asBoolean()).isTrue();
  }

  @Test
  void aSupervisedJobMovesToAzureAndIsComparedWithTheOriginal() throws Exception {
    int code = run("--to", "azure");

    assertThat(code).as(output()).isZero();
    assertThat(output()).contains("[5. Training at Azure OpenAI]", "status running -> succeeded",
        "new model gpt-4.1-mini-2025-04-14.ft-", "original", "moved", "Verdict:", "Quality kept", "Done.");
    JsonNode comparison = JSON.readTree(dir.resolve("comparison.json").toFile());
    assertThat(comparison.toString()).contains("\"original\"", "\"moved\"");
    Path export = Files.list(dir.resolve("export")).findFirst().orElseThrow();
    PortableJob job = PortableJob.read(export.resolve(PortableJob.FILE_NAME));
    job.verifyFiles(export);
    String uploaded = target.get().emulator().requests("POST", "/").stream()
        .filter(r -> r.path().contains("/files")).findFirst().orElseThrow().body();
    assertThat(uploaded).contains(Files.readString(export.resolve("training.jsonl")).lines().findFirst().orElseThrow());
  }

  @Test
  void aDpoJobMovesToHuggingFaceWithLoraAndItsDataInTrlsPreferenceFields() throws Exception {
    run("--to", "huggingface", "--dry-run");
    Matcher dpo = Pattern.compile("(ftjob-\\S+) +succeeded +\\S+ +dpo").matcher(output());
    assertThat(dpo.find()).as(output()).isTrue();
    output.reset();

    int code = run("--to", "huggingface", "--job", dpo.group(1),
        "--map", "gpt-4.1-mini-2025-04-14=Qwen/Qwen2.5-0.5B-Instruct");

    assertThat(code).as(output()).isZero();
    assertThat(output()).contains("-> huggingface Qwen/Qwen2.5-0.5B-Instruct",
        "data format: OPENAI_PREFERENCE -> TRL_PREFERENCE (converted line by line", "beta: 0.1 -> 0.1",
        "trl dpo", "--num_train_epochs 2", "--beta 0.1", "--use_peft", "merge_and_unload", "Quality kept",
        "Done.");
    String command = target.get().emulator().requests("POST", "/api/jobs/").get(0).body();
    assertThat(JSON.readTree(command).path("command").toString()).contains("--use_peft", "merge_and_unload");
    JsonNode line = JSON.readTree(Files.readAllLines(dir.resolve("huggingface/training.jsonl")).get(0));
    assertThat(line.fieldNames()).toIterable().containsExactlyInAnyOrder("prompt", "chosen", "rejected");
  }

  @Test
  void anUnknownTargetIsAUsageError() {
    assertThat(run("--to", "acme")).isEqualTo(ExitCode.USAGE.code());
    assertThat(output()).contains("--to must be azure, huggingface or local");
  }
}
