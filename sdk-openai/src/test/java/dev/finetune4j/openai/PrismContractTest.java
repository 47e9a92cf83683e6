package dev.finetune4j.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import dev.finetune4j.ClientOptions;
import dev.finetune4j.RawJson;
import dev.finetune4j.dataset.DatasetUpload;
import dev.finetune4j.RetryPolicy;
import dev.finetune4j.job.Hyperparameter;
import dev.finetune4j.job.Hyperparameters;
import dev.finetune4j.job.JobQuery;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.TrainingMethod;
import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.model.ChatRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import dev.finetune4j.testsupport.Prism;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sends every operation of the OpenAI module to Prism mocking the published OpenAPI description, with request
 * validation on. A request Prism rejects fails the test: it answers 422 (turned into an exception by the transport,
 * which does not retry here) or flags the request in an {@code sl-violations} header. Violations Prism reports about
 * its own example responses are not the SDK's and are ignored.
 *
 * <p>Skipped with a message when {@code ../shared/specs/openai-openapi.yaml} or Prism is missing, unless
 * {@code FINETUNE4J_REQUIRE_CONTRACT=true}; see {@link Prism}.
 */
class PrismContractTest {
  private static Prism prism;

  @TempDir
  Path dir;

  private OpenAi openai;

  @BeforeAll
  static void startPrism() throws Exception {
    prism = Prism.mock("openai-openapi.yaml", "prism-openai");
  }

  @AfterAll
  static void stopPrism() {
    if (prism != null) {
      prism.close();
    }
  }

  @BeforeEach
  void client() {
    prism.clearViolations();
    openai = OpenAi.builder().apiKey("sk-contract").adminKey("sk-admin-contract").baseUrl(prism.baseUrl())
        .organization("org-contract").project("proj_contract")
        .options(ClientOptions.builder().retryPolicy(RetryPolicy.none())
            .okHttpClient(prism.checkingClient(path -> path)).build())
        .uploadThreshold(1024).uploadPartSize(512).build();
  }

  @AfterEach
  void noViolations() {
    openai.close();
    assertThat(prism.violations()).as("requests Prism flagged as not matching the spec").isEmpty();
  }

  private Path data(String name, int first, int count) {
    return WireTestSupport.chatData(dir, name, first, count);
  }

  @Test
  void filesApi() throws IOException {
    Path file = Files.writeString(dir.resolve("small.jsonl"), "{\"a\":1}\n");
    openai.files().upload(file);
    openai.files().upload(new ByteArrayInputStream("{\"b\":2}\n".getBytes(StandardCharsets.UTF_8)), "s.jsonl");
    openai.files().upload("{\"c\":3}\n".getBytes(StandardCharsets.UTF_8), "b.jsonl");
    openai.files().list("fine-tune").stream().limit(3).toList();
    openai.files().retrieve("file-abc123");
    openai.files().delete("file-abc123");
    try (InputStream in = openai.files().content("file-abc123")) {
      in.readAllBytes();
    }
  }

  @Test
  void neutralDatasets() {
    try (OpenAi noMultipart = OpenAi.builder().apiKey("sk-contract").baseUrl(prism.baseUrl())
        .options(ClientOptions.builder().retryPolicy(RetryPolicy.none()).build()).build()) {
      noMultipart.datasets().upload(DatasetUpload.builder().training(data("train.jsonl", 0, 12))
          .validation(data("valid.jsonl", 100, 2)).build());
      noMultipart.datasets().list().stream().limit(2).toList();
      noMultipart.datasets().retrieve("file-abc123");
    }
  }

  @Test
  void uploadsApi() {
    Path file = data("big.jsonl", 0, 12);
    OpenAiUpload upload = openai.uploads().create("big.jsonl", "fine-tune", 2048, "text/jsonl");
    String part = openai.uploads().addPart(upload.id(), file, 0, 512);
    openai.uploads().complete(upload.id(), List.of(part), Optional.of("d41d8cd98f00b204e9800998ecf8427e"));
    openai.uploads().cancel(upload.id());
    // Prism answers the completion with the spec's static example, a pending upload without a file, so the
    // whole-file helper ends by cancelling; every request it sent on the way was still validated.
    assertThatThrownBy(() -> openai.uploads().upload(file)).hasMessageContaining("returned no file");
  }

