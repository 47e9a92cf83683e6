package dev.finetune4j.testkit.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EvalsTest {

  private static final String EVAL = "{\"name\":\"capitals\",\"data_source_config\":{\"type\":\"custom\","
      + "\"item_schema\":{\"type\":\"object\",\"properties\":{\"question\":{\"type\":\"string\"},"
      + "\"answer\":{\"type\":\"string\"}}},\"include_sample_schema\":true},"
      + "\"testing_criteria\":[{\"type\":\"string_check\",\"name\":\"mentions capital\","
      + "\"input\":\"{{sample.output_text}}\",\"reference\":\"{{item.answer}}\",\"operation\":\"ilike\"}]}";

  private final OpenAiEmulator openai = OpenAiEmulator.create();
  private Api api;

  @BeforeEach
  void start() {
    openai.start();
    api = new Api(openai);
  }

  @AfterEach
  void stop() {
    openai.close();
  }

  private String completionsRun(String evalId, String model) {
    String rows = "[{\"item\":{\"question\":\"What's the capital city of Norway?\",\"answer\":\"Oslo\"}},"
        + "{\"item\":{\"question\":\"Which city is the capital of Croatia?\",\"answer\":\"Zagreb\"}}]";
    return api.post("/evals/" + evalId + "/runs", "{\"name\":\"" + model + "\",\"data_source\":{\"type\":"
        + "\"completions\",\"model\":\"" + model + "\",\"source\":{\"type\":\"file_content\",\"content\":" + rows
        + "},\"input_messages\":{\"type\":\"template\",\"template\":[{\"role\":\"user\",\"content\":"
        + "\"{{item.question}}\"}]},\"sampling_params\":{\"temperature\":1,\"seed\":42}}}").path("id").asText();
  }

  @Test
  void fineTunedModelPassesMoreOfAnEvalThanItsBaseModel() {
    String job = api.post("/fine_tuning/jobs", "{\"model\":\"gpt-4o-mini-2024-07-18\",\"training_file\":\""
        + api.uploadTraining(Fixtures.training(20)) + "\"}").path("id").asText();
    openai.clock().advance(Duration.ofMinutes(10));
    String tuned = api.get("/fine_tuning/jobs/" + job).path("fine_tuned_model").asText();

    JsonNode eval = api.ok(api.send("POST", "/evals", EVAL));
    String evalId = eval.path("id").asText();
    assertThat(evalId).startsWith("eval_");
    assertThat(eval.path("object").asText()).isEqualTo("eval");
    assertThat(eval.path("data_source_config").path("schema").path("required").get(0).asText()).isEqualTo("item");
    assertThat(eval.path("testing_criteria").get(0).path("id").asText()).startsWith("mentions capital-");

    String tunedRun = completionsRun(evalId, tuned);
    String baseRun = completionsRun(evalId, "gpt-4o-mini-2024-07-18");
    JsonNode queued = api.get("/evals/" + evalId + "/runs/" + tunedRun);
    assertThat(tunedRun).startsWith("evalrun_");
    assertThat(queued.path("object").asText()).isEqualTo("eval.run");
    assertThat(queued.path("status").asText()).isEqualTo("queued");
    openai.clock().advance(Duration.ofSeconds(6));
    assertThat(api.get("/evals/" + evalId + "/runs/" + tunedRun).path("status").asText()).isEqualTo("in_progress");
    openai.clock().advance(Duration.ofMinutes(1));

    JsonNode tunedResult = api.get("/evals/" + evalId + "/runs/" + tunedRun);
    JsonNode baseResult = api.get("/evals/" + evalId + "/runs/" + baseRun);
    assertThat(tunedResult.path("status").asText()).isEqualTo("completed");
    assertThat(tunedResult.path("result_counts").path("total").asInt()).isEqualTo(2);
    assertThat(tunedResult.path("result_counts").path("passed").asInt()).isEqualTo(2);
    assertThat(baseResult.path("result_counts").path("passed").asInt()).isZero();
    assertThat(baseResult.path("result_counts").path("failed").asInt()).isEqualTo(2);
    JsonNode tunedUsage = tunedResult.path("per_model_usage").get(0);
    assertThat(tunedUsage.path("model_name").asText()).isEqualTo(tuned);
    assertThat(tunedUsage.path("invocation_count").asInt()).isEqualTo(2);
    assertThat(baseResult.path("per_model_usage").get(0).path("completion_tokens").asInt())
        .isGreaterThan(tunedUsage.path("completion_tokens").asInt());
    assertThat(tunedResult.path("per_testing_criteria_results").get(0).path("passed").asInt()).isEqualTo(2);

    JsonNode items = api.get("/evals/" + evalId + "/runs/" + tunedRun + "/output_items");
    assertThat(items.path("object").asText()).isEqualTo("list");
    assertThat(items.path("data")).hasSize(2);
    JsonNode item = items.path("data").get(0);
    assertThat(item.path("id").asText()).startsWith("outputitem_");
    assertThat(item.path("object").asText()).isEqualTo("eval.run.output_item");
    assertThat(item.path("status").asText()).isEqualTo("pass");
    assertThat(item.path("datasource_item").path("answer").asText()).isEqualTo("Oslo");
    assertThat(item.path("sample").path("output").get(0).path("content").asText()).contains("Oslo");
    assertThat(item.path("results").get(0).path("passed").asBoolean()).isTrue();
    assertThat(api.get("/evals/" + evalId + "/runs/" + tunedRun + "/output_items/" + item.path("id").asText()))
        .isEqualTo(item);
    assertThat(api.get("/evals/" + evalId + "/runs/" + baseRun + "/output_items?status=fail").path("data"))
        .hasSize(2);
  }

  @Test
  void jsonlRunGradesGivenSamplesWithTextSimilarity() {
    String evalId = api.ok(api.send("POST", "/evals", "{\"name\":\"sim\",\"data_source_config\":{\"type\":"
        + "\"custom\",\"item_schema\":{\"type\":\"object\"}},\"testing_criteria\":[{\"type\":\"text_similarity\","
        + "\"name\":\"close\",\"input\":\"{{sample.output_text}}\",\"reference\":\"{{item.expected}}\","
        + "\"evaluation_metric\":\"fuzzy_match\",\"pass_threshold\":0.8}]}")).path("id").asText();
    String runId = api.post("/evals/" + evalId + "/runs", "{\"data_source\":{\"type\":\"jsonl\",\"source\":"
        + "{\"type\":\"file_content\",\"content\":[{\"item\":{\"expected\":\"the cat sat\"},\"sample\":"
        + "{\"output_text\":\"the cat sat\"}},{\"item\":{\"expected\":\"the cat sat\"},\"sample\":"
        + "{\"output_text\":\"a dog ran away\"}}]}}}").path("id").asText();
    openai.clock().advance(Duration.ofMinutes(1));
    JsonNode run = api.get("/evals/" + evalId + "/runs/" + runId);
    assertThat(run.path("result_counts").path("passed").asInt()).isEqualTo(1);
    assertThat(run.path("result_counts").path("failed").asInt()).isEqualTo(1);
    assertThat(api.get("/evals/" + evalId + "/runs").path("data")).hasSize(1);
    assertThat(api.get("/evals").path("data")).hasSize(1);
  }

  @Test
  void evalNeedsDataSourceConfigAndTestingCriteria() {
    Api.Reply reply = api.send("POST", "/evals", "{\"name\":\"x\",\"testing_criteria\":[]}");
    assertThat(reply.code()).isEqualTo(400);
    assertThat(reply.json().path("error").path("param").asText()).isEqualTo("data_source_config");
  }

  @Test
  void runCanBeCancelledBeforeItCompletes() {
    String evalId = api.ok(api.send("POST", "/evals", EVAL)).path("id").asText();
    String runId = completionsRun(evalId, "gpt-4o-mini-2024-07-18");
    assertThat(api.post("/evals/" + evalId + "/runs/" + runId, (String) null).path("status").asText())
        .isEqualTo("canceled");
    openai.clock().advance(Duration.ofMinutes(5));
    assertThat(api.get("/evals/" + evalId + "/runs/" + runId).path("status").asText()).isEqualTo("canceled");
  }
}
