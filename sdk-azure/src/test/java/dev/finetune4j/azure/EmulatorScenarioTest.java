package dev.finetune4j.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.ClientOptions;
import dev.finetune4j.FineTuning;
import dev.finetune4j.FineTuningClient;
import dev.finetune4j.RetryPolicy;
import dev.finetune4j.dataset.DatasetFile;
import dev.finetune4j.dataset.DatasetUpload;
import dev.finetune4j.dataset.UploadedDataset;
import dev.finetune4j.error.NotFoundException;
import dev.finetune4j.error.RateLimitException;
import dev.finetune4j.job.Checkpoint;
import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.JobStatus;
import dev.finetune4j.job.WaitOptions;
import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.model.Deployment;
import dev.finetune4j.testkit.Fault;
import dev.finetune4j.testkit.ReceivedRequest;
import dev.finetune4j.testkit.VirtualClock;
import dev.finetune4j.testkit.azure.AzureOpenAiEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Azure client against the Azure emulator: the whole flow in both URL styles, faults, exactly-once create. */
class EmulatorScenarioTest {
  private static final String MODEL = "gpt-4.1-mini-2025-04-14";

  @TempDir
  Path dir;

  private AzureOpenAiEmulator emulator;
  private VirtualClock time;

  @BeforeEach
  void start() {
    emulator = AzureOpenAiEmulator.builder().clock(VirtualClock.manual()).deployment("gpt-4.1-mini", MODEL).build().start();
    time = emulator.clock();
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private ClientOptions options() {
    return ClientOptions.builder().retryPolicy(RetryPolicy.builder().sleeper(time::sleep).build())
        .sleeper(time::sleep).clock(time.asClock()).build();
  }

  private AzureOpenAi.Builder builder(AzureApiVersion version) {
    return AzureOpenAi.builder().endpoint(emulator.baseUrl()).apiVersion(version).options(options())
        .authorityHost(emulator.baseUrl()).resourceManagerEndpoint(emulator.baseUrl())
        .resource(AzureOpenAiEmulator.SUBSCRIPTION, AzureOpenAiEmulator.RESOURCE_GROUP, AzureOpenAiEmulator.ACCOUNT);
  }

  private AzureOpenAi entra(AzureApiVersion version) {
    return builder(version).clientSecret("tenant-1", AzureOpenAiEmulator.DEFAULT_CLIENT_ID,
        AzureOpenAiEmulator.DEFAULT_CLIENT_SECRET).build();
  }

  private Path data(String name, int first, int count) {
    StringBuilder lines = new StringBuilder();
    for (int i = first; i < first + count; i++) {
      lines.append("{\"messages\":[{\"role\":\"user\",\"content\":\"Recipe number ").append(i)
          .append("?\"},{\"role\":\"assistant\",\"content\":\"Soup number ").append(i).append(".\"}]}\n");
    }
    try {
      return Files.writeString(dir.resolve(name), lines);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private WaitOptions waiting() {
    return WaitOptions.builder().clock(time.asClock()).sleeper(time::sleep).timeout(Duration.ofHours(2)).build();
  }

  private void uploadTrainDeployChatUndeploy(AzureOpenAi azure) {
    UploadedDataset data = azure.datasets().upload(DatasetUpload.builder().training(data("train.jsonl", 0, 20))
        .validation(data("valid.jsonl", 100, 5)).targetModel(MODEL).build());
    Job created = azure.jobs().create(JobSpec.builder().baseModel(MODEL).data(data).suffix("recipes")
        .option(AzureTrainingType.STANDARD).build());
    assertThat(created.provider()).isEqualTo("azure");
    assertThat(created.providerStatus()).isEqualTo("pending");
    assertThat(created.status()).isEqualTo(JobStatus.QUEUED);
    assertTheCreateWaitedUntilTheFilesWereProcessed(data);

    Job done = azure.jobs().waitFor(created.id(), waiting());
    assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
    String tuned = done.fineTunedModel().orElseThrow();
    assertThat(tuned).startsWith(MODEL + ".ft-");
    assertThat(azure.jobs().events(done.id())).isNotEmpty();
    List<Checkpoint> checkpoints = azure.jobs().checkpoints(done.id());
    assertThat(checkpoints).isNotEmpty();

    Deployment deployment = azure.models().deploy(tuned, Duration.ofMinutes(30));
    assertThat(deployment.ready()).isTrue();
    assertThat(deployment.state()).isEqualTo("Succeeded");
    assertThat(azure.chat(deployment.model()).complete(List.of(ChatMessage.user("Recipe number 3?"))).text())
        .contains("Soup number 3");
    assertThat(azure.chat("gpt-4.1-mini").complete(List.of(ChatMessage.user("Hello?"))).text()).isNotBlank();
    azure.models().undeploy(deployment.name());
    assertThatThrownBy(() -> azure.chat(deployment.model()).complete(List.of(ChatMessage.user("Soup?"))))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("DeploymentNotFound");
  }

  /**
   * The emulator keeps a file pending, then running, for four virtual seconds: the client polled the training file
   * while it was being processed (several looks, the first before processing ended), looked at each file once it was
   * processed, and created the job only after that.
   */
  private void assertTheCreateWaitedUntilTheFilesWereProcessed(UploadedDataset data) {
    List<ReceivedRequest> requests = emulator.requests();
    ReceivedRequest create = requests.stream()
        .filter(r -> r.method().equals("POST") && r.path().endsWith("/fine_tuning/jobs")).reduce((a, b) -> b)
        .orElseThrow();
    for (DatasetFile file : List.of(data.training(), data.validation().orElseThrow())) {
      ReceivedRequest upload = requests.stream()
          .filter(r -> r.method().equals("POST") && r.path().endsWith("/files")
              && r.body().contains("filename=\"" + file.filename() + "\""))
          .filter(r -> r.sequence() < create.sequence()).reduce((a, b) -> b).orElseThrow();
      List<ReceivedRequest> polls = requests.stream().filter(r -> r.sequence() > upload.sequence())
          .filter(r -> r.method().equals("GET") && r.path().endsWith("/files/" + file.id())).toList();
      if (file == data.training()) {
        assertThat(polls).as("polls of the training file").hasSizeGreaterThan(2);
        assertThat(polls.get(0).receivedAt()).isBefore(upload.receivedAt().plusSeconds(4));
      }
      assertThat(polls).as("polls of " + file.filename()).isNotEmpty();
      ReceivedRequest last = polls.get(polls.size() - 1);
      assertThat(last.receivedAt()).isAfterOrEqualTo(upload.receivedAt().plusSeconds(4));
      assertThat(last.sequence()).isLessThan(create.sequence());
    }
  }

  @Test
  void theWholeFlowRunsOnTheV1PathsWithEntraTokens() {
    try (AzureOpenAi azure = entra(AzureApiVersion.V1)) {
      uploadTrainDeployChatUndeploy(azure);
    }
    assertThat(emulator.requests("POST", "/openai/v1/fine_tuning/jobs")).hasSize(1);
    assertThat(emulator.requests("POST", "/tenant-1/oauth2/v2.0/token")).hasSize(2);   // one token per scope
    assertThat(emulator.requests("POST", "/openai/v1/files").get(0).header("authorization")).get()
        .asString().startsWith("Bearer ");
  }

  @Test
  void theWholeFlowRunsOnTheDatedPathsWithAnApiKeyForTheDataPlane() {
    try (AzureOpenAi azure = builder(AzureApiVersion.PREVIEW_2025_04_01).apiKey(AzureOpenAiEmulator.DEFAULT_API_KEY)
        .build()) {
      assertThatThrownBy(azure::deployments).hasMessageContaining("Entra");   // keys never work on Resource Manager
    }
    try (AzureOpenAi azure = builder(AzureApiVersion.PREVIEW_2025_04_01).apiKey(AzureOpenAiEmulator.DEFAULT_API_KEY)
        .clientSecret("tenant-1", AzureOpenAiEmulator.DEFAULT_CLIENT_ID, AzureOpenAiEmulator.DEFAULT_CLIENT_SECRET)
        .build()) {
      uploadTrainDeployChatUndeploy(azure);
    }
    assertThat(emulator.requests("POST", "/tenant-1/oauth2/v2.0/token")).hasSize(1);   // Resource Manager only
    assertThat(emulator.requests("POST", "/openai/files").get(0).header("api-key"))
        .hasValue(AzureOpenAiEmulator.DEFAULT_API_KEY);
    assertThat(emulator.requests("POST", "/openai/fine_tuning/jobs").get(0).queryParameter("api-version"))
        .hasValue("2025-04-01-preview");
    assertThat(emulator.requests("POST", "/openai/deployments/")).isNotEmpty();
  }

  @Test
  void theProviderIsFoundByNameAndReadsTheEnvironment() {
    Map<String, String> env = emulator.environment();
    try (FineTuningClient client = FineTuning.client("azure", env)) {
      assertThat(client.provider()).isEqualTo("azure");
      assertThat(client.capabilities().deploymentRequired()).isTrue();
      assertThat(client.toString()).doesNotContain(AzureOpenAiEmulator.DEFAULT_API_KEY)
          .doesNotContain(AzureOpenAiEmulator.DEFAULT_CLIENT_SECRET);
    }
  }

  @Test
  void aCreateWhoseAnswerIsLostIsNotSentTwiceOnTheDatedApiWithoutMetadata() {
    try (AzureOpenAi azure = builder(AzureApiVersion.LATEST_GA).apiKey(AzureOpenAiEmulator.DEFAULT_API_KEY)
        .build()) {
      String file = azure.files().upload(data("train.jsonl", 0, 12)).id();
      for (int i = 0; i < 3; i++) {   // other jobs on the same file, so that the lookup must tell them apart
        azure.jobs().create(JobSpec.builder().baseModel(MODEL).trainingFile(file).suffix("other" + i).build());
      }
      emulator.faults().inject(Fault.dropResponseAfterProcessing().forRequests("POST", "/openai/fine_tuning/jobs"));

      Job job = azure.jobs().create(JobSpec.builder().baseModel(MODEL).trainingFile(file).suffix("mine").build());

      assertThat(emulator.requests("POST", "/openai/fine_tuning/jobs")).hasSize(4);
      assertThat(azure.jobs().list().toList()).hasSize(4);
      assertThat(azure.jobs().retrieve(job.id()).raw().text("user_provided_suffix")).contains("mine");
    }
  }

  @Test
  void aRateLimitHintOfHoursFailsAtOnceWithTheHint() {
    try (AzureOpenAi azure = builder(AzureApiVersion.V1).apiKey(AzureOpenAiEmulator.DEFAULT_API_KEY).build()) {
      emulator.faults().inject(Fault.status(429, "{\"error\":{\"code\":\"429\",\"message\":\"Rate limit is exceeded."
          + " Try again in 86400 seconds.\"}}").withHeader("Retry-After", "86400").forRequests("GET", "/openai/v1/"));
      Instant before = time.now();
      assertThatThrownBy(() -> azure.jobs().list().toList()).isInstanceOfSatisfying(RateLimitException.class,
          e -> assertThat(e.getMessage()).contains("86400"));
      assertThat(time.now()).isEqualTo(before);
    }
  }

  @Test
  void pauseAndResumeSayWhichVersionHasThem() {
    try (AzureOpenAi azure = builder(AzureApiVersion.LATEST_GA).apiKey(AzureOpenAiEmulator.DEFAULT_API_KEY)
        .build()) {
      assertThatThrownBy(() -> azure.jobs().pause("ftjob-1")).hasMessageContaining("2024-10-21")
          .hasMessageContaining("2025-04-01-preview");
      assertThat(emulator.requests()).isEmpty();
    }
  }
}
