package dev.finetune4j.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.finetune4j.ClientOptions;
import dev.finetune4j.RawJson;
import dev.finetune4j.dataset.DatasetUpload;
import dev.finetune4j.dataset.UploadedDataset;
import dev.finetune4j.RetryPolicy;
import dev.finetune4j.job.Checkpoint;
import dev.finetune4j.job.Hyperparameters;
import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobEvent;
import dev.finetune4j.job.JobListener;
import dev.finetune4j.job.JobQuery;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.JobStatus;
import dev.finetune4j.job.TrainingMethod;
import dev.finetune4j.job.TrainingMetrics;
import dev.finetune4j.job.WaitOptions;
import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.model.ChatRequest;
import dev.finetune4j.model.ChatResponse;
import dev.finetune4j.testkit.Fault;
import dev.finetune4j.testkit.VirtualClock;
import dev.finetune4j.testkit.openai.OpenAiEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole workflows against the stateful OpenAI emulator, on its virtual clock. */
class EmulatorScenarioTest {
  private static final String MODEL = "gpt-4o-mini-2024-07-18";

  @TempDir
  Path dir;

  private final VirtualClock time = VirtualClock.manual();
  private OpenAiEmulator emulator;
  private OpenAi openai;

  @BeforeEach
  void start() {
    emulator = OpenAiEmulator.builder().clock(time).build();
    emulator.start();
    openai = client(OpenAiProtocol.DEFAULT_UPLOAD_THRESHOLD);
  }

  @AfterEach
  void stop() {
    openai.close();
    emulator.close();
  }

  private OpenAi client(long uploadThreshold) {
    return OpenAi.builder()
        .apiKey(OpenAiEmulator.DEFAULT_API_KEY)
        .baseUrl(emulator.baseUrl())
        .options(ClientOptions.builder()
            .retryPolicy(RetryPolicy.builder().sleeper(time::sleep).build())
            .sleeper(time::sleep)
            .clock(time.asClock())
            .build())
        .uploadThreshold(uploadThreshold)
        .uploadPartSize(256 * 1024)
        .build();
  }

  @Test
  void uploadTrainWaitAndChatWithTheFineTunedModel() {
    UploadedDataset data = openai.datasets().upload(DatasetUpload.builder()
        .training(WireTestSupport.chatData(dir, "train.jsonl", 0, 20))
        .validation(WireTestSupport.chatData(dir, "valid.jsonl", 100, 5))
        .targetModel(MODEL).build());
    Job created = openai.jobs().create(JobSpec.builder().baseModel(MODEL).data(data).suffix("recipes")
        .method(TrainingMethod.supervised(Hyperparameters.builder().epochs(2).build()))
        .label("team", "kitchen").build());
    List<JobStatus> statuses = new ArrayList<>();
    List<JobEvent> events = new ArrayList<>();
    List<TrainingMetrics> metrics = new ArrayList<>();

    Job done = openai.jobs().waitFor(created.id(), WaitOptions.builder()
        .clock(time.asClock()).sleeper(time::sleep).timeout(Duration.ofHours(2))
        .listener(new JobListener() {
          @Override
          public void onStatusChange(Job job, JobStatus previous) {
            statuses.add(job.status());
          }

          @Override
          public void onEvent(JobEvent event) {
            events.add(event);
          }

          @Override
          public void onMetrics(TrainingMetrics m) {
            metrics.add(m);
          }
        }).build());

    assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(done.labels()).containsEntry("team", "kitchen");
    assertThat(statuses).last().isEqualTo(JobStatus.SUCCEEDED);
    assertThat(statuses).doesNotHaveDuplicates();
    assertThat(events).isNotEmpty();
    assertThat(events).extracting(JobEvent::createdAt).isSorted();
    assertThat(events).extracting(JobEvent::id).doesNotHaveDuplicates();
    assertThat(metrics).isNotEmpty();
    assertThat(metrics).extracting(TrainingMetrics::step).isSorted();
    List<Checkpoint> checkpoints = openai.jobs().checkpoints(done.id());
    assertThat(checkpoints).extracting(Checkpoint::step).isSorted();

    String model = done.fineTunedModel().orElseThrow();
    assertThat(model).startsWith("ft:" + MODEL).contains("recipes");
    ChatResponse answer = openai.chat(model).complete(ChatRequest.of(List.of(ChatMessage.user("Recipe number 3?"))));
    assertThat(answer.text()).isNotBlank();
    assertThat(answer.usage().totalTokens()).isPositive();
  }