  @Test
  void jobsApi() {
    openai.jobs().create(JobSpec.builder().baseModel("gpt-4o-mini-2024-07-18").trainingFile("file-abc123")
        .validationFile("file-val").suffix("recipes").seed(42).label("team", "kitchen")
        .method(TrainingMethod.supervised(Hyperparameters.builder().epochs(3).batchSize(8)
            .learningRateMultiplier(0.5).build()))
        .option(WandbIntegration.builder().project("recipes").name("run").entity("acme").tag("sft").build())
        .build());
    openai.jobs().create(JobSpec.builder().baseModel("gpt-4.1-mini-2025-04-14").trainingFile("file-abc123")
        .method(TrainingMethod.preference(Hyperparameters.auto(), Hyperparameter.of(0.1))).build());
    openai.jobs().create(JobSpec.builder().baseModel("o4-mini-2025-04-16").trainingFile("file-abc123")
        .idempotencyKey("contract-key")
        .method(TrainingMethod.reinforcement(EvalGraders.stringCheck("exact", "{{sample.output_text}}",
            "{{item.answer}}", "eq")).computeMultiplier(Hyperparameter.of(1.0)).evalInterval(Hyperparameter.of(5))
            .evalSamples(Hyperparameter.of(3)).reasoningEffort("low").build())
        .build());
    openai.jobs().retrieve("ftjob-abc123");
    openai.jobs().list(JobQuery.withLabel("team", "kitchen").pageSize(5)).stream().limit(3).toList();
    openai.jobs().cancel("ftjob-abc123");
    openai.jobs().pause("ftjob-abc123");
    openai.jobs().resume("ftjob-abc123");
    openai.jobs().events("ftjob-abc123");
    openai.jobs().eventsAfter("ftjob-abc123", "ftevent-abc");
    openai.jobs().checkpoints("ftjob-abc123");
  }

  @Test
  void modelsAndChat() {
    openai.models().list();
    openai.models().retrieve("gpt-4o-mini");
    openai.models().delete("ft:gpt-4o-mini:acme:suffix:abc123");
    openai.chat("ft:gpt-4o-mini:acme:suffix:abc123").complete(ChatRequest.builder()
        .messages(List.of(ChatMessage.system("Be brief."), ChatMessage.user("Soup?")))
        .temperature(0.2).maxCompletionTokens(20).seed(7)
        .responseFormat(RawJson.parse("{\"type\":\"text\"}"))
        .tool(RawJson.parse("""
            {"type":"function","function":{"name":"find_recipe","description":"Finds a recipe",
             "parameters":{"type":"object","properties":{"dish":{"type":"string"}},"required":["dish"]}}}"""))
        .build());
  }

  @Test
  void evalsApi() {
    RawJson schema = RawJson.parse("{\"type\":\"object\",\"properties\":{\"question\":{\"type\":\"string\"}}}");
    openai.evals().create(EvalSpec.builder().name("recipes").itemSchema(schema, true)
        .testingCriterion(EvalGraders.stringCheck("exact", "{{sample.output_text}}", "{{item.answer}}", "eq"))
        .testingCriterion(EvalGraders.textSimilarity("close", "{{sample.output_text}}", "{{item.answer}}",
            "fuzzy_match", 0.8))
        .metadata("team", "kitchen").build());
    openai.evals().retrieve("eval_1");
    openai.evals().list().stream().limit(2).toList();
    openai.evals().startRun("eval_1", EvalRunSpec.completions("gpt-4o-mini", "file-eval",
        List.of(ChatMessage.system("Answer briefly."), ChatMessage.user("{{item.question}}"))));
    openai.evals().startRun("eval_1", EvalRunSpec.jsonlFile("file-eval").withName("presampled"));
    openai.evals().retrieveRun("eval_1", "evalrun_1");
    openai.evals().runs("eval_1").stream().limit(2).toList();
    openai.evals().outputItems("eval_1", "evalrun_1", "fail").stream().limit(2).toList();
    openai.evals().cancelRun("eval_1", "evalrun_1");
    openai.evals().delete("eval_1");
  }

  @Test
  void checkpointPermissions() {
    String checkpoint = "ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd:ckpt-step-100";
    openai.checkpointPermissions().grant(checkpoint, List.of("proj_abc"));
    openai.checkpointPermissions().list(checkpoint).stream().limit(2).toList();
    openai.checkpointPermissions().revoke(checkpoint, "cp_abc");
  }
}
