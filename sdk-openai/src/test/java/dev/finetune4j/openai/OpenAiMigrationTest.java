package dev.finetune4j.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.ClientOptions;
import dev.finetune4j.RetryPolicy;
import dev.finetune4j.dataset.DatasetUpload;
import dev.finetune4j.dataset.UploadedDataset;
import dev.finetune4j.error.MigrationRefusedException;
import dev.finetune4j.job.Hyperparameter;
import dev.finetune4j.job.Hyperparameters;
import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.TrainingMethod;
import dev.finetune4j.portable.PortableJob;
import dev.finetune4j.testkit.VirtualClock;
import dev.finetune4j.testkit.openai.OpenAiEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inventory and export of an OpenAI account, against the emulator. */
class OpenAiMigrationTest {
  private static final String MODEL = "gpt-4o-mini-2024-07-18";

  @TempDir
  Path dir;

  private final VirtualClock time = VirtualClock.manual();
  private OpenAiEmulator emulator;
  private OpenAi openai;

  @BeforeEach
  void start() {
    emulator = OpenAiEmulator.builder().clock(time).build().start();
    openai = OpenAi.builder().apiKey(OpenAiEmulator.DEFAULT_API_KEY).baseUrl(emulator.baseUrl())
        .options(ClientOptions.builder().retryPolicy(RetryPolicy.builder().sleeper(time::sleep).build())
            .sleeper(time::sleep).clock(time.asClock()).build())
        .build();
  }

  @AfterEach
  void stop() {
    openai.close();
    emulator.close();
  }

  private Job trainedJob(String model, TrainingMethod method) {
    boolean dpo = method instanceof TrainingMethod.Preference;
    UploadedDataset data = openai.datasets().upload(DatasetUpload.builder()
        .training(dpo ? preferenceData("train.jsonl", 0, 20) : WireTestSupport.chatData(dir, "train.jsonl", 0, 20))
        .validation(dpo ? preferenceData("valid.jsonl", 100, 5) : WireTestSupport.chatData(dir, "valid.jsonl", 100, 5))
        .targetModel(model).build());
    Job job = openai.jobs().create(JobSpec.builder().baseModel(model).data(data).suffix("recipes").seed(7)
        .method(method).build());
    time.advance(Duration.ofHours(2));
    return openai.jobs().retrieve(job.id());
  }

