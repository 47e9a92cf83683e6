package dev.finetune4j.huggingface.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.finetune4j.huggingface.HuggingFaceJobOptions;
import dev.finetune4j.huggingface.Trainer;
import dev.finetune4j.job.Hyperparameter;
import dev.finetune4j.job.Hyperparameters;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.TrainingMethod;
import dev.finetune4j.testsupport.PythonEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated Unsloth scripts run for real, their own code and branches, with recording stand-ins for unsloth,
 * datasets and trl ({@code unsloth/dry_run.py}): each option and each override its comment promises must reach the
 * calls it is about. Unsloth itself needs a GPU and is not installed here.
 */
class UnslothScriptTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T22:30:00Z"), ZoneOffset.UTC);

  @TempDir
  Path work;

  private static TrainingPlan plan(HuggingFaceJobOptions.Builder options, JobSpec.Builder spec) {
    return TrainingPlan.of(spec.option(options.trainer(Trainer.UNSLOTH).build()).build(), "alice", "huggingface",
        CLOCK);
  }

  private static JobSpec.Builder sft() {
    return JobSpec.builder().baseModel("Qwen/Qwen2.5-0.5B-Instruct").trainingFile("alice/data@c0ffee:train.jsonl")
        .seed(7);
  }

  /** One run of a script: the script's plan and the environment it runs in. */
  private record Run(TrainingPlan plan, Map<String, String> env) {}

  /** Runs the scripts; returns each run's calls, by name (the last call of a name wins). */
  private List<Map<String, JsonNode>> dryRun(List<Run> runs) throws Exception {
    ArrayNode input = MAPPER.createArrayNode();
    for (int i = 0; i < runs.size(); i++) {
      Path script = work.resolve("train-" + i + ".py");
      Files.writeString(script, UnslothScript.render(runs.get(i).plan()));
      input.addObject().put("script", script.toString()).set("env", MAPPER.valueToTree(runs.get(i).env()));
    }
    Path runsFile = Files.writeString(work.resolve("runs.json"), input.toString());
    Path runner = work.resolve("dry_run.py");
    try (var in = getClass().getResourceAsStream("/unsloth/dry_run.py")) {
      Files.copy(in, runner);
    }
    Process process = new ProcessBuilder(PythonEnvironment.python().toString(), runner.toString(), runsFile.toString())
        .redirectError(work.resolve("stderr.txt").toFile()).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES) && process.exitValue() == 0)
        .as(Files.readString(work.resolve("stderr.txt"))).isTrue();
    List<Map<String, JsonNode>> results = new ArrayList<>();
    for (JsonNode calls : MAPPER.readTree(out)) {
      Map<String, JsonNode> byName = new LinkedHashMap<>();
      calls.forEach(call -> byName.put(call.get(0).asText(), call.get(1)));
      results.add(byName);
    }
    return results;
  }

  private Map<String, JsonNode> dryRun(TrainingPlan plan) throws Exception {
    return dryRun(List.of(new Run(plan, Map.of()))).get(0);
  }

  @Test
  void loraLoadsFourBitWeightsAddsTheAdapterWithTheOptionsAndPushesItMerged() throws Exception {
    TrainingPlan plan = plan(HuggingFaceJobOptions.builder().lora(8, 24).maxLength(512).loggingSteps(5), sft());

    Map<String, JsonNode> calls = dryRun(plan);

    JsonNode load = calls.get("FastLanguageModel.from_pretrained");
    assertThat(load.path("model_name").asText()).isEqualTo("Qwen/Qwen2.5-0.5B-Instruct");
    assertThat(load.path("max_seq_length").asInt()).isEqualTo(512);
    assertThat(load.path("load_in_4bit").asBoolean()).isTrue();
    assertThat(load.path("full_finetuning").asBoolean()).isFalse();
    JsonNode peft = calls.get("FastLanguageModel.get_peft_model");
    assertThat(peft.path("r").asInt()).isEqualTo(8);
    assertThat(peft.path("lora_alpha").asInt()).isEqualTo(24);
    assertThat(peft.path("random_state").asInt()).isEqualTo(7);
    JsonNode config = calls.get("SFTConfig");
    assertThat(config.path("num_train_epochs").asDouble()).isEqualTo(3.0);
    assertThat(config.path("learning_rate").asDouble()).isEqualTo(1e-4);
    assertThat(config.path("max_length").asInt()).isEqualTo(512);
    assertThat(config.path("logging_steps").asInt()).isEqualTo(5);
    assertThat(config.path("eval_strategy").asText()).isEqualTo("no");
    assertThat(config.path("seed").asInt()).isEqualTo(7);
    assertThat(config.has("per_device_train_batch_size")).isFalse();
    assertThat(calls).containsKey("SFTTrainer.train");
    assertThat(calls.get("model.push_to_hub_merged").path("save_method").asText()).isEqualTo("merged_16bit");
    assertThat(calls.get("model.push_to_hub_merged").path("private").asBoolean()).isTrue();
    assertThat(calls).doesNotContainKey("model.push_to_hub");
  }

  @Test
  void loraOffIsAFullFineTuneOfSixteenBitWeightsWithoutAnAdapter() throws Exception {
    TrainingPlan plan = plan(HuggingFaceJobOptions.builder().lora(false).privateRepository(false), sft());

    Map<String, JsonNode> calls = dryRun(plan);

    JsonNode load = calls.get("FastLanguageModel.from_pretrained");
    assertThat(load.path("load_in_4bit").asBoolean()).isFalse();
    assertThat(load.path("full_finetuning").asBoolean()).isTrue();
    assertThat(calls).doesNotContainKeys("FastLanguageModel.get_peft_model", "model.push_to_hub_merged");
    assertThat(calls.get("SFTConfig").path("learning_rate").asDouble()).isEqualTo(2e-5);
    assertThat(calls.get("model.push_to_hub").path("private").asBoolean()).isFalse();
    assertThat(calls.get("tokenizer.push_to_hub").path("repo").asText()).isEqualTo(plan.hubModelId());
  }

  @Test
  void fourBitOffKeepsLoraOnSixteenBitWeights() throws Exception {
    Map<String, JsonNode> calls = dryRun(plan(HuggingFaceJobOptions.builder().loadIn4Bit(false), sft()));

    assertThat(calls.get("FastLanguageModel.from_pretrained").path("load_in_4bit").asBoolean()).isFalse();
    assertThat(calls.get("FastLanguageModel.from_pretrained").path("full_finetuning").asBoolean()).isFalse();
    assertThat(calls).containsKey("FastLanguageModel.get_peft_model");
  }

  @Test
  void fourBitWithoutLoraIsRefused() {
    assertThatThrownBy(() -> HuggingFaceJobOptions.builder().lora(false).loadIn4Bit(true).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("QLoRA");
  }

  @Test
  void aDpoScriptWithValidationDataEvaluatesAndUsesBetaAndTheBatchSize() throws Exception {
    TrainingPlan plan = plan(HuggingFaceJobOptions.builder().pushToHub(false), sft()
        .validationFile("alice/data@c0ffee:test.jsonl")
        .method(TrainingMethod.preference(Hyperparameters.builder().batchSize(4).epochs(1).build(),
            Hyperparameter.of(0.3))));

    Map<String, JsonNode> calls = dryRun(plan);

    JsonNode config = calls.get("DPOConfig");
    assertThat(config.path("beta").asDouble()).isEqualTo(0.3);
    assertThat(config.path("eval_strategy").asText()).isEqualTo("steps");
    assertThat(config.path("per_device_train_batch_size").asInt()).isEqualTo(4);
    assertThat(config.path("num_train_epochs").asDouble()).isEqualTo(1.0);
    assertThat(calls.get("load_dataset").path("split").asText()).isEqualTo("test");
    assertThat(calls.get("DPOTrainer").path("eval_dataset").asText()).contains("alice/data:test");
    assertThat(calls).containsKey("DPOTrainer.save_model").doesNotContainKeys("model.push_to_hub_merged",
        "model.push_to_hub");
  }

  @Test
  void everyVariableOfTheJobsEnvironmentOverridesTheScriptsSetting() throws Exception {
    TrainingPlan plan = plan(HuggingFaceJobOptions.builder(), sft()
        .validationFile("alice/data@c0ffee:test.jsonl")
        .method(TrainingMethod.preference(Hyperparameters.builder().batchSize(2).build(), Hyperparameter.of(0.2))));
    Map<String, String> env = UnslothScript.environment(plan);
    List<Run> runs = new ArrayList<>(List.of(new Run(plan, Map.of()), new Run(plan, env)));
    for (String name : env.keySet()) {
      runs.add(new Run(plan, Map.of(name, changed(env.get(name)))));
    }

    List<Map<String, JsonNode>> results = dryRun(runs);

    assertThat(results.get(1)).as("the job's environment says what the script's defaults say")
        .isEqualTo(results.get(0));
    List<String> names = new ArrayList<>(env.keySet());
    for (int i = 0; i < names.size(); i++) {
      assertThat(results.get(i + 2)).as(names.get(i) + "=" + changed(env.get(names.get(i))) + " changes nothing")
          .isNotEqualTo(results.get(0));
    }
  }

  /** Another valid value of a setting's type. */
  private static String changed(String value) {
    if (value.equals("true") || value.equals("false")) {
      return value.equals("true") ? "false" : "true";
    }
    if (value.matches("\\d+")) {
      return Long.toString(Long.parseLong(value) + 1);
    }
    if (value.matches("[0-9.e-]+")) {
      return Double.toString(Double.parseDouble(value) * 2);
    }
    return value.equals("steps") ? "epoch" : value.equals("no") ? "steps" : value + "-changed";
  }
}
