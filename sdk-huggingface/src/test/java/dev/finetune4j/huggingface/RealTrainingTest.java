package dev.finetune4j.huggingface;

import static org.assertj.core.api.Assertions.assertThat;

import dev.finetune4j.dataset.DatasetSplitter;
import dev.finetune4j.dataset.DatasetUpload;
import dev.finetune4j.dataset.UploadedDataset;
import dev.finetune4j.eval.Candidate;
import dev.finetune4j.eval.EvalReport;
import dev.finetune4j.eval.EvalSet;
import dev.finetune4j.eval.Evaluation;
import dev.finetune4j.eval.Scorers;
import dev.finetune4j.huggingface.internal.TrainingPlan;
import dev.finetune4j.huggingface.internal.TrlCommand;
import dev.finetune4j.job.Hyperparameter;
import dev.finetune4j.job.Hyperparameters;
import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobEvent;
import dev.finetune4j.job.JobListener;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.JobStatus;
import dev.finetune4j.job.TrainingMethod;
import dev.finetune4j.job.TrainingMetrics;
import dev.finetune4j.job.WaitOptions;
import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.model.Deployment;
import dev.finetune4j.testsupport.PythonEnvironment;
import dev.finetune4j.testsupport.TinyModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real engines in the loop: {@code trl sft} and {@code trl dpo}, exactly as the SDK generates them, train the
 * tiny locally-made model on the example data on the CPU; {@code transformers serve} serves the result; the
 * evaluation harness compares it with the untrained base. No network.
 */
class RealTrainingTest {
  private static final Path DATA = PythonEnvironment.repositoryRoot().resolve("examples/data");
  private static Path model;

  @TempDir
  Path work;

  @BeforeAll
  static void tinyModel() {
    model = TinyModel.path();
  }

  private LocalTraining local() {
    return LocalTraining.builder().namespace("local").workingDirectory(work)
        .trlExecutable(PythonEnvironment.executable("trl").toString())
        .pythonExecutable(PythonEnvironment.python().toString())
        .environment("HF_HUB_OFFLINE", "1").environment("HF_DATASETS_OFFLINE", "1")
        .environment("TRANSFORMERS_OFFLINE", "1").environment("HF_HUB_DISABLE_TELEMETRY", "1")
        .build();
  }

  private LocalServer server(Path served) {
    return LocalServer.builder().model(served.toString()).executable(PythonEnvironment.executable("transformers")
        .toString()).environment("HF_HUB_OFFLINE", "1").logFile(work.resolve("serve-" + served.getFileName() + ".log"))
        .build();
  }

  private UploadedDataset chatData(LocalTraining local) {
    Path train = work.resolve("split-train.jsonl");
    Path validation = work.resolve("split-validation.jsonl");
    DatasetSplitter.builder().validationFraction(0.1).seed(7).build()
        .split(DATA.resolve("recipes-train.jsonl"), train, validation);
    return local.prepare(DatasetUpload.builder().training(train).validation(validation).name("recipes").build());
  }

  private static HuggingFaceJobOptions.Builder cpu() {
    return HuggingFaceJobOptions.builder().flavor("cpu-basic").pushToHub(false).loggingSteps(4).maxLength(512);
  }

  /** Follows a run with the same waiter and listener the main job uses, collecting the metrics it hands out. */
  private static Job follow(LocalTraining local, Job job, List<TrainingMetrics> metrics) {
    return local.waitFor(job.id(), WaitOptions.builder().timeout(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(1), Duration.ofSeconds(2))
        .listener(new JobListener() {
          @Override
          public void onMetrics(TrainingMetrics m) {
            metrics.add(m);
          }
        }).build());
  }

  private static List<Double> losses(List<TrainingMetrics> metrics, boolean validation) {
    List<Double> out = new ArrayList<>();
    for (TrainingMetrics m : metrics) {
      (validation ? m.validationLoss() : m.trainLoss()).ifPresent(out::add);
    }
    return out;
  }

