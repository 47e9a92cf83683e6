package dev.finetune4j.huggingface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.dataset.DatasetFormat;
import dev.finetune4j.dataset.DatasetRules;
import dev.finetune4j.dataset.DatasetUpload;
import dev.finetune4j.dataset.DatasetValidator;
import dev.finetune4j.dataset.ExampleKind;
import dev.finetune4j.dataset.Finding;
import dev.finetune4j.dataset.FindingCode;
import dev.finetune4j.dataset.UploadedDataset;
import dev.finetune4j.dataset.ValidationReport;
import dev.finetune4j.spi.http.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsWireTest extends WireTestSupport {
  @TempDir
  Path dir;

  @Test
  void openAiPreferenceDataIsCommittedInTrlPreferenceShape() throws Exception {
    String line = "{\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]},"
        + "\"preferred_output\":[{\"role\":\"assistant\",\"content\":\"Hello!\"}],"
        + "\"non_preferred_output\":[{\"role\":\"assistant\",\"content\":\"Go away\"}]}\n";
    Path file = Files.writeString(dir.resolve("prefs.jsonl"), line);
    enqueueJson("{\"url\":\"u\",\"id\":\"alice/prefs\"}");
    enqueueJson("{\"files\":[{\"path\":\"train.jsonl\",\"uploadMode\":\"regular\"}]}");
    enqueueJson("{\"commitOid\":\"abc1234\",\"commitUrl\":\"u\"}");

    UploadedDataset data = hf.datasets().upload(DatasetUpload.builder().training(file).name("prefs").build());

    assertThat(data.training().id()).isEqualTo("alice/prefs@abc1234:train.jsonl");
    assertThat(data.validation()).isEmpty();
    RecordedRequest create = take();
    assertThat(json(create).path("private").asBoolean()).isTrue();
    take();
    String ndjson = take().getBody().utf8();
    String fileLine = ndjson.split("\n")[1];
    String content = new String(Base64.getDecoder().decode(
        Json.parse(fileLine).path("value").path("content").asText()), StandardCharsets.UTF_8);
    assertThat(json(content.strip())).isEqualTo(json("{\"prompt\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
        + "\"chosen\":[{\"role\":\"assistant\",\"content\":\"Hello!\"}],"
        + "\"rejected\":[{\"role\":\"assistant\",\"content\":\"Go away\"}]}"));
  }

  @Test
  void anExampleOverTheJobsMaxLengthIsAnEstimatedWarningAndTheUploadGoesAhead() throws Exception {
    // about 1,500 estimated tokens, over the default job's max_length of 1,024
    String line = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + "word ".repeat(1200) + "\"},"
        + "{\"role\":\"assistant\",\"content\":\"ok\"}]}\n";
    Path file = Files.writeString(dir.resolve("long.jsonl"), line);
    enqueueJson("{\"url\":\"u\",\"id\":\"alice/long\"}");
    enqueueJson("{\"files\":[{\"path\":\"train.jsonl\",\"uploadMode\":\"regular\"}]}");
    enqueueJson("{\"commitOid\":\"abc1234\",\"commitUrl\":\"u\"}");

    UploadedDataset data = hf.datasets().upload(DatasetUpload.builder().training(file).name("long")
        .targetModel("Qwen/Qwen2.5-0.5B-Instruct").build());
    ValidationReport report = DatasetValidator.builder()
        .rules(hf.datasets().rules("Qwen/Qwen2.5-0.5B-Instruct")).build().validate(file);

    assertThat(data.training().id()).isEqualTo("alice/long@abc1234:train.jsonl");
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(report.isValid()).isTrue();
    assertThat(report.findings()).singleElement().satisfies(f -> {
      assertThat(f.code()).isEqualTo(FindingCode.OVER_TOKEN_LIMIT);
      assertThat(f.severity()).isEqualTo(Finding.Severity.WARNING);
      assertThat(f.message()).contains("(estimated)", "more than the 1024");
    });
    assertThat(report.statistics().exactCounts()).isFalse();
    assertThat(report.statistics().tokenLimit()).hasValue(1024);
  }

  @Test
  void theRulesForAJobFollowItsMaxLength() {
    DatasetRules rules = HuggingFaceDatasetRules.forJob(HuggingFaceJobOptions.builder().maxLength(4096).build());

    assertThat(rules.maxTokensPerExample()).hasValue(4096);
    assertThat(rules.overLimit()).contains(DatasetRules.OverLimit.TRUNCATED);
    assertThat(rules.exactCounts()).isFalse();
    assertThat(rules.minExamples()).isEqualTo(1);
    assertThat(HuggingFaceDatasetRules.defaults())
        .isEqualTo(HuggingFaceDatasetRules.forJob(HuggingFaceJobOptions.defaults()))
        .isEqualTo(hf.datasets().rules("meta-llama/Llama-3.1-8B-Instruct"));
  }

  @Test
  void hubAndLocalDatasetsTrainOnTrlsFormatOfEachKind(@TempDir Path work) {
    Map<ExampleKind, DatasetFormat> trl = Map.of(
        ExampleKind.CHAT, DatasetFormat.TRL_MESSAGES,
        ExampleKind.PROMPT_COMPLETION, DatasetFormat.TRL_PROMPT_COMPLETION,
        ExampleKind.PREFERENCE, DatasetFormat.TRL_PREFERENCE);
    try (LocalFineTuning local = LocalFineTuning.create(LocalTraining.builder().namespace("local")
        .workingDirectory(work).build(), model -> LocalServer.builder())) {
      trl.forEach((kind, format) -> {
        assertThat(hf.datasets().trainingFormat(kind)).isEqualTo(format);
        assertThat(local.datasets().trainingFormat(kind)).isEqualTo(format);
      });
    }
  }

  @Test
  void askingForTheRulesOfABlankModelIsAnError() {
    assertThatThrownBy(() -> hf.datasets().rules(" ")).hasMessage("targetModel must not be blank");
  }

  @Test
  void deletingAFileCommitsItsDeletion() throws Exception {
    enqueueJson("{\"commitOid\":\"d1\",\"commitUrl\":\"u\"}");

    hf.datasets().delete("alice/prefs@abc1234:train.jsonl");

    RecordedRequest commit = take();
    assertThat(commit.getTarget()).isEqualTo("/api/datasets/alice/prefs/commit/main");
    assertThat(commit.getBody().utf8()).endsWith("{\"key\":\"deletedFile\",\"value\":{\"path\":\"train.jsonl\"}}\n");
  }
}
