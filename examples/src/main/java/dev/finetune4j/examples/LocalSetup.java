package dev.finetune4j.examples;

import dev.finetune4j.FineTuningClient;
import dev.finetune4j.dataset.DatasetStatistics;
import dev.finetune4j.huggingface.HuggingFaceJobOptions;
import dev.finetune4j.huggingface.LocalFineTuning;
import dev.finetune4j.huggingface.LocalServer;
import dev.finetune4j.huggingface.LocalTraining;
import dev.finetune4j.job.Hyperparameters;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.TrainingMethod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --provider local}: real training, serving and evaluation on this machine. TRL trains with exactly the
 * command a Hugging Face job would run (on the CPU here), {@code transformers serve} serves the base and the tuned
 * model, and the evaluation talks to both. The base model is a tiny random-initialised model made on the spot from
 * the example data ({@code build/python/make-tiny-model.py}, no network, about a minute in all), or any Hub model
 * with {@code --base-model}. The Python packages come from {@code build/python/ensure-env.sh}.
 */
final class LocalSetup implements ProviderSetup {
  private final String baseModel;
  private final Path python;
  private final boolean tiny;

  LocalSetup() {
    this(null, null, true);
  }

  private LocalSetup(String baseModel, Path python, boolean tiny) {
    this.baseModel = baseModel;
    this.python = python;
    this.tiny = tiny;
  }

  @Override
  public ProviderSetup configured(Optional<String> baseModel) {
    Path root = repositoryRoot();
    Path py = Path.of(run(List.of("bash", root.resolve("build/python/ensure-env.sh").toString()), Map.of()));
    if (baseModel.isPresent()) {
      return new LocalSetup(baseModel.get(), py, false);
    }
    Path out = root.resolve("target/tiny-model");
    List<String> command = new ArrayList<>(List.of(py.toString(),
        root.resolve("build/python/make-tiny-model.py").toString(), out.toString()));
    for (String name : List.of("recipes-train.jsonl", "recipes-eval.jsonl", "recipes-preference.jsonl")) {
      command.add(root.resolve("examples/data").resolve(name).toString());
    }
    run(command, offline());
    return new LocalSetup(out.toString(), py, true);
  }

  @Override
  public boolean local() {
    return true;
  }

  @Override
  public FineTuningClient localClient(Path workingDirectory) {
    Path bin = python.getParent();
    LocalTraining.Builder training = LocalTraining.builder().namespace("local")
        .workingDirectory(workingDirectory)
        .trlExecutable(bin.resolve("trl").toString()).pythonExecutable(python.toString());
    Map<String, String> env = tiny ? offline() : Map.of();
    env.forEach(training::environment);
    return LocalFineTuning.create(training.build(), model -> {
      LocalServer.Builder server = LocalServer.builder().executable(bin.resolve("transformers").toString())
          .logFile(workingDirectory.resolve("serve-" + Path.of(model).getFileName() + ".log"));
      env.forEach(server::environment);
      return server;
    });
  }

  @Override
  public String name() {
    return "local";
  }

  @Override
  public String displayName() {
    return "this machine (TRL on the CPU)";
  }

  @Override
  public String credentialVariable() {
    return "HF_TOKEN";
  }

  @Override
  public List<String> variables() {
    return List.of("none (HF_TOKEN only to download a gated --base-model)");
  }

  @Override
  public String baseModel() {
    return baseModel == null ? "tiny model made from examples/data" : baseModel;
  }

  @Override
  public Optional<BigDecimal> trainingPricePerMillion() {
    return Optional.empty();
  }

  @Override
  public Optional<String> trainingCostNote(DatasetStatistics statistics) {
    return Optional.of("nothing billed: it trains on this machine's CPU");
  }

  @Override
  public JobSpec.Builder customise(JobSpec.Builder spec) {
    // A tiny random model learns only with many passes at a high rate; a real model keeps the SDK's defaults.
    if (tiny) {
      spec.method(TrainingMethod.supervised(Hyperparameters.builder().epochs(15).learningRateMultiplier(250)
          .build()));
    }
    return spec.option(HuggingFaceJobOptions.builder().flavor("cpu-basic").lora(!tiny).pushToHub(false)
        .loggingSteps(5).maxLength(512).build());
  }

  /** Greedy answers of at most 96 tokens: transformers serve would otherwise write up to 1024 on the CPU. */
  @Override
  public dev.finetune4j.eval.Candidate candidate(dev.finetune4j.eval.Candidate candidate) {
    return candidate.toBuilder().temperature(0).maxCompletionTokens(96).build();
  }

  @Override
  public Duration deployTimeout() {
    return Duration.ofMinutes(10);
  }

  @Override
  public Duration jobTimeout() {
    return Duration.ofHours(2);
  }

  @Override
  public Emulation startEmulator() {
    throw new IllegalStateException("the local provider runs for real; there is no emulator");
  }

  private static Map<String, String> offline() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HF_HUB_OFFLINE", "1");
    env.put("HF_DATASETS_OFFLINE", "1");
    env.put("TRANSFORMERS_OFFLINE", "1");
    env.put("HF_HUB_DISABLE_TELEMETRY", "1");
    return env;
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("build/python/ensure-env.sh"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("--provider local runs from the finetune4j repository (build/python is needed)"
          + "; not found above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  private static String run(List<String> command, Map<String, String> env) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
      builder.environment().putAll(env);
      Process process = builder.start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (process.waitFor() != 0 || out.isEmpty()) {
        throw new IllegalStateException(command.get(command.size() > 1 ? 1 : 0) + " failed with exit code "
            + process.exitValue() + "; run it by hand to see why");
      }
      return out.lines().reduce((a, b) -> b).orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