  @Test
  void supervisedTrainingLowersTheLossAndTheServedTunedModelBeatsTheBase() throws Exception {
    try (LocalTraining local = local()) {
      JobSpec spec = JobSpec.builder().baseModel(model.toString()).data(chatData(local)).seed(42)
          .method(TrainingMethod.supervised(Hyperparameters.builder().epochs(15).learningRateMultiplier(250).build()))
          .option(cpu().lora(false).loggingSteps(10).build()).build();
      List<TrainingMetrics> metrics = new CopyOnWriteArrayList<>();

      Job job = local.create(spec);
      Job done = follow(local, job, metrics);

      assertThat(done.status()).as(done.error().map(Object::toString).orElse("")).isEqualTo(JobStatus.SUCCEEDED);
      List<Double> loss = losses(metrics, false);
      List<Double> evalLoss = losses(metrics, true);
      assertThat(loss).hasSizeGreaterThanOrEqualTo(5);
      assertThat(loss.get(loss.size() - 1)).isLessThan(loss.get(0) - 1.0);
      assertThat(evalLoss).isNotEmpty();
      assertThat(evalLoss.get(evalLoss.size() - 1)).isLessThan(evalLoss.get(0));
      Path tuned = Path.of(done.fineTunedModel().orElseThrow());
      assertThat(tuned.resolve("config.json")).isRegularFile();
      assertThat(tuned.resolve("model.safetensors")).isRegularFile();

      EvalSet cases = EvalSet.fromJsonl(DATA.resolve("recipes-eval.jsonl")).limit(12);
      try (LocalServer base = server(model).start(); LocalServer served = server(tuned).start()) {
        EvalReport report = Evaluation.builder().evalSet(cases)
            .candidate(Candidate.zeroShot("base", base.chat()).toBuilder().temperature(0).maxCompletionTokens(48)
                .build())
            .candidate(Candidate.zeroShot("tuned", served.chat()).toBuilder().temperature(0)
                .maxCompletionTokens(48).build())
            .scorer(Scorers.tokenF1()).concurrency(2).compare("tuned", "base").build().run();

        double baseF1 = report.candidate("base").orElseThrow().score("token_f1").orElseThrow().mean();
        double tunedF1 = report.candidate("tuned").orElseThrow().score("token_f1").orElseThrow().mean();
        assertThat(report.candidate("tuned").orElseThrow().score("token_f1").orElseThrow().errors()).isZero();
        assertThat(tunedF1).as("tuned %.3f vs base %.3f", tunedF1, baseF1).isGreaterThan(baseF1 + 0.01);
      }
    }
  }

  @Test
  void aLoraJobsCommandMergesForRealPushesTheMergedModelAndItsEndpointAnswers() throws Exception {
    try (dev.finetune4j.testkit.huggingface.HuggingFaceEmulator hub = dev.finetune4j.testkit.huggingface
        .HuggingFaceEmulator.builder().clock(dev.finetune4j.testkit.VirtualClock.manual()).build().start();
        HuggingFace hf = HuggingFace.builder().apiKey(hub.token()).hubUrl(hub.hubUrl())
            .endpointsUrl(hub.endpointsUrl()).options(dev.finetune4j.ClientOptions.builder()
                .clock(hub.clock().asClock()).sleeper(hub.clock()::advance).build()).build();
        LocalTraining local = LocalTraining.builder().namespace(hub.user()).apiKey(hub.token())
            .workingDirectory(work).trlExecutable(PythonEnvironment.executable("trl").toString())
            .pythonExecutable(PythonEnvironment.python().toString())
            .environment("HF_ENDPOINT", hub.hubUrl()).environment("HF_DATASETS_OFFLINE", "1")
            .environment("HF_HUB_DISABLE_TELEMETRY", "1").environment("HF_HUB_DISABLE_XET", "1").build()) {
      JobSpec spec = JobSpec.builder().baseModel(model.toString()).data(chatData(local)).seed(5)
          .method(TrainingMethod.supervised(Hyperparameters.builder().epochs(1).learningRateMultiplier(20).build()))
          .option(cpu().lora(8, 16).pushToHub(true).outputModelName("merged-recipes").build()).build();
      TrainingPlan plan = TrainingPlan.of(spec, hub.user(), "huggingface", Clock.systemUTC());
      // the command a Hugging Face job runs, with this machine's executables and output folder
      List<String> command = local.command(plan, work.resolve("unused.py"), work.resolve("out"));
      assertThat(command).isEqualTo(TrlCommand.job(plan, work.resolve("out").toString(),
          PythonEnvironment.executable("trl").toString(), PythonEnvironment.python().toString()));
      assertThat(command.subList(0, 2)).containsExactly("sh", "-c");

      Job done = follow(local, local.create(spec), new CopyOnWriteArrayList<>());

      assertThat(done.status()).as(() -> local.events(done.id()).stream().map(JobEvent::message)
          .reduce((x, y) -> x + "\n" + y).orElse("")).isEqualTo(JobStatus.SUCCEEDED);
      String repo = hub.user() + "/merged-recipes";
      assertThat(done.fineTunedModel()).contains(repo);
      RepoInfo pushed = hf.hub().repository(RepoId.model(repo));
      assertThat(pushed.files()).contains("config.json", "model.safetensors", "tokenizer.json", "README.md")
          .doesNotContain("adapter_config.json", "adapter_model.safetensors");
      assertThat(pushed.isPrivate()).isTrue();
      assertThat(hf.models().retrieve(repo).fineTuned()).as("the card names the base model").isTrue();

      Path downloaded = Files.createDirectories(work.resolve("downloaded"));
      for (String file : pushed.files()) {
        try (var in = hf.hub().download(RepoId.model(repo), "main", file)) {
          Files.copy(in, downloaded.resolve(file));
        }
      }
      try (LocalServer served = server(downloaded).start()) {
        assertThat(served.chat().complete(List.of(ChatMessage.user("How long do I boil an egg?"))).text())
            .isNotNull();
      }
      Deployment deployment = hf.models().deploy(repo, Duration.ofMinutes(30));
      assertThat(deployment.ready()).isTrue();
      assertThat(hf.chat(deployment.model()).complete(List.of(ChatMessage.user("How long do I boil an egg?")))
          .message().content()).hasValueSatisfying(text -> assertThat(text).isNotBlank());
    }
  }

