package dev.finetune4j.portable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.RawJson;
import dev.finetune4j.error.MigrationRefusedException;
import dev.finetune4j.job.Hyperparameter;
import dev.finetune4j.job.Hyperparameters;
import dev.finetune4j.job.TrainingMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortableJobTest {
  @TempDir
  Path dir;

  static PortableJob job(Path dir, TrainingMethod method, String trainingText) throws Exception {
    Path training = Files.writeString(dir.resolve("training.jsonl"), trainingText);
    return PortableJob.builder()
        .source(new PortableJob.Source("openai", "ftjob-1", Optional.of("ft:gpt-4.1-mini-2025-04-14:org:recipes:x1"),
            "succeeded", OptionalLong.of(1234)))
        .baseModel("gpt-4.1-mini-2025-04-14")
        .method(method)
        .suffix("recipes")
        .seed(42)
        .file(new PortableJob.PortableFile("training", "training.jsonl", "file-1", Files.size(training),
            PortableJob.sha256(training)))
        .finalMetric("train_loss", 0.25)
        .checkpoint(new PortableJob.PortableCheckpoint("ft:gpt-4.1-mini-2025-04-14:org:recipes:x1:ckpt-step-10", 10,
            Map.of("train_loss", 0.3)))
        .build();
  }

  private static final TrainingMethod SFT = TrainingMethod.supervised(Hyperparameters.builder().epochs(3)
      .batchSize(2).learningRateMultiplier(1.8).build());

  @Test
  void writtenAndReadBackItIsEqualForEachMethod() throws Exception {
    RawJson grader = RawJson.parse("{\"type\":\"string_check\",\"name\":\"g\",\"input\":\"{{sample.output_text}}\","
        + "\"reference\":\"{{item.answer}}\",\"operation\":\"eq\"}");
    for (TrainingMethod method : new TrainingMethod[] {SFT,
        TrainingMethod.preference(Hyperparameters.builder().epochs(2).build(), Hyperparameter.of(0.1)),
        TrainingMethod.reinforcement(grader).evalSamples(Hyperparameter.of(4)).reasoningEffort("low").build()}) {
      PortableJob job = job(dir, method, "{\"messages\":[]}\n");
      job.writeTo(dir.resolve(PortableJob.FILE_NAME));

      PortableJob read = PortableJob.read(dir.resolve(PortableJob.FILE_NAME));

      assertThat(read).isEqualTo(job);
      assertThat(read.method()).isEqualTo(method);
    }
  }

  @Test
  void theJsonNamesItsSchemaVersionAndWritesAutoAsAString() throws Exception {
    String json = job(dir, TrainingMethod.supervised(), "x\n").toJson();

    assertThat(json).contains("\"schemaVersion\" : \"1.0\"").contains("\"epochs\" : \"auto\"");
  }

  @Test
  void aNewerMinorVersionWithUnknownFieldsIsRead() throws Exception {
    String json = job(dir, SFT, "x\n").toJson().replace("\"1.0\"", "\"1.7\"")
        .replace("\"baseModel\"", "\"comesLater\" : {\"a\" : 1},\n  \"baseModel\"");

    assertThat(PortableJob.fromJson(json, "job.json").baseModel()).isEqualTo("gpt-4.1-mini-2025-04-14");
  }

  @Test
  void anotherMajorVersionIsRefusedNamingTheFileAndField() throws Exception {
    Path file = Files.writeString(dir.resolve("job.json"), job(dir, SFT, "x\n").toJson().replace("\"1.0\"", "\"2.0\""));

    assertThatThrownBy(() -> PortableJob.read(file))
        .isInstanceOfSatisfying(MigrationRefusedException.class, e -> {
          assertThat(e.reason()).isEqualTo(MigrationRefusedException.Reason.INVALID_DESCRIPTION);
          assertThat(e.getMessage()).contains(file.toString(), "schemaVersion", "2.0", "1.x");
        });
  }

  @Test
  void aMissingRequiredFieldIsRefusedByName() throws Exception {
    String json = job(dir, SFT, "x\n").toJson().replace("\"baseModel\"", "\"baseModelX\"");

    assertThatThrownBy(() -> PortableJob.fromJson(json, "job.json"))
        .isInstanceOf(MigrationRefusedException.class).hasMessageContaining("baseModel");
  }

  @Test
  void aFileThatChangedSinceTheExportIsRefused() throws Exception {
    PortableJob job = job(dir, SFT, "{\"messages\":[]}\n");
    Files.writeString(dir.resolve("training.jsonl"), "{\"messages\":[1]}\n");

    assertThatThrownBy(() -> job.verifyFiles(dir))
        .isInstanceOfSatisfying(MigrationRefusedException.class, e -> {
          assertThat(e.reason()).isEqualTo(MigrationRefusedException.Reason.FILE_MISMATCH);
          assertThat(e.problems()).singleElement().asString().contains("training.jsonl", "sha256");
        });
  }

  @Test
  void aFilePathOutsideTheDirectoryIsRejected() {
    assertThatThrownBy(() -> new PortableJob.PortableFile("training", "../x.jsonl", "file-1", 1, "0".repeat(64)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inside");
  }
}
