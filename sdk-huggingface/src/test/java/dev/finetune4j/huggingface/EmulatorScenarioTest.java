package dev.finetune4j.huggingface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.ClientOptions;
import dev.finetune4j.dataset.DatasetUpload;
import dev.finetune4j.dataset.DatasetValidationException;
import dev.finetune4j.dataset.UploadedDataset;
import dev.finetune4j.RetryPolicy;
import dev.finetune4j.job.Hyperparameter;
import dev.finetune4j.job.Hyperparameters;
import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobListener;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.JobStatus;
import dev.finetune4j.job.TrainingMethod;
import dev.finetune4j.job.TrainingMetrics;
import dev.finetune4j.job.WaitOptions;
import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.model.ChatResponse;
import dev.finetune4j.model.Deployment;
import dev.finetune4j.testkit.Fault;
import dev.finetune4j.testkit.VirtualClock;
import dev.finetune4j.testkit.huggingface.HuggingFaceFaults;
import dev.finetune4j.testkit.huggingface.HuggingFaceEmulator;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The whole flow against the Hugging Face emulator, on its virtual clock. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EmulatorScenarioTest {
  @TempDir
  Path dir;

  private HuggingFaceEmulator emulator;
  private HuggingFace hf;
  private VirtualClock time;

  @BeforeEach
  void start() {
    emulator = HuggingFaceEmulator.builder().clock(VirtualClock.manual()).closeLogStreamAtEnd(true).build().start();
    time = emulator.clock();
    hf = HuggingFace.builder()
        .apiKey(emulator.token())
        .hubUrl(emulator.hubUrl())
        .endpointsUrl(emulator.endpointsUrl())
        .routerUrl(emulator.routerUrl() + "/v1")
        .options(ClientOptions.builder()
            .clock(time.asClock())
            .sleeper(time::advance)
            .retryPolicy(RetryPolicy.builder().sleeper(time::advance).build())
            .build())
        .logReadTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300))
        .build();
  }

  @AfterEach
  void stop() {
    hf.close();
    emulator.close();
  }

  Path chatFile(String name, int examples) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < examples; i++) {
      sb.append("{\"messages\":[{\"role\":\"user\",\"content\":\"What goes into recipe ").append(i)
          .append("?\"},{\"role\":\"assistant\",\"content\":\"Flour, water and ").append(i).append(" eggs.\"}]}\n");
    }
    return Files.writeString(dir.resolve(name), sb.toString());
  }

  @Test
  void anUploadCreatesAPrivateDatasetRepositoryWithTheTrlFiles() throws Exception {
    UploadedDataset data = hf.datasets().upload(DatasetUpload.builder().training(chatFile("t.jsonl", 20))
        .validation(chatFile("v.jsonl", 5)).name("recipes").build());

    assertThat(data.training().id()).matches("emulator-user/recipes@[0-9a-f]{7,}:train\\.jsonl");
    assertThat(data.validation().orElseThrow().id()).endsWith(":test.jsonl");
    RepoInfo info = hf.hub().repository(RepoId.dataset("emulator-user/recipes"));
    assertThat(info.isPrivate()).isTrue();
    assertThat(info.files()).contains("train.jsonl", "test.jsonl");
    try (InputStream in = hf.datasets().download(data.training().id())) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).startsWith("{\"messages\":[");
    }
    assertThat(hf.datasets().retrieve(data.training().id()).bytes()).isEqualTo(data.training().bytes());
  }

  @Test
  void anAutoTrainUploadStoresPreferenceRowsAsWholeConversationsUnderItsOwnNames() throws Exception {
    Path preference = dev.finetune4j.testsupport.PythonEnvironment.repositoryRoot()
        .resolve("examples/data/recipes-preference.jsonl");
    try (AutoTrain autoTrain = AutoTrain.builder().baseUrl("http://localhost:1").apiKey(emulator.token()).build()) {
      UploadedDataset data = autoTrain.upload(hf, DatasetUpload.builder().training(preference).name("prefs").build());

      assertThat(data.training().id()).matches("emulator-user/prefs@[0-9a-f]{7,}:autotrain-train\\.jsonl");
      assertThat(hf.hub().repository(RepoId.dataset("emulator-user/prefs")).files()).contains("autotrain-train.jsonl")
          .doesNotContain("train.jsonl");
      try (InputStream in = hf.datasets().download(data.training().id())) {
        var row = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElseThrow());
        assertThat(row.path("chosen").get(0).path("role").asText()).isEqualTo("system");
        assertThat(row.path("chosen").get(row.path("chosen").size() - 1).path("role").asText()).isEqualTo("assistant");
        assertThat(row.path("chosen").size()).isEqualTo(row.path("prompt").size() + 1);
      }
      AutoTrain.projectBody("p", JobSpec.builder().baseModel("m/m").data(data)
          .method(TrainingMethod.preference(Hyperparameters.auto(), Hyperparameter.AUTO)).build(),
          "spaces-a10g-large", "emulator-user");
    }
  }

  @Test
  void anInvalidFileIsRefusedBeforeAnythingIsSent() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"messages\":[{\"role\":\"user\"}]}\nnot json\n");
    emulator.clearRequests();

    assertThatThrownBy(() -> hf.datasets().upload(DatasetUpload.of(bad)))
        .isInstanceOf(DatasetValidationException.class);
    assertThat(emulator.requests()).isEmpty();
  }

  @Test
  void aTrlJobRunsToCompletionUnderTheWaiterAndPushesTheModel() throws Exception {
    UploadedDataset data = hf.datasets().upload(DatasetUpload.builder().training(chatFile("t.jsonl", 40))
        .name("recipes").build());
    Job job = hf.jobs().create(JobSpec.builder().baseModel("Qwen/Qwen2.5-0.5B-Instruct").data(data)
        .method(TrainingMethod.supervised(Hyperparameters.builder().epochs(2).build()))
        .option(HuggingFaceJobOptions.builder().outputModelName("recipes-model").loggingSteps(2).build())
        .build());
    List<TrainingMetrics> metrics = new ArrayList<>();
    List<JobStatus> statuses = new ArrayList<>();

    Job done = hf.jobs().waitFor(job.id(), WaitOptions.builder().sleeper(time::advance).clock(time.asClock())
        .pollInterval(Duration.ofSeconds(10), Duration.ofSeconds(30))
        .listener(new JobListener() {
          @Override
          public void onStatusChange(Job j, JobStatus previous) {
            statuses.add(j.status());
          }

          @Override
          public void onMetrics(TrainingMetrics m) {
            metrics.add(m);
          }
        }).build());

    assertThat(done.status()).as(String.valueOf(done.raw())).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(done.fineTunedModel()).contains("emulator-user/recipes-model");
    assertThat(statuses).endsWith(JobStatus.SUCCEEDED);
    assertThat(metrics).isNotEmpty();
    assertThat(metrics).extracting(TrainingMetrics::step).isSorted();
    assertThat(metrics.stream().filter(m -> m.trainLoss().isPresent())).isNotEmpty();
    assertThat(hf.models().retrieve("emulator-user/recipes-model").id()).isEqualTo("emulator-user/recipes-model");
  }

  @Test
  void anUnslothJobRunsItsScriptToCompletion() throws Exception {
    UploadedDataset data = hf.datasets().upload(DatasetUpload.builder().training(chatFile("t.jsonl", 12))
        .name("recipes").build());
    Job job = hf.jobs().create(JobSpec.builder().baseModel("unsloth/Qwen2.5-0.5B-Instruct").data(data)
        .option(HuggingFaceJobOptions.builder().trainer(Trainer.UNSLOTH).outputModelName("unsloth-model").build())
        .build());
    time.advance(Duration.ofHours(1));

    Job done = hf.jobs().retrieve(job.id());

    assertThat(done.status()).as(String.valueOf(done.raw())).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(done.fineTunedModel()).contains("emulator-user/unsloth-model");
    assertThat(hf.hub().repository(RepoId.dataset("emulator-user/finetune4j-scripts")).files())
        .anyMatch(f -> f.startsWith("scripts/finetune4j-unsloth-"));
    assertThat(hf.hub().repository(RepoId.dataset("emulator-user/recipes")).files())
        .noneMatch(f -> f.startsWith("scripts/"));
  }

  @Test
  void aRepeatedCreateWithTheSameKeyFindsTheFirstJob() throws Exception {
    UploadedDataset data = hf.datasets().upload(DatasetUpload.builder().training(chatFile("t.jsonl", 12))
        .name("recipes").build());
    JobSpec spec = JobSpec.builder().baseModel("Qwen/Qwen2.5-0.5B-Instruct").data(data).idempotencyKey("run-1")
        .build();

    Job first = hf.jobs().create(spec);
    Job second = hf.jobs().create(spec);

    assertThat(second.id()).isEqualTo(first.id());
    assertThat(emulator.requests("POST", "/api/jobs/")).hasSize(1);
  }

  @Test
  void aJobCreateWhoseAnswerIsLostIsNotStartedTwice() throws Exception {
    UploadedDataset data = hf.datasets().upload(DatasetUpload.builder().training(chatFile("t.jsonl", 12))
        .name("recipes").build());
    emulator.faults().inject(Fault.dropResponseAfterProcessing().forRequests("POST", "/api/jobs/").times(1));

    Job job = hf.jobs().create(JobSpec.builder().baseModel("Qwen/Qwen2.5-0.5B-Instruct").data(data).build());

    assertThat(hf.jobs().list().toList()).extracting(Job::id).containsExactly(job.id());
    assertThat(emulator.requests("POST", "/api/jobs/")).hasSize(1);
  }

  @Test
  void rateLimitsAndConflictingOperationsAreWaitedOutDuringAnUpload() throws Exception {
    emulator.faults().inject(HuggingFaceFaults.conflictingOperation().forRequests("POST", "/api/repos/create")
        .times(1));
    emulator.faults().inject(HuggingFaceFaults.rateLimited(Duration.ofSeconds(20))
        .forRequests("POST", "/api/datasets/").times(1));

    UploadedDataset data = hf.datasets().upload(DatasetUpload.builder().training(chatFile("t.jsonl", 12))
        .name("recipes").build());

    assertThat(hf.datasets().retrieve(data.training().id()).filename()).isEqualTo("train.jsonl");
    assertThat(emulator.faults().fired()).hasSize(2);
  }

  @Test
  void followingTheLogEndsWithTheJob() throws Exception {
    UploadedDataset data = hf.datasets().upload(DatasetUpload.builder().training(chatFile("t.jsonl", 12))
        .name("recipes").build());
    Job job = hf.jobs().create(JobSpec.builder().baseModel("Qwen/Qwen2.5-0.5B-Instruct").data(data)
        .option(HuggingFaceJobOptions.builder().loggingSteps(1).build()).build());
    time.advance(Duration.ofHours(1));
    List<String> lines = new ArrayList<>();

    Job end = hf.jobs().followLogs(job.id(), e -> lines.add(e.message()));

    assertThat(end.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(lines).anyMatch(l -> l.startsWith("{'loss'"));
    assertThat(lines).doesNotHaveDuplicates();
  }

  @Test
  void aDeployedModelAnswersChatThroughItsEndpoint() throws Exception {
    UploadedDataset data = hf.datasets().upload(DatasetUpload.builder().training(chatFile("t.jsonl", 12))
        .name("recipes").build());
    Job job = hf.jobs().create(JobSpec.builder().baseModel("Qwen/Qwen2.5-0.5B-Instruct").data(data)
        .option(HuggingFaceJobOptions.builder().outputModelName("recipes-model").build()).build());
    time.advance(Duration.ofHours(1));
    assertThat(hf.jobs().retrieve(job.id()).fineTunedModel()).contains("emulator-user/recipes-model");
    // a LoRA job (the default) pushes the merged model, which vLLM serves, not the adapter
    assertThat(hf.hub().repository(RepoId.model("emulator-user/recipes-model")).files())
        .contains("config.json", "model.safetensors").doesNotContain("adapter_config.json");
    assertThat(hf.jobs().events(job.id())).anyMatch(e -> e.message().startsWith("Merged the adapter in"));

    Deployment deployment = hf.models().deploy("emulator-user/recipes-model", Duration.ofMinutes(30));
    ChatResponse answer = hf.chat(deployment.model())
        .complete(List.of(ChatMessage.user("What goes into recipe 3?")));

    assertThat(deployment.ready()).isTrue();
    assertThat(deployment.url()).isPresent();
    assertThat(answer.message().content()).contains("Flour, water and 3 eggs.");
    hf.models().undeploy(deployment.name());
    assertThat(hf.endpoints().list()).isEmpty();
  }
}
