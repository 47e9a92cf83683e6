package dev.finetune4j.huggingface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobEvent;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.JobStatus;
import dev.finetune4j.job.JobWaitTimeoutException;
import dev.finetune4j.job.TrainingMetrics;
import dev.finetune4j.testkit.VirtualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@DisabledOnOs(OS.WINDOWS)
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LocalTrainingTest {
  private static final String TOKEN = "hf_LocalSecret123";

  @TempDir
  Path dir;

  private LocalTraining local;

  private Path script(String body) throws Exception {
    Path file = dir.resolve("fake-trl");
    Files.writeString(file, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  private LocalTraining runner(Path executable) {
    local = LocalTraining.builder().apiKey(TOKEN).namespace("alice").workingDirectory(dir.resolve("work"))
        .trlExecutable(executable.toString()).build();
    return local;
  }

  private static JobSpec spec() {
    return JobSpec.builder().baseModel("Qwen/Qwen2.5-0.5B").trainingFile("alice/data@abc:train.jsonl")
        .option(HuggingFaceJobOptions.builder().lora(false).outputModelName("local-out").build()).build();
  }

  @AfterEach
  void close() {
    if (local != null) {
      local.close();
    }
  }

  @Test
  void aRunThatPrintsTrainerLogsSucceedsWithParsedMetrics() throws Exception {
    Path args = dir.resolve("args.txt");
    Path exe = script("echo \"$@\" > " + args + "\n"
        + "echo \"token=$HF_TOKEN\" >> " + args + "\n"
        + "echo 'Loading checkpoint shards'\n"
        + "printf ' 10%%|#         | 1/10 [00:01<00:09,  1.00it/s]\\r'\n"
        + "echo \"{'loss': '1.842', 'grad_norm': '0.51', 'learning_rate': '1e-04', 'epoch': '0.5'}\"\n"
        + "echo \"{'loss': 1.2, 'epoch': 1.0}\"\n"
        + "echo \"{'train_runtime': '3.5', 'train_loss': '1.5', 'epoch': '1.0'}\"\n");

    Job job = runner(exe).create(spec());
    Job done = local.await(job.id(), Duration.ofSeconds(30));

    assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(done.fineTunedModel()).contains("alice/local-out");
    List<TrainingMetrics> metrics = local.events(job.id()).stream().map(JobEvent::metrics)
        .flatMap(Optional::stream).toList();
    assertThat(metrics).extracting(TrainingMetrics::step).containsExactly(10L, 20L, 20L);
    assertThat(metrics.get(0).trainLoss()).hasValue(1.842);
    assertThat(local.events(job.id())).extracting(JobEvent::message).contains("Loading checkpoint shards")
        .noneMatch(m -> m.contains("it/s"));
    String written = Files.readString(args);
    assertThat(written).startsWith("sft --model_name_or_path Qwen/Qwen2.5-0.5B --dataset_name alice/data")
        .contains("--hub_model_id alice/local-out", "token=" + TOKEN);
  }

  @Test
  void aRunThatExitsWithAnErrorFailsWithTheErrorLine() throws Exception {
    Path exe = script("echo 'Traceback (most recent call last):'\n"
        + "echo 'torch.OutOfMemoryError: CUDA out of memory.'\n"
        + "exit 3\n");

    Job job = runner(exe).create(spec());
    Job done = local.await(job.id(), Duration.ofSeconds(30));

    assertThat(done.status()).isEqualTo(JobStatus.FAILED);
    assertThat(done.error().orElseThrow().message()).contains("CUDA out of memory");
    assertThat(done.error().orElseThrow().code()).contains("exit 3");
    assertThat(done.fineTunedModel()).isEmpty();
  }

  @Test
  void cancellingStopsTheWholeProcessTree() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    Path exe = script("sleep 300 &\n"
        + "echo $! > " + pidFile + "\n"
        + "echo ready\n"
        + "wait\n");
    Job job = runner(exe).create(spec());
    Instant deadline = Instant.now().plusSeconds(20);
    while (local.events(job.id()).isEmpty() && Instant.now().isBefore(deadline)) {
      Thread.onSpinWait();
    }
    long childPid = Long.parseLong(Files.readString(pidFile).trim());
    assertThat(ProcessHandle.of(childPid)).isPresent();

    Job cancelled = local.cancel(job.id());

    assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
    Optional<ProcessHandle> child = ProcessHandle.of(childPid);
    if (child.isPresent()) {
      child.get().onExit().get(10, TimeUnit.SECONDS);
    }
    assertThat(ProcessHandle.of(childPid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
    assertThat(ProcessHandle.of(cancelled.raw().longValue("pid").orElseThrow()).map(ProcessHandle::isAlive))
        .isNotEqualTo(Optional.of(true));
  }

  @Test
  void awaitGivesUpAtTheTimeoutOnVirtualTimeAndLeavesTheRunGoing() throws Exception {
    Path exe = script("echo started\nexec sleep 300\n");
    VirtualClock time = VirtualClock.manual();
    local = LocalTraining.builder().namespace("alice").workingDirectory(dir.resolve("work"))
        .trlExecutable(exe.toString()).clock(time.asClock()).sleeper(time::sleep).build();
    Job job = local.create(spec());

    assertThatThrownBy(() -> local.await(job.id(), Duration.ofHours(1)))
        .isInstanceOfSatisfying(JobWaitTimeoutException.class, e -> {
          assertThat(e.lastSeen().status()).isEqualTo(JobStatus.RUNNING);
          assertThat(e.timeout()).isEqualTo(Duration.ofHours(1));
        });
    assertThat(time.now()).isEqualTo(VirtualClock.DEFAULT_START.plus(Duration.ofHours(1)));
    assertThat(local.retrieve(job.id()).status()).isEqualTo(JobStatus.RUNNING);
  }

  @Test
  void theUnslothTrainerRunsTheScriptWithUv() throws Exception {
    Path args = dir.resolve("uv-args.txt");
    Path uv = script("echo \"$@\" > " + args + "\n");
    local = LocalTraining.builder().namespace("alice").workingDirectory(dir.resolve("work"))
        .uvExecutable(uv.toString()).build();

    Job job = local.create(JobSpec.builder().baseModel("Qwen/Qwen2.5-0.5B").trainingFile("alice/data@abc:train.jsonl")
        .option(HuggingFaceJobOptions.builder().trainer(Trainer.UNSLOTH).build()).build());
    local.await(job.id(), Duration.ofSeconds(30));

    String written = Files.readString(args).trim();
    assertThat(written).startsWith("run ").endsWith("-train.py");
    assertThat(Files.readString(Path.of(written.substring(4)))).startsWith("# /// script");
  }
}
