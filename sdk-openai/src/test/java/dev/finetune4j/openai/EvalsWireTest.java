package dev.finetune4j.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.RawJson;
import dev.finetune4j.error.WaitTimeoutException;
import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.testkit.VirtualClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

class EvalsWireTest extends WireTestSupport {

  private static String run(String status) {
    return """
        {"object":"eval.run","id":"evalrun_1","eval_id":"eval_1","status":"%s","model":"gpt-4o-mini",
         "name":"gpt-4o-mini","created_at":1744222219,"report_url":"https://platform.openai.com/evaluations/eval_1",
         "result_counts":{"total":10,"errored":0,"failed":2,"passed":8},
         "per_model_usage":[],"per_testing_criteria_results":[],"data_source":{"type":"completions"},
         "metadata":{},"error":null,"shared_with_openai":false}""".formatted(status);
  }

  @Test
  void createSendsTheItemSchemaAndTestingCriteria() {
    enqueue("""
        {"object":"eval","id":"eval_1","name":"recipes","created_at":1744222219,
         "data_source_config":{"type":"custom","schema":{}},"testing_criteria":[],"metadata":{}}""");
    RawJson schema = RawJson.of(Map.of("type", "object", "properties", Map.of("question", Map.of("type", "string"))));

    Eval eval = client().evals().create(EvalSpec.builder().name("recipes").itemSchema(schema, true)
        .testingCriterion(EvalGraders.stringCheck("exact", "{{sample.output_text}}", "{{item.answer}}", "eq"))
        .metadata("team", "kitchen").build());

    RecordedRequest request = take();
    assertCall(request, "POST", "/v1/evals");
    assertJsonBody(request, """
        {"name":"recipes","metadata":{"team":"kitchen"},
         "data_source_config":{"type":"custom","item_schema":{"type":"object",
           "properties":{"question":{"type":"string"}}},"include_sample_schema":true},
         "testing_criteria":[{"type":"string_check","name":"exact","input":"{{sample.output_text}}",
           "reference":"{{item.answer}}","operation":"eq"}]}""");
    assertThat(eval.id()).isEqualTo("eval_1");
  }

  @Test
  void startRunSendsACompletionsDataSourceOnAFile() {
    enqueue(run("queued"));

    EvalRun run = client().evals().startRun("eval_1", EvalRunSpec.completions("gpt-4o-mini", "file-eval",
        List.of(ChatMessage.system("Answer briefly."), ChatMessage.user("{{item.question}}"))));

    RecordedRequest request = take();
    assertCall(request, "POST", "/v1/evals/eval_1/runs");
    assertJsonBody(request, """
        {"name":"gpt-4o-mini","data_source":{"type":"completions","model":"gpt-4o-mini",
          "source":{"type":"file_id","id":"file-eval"},
          "input_messages":{"type":"template","template":[
            {"type":"message","role":"system","content":{"type":"input_text","text":"Answer briefly."}},
            {"type":"message","role":"user","content":{"type":"input_text","text":"{{item.question}}"}}]}}}""");
    assertThat(run.status()).isEqualTo("queued");
    assertThat(run.isTerminal()).isFalse();
  }

  @Test
  void waitForRunPollsUntilTheRunEnds() {
    enqueue(run("queued"));
    enqueue(run("in_progress"));
    enqueue(run("completed"));

    EvalRun run = client().evals().waitForRun("eval_1", "evalrun_1", Duration.ofHours(1));

    assertCall(take(), "GET", "/v1/evals/eval_1/runs/evalrun_1");
    assertThat(run.status()).isEqualTo("completed");
    assertThat(run.counts()).isEqualTo(new EvalRun.ResultCounts(10, 8, 2, 0));
    assertThat(run.reportUrl()).isPresent();
    assertThat(sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void waitForRunGivesUpAtTheTimeoutOnVirtualTime() {
    for (int i = 0; i < 10; i++) {
      enqueue(run("in_progress"));
    }
    VirtualClock time = VirtualClock.manual();
    OpenAi openai = builder()
        .options(options().toBuilder().clock(time.asClock()).sleeper(time::sleep).build()).build();

    assertThatThrownBy(() -> openai.evals().waitForRun("eval_1", "evalrun_1", Duration.ofMinutes(1)))
        .isInstanceOfSatisfying(WaitTimeoutException.class, e -> {
          assertThat(e.timeout()).isEqualTo(Duration.ofMinutes(1));
          assertThat(e.lastValue()).containsInstanceOf(EvalRun.class);
          assertThat(e.getMessage()).contains("evalrun_1").contains("still 'in_progress'");
        });
    assertThat(time.now()).isEqualTo(VirtualClock.DEFAULT_START.plusSeconds(60));
    assertThat(server.getRequestCount()).isEqualTo(6); // at 0, 2, 6, 14, 30 and 60 seconds
  }

  @Test
  void outputItemsArePagedAndCarryTheirResults() {
    String item = """
        {"object":"eval.run.output_item","id":"outputitem_%s","run_id":"evalrun_1","eval_id":"eval_1",
         "created_at":1744222219,"status":"%s","datasource_item_id":%s,"datasource_item":{"question":"q"},
         "results":[{"name":"exact","type":"string_check","score":%s,"passed":%s}],
         "sample":{"input":[],"output":[{"role":"assistant","content":"Soup."}],"finish_reason":"stop",
                   "model":"gpt-4o-mini","usage":{"total_tokens":5},"error":null}}""";
    enqueue("{\"object\":\"list\",\"data\":[" + item.formatted("1", "pass", "0", "1.0", "true")
        + "],\"first_id\":\"outputitem_1\",\"last_id\":\"outputitem_1\",\"has_more\":true}");
    enqueue("{\"object\":\"list\",\"data\":[" + item.formatted("2", "fail", "1", "0.0", "false")
        + "],\"first_id\":\"outputitem_2\",\"last_id\":\"outputitem_2\",\"has_more\":false}");

    List<EvalOutputItem> items = client().evals().outputItems("eval_1", "evalrun_1").toList();

    assertCall(take(), "GET", "/v1/evals/eval_1/runs/evalrun_1/output_items?limit=100");
    assertCall(take(), "GET", "/v1/evals/eval_1/runs/evalrun_1/output_items?limit=100&after=outputitem_1");
    assertThat(items).extracting(EvalOutputItem::status).containsExactly("pass", "fail");
    assertThat(items.get(0).results()).singleElement().satisfies(r -> {
      assertThat(r.passed()).isTrue();
      assertThat(r.score()).hasValue(1.0);
    });
    assertThat(items.get(1).datasourceItemId()).contains(1L);
    assertThat(items.get(1).sampleOutput()).contains("Soup.");
  }
}
