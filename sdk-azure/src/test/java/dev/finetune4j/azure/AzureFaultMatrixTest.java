package dev.finetune4j.azure;

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
import dev.finetune4j.testkit.azure.AzureOpenAiEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault matrix of the Azure OpenAI provider against its emulator (the v1 data plane, Entra ID tokens, and
 * Resource Manager for deployments); see {@code OpenAiFaultMatrixTest} for the rules. The outcomes are the
 * {@code azure} section of {@code docs/RELIABILITY.md}.
 */
class AzureFaultMatrixTest {
  private static final String MODEL = "gpt-4.1-mini-2025-04-14";
  private static final String JOBS = "/openai/v1/fine_tuning/jobs";
  private static final String FILES = "/openai/v1/files";

  @TempDir
  Path dir;

  /** One cell's emulator, client, a tuned model to deploy and a job still running. */
  private final class Cell implements FaultMatrix.Cell {
    final AzureOpenAiEmulator emulator = AzureOpenAiEmulator.builder().clock(VirtualClock.manual()).build().start();
    final VirtualClock time = emulator.clock();
    final AzureOpenAi azure;
    final UploadedDataset data;
    final String tunedModel;
    final String jobId;
    final Path small;

    Cell(Duration callTimeout) throws Exception {
      azure = AzureOpenAi.builder().endpoint(emulator.baseUrl()).apiVersion(AzureApiVersion.V1)
          .authorityHost(emulator.baseUrl()).resourceManagerEndpoint(emulator.baseUrl())
          .resource(AzureOpenAiEmulator.SUBSCRIPTION, AzureOpenAiEmulator.RESOURCE_GROUP, AzureOpenAiEmulator.ACCOUNT)
          .clientSecret("tenant-1", AzureOpenAiEmulator.DEFAULT_CLIENT_ID, AzureOpenAiEmulator.DEFAULT_CLIENT_SECRET)
          .options(ClientOptions.builder().okHttpClient(MATRIX.client())
              .timeouts(Duration.ofSeconds(2), Duration.ofMillis(400), callTimeout)
              .retryPolicy(RetryPolicy.builder().sleeper(time::sleep).build())
              .sleeper(time::sleep).clock(time.asClock()).build())
          .build();
      StringBuilder lines = new StringBuilder();
      for (int i = 0; i < 12; i++) {
        lines.append("{\"messages\":[{\"role\":\"user\",\"content\":\"Recipe ").append(i)
            .append("?\"},{\"role\":\"assistant\",\"content\":\"Soup ").append(i).append(".\"}]}\n");
      }
      Path cellDir = Files.createTempDirectory(dir, "cell");
      data = azure.datasets().upload(DatasetUpload.builder()
          .training(Files.writeString(cellDir.resolve("train.jsonl"), lines)).targetModel(MODEL).build());
      small = Files.writeString(cellDir.resolve("cell.jsonl"), "{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},"
          + "{\"role\":\"assistant\",\"content\":\"b\"}]}\n");
      String done = azure.jobs().create(spec()).id();
      tunedModel = azure.jobs().waitFor(done, waiting()).fineTunedModel().orElseThrow();
      jobId = azure.jobs().create(spec()).id();
    }

    JobSpec spec() {
      return JobSpec.builder().baseModel(MODEL).data(data).build();
    }

    WaitOptions waiting() {
      return WaitOptions.builder().clock(time.asClock()).sleeper(time::sleep).timeout(Duration.ofHours(3)).build();
    }

    long files(String name) {
      return azure.files().list().stream().filter(f -> f.filename().equals(name)).count();
    }

    @Override
    public AzureOpenAiEmulator emulator() {
      return emulator;
    }

    @Override
    public void close() {
      azure.close();
      emulator.close();
    }
  }

  private static final List<Call<Cell>> CALLS = List.of(
      new Call<>("read (job)", "GET", c -> JOBS + "/" + c.jobId, c -> c.azure.jobs().retrieve(c.jobId), c -> 0,
          false, Set.of(), Optional.empty()),
      new Call<>("list (jobs)", "GET", c -> JOBS, c -> c.azure.jobs().list(JobQuery.all()).stream().count(), c -> 0,
          false, Set.of(), Optional.of(JOBS)),
      new Call<>("create (job)", "POST", c -> JOBS, c -> c.azure.jobs().create(c.spec()),
          c -> c.azure.jobs().list(JobQuery.all()).stream().count() - 2, true, Set.of(), Optional.of(JOBS)),
      new Call<>("file upload", "POST", c -> FILES, c -> c.azure.files().upload(c.small),
          c -> c.files("cell.jsonl"), true, Set.of(), Optional.of(FILES)),
      new Call<>("events", "GET", c -> JOBS + "/" + c.jobId + "/events", c -> c.azure.jobs().events(c.jobId),
          c -> 0, false, Set.of(), Optional.empty()),
      new Call<>("waiter (waitFor)", "GET", c -> JOBS + "/" + c.jobId, c -> c.azure.jobs().waitFor(c.jobId,
          c.waiting()), c -> 0, false, Set.of(), Optional.empty()),
      new Call<>("deploy (ARM)", "PUT", c -> "/subscriptions/", c -> c.azure.models().deploy(c.tunedModel,
          Duration.ofMinutes(30)), c -> c.azure.deployments().list().size(), true, Set.of(), Optional.empty()));

  private static final List<FaultMatrix.Case> FAULTS = FaultMatrix.standardCases(
      "{\"error\":{\"code\":\"429\",\"message\":\"Rate limit is exceeded.\"}}", "429 retry-after-ms",
      new Fault.Header("retry-after-ms", "250"), "{\"id\":42,\"object\":[],\"data\":{},\"status\":7,"
          + "\"created_at\":\"soon\",\"bytes\":\"many\",\"has_more\":\"yes\",\"properties\":[],\"name\":{}}",
      Duration.ofMillis(900));

  private static final FaultMatrix.Case LAG =
      FaultMatrix.laggingListing("{\"object\":\"list\",\"data\":[],\"has_more\":false}");

  private static final FaultMatrix MATRIX = new FaultMatrix("azure");

  @Test
  void everyKindOfCallMeetsEveryFault() throws Exception {
    assertThat(MATRIX.verify(CALLS, FAULTS, LAG, Cell::new)).isEmpty();
  }
}
