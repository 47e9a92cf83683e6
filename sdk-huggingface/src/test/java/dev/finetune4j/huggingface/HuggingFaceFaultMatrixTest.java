package dev.finetune4j.huggingface;

import static org.assertj.core.api.Assertions.assertThat;

import dev.finetune4j.ClientOptions;
import dev.finetune4j.RetryPolicy;
import dev.finetune4j.dataset.DatasetUpload;
import dev.finetune4j.dataset.UploadedDataset;
import dev.finetune4j.job.JobQuery;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.WaitOptions;
import dev.finetune4j.testkit.Fault;
import dev.finetune4j.testkit.FaultMatrix;
import dev.finetune4j.testkit.FaultMatrix.Call;
import dev.finetune4j.testkit.VirtualClock;
import dev.finetune4j.testkit.huggingface.HuggingFaceEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault matrix of the Hugging Face provider against its emulator; see {@code OpenAiFaultMatrixTest} for the
 * rules. The commit is the one call that is not retried blindly: after a fault that does not say the Hub did
 * nothing (anything but 429 and 503), it fails with a typed error rather than risk committing twice. The outcomes
 * are the {@code huggingface} section of {@code docs/RELIABILITY.md}.
 */
class HuggingFaceFaultMatrixTest {
  private static final String NS = "emulator-user";
  private static final Set<String> COMMIT_NOT_RETRIED =
      Set.of("500", "502", "504", "reset before", "lost after acting", "read timeout", "truncated body");

  @TempDir
  Path dir;

  private final class Cell implements FaultMatrix.Cell {
    // files above 1 KiB go to LFS, above 2 KiB in parts of 1 KiB
    final HuggingFaceEmulator emulator = HuggingFaceEmulator.builder().closeLogStreamAtEnd(true)
        .lfsThreshold(1024).multipart(2048, 1024).build().start();
    final VirtualClock time = emulator.clock();
    final HuggingFace hf;
    final UploadedDataset data;
    final String jobId;
    final Path file;
    final Path large;

    Cell(Duration callTimeout) throws Exception {
      hf = HuggingFace.builder().apiKey(emulator.token()).hubUrl(emulator.hubUrl())
          .endpointsUrl(emulator.endpointsUrl()).routerUrl(emulator.routerUrl() + "/v1")
          .options(ClientOptions.builder().okHttpClient(MATRIX.client())
              .timeouts(Duration.ofSeconds(2), Duration.ofMillis(400), callTimeout)
              .clock(time.asClock()).sleeper(time::advance)
              .retryPolicy(RetryPolicy.builder().sleeper(time::advance).build()).build())
          .logReadTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(1))
          .build();
      Path cellDir = Files.createTempDirectory(dir, "cell");
      StringBuilder lines = new StringBuilder();
      for (int i = 0; i < 12; i++) {
        lines.append("{\"messages\":[{\"role\":\"user\",\"content\":\"Recipe ").append(i)
            .append("?\"},{\"role\":\"assistant\",\"content\":\"Flour and ").append(i).append(" eggs.\"}]}\n");
      }
      data = hf.datasets().upload(DatasetUpload.builder()
          .training(Files.writeString(cellDir.resolve("t.jsonl"), lines)).name("recipes").build());
      jobId = hf.jobs().create(spec()).id();
      time.advance(Duration.ofHours(1));
      file = Files.writeString(cellDir.resolve("cell.txt"), "one more file\n");
      large = Files.writeString(cellDir.resolve("large.jsonl"), lines.toString().repeat(5));
    }

    JobSpec spec() {
      return JobSpec.builder().baseModel("Qwen/Qwen2.5-0.5B-Instruct").data(data)
          .option(HuggingFaceJobOptions.builder().outputModelName("recipes-model").build()).build();
    }

    @Override
    public HuggingFaceEmulator emulator() {
      return emulator;
    }

    @Override
    public void close() {
      hf.close();
      emulator.close();
    }
  }

  private static final List<Call<Cell>> CALLS = List.of(
      new Call<>("read (job)", "GET", c -> "/api/jobs/" + NS + "/" + c.jobId, c -> c.hf.jobs().retrieve(c.jobId),
          c -> 0, false, Set.of(), Optional.empty()),
      new Call<>("create (job)", "POST", c -> "/api/jobs/" + NS, c -> c.hf.jobs().create(c.spec()),
          c -> c.hf.jobs().list(JobQuery.all()).stream().count() - 1, true, Set.of(), Optional.of("/api/jobs/" + NS)),
      new Call<>("commit (upload)", "POST", c -> "/api/datasets/" + NS + "/recipes/commit/", c -> c.hf.hub().commit(
          RepoId.dataset(NS + "/recipes"), "main", "one more", List.of(new CommitFile("cell.txt", c.file))),
          c -> 0, false, COMMIT_NOT_RETRIED, Optional.empty()),
      new Call<>("LFS upload part", "PUT", c -> "/lfs-multipart/", c -> c.hf.hub().commit(
          RepoId.dataset(NS + "/recipes"), "main", "a large file", List.of(new CommitFile("large.jsonl", c.large))),
          c -> 0, false, Set.of(), Optional.empty()),
      new Call<>("log stream (events)", "GET", c -> "/api/jobs/" + NS + "/" + c.jobId + "/logs",
          c -> c.hf.jobs().events(c.jobId), c -> 0, false, Set.of(), Optional.empty()),
      new Call<>("waiter (waitFor)", "GET", c -> "/api/jobs/" + NS + "/" + c.jobId, c -> c.hf.jobs()
          .waitFor(c.jobId, WaitOptions.builder().clock(c.time.asClock()).sleeper(c.time::advance)
              .timeout(Duration.ofHours(3)).build()), c -> 0, false, Set.of(), Optional.empty()),
      new Call<>("deploy (endpoint)", "POST", c -> "/", c -> c.hf.models().deploy(NS + "/recipes-model",
          Duration.ofMinutes(30)), c -> c.hf.endpoints().list().size(), true, Set.of(), Optional.empty()));

  private static final List<FaultMatrix.Case> FAULTS = FaultMatrix.standardCases("{\"error\":\"try later\"}",
      "429 RateLimit", new Fault.Header("RateLimit", "\"api\";r=0;t=3"), "{\"id\":42,\"status\":[],"
          + "\"commitOid\":7,\"name\":{},\"jobs\":{},\"items\":\"none\"}", Duration.ofMillis(1_500));

  private static final FaultMatrix.Case LAG = FaultMatrix.laggingListing("[]");

  private static final FaultMatrix MATRIX = new FaultMatrix("huggingface");

  @Test
  void everyKindOfCallMeetsEveryFault() throws Exception {
    assertThat(MATRIX.verify(CALLS, FAULTS, LAG, Cell::new)).isEmpty();
  }
}