  @Test
  void aLoraRunRunsTheJobsCommandAndItsMergedAdapterIsServed() throws Exception {
    try (LocalTraining local = local()) {
      JobSpec spec = JobSpec.builder().baseModel(model.toString()).data(chatData(local)).seed(3)
          .method(TrainingMethod.supervised(Hyperparameters.builder().epochs(1).learningRateMultiplier(20).build()))
          .option(cpu().lora(8, 16).build()).build();
      List<TrainingMetrics> metrics = new CopyOnWriteArrayList<>();

      Job job = local.create(spec);
      Job done = follow(local, job, metrics);

      assertThat(done.status()).as(done.error().map(Object::toString).orElse("")).isEqualTo(JobStatus.SUCCEEDED);
      Path adapter = Path.of(done.fineTunedModel().orElseThrow());
      // exactly the command the Jobs path sends, but for the program's path and the output folder
      List<String> expected = new ArrayList<>(TrlCommand.render(TrainingPlan.of(spec, "local", "huggingface",
          Clock.systemUTC()), adapter.toString()));
      expected.set(0, PythonEnvironment.executable("trl").toString());
      assertThat(local.command(TrainingPlan.of(spec, "local", "huggingface", Clock.systemUTC()),
          work.resolve("unused.py"), adapter)).isEqualTo(expected);
      assertThat(expected).contains("--use_peft", "--lora_r", "8", "--eval_strategy", "--seed", "3");
      assertThat(losses(metrics, false)).isNotEmpty();
      assertThat(losses(metrics, true)).isNotEmpty();
      assertThat(adapter.resolve("adapter_config.json")).isRegularFile();
      assertThat(adapter.resolve("adapter_model.safetensors")).isRegularFile();

      Path merged = local.mergeAdapter(adapter, work.resolve("merged"));
      assertThat(merged.resolve("config.json")).isRegularFile();
      assertThat(merged.resolve("adapter_config.json")).doesNotExist();
      try (LocalServer served = server(merged).start()) {
        String answer = served.chat().complete(List.of(ChatMessage.user("Can I use oil instead of butter?"))).text();
        assertThat(answer).isNotNull();
        assertThat(served.isRunning()).isTrue();
      }
    }
  }

  @Test
  void preferenceTrainingRunsTrlDpoOnTheConvertedPreferenceData() throws Exception {
    try (LocalTraining local = local()) {
      UploadedDataset data = local.prepare(DatasetUpload.builder()
          .training(DATA.resolve("recipes-preference.jsonl")).build());
      assertThat(Files.readString(Path.of(data.training().id()))).contains("\"chosen\"", "\"rejected\"");
      JobSpec spec = JobSpec.builder().baseModel(model.toString()).data(data).seed(5)
          .method(TrainingMethod.preference(Hyperparameters.builder().epochs(2).learningRateMultiplier(1000)
              .build(), Hyperparameter.of(0.2)))
          .option(cpu().lora(8, 16).loggingSteps(1).build()).build();
      List<TrainingMetrics> metrics = new CopyOnWriteArrayList<>();

      Job done = follow(local, local.create(spec), metrics);

      assertThat(done.status()).as(done.error().map(Object::toString).orElse("")).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(losses(metrics, false)).isNotEmpty();
      assertThat(metrics.stream().anyMatch(m -> m.other().keySet().stream().anyMatch(k -> k.startsWith("rewards/"))))
          .isTrue();
      assertThat(Path.of(done.fineTunedModel().orElseThrow()).resolve("adapter_model.safetensors")).isRegularFile();
    }
  }
}
