package dev.finetune4j.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.ClientOptions;
import dev.finetune4j.RetryPolicy;
import dev.finetune4j.job.Hyperparameters;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.TrainingMethod;
import dev.finetune4j.testsupport.Prism;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import okhttp3.Interceptor;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sends Azure's data-plane operations to Prism mocking Azure's published descriptions, with request validation on:
 * the 2024-10-21 authoring description (Swagger 2.0) for the dated paths, and the v1 description for the
 * {@code /openai/v1} paths. The descriptions' paths start after {@code {endpoint}/openai} and
 * {@code {endpoint}/openai/v1}, so that prefix is taken off on the way to Prism; their documentation examples,
 * published only in part, are left out ({@link Prism#description}). Prism answers with the descriptions' static
 * examples, whose files stay {@code uploaded}; so that a job create (which waits for its files to be
 * {@code processed}) goes on, the client sees those examples' file status as {@code processed}: only requests are
 * checked here. A request Prism rejects fails the
 * test (422, not retried here), and so does one it flags. Required in CI as the OpenAI contract test is.
 */
class PrismContractTest {
  private static Prism dated;
  private static Prism v1;

  @TempDir
  Path dir;

  private AzureOpenAi datedClient;
  private AzureOpenAi v1Client;

  @BeforeAll
  static void startPrism(@TempDir Path dir) throws Exception {
    dated = Prism.mock(Prism.description("azure/authoring-2024-10-21.json"), dir, "prism-azure-2024-10-21");
    ObjectNode v1Description = Prism.description("azure/azure-v1.yaml");
    // The v1 description marks expires_after as required on a file upload; the service and its official client
    // (openai-python's files.create) treat it as optional, and the SDK leaves it out so that training data does
    // not expire. That one requirement is taken out of what Prism checks.
    ArrayNode required = (ArrayNode) v1Description.at("/components/schemas/AzureCreateFileRequestMultiPart/required");
    for (int i = required.size() - 1; i >= 0; i--) {
      if (required.get(i).asText().equals("expires_after")) {
        required.remove(i);
      }
    }
    v1 = Prism.mock(v1Description, dir, "prism-azure-v1");
  }

  @AfterAll
  static void stopPrism() {
    for (Prism prism : new Prism[] {dated, v1}) {
      if (prism != null) {
        prism.close();
      }
    }
  }

  private static AzureOpenAi client(Prism prism, AzureApiVersion version, String prefix) {
    prism.clearViolations();
    return AzureOpenAi.builder().endpoint(prism.baseUrl()).apiVersion(version).apiKey("azure-contract-key")
        .fileProcessingTimeout(Duration.ofSeconds(5))
        .options(ClientOptions.builder().retryPolicy(RetryPolicy.none()).sleeper(d -> { })
            .okHttpClient(prism.checkingClient(path -> path.startsWith(prefix)
                ? path.substring(prefix.length()) : path).newBuilder().addInterceptor(PrismContractTest::processed)
                .build()).build())
        .build();
  }

  private static Response processed(Interceptor.Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    String path = chain.request().url().encodedPath();
    if (!chain.request().method().equals("GET") || !path.matches(".*/files/[^/]+") || response.body() == null) {
      return response;
    }
    String body = response.body().string().replace("\"status\":\"uploaded\"", "\"status\":\"processed\"");
    return response.newBuilder().body(ResponseBody.create(body, response.body().contentType())).build();
  }

  @BeforeEach
  void clients() {
    datedClient = client(dated, AzureApiVersion.GA_2024_10_21, "/openai");
    v1Client = client(v1, AzureApiVersion.V1, "/openai/v1");
  }

  @AfterEach
  void noViolations() {
    datedClient.close();
    v1Client.close();
    assertThat(dated.violations()).as("requests Prism flagged against the 2024-10-21 description").isEmpty();
    assertThat(v1.violations()).as("requests Prism flagged against the v1 description").isEmpty();
  }

  private Path data() throws IOException {
    return Files.writeString(dir.resolve("train.jsonl"), "{\"messages\":[{\"role\":\"user\",\"content\":\"Soup?\"},"
        + "{\"role\":\"assistant\",\"content\":\"Tomato.\"}]}\n");
  }

  @Test
  void filesOnTheDatedApi() throws IOException {
    filesApi(datedClient);
    datedClient.files().importFromUrl("train.jsonl", "https://example.blob.core.windows.net/data/train.jsonl");
  }

  @Test
  void filesOnTheV1Api() throws IOException {
    filesApi(v1Client);
  }

  private void filesApi(AzureOpenAi azure) throws IOException {
    azure.files().upload(data());
    azure.files().list("fine-tune").stream().limit(2).toList();
    azure.files().retrieve("file-abc123");
    azure.files().delete("file-abc123");
    try (InputStream in = azure.files().content("file-abc123")) {
      in.readAllBytes();
    }
  }

  @Test
  void uploadsOnTheDatedApi() throws IOException {
    Path file = data();
    var upload = datedClient.uploads().create("train.jsonl", "fine-tune", Files.size(file), "application/jsonl");
    String part = datedClient.uploads().addPart(upload.id(), file, 0, Files.size(file));
    datedClient.uploads().complete(upload.id(), List.of(part), Optional.empty());
    datedClient.uploads().cancel(upload.id());
  }

  @Test
  void jobsOnTheDatedApi() {
    jobsApi(datedClient);
  }

  @Test
  void jobsOnTheV1ApiWithPauseAndResume() {
    jobsApi(v1Client);
    v1Client.jobs().pause("ftjob-abc123");
    v1Client.jobs().resume("ftjob-abc123");
  }

  private static void jobsApi(AzureOpenAi azure) {
    azure.jobs().create(JobSpec.builder().baseModel("gpt-4o-mini-2024-07-18").trainingFile("file-abc123")
        .suffix("recipes").seed(42)
        .method(TrainingMethod.supervised(Hyperparameters.builder().epochs(3).batchSize(8)
            .learningRateMultiplier(0.5).build()))
        .option(AzureTrainingType.STANDARD)
        .build());
    azure.jobs().retrieve("ftjob-abc123");
    azure.jobs().list().stream().limit(2).toList();
    azure.jobs().events("ftjob-abc123");
    azure.jobs().checkpoints("ftjob-abc123");
    azure.jobs().cancel("ftjob-abc123");
  }

  @Test
  void modelsOnBothApis() {
    datedClient.models().list();
    datedClient.models().retrieve("gpt-4o-mini-2024-07-18");
    v1Client.models().list();
    v1Client.models().retrieve("gpt-4o-mini-2024-07-18");
  }
}
