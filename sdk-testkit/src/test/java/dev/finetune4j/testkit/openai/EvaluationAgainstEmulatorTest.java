package dev.finetune4j.testkit.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.eval.Candidate;
import dev.finetune4j.eval.CaseResult;
import dev.finetune4j.eval.Comparison;
import dev.finetune4j.eval.EvalCase;
import dev.finetune4j.eval.EvalReport;
import dev.finetune4j.eval.EvalSet;
import dev.finetune4j.eval.Evaluation;
import dev.finetune4j.eval.Scorers;
import dev.finetune4j.spi.http.Authentication;
import dev.finetune4j.spi.http.HttpTransport;
import dev.finetune4j.spi.http.Json;
import dev.finetune4j.ClientOptions;
import dev.finetune4j.RetryPolicy;
import dev.finetune4j.model.OpenAiCompatibleChatModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluation harness against the emulated OpenAI API: a model fine-tuned on capital cities against its base
 * model, both called through {@link OpenAiCompatibleChatModel} on the one transport, with injected faults.
 */
class EvaluationAgainstEmulatorTest extends EmulatorTest {
  private static final String BASE = "gpt-4o-mini-2024-07-18";

  private final List<Duration> retrySleeps = new CopyOnWriteArrayList<>();
  private HttpTransport transport;
  private String tunedModel;

  @BeforeEach
  void trainAModel() {
    String file = api.uploadTraining(Fixtures.training(20));
    String job = api.post("/fine_tuning/jobs", "{\"model\":\"" + BASE + "\",\"training_file\":\"" + file + "\"}")
        .path("id").asText();
    openai.clock().advance(Duration.ofMinutes(15));
    JsonNode done = api.get("/fine_tuning/jobs/" + job);
    assertThat(done.path("status").asText()).isEqualTo("succeeded");
    tunedModel = done.path("fine_tuned_model").asText();
    transport = HttpTransport.builder().provider("openai").baseUrl(openai.baseUrl())
        .authentication(Authentication.bearer(openai.apiKey()))
        .options(ClientOptions.builder()
            .retryPolicy(RetryPolicy.builder().maxRetries(2).sleeper(retrySleeps::add).build()).build())
        .build();
  }

  @AfterEach
  void closeTransport() {
    transport.close();
  }

  private static EvalSet capitals() {
    List<EvalCase> cases = new ArrayList<>();
    for (String[] pair : Fixtures.CAPITALS.subList(0, 10)) {
      cases.add(EvalCase.of(pair[0], "What is the capital of " + pair[0] + "?",
          "The capital of " + pair[0] + " is " + pair[1] + "."));
    }
    return EvalSet.of("capitals", cases);
  }

  private Evaluation.Builder tunedAgainstBase(int concurrency) {
    return Evaluation.builder().evalSet(capitals())
        .candidate(Candidate.builder().name("tuned").model(OpenAiCompatibleChatModel.using(transport, tunedModel))
            .temperature(0).build())
        .candidate(Candidate.builder().name("base").model(OpenAiCompatibleChatModel.using(transport, BASE))
            .temperature(0).build())
        .scorer(Scorers.normalizedMatch())
        .scorer(Scorers.tokenF1())
        .concurrency(concurrency)
        .compare("tuned", "base");
  }

  @Test
  void theTunedModelBeatsItsBaseWithFewerTokensPerAnswer() {
    EvalReport report = tunedAgainstBase(4).build().run();

    assertThat(openai.requests("POST", "/v1/chat/completions")).hasSize(20);
    assertThat(report.candidate("tuned").orElseThrow().score("normalized_match").orElseThrow().mean()).isEqualTo(1);
    assertThat(report.candidate("base").orElseThrow().score("normalized_match").orElseThrow().mean()).isZero();
    assertThat(report.candidate("tuned").orElseThrow().tokens().meanOutput())
        .isLessThan(report.candidate("base").orElseThrow().tokens().meanOutput());
    Comparison onMatch = report.comparisons().get(0);
    assertThat(onMatch.outcome()).isEqualTo(Comparison.Outcome.CANDIDATE_BETTER);
    assertThat(onMatch.wins()).isEqualTo(10);
    assertThat(onMatch.verdict()).startsWith("tuned beats base on normalized_match by 100.0 points")
        .contains("fewer tokens per answer");
  }

  @Test
  void aFewShotBaselinePaysForItsExamplesInInputTokens(@TempDir Path dir) throws Exception {
    Path training = dir.resolve("train.jsonl");
    Files.writeString(training, Fixtures.training(20));
    OpenAiCompatibleChatModel base = OpenAiCompatibleChatModel.using(transport, BASE);

    EvalReport report = Evaluation.builder().evalSet(capitals())
        .candidate(Candidate.zeroShot("base", base))
        .candidate(Candidate.fewShot("base-3-shot", base, training, 3, 7))
        .scorer(Scorers.tokenF1())
        .build().run();

    List<Integer> messageCounts = new ArrayList<>();
    for (var request : openai.requests("POST", "/v1/chat/completions")) {
      messageCounts.add(Json.parse(request.body()).path("messages").size());
    }
    // ten zero-shot requests of one message, ten of three examples (user and assistant) and the question
    assertThat(messageCounts).containsOnly(1, 7).filteredOn(n -> n == 7).hasSize(10);
    assertThat(report.candidate("base-3-shot").orElseThrow().tokens().meanInput())
        .isGreaterThan(report.candidate("base").orElseThrow().tokens().meanInput() + 30);
  }

  @Test
  void aServerErrorIsRetriedByTheTransportAndAQuotaErrorIsRecordedForItsCase() {
    openai.faults()
        .inject(OpenAiFaults.serviceUnavailable().forRequests("POST", "/v1/chat/completions"))
        .inject(OpenAiFaults.quotaExhausted().forRequests("POST", "/v1/chat/completions"));

    EvalReport report = tunedAgainstBase(1).build().run();

    // the first request met the 503 and was retried; the second met the quota error, which is never retried
    assertThat(openai.faults().fired()).hasSize(2);
    assertThat(retrySleeps).hasSize(1);
    List<CaseResult> failed = report.results().stream().filter(r -> !r.succeeded()).toList();
    assertThat(failed).hasSize(1);
    assertThat(failed.get(0).error()).hasValueSatisfying(e -> assertThat(e).startsWith("QuotaExhaustedException"));
    assertThat(report.results()).hasSize(20);
    assertThat(report.results().stream().filter(CaseResult::succeeded).count()).isEqualTo(19);
    assertThat(openai.requests("POST", "/v1/chat/completions")).hasSize(21);
  }
}