  @Test
  void aJobCanBePausedResumedAndCancelled() {
    String fileId = openai.files().upload(WireTestSupport.chatData(dir, "train.jsonl", 0, 12)).id();
    Job job = openai.jobs().create(JobSpec.builder().baseModel(MODEL).trainingFile(fileId).build());
    time.advance(Duration.ofSeconds(90));

    assertThat(openai.jobs().pause(job.id()).status()).isEqualTo(JobStatus.PAUSED);
    time.advance(Duration.ofHours(1));
    assertThat(openai.jobs().retrieve(job.id()).status()).isEqualTo(JobStatus.PAUSED);
    assertThat(openai.jobs().resume(job.id()).status().isTerminal()).isFalse();
    Job cancelled = openai.jobs().cancel(job.id());

    assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(openai.jobs().retrieve(job.id()).fineTunedModel()).isEmpty();
  }

  @Test
  void anEvalRunsOnAFileAndGradesEveryItem() throws Exception {
    Path items = dir.resolve("eval.jsonl");
    Files.writeString(items, """
        {"question":"Capital of France?","answer":"Paris"}
        {"question":"Capital of Italy?","answer":"Rome"}
        {"question":"Capital of Spain?","answer":"Madrid"}
        """);
    String fileId = openai.files().upload(items, "evals").id();
    RawJson schema = RawJson.parse("{\"type\":\"object\",\"properties\":{\"question\":{\"type\":\"string\"}}}");
    Eval eval = openai.evals().create(EvalSpec.builder().name("capitals").itemSchema(schema, true)
        .testingCriterion(EvalGraders.stringCheck("exact", "{{sample.output_text}}", "{{item.answer}}", "eq"))
        .build());

    EvalRun run = openai.evals().startRun(eval.id(), EvalRunSpec.completions(MODEL, fileId,
        List.of(ChatMessage.system("Answer with one word."), ChatMessage.user("{{item.question}}"))));
    EvalRun done = openai.evals().waitForRun(eval.id(), run.id(), Duration.ofHours(1));

    assertThat(done.status()).isEqualTo("completed");
    assertThat(done.counts().total()).isEqualTo(3);
    List<EvalOutputItem> graded = openai.evals().outputItems(eval.id(), run.id()).toList();
    assertThat(graded).hasSize(3).allSatisfy(i -> assertThat(i.results()).singleElement()
        .satisfies(r -> assertThat(r.name()).isEqualTo("exact")));
    assertThat(graded.stream().filter(i -> i.status().equals("pass")).count()).isEqualTo(done.counts().passed());
  }

  @Test
  void aLargeFileIsUploadedInParts() {
    Path big = WireTestSupport.chatData(dir, "big.jsonl", 0, 5000);
    try (OpenAi small = client(512 * 1024)) {
      UploadedDataset data = small.datasets().upload(DatasetUpload.of(big));

      assertThat(data.training().bytes()).isEqualTo(big.toFile().length());
      assertThat(emulator.requests("POST", "/v1/uploads")).isNotEmpty();
      assertThat(emulator.requests("POST", "/v1/files")).isEmpty();
      assertThat(small.files().retrieve(data.training().id()).filename()).isEqualTo("big.jsonl");
    }
  }

  @Test
  void aCreateWhoseAnswerIsLostDoesNotStartASecondJob() {
    Path training = WireTestSupport.chatData(dir, "train.jsonl", 0, 12);
    String fileId = openai.files().upload(training).id();
    emulator.faults().inject(Fault.dropResponseAfterProcessing().forRequests("POST", "/v1/fine_tuning/jobs"));

    Job job = openai.jobs().create(JobSpec.builder().baseModel(MODEL).trainingFile(fileId).build());

    assertThat(emulator.faults().fired()).hasSize(1);
    assertThat(openai.jobs().list(JobQuery.all()).toList()).extracting(Job::id).containsExactly(job.id());
  }
}
