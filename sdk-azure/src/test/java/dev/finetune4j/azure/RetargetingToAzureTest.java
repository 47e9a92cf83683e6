package dev.finetune4j.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.error.LocalValidationException;
import dev.finetune4j.job.Hyperparameters;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.TrainingMethod;
import dev.finetune4j.openai.OpenAiMigration;
import dev.finetune4j.portable.PortableJob;
import dev.finetune4j.portable.RetargetPlan;
import dev.finetune4j.portable.Retargeting;
import dev.finetune4j.testkit.azure.AzureOpenAiEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Re-targeting an OpenAI job at Azure OpenAI checks Azure's job limits before anything is uploaded. */
class RetargetingToAzureTest {
  private static final String MODEL = "gpt-4.1-mini-2025-04-14";
  /** 41 characters: OpenAI takes up to 64, Azure's dated API versions up to 40, its v1 API up to 64. */
  private static final String SUFFIX = "recipes-from-the-openai-account-moved-now";

  @TempDir
  Path dir;

  private AzureOpenAiEmulator emulator;

  @BeforeEach
  void start() {
    emulator = AzureOpenAiEmulator.builder().build().start();
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private AzureOpenAi azure(AzureApiVersion version) {
    return AzureOpenAi.builder().endpoint(emulator.baseUrl()).apiVersion(version)
        .apiKey(AzureOpenAiEmulator.DEFAULT_API_KEY).build();
  }

  private PortableJob job() throws Exception {
    Path training = Files.writeString(dir.resolve("training.jsonl"), ("{\"messages\":[{\"role\":\"user\","
        + "\"content\":\"Soup?\"},{\"role\":\"assistant\",\"content\":\"Leek soup.\"}]}\n").repeat(10));
    return PortableJob.builder()
        .source(new PortableJob.Source("openai", "ftjob-1", Optional.of("ft:" + MODEL + ":org:" + SUFFIX + ":x1"),
            "succeeded", OptionalLong.of(1234)))
        .baseModel(MODEL)
        .method(TrainingMethod.supervised(Hyperparameters.builder().epochs(3).build()))
        .suffix(SUFFIX)
        .seed(42)
        .file(new PortableJob.PortableFile("training", "training.jsonl", "file-1", Files.size(training),
            PortableJob.sha256(training)))
        .build();
  }

  @Test
  void aSuffixTooLongForADatedApiVersionIsRefusedByThePlanWithNothingUploaded() throws Exception {
    PortableJob job = job();
    try (AzureOpenAi azure = azure(AzureApiVersion.LATEST_GA)) {
      assertThatThrownBy(() -> Retargeting.plan(job, dir, azure, OpenAiMigration.defaultModels(),
          dir.resolve("work")))
          .isInstanceOfSatisfying(LocalValidationException.class, e -> assertThat(e.problems())
              .containsExactly("suffix must be 1 to 40 characters, was 41"));
    }
    assertThat(emulator.requests("POST", "/")).isEmpty();
    assertThat(emulator.requests()).isEmpty();
  }

  @Test
  void aDatedApiVersionRefusesASuffixOutsideItsCharactersWhereV1TakesIt() {
    JobSpec spec = JobSpec.builder().baseModel(MODEL).trainingFile("planned-training").suffix("recipes v2").build();
    try (AzureOpenAi dated = azure(AzureApiVersion.LATEST_GA); AzureOpenAi v1 = azure(AzureApiVersion.V1)) {
      assertThatThrownBy(() -> dated.jobs().check(spec)).isInstanceOfSatisfying(LocalValidationException.class,
          e -> assertThat(e.problems()).containsExactly(
              "suffix may hold only a-z, A-Z, 0-9, - and _ on api-version 2024-10-21, was 'recipes v2'"));
      assertThatCode(() -> v1.jobs().check(spec)).doesNotThrowAnyException();
    }
    assertThat(emulator.requests()).isEmpty();
  }

  @Test
  void theSameSuffixIsPlannedForTheV1Api() throws Exception {
    PortableJob job = job();
    try (AzureOpenAi azure = azure(AzureApiVersion.V1)) {
      RetargetPlan plan = Retargeting.plan(job, dir, azure, OpenAiMigration.defaultModels(), dir.resolve("work"));

      assertThat(plan.baseModel()).isEqualTo(MODEL);
      assertThat(plan.translations()).extracting(RetargetPlan.Translation::describe)
          .anySatisfy(l -> assertThat(l).startsWith("suffix: " + SUFFIX + " -> " + SUFFIX));
    }
    assertThat(emulator.requests()).isEmpty();
  }
}
