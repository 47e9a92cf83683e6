package dev.finetune4j.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.finetune4j.ClientOptions;
import dev.finetune4j.RetryPolicy;
import dev.finetune4j.job.JobQuery;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.WaitOptions;
import dev.finetune4j.testkit.Fault;
import dev.finetune4j.testkit.FaultMatrix;
import dev.finetune4j.testkit.FaultMatrix.Call;
import dev.finetune4j.testkit.VirtualClock;
import dev.finetune4j.testkit.openai.OpenAiEmulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault matrix of the OpenAI provider against its emulator: each kind of call meets each fault once, then a
 * healthy server. Each cell must end within a bounded time, either recovered within the retry budget or with a typed
 * {@code FineTuningException}; a create must never make a second resource; no connection may be left in use and no
 * SDK thread alive. The outcomes are the {@code openai} section of {@code docs/RELIABILITY.md}.
 */
class OpenAiFaultMatrixTest {
  private static final String MODEL = "gpt-4o-mini-2024-07-18";

  @TempDir
  Path dir;

  /** One cell's emulator, client and the resources set up before the fault. */
  private final class Cell implements FaultMatrix.Cell {
    final VirtualClock time = VirtualClock.manual();
    final OpenAiEmulator emulator = OpenAiEmulator.builder().clock(time).build();
    final OpenAi openai;
    final String fileId;
    final String jobId;
    final Path data;

    Cell(Duration callTimeout) throws Exception {
      emulator.start();
      openai = OpenAi.builder().apiKey(OpenAiEmulator.DEFAULT_API_KEY).baseUrl(emulator.baseUrl())
          .options(ClientOptions.builder().okHttpClient(MATRIX.client())
              .timeouts(Duration.ofSeconds(2), Duration.ofMillis(400), callTimeout)
              .retryPolicy(RetryPolicy.builder().sleeper(time::sleep).build())
              .sleeper(time::sleep).clock(time.asClock()).build())
          .uploadThreshold(1).uploadPartSize(64 * 1024)
          .build();
      data = WireTestSupport.chatData(Files.createTempDirectory(dir, "cell"), "train.jsonl", 0, 12);
      fileId = openai.files().upload(data).id();
      jobId = openai.jobs().create(JobSpec.builder().baseModel(MODEL).trainingFile(fileId).build()).id();
    }

    long jobs() {
      return openai.jobs().list(JobQuery.all()).stream().count();
    }

    long files(String name) {
      return openai.files().list().stream().filter(f -> f.filename().equals(name)).count();
    }

    @Override
    public OpenAiEmulator emulator() {
      return emulator;
    }

    @Override
    public void close() {
      openai.close();
      emulator.close();
    }
  }

  private static final List<Call<Cell>> CALLS = List.of(
      new Call<>("read (job)", "GET", c -> "/v1/fine_tuning/jobs/" + c.jobId, c -> c.openai.jobs().retrieve(c.jobId),
          c -> 0, false, Set.of(), Optional.empty()),
      new Call<>("list (jobs)", "GET", c -> "/v1/fine_tuning/jobs", c -> c.openai.jobs().list(JobQuery.all())
          .stream().count(), c -> 0, false, Set.of(), Optional.of("/v1/fine_tuning/jobs")),
      new Call<>("create (job)", "POST", c -> "/v1/fine_tuning/jobs", c -> c.openai.jobs().create(JobSpec.builder()
          .baseModel(MODEL).trainingFile(c.fileId).build()), c -> c.jobs() - 1, true, Set.of(),
          Optional.of("/v1/fine_tuning/jobs")),
      new Call<>("multipart upload (file)", "POST", c -> "/v1/files", c -> c.openai.files().upload(
          "{\"prompt\":\"a\",\"completion\":\"b\"}\n".getBytes(StandardCharsets.UTF_8), "cell.jsonl"),
          c -> c.files("cell.jsonl"), true, Set.of(), Optional.of("/v1/files")),
      new Call<>("upload part", "POST", c -> "/v1/uploads/", c -> c.openai.uploads().upload(c.data),
          c -> c.files("train.jsonl") - 1, true, Set.of(), Optional.empty()),
      new Call<>("events", "GET", c -> "/v1/fine_tuning/jobs/" + c.jobId + "/events",
          c -> c.openai.jobs().events(c.jobId), c -> 0, false, Set.of(), Optional.empty()),
      new Call<>("waiter (waitFor)", "GET", c -> "/v1/fine_tuning/jobs/" + c.jobId, c -> c.openai.jobs()
          .waitFor(c.jobId, WaitOptions.builder().clock(c.time.asClock()).sleeper(c.time::sleep)
              .timeout(Duration.ofHours(3)).build()), c -> 0, false, Set.of(), Optional.empty()));

  private static final List<FaultMatrix.Case> FAULTS = FaultMatrix.standardCases(
      "{\"error\":{\"message\":\"slow down\",\"type\":\"server_error\"}}", "429 retry-after-ms",
      new Fault.Header("retry-after-ms", "250"), "{\"id\":42,\"object\":[],\"data\":{},\"status\":7,"
          + "\"created_at\":\"soon\",\"bytes\":\"many\",\"has_more\":\"yes\"}", Duration.ofMillis(900));

  private static final FaultMatrix.Case LAG =
      FaultMatrix.laggingListing("{\"object\":\"list\",\"data\":[],\"has_more\":false}");

  private static final FaultMatrix MATRIX = new FaultMatrix("openai");

  @Test
  void everyKindOfCallMeetsEveryFault() throws Exception {
    assertThat(MATRIX.verify(CALLS, FAULTS, LAG, Cell::new)).isEmpty();
  }
}