  private Path preferenceData(String name, int first, int count) {
    StringBuilder lines = new StringBuilder();
    for (int i = first; i < first + count; i++) {
      lines.append("{\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"Recipe ").append(i)
          .append("?\"}]},\"preferred_output\":[{\"role\":\"assistant\",\"content\":\"Soup ").append(i)
          .append(".\"}],\"non_preferred_output\":[{\"role\":\"assistant\",\"content\":\"No.\"}]}\n");
    }
    try {
      return Files.writeString(dir.resolve(name), lines);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void inventoryListsEachJobWithItsResolvedSettingsFilesAndTheBaseModelsShutdownDate() throws Exception {
    Job job = trainedJob(MODEL, TrainingMethod.supervised(Hyperparameters.builder().epochs(2).build()));

    OpenAiInventory inventory = openai.migration().inventory();

    OpenAiInventory.JobEntry entry = inventory.jobs().get(0);
    assertThat(entry.jobId()).isEqualTo(job.id());
    assertThat(entry.status()).isEqualTo("succeeded");
    assertThat(entry.method()).isInstanceOf(TrainingMethod.Supervised.class);
    assertThat(entry.method().hyperparameters().epochs()).isEqualTo(Hyperparameter.of(2));
    assertThat(entry.method().hyperparameters().batchSize().isAuto()).isFalse();   // resolved by OpenAI
    assertThat(entry.suffix()).contains("recipes");
    assertThat(entry.seed()).hasValue(7);
    assertThat(entry.training().downloadable()).isTrue();
    assertThat(entry.training().bytes()).hasValue(Files.size(dir.resolve("train.jsonl")));
    assertThat(entry.trainedTokens()).isPresent();
    assertThat(entry.baseModelShutdown()).contains(LocalDate.of(2027, 1, 14));
    assertThat(entry.modelAvailable()).isTrue();
    assertThat(inventory.models()).extracting(m -> m.id()).containsExactly(job.fineTunedModel().orElseThrow());
    assertThat(inventory.table()).contains(job.id(), "2027-01-14", "downloadable", job.fineTunedModel().get());
    assertThat(WireTestSupport.json(inventory.toJson()).at("/jobs/0/method/hyperparameters/epochs").asInt()).isEqualTo(2);
    assertThat(WireTestSupport.json(inventory.toJson()).at("/jobs/0/baseModelShutdownDate").asText())
        .isEqualTo("2027-01-14");
  }

  @Test
  void aBaseModelWithoutAnnouncedShutdownHasNoDate() throws Exception {
    trainedJob("gpt-3.5-turbo-0125", TrainingMethod.supervised());

    OpenAiInventory.JobEntry entry = openai.migration().inventory().jobs().get(0);

    assertThat(entry.baseModelShutdown()).isEmpty();
    assertThat(WireTestSupport.json(openai.migration().inventory().toJson()).at("/jobs/0/baseModelShutdownDate")
        .isNull()).isTrue();
  }

  @Test
  void exportDownloadsTheFilesAndWritesADescriptionThatReadsBackEqual() throws Exception {
    Job job = trainedJob(MODEL, TrainingMethod.preference(Hyperparameters.builder().epochs(1).build(),
        Hyperparameter.of(0.2)));
    Path out = dir.resolve("export");

    PortableJob exported = openai.migration().export(job.id(), out);

    assertThat(Files.readString(out.resolve("training.jsonl"))).isEqualTo(Files.readString(dir.resolve("train.jsonl")));
    assertThat(exported.training().bytes()).isEqualTo(Files.size(dir.resolve("train.jsonl")));
    assertThat(exported.training().sha256()).isEqualTo(PortableJob.sha256(dir.resolve("train.jsonl")));
    assertThat(exported.validation()).isPresent();
    assertThat(exported.method()).isEqualTo(TrainingMethod.preference(exported.method().hyperparameters(),
        Hyperparameter.of(0.2)));
    assertThat(exported.source().fineTunedModel()).isEqualTo(job.fineTunedModel());
    assertThat(exported.checkpoints()).isNotEmpty();
    assertThat(exported.finalMetrics()).containsKey("train_loss");
    assertThat(exported.suffix()).contains("recipes");
    assertThat(PortableJob.read(out.resolve(PortableJob.FILE_NAME))).isEqualTo(exported);
    exported.verifyFiles(out);
  }

  @Test
  void exportRefusesAJobWhoseTrainingFileIsDeletedAtOpenAi() {
    Job job = trainedJob(MODEL, TrainingMethod.supervised());
    openai.files().delete(job.trainingFile().orElseThrow());

    assertThat(openai.migration().inventory().jobs().get(0).exportable()).isFalse();
    assertThat(openai.migration().inventory().table()).contains("DELETED");
    assertThatThrownBy(() -> openai.migration().export(job.id(), dir.resolve("export")))
        .isInstanceOfSatisfying(MigrationRefusedException.class, e -> {
          assertThat(e.reason()).isEqualTo(MigrationRefusedException.Reason.FILES_DELETED);
          assertThat(e.problems()).singleElement().asString().contains(job.trainingFile().get(), "deleted");
        });
    assertThat(dir.resolve("export")).doesNotExist();
  }

  @Test
  void defaultModelsMapTheSameModelOnAzureAndAnOpenModelOnHuggingFace() {
    assertThat(OpenAiMigration.defaultModels().target("azure", "gpt-4.1-mini-2025-04-14"))
        .contains("gpt-4.1-mini-2025-04-14");
    assertThat(OpenAiMigration.defaultModels().target("huggingface", "gpt-4.1-mini-2025-04-14"))
        .contains("Qwen/Qwen2.5-3B-Instruct");
    assertThat(OpenAiMigration.defaultModels().target("azure", "gpt-3.5-turbo-0125")).isEmpty();
    assertThat(OpenAiMigration.defaultModels().target("huggingface-local", MODEL)).isEmpty();
  }
}
