package dev.finetune4j.huggingface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finetune4j.dataset.DatasetUpload;
import dev.finetune4j.error.LocalValidationException;
import dev.finetune4j.job.Hyperparameter;
import dev.finetune4j.job.Hyperparameters;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.TrainingMethod;
import dev.finetune4j.testsupport.PythonEnvironment;
import dev.finetune4j.testsupport.TinyModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AutoTrain's DPO rows. AutoTrain, with a chat template, takes {@code chosen[:-1]} as the prompt and
 * {@code chosen[-1:]}/{@code rejected[-1:]} as the answers (autotrain-advanced {@code src/autotrain/trainers/clm/
 * utils.py}, {@code apply_chat_template}: {@code prompt_messages = example["chosen"][:-1]},
 * {@code chosen_messages = example["chosen"][-1:]}, {@code rejected_messages = example["rejected"][-1:]}). The rule
 * is checked here as stated, and by AutoTrain's own function where its source is on this machine.
 */
class AutoTrainRowsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Path DATA = PythonEnvironment.repositoryRoot().resolve("examples/data/recipes-preference.jsonl");
  private static final Path AUTOTRAIN_MIRROR = Path.of("/work/.mirror/huggingface+autotrain-advanced/repo");

  @TempDir
  Path work;

  private static List<JsonNode> rows(Path file) throws Exception {
    List<JsonNode> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        rows.add(MAPPER.readTree(line));
      }
    }
    return rows;
  }

  private static JsonNode slice(JsonNode messages, int from, int to) {
    var out = MAPPER.createArrayNode();
    for (int i = from; i < to; i++) {
      out.add(messages.get(i));
    }
    return out;
  }

  @Test
  void autoTrainsRuleSplitsEachUploadedRowBackIntoTheWholePromptAndTheAnswers() throws Exception {
    HubDatasets.TrlFiles trl = HubDatasets.writeTrlFiles(DatasetUpload.of(DATA), Files.createDirectory(work.resolve("t")));
    HubDatasets.TrlFiles autoTrain = HubDatasets.writeAutoTrainFiles(DatasetUpload.of(DATA),
        Files.createDirectory(work.resolve("a")));

    assertThat(autoTrain.files()).extracting(CommitFile::pathInRepo).containsExactly("autotrain-train.jsonl");
    List<JsonNode> expected = rows(trl.files().get(0).source());
    List<JsonNode> made = rows(autoTrain.files().get(0).source());
    assertThat(made).hasSameSizeAs(expected).isNotEmpty();
    for (int i = 0; i < made.size(); i++) {
      JsonNode row = made.get(i);
      JsonNode chosen = row.get("chosen");
      JsonNode rejected = row.get("rejected");
      assertThat(slice(chosen, 0, chosen.size() - 1)).as("chosen[:-1], row " + i).isEqualTo(expected.get(i).get("prompt"));
      assertThat(slice(chosen, chosen.size() - 1, chosen.size())).isEqualTo(expected.get(i).get("chosen"));
      assertThat(slice(rejected, rejected.size() - 1, rejected.size())).isEqualTo(expected.get(i).get("rejected"));
      assertThat(row.get("prompt")).as("the column AutoTrain renames must exist").isEqualTo(expected.get(i).get("prompt"));
    }
    JsonNode old = expected.get(0).get("chosen");
    assertThat(slice(old, 0, old.size() - 1)).as("the TRL shape under the same rule: no prompt at all").isEmpty();
  }

  @Test
  void aDpoProjectOnTrlShapedPreferenceDataIsRefusedBeforeAnythingIsSent() {
    JobSpec spec = JobSpec.builder().baseModel("m/m").trainingFile("alice/data@abc:train.jsonl")
        .method(TrainingMethod.preference(Hyperparameters.auto(), Hyperparameter.AUTO)).build();

    assertThatThrownBy(() -> AutoTrain.projectBody("p", spec, "spaces-a10g-large", "alice"))
        .isInstanceOfSatisfying(LocalValidationException.class, e -> assertThat(String.join(" ", e.problems()))
            .contains("alice/data@abc:train.jsonl").contains("chosen[:-1]").contains("AutoTrain.upload"));
  }

  @Test
  void autoTrainsOwnRowProcessingReadsThePromptAndAnswersFromTheUploadedRows() throws Exception {
    assumeTrue(Files.isDirectory(AUTOTRAIN_MIRROR), "AutoTrain row test skipped: no autotrain-advanced source at "
        + AUTOTRAIN_MIRROR);
    Path python = PythonEnvironment.python();
    Path model = TinyModel.path();
    Path src = Files.createDirectory(work.resolve("autotrain"));
    Process archive = new ProcessBuilder("sh", "-c", "git -C \"$0\" archive HEAD src/autotrain | tar -x -C \"$1\"",
        AUTOTRAIN_MIRROR.toString(), src.toString()).redirectErrorStream(true).start();
    String archived = new String(archive.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(archive.waitFor(2, TimeUnit.MINUTES) && archive.exitValue() == 0).as(archived).isTrue();
    HubDatasets.TrlFiles trl = HubDatasets.writeTrlFiles(DatasetUpload.of(DATA), Files.createDirectory(work.resolve("t")));
    HubDatasets.TrlFiles autoTrain = HubDatasets.writeAutoTrainFiles(DatasetUpload.of(DATA),
        Files.createDirectory(work.resolve("a")));
    Path script = work.resolve("dpo_rows.py");
    try (var in = getClass().getResourceAsStream("/autotrain/dpo_rows.py")) {
      Files.copy(in, script);
    }
    ProcessBuilder builder = new ProcessBuilder(python.toString(), script.toString(), src.resolve("src").toString(),
        model.toString(), autoTrain.files().get(0).source().toString(), trl.files().get(0).source().toString());
    TinyModel.offline(builder);
    Process process = builder.redirectError(work.resolve("stderr.txt").toFile()).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(3, TimeUnit.MINUTES) && process.exitValue() == 0)
        .as(Files.readString(work.resolve("stderr.txt"))).isTrue();

    JsonNode results = MAPPER.readTree(out);
    assertThat(results.size()).isEqualTo(rows(DATA).size());
    for (JsonNode row : results) {
      assertThat(row.get("autotrain")).isEqualTo(row.get("expected"));
      assertThat(row.path("autotrain").path("prompt").asText()).contains(row.path("question").asText());
      assertThat(row.path("old_shape_prompt").asText()).as("the TRL shape loses the prompt")
          .doesNotContain(row.path("question").asText());
    }
  }
}
