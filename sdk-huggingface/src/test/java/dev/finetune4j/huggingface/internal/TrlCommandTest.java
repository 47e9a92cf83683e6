package dev.finetune4j.huggingface.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.RawJson;
import dev.finetune4j.error.LocalValidationException;
import dev.finetune4j.error.UnsupportedCapabilityException;
import dev.finetune4j.huggingface.HuggingFaceJobOptions;
import dev.finetune4j.huggingface.Trainer;
import dev.finetune4j.job.Hyperparameter;
import dev.finetune4j.job.Hyperparameters;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.TrainingMethod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrlCommandTest {
  /**
   * The flags of {@code trl sft|dpo} per the reference (section 5, CLI), plus DPO's {@code --beta} (a DPOConfig
   * field; the reference gives its default 0.1).
   */
  static final Set<String> TRL_FLAGS = Set.of("--model_name_or_path", "--dtype", "--dataset_name",
      "--dataset_config", "--dataset_train_split", "--dataset_test_split", "--dataset_text_field", "--learning_rate",
      "--num_train_epochs", "--max_steps", "--per_device_train_batch_size", "--gradient_accumulation_steps",
      "--max_length", "--packing", "--use_peft", "--lora_r", "--lora_alpha", "--lora_dropout",
      "--lora_target_modules", "--load_in_4bit", "--output_dir", "--push_to_hub", "--hub_model_id",
      "--hub_private_repo", "--report_to", "--logging_steps", "--eval_strategy", "--eval_steps", "--save_strategy",
      "--bf16", "--fp16", "--use_cpu", "--gradient_checkpointing", "--assistant_only_loss", "--completion_only_loss", "--seed", "--beta");
  /**
   * Bool flags given bare: only plain {@code bool} options with a default may be (the reference's "booleans are
   * bare" is wrong for {@code bool | None} ones such as {@code --hub_private_repo}; RealTrlParserTest checks it).
   */
  static final Set<String> BARE = Set.of("--use_peft", "--push_to_hub");

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T22:30:00Z"), ZoneOffset.UTC);
  private static final String TRAIN = "alice/data@c0ffee:train.jsonl";
  private static final String VALID = "alice/data@c0ffee:test.jsonl";

  private static TrainingPlan plan(JobSpec spec) {
    return TrainingPlan.of(spec, "alice", "huggingface", CLOCK);
  }

  private static JobSpec.Builder spec() {
    return JobSpec.builder().baseModel("Qwen/Qwen2.5-0.5B-Instruct").trainingFile(TRAIN);
  }

  @Test
  void everyGeneratedFlagIsOneTrlAccepts() {
    JobSpec spec = spec().validationFile(VALID).seed(42)
        .method(TrainingMethod.preference(Hyperparameters.builder().epochs(2).batchSize(4).build(),
            Hyperparameter.of(0.2)))
        .build();

    List<String> command = TrlCommand.render(plan(spec));

    List<String> flags = new ArrayList<>();
    for (int i = 2; i < command.size(); i++) {
      String arg = command.get(i);
      assertThat(arg).startsWith("--");
      flags.add(arg);
      if (!BARE.contains(arg)) {
        i++; // its value
      }
    }
    assertThat(flags).isSubsetOf(TRL_FLAGS);
    assertThat(command.subList(0, 2)).containsExactly("trl", "dpo");
  }

  @Test
  void aSupervisedSpecRendersTheFullCommand() {
    List<String> command = TrlCommand.render(plan(spec().suffix("recipes").option(HuggingFaceJobOptions.builder()
        .lora(false).build()).build()));

    assertThat(command).containsExactly("trl", "sft",
        "--model_name_or_path", "Qwen/Qwen2.5-0.5B-Instruct",
        "--dataset_name", "alice/data",
        "--dataset_train_split", "train",
        "--num_train_epochs", "3",
        "--learning_rate", "0.00002",
        "--max_length", "1024",
        "--output_dir", "/tmp/finetune4j-output",
        "--push_to_hub", "--hub_model_id", "alice/Qwen2.5-0.5B-Instruct-recipes-20261124-223000",
        "--hub_private_repo", "true",
        "--logging_steps", "10",
        "--dtype", "bfloat16",
        "--report_to", "none");
  }

  @Test
  void validationDataAddsTheTestSplitAndEvaluation() {
    List<String> command = TrlCommand.render(plan(spec().validationFile(VALID).build()));

    assertThat(String.join(" ", command))
        .contains("--dataset_test_split test --eval_strategy steps --eval_steps 10");
  }

  @Test
  void precisionFollowsTheHardwareAndPushingIsOptional() {
    String cpu = String.join(" ", TrlCommand.render(plan(spec().option(HuggingFaceJobOptions.builder()
        .flavor("cpu-basic").pushToHub(false).build()).build()), "/work/out"));
    String t4 = String.join(" ", TrlCommand.render(plan(spec().option(HuggingFaceJobOptions.builder()
        .flavor("t4-small").lora(false).privateRepository(false).build()).build())));

    assertThat(cpu).contains("--output_dir /work/out", "--use_cpu true --bf16 false --dtype float32")
        .doesNotContain("--push_to_hub", "--hub_model_id", "--hub_private_repo");
    assertThat(t4).contains("--bf16 false --fp16 true --dtype float16", "--push_to_hub --hub_model_id alice/",
        "--hub_private_repo false");
  }

  @Test
  void splitsFollowTheDatasetsLibrarysFileNameRules() {
    assertThat(DatasetRef.parse("a/b@1:train.jsonl").split()).isEqualTo("train");
    assertThat(DatasetRef.parse("a/b@1:training.jsonl").split()).isEqualTo("train");
    assertThat(DatasetRef.parse("a/b@1:recipes-eval.jsonl").split()).isEqualTo("test");
    assertThat(DatasetRef.parse("a/b@1:eval.jsonl").split()).isEqualTo("test");
    assertThat(DatasetRef.parse("a/b@1:dev.jsonl").split()).isEqualTo("validation");
    assertThat(DatasetRef.parse("a/b@1:val.jsonl").split()).isEqualTo("validation");
    assertThat(DatasetRef.parse("a/b@1:my_valid_0.jsonl").split()).isEqualTo("validation");
    assertThat(DatasetRef.parse("a/b@1:data/test/part.jsonl").split()).isEqualTo("test");
    assertThat(DatasetRef.parse("a/b@1:recipes.jsonl").split()).isEqualTo("train");     // a lone file
    assertThat(DatasetRef.parse("a/b@1:contest.jsonl").split()).isEqualTo("train");     // 'test' not set off
    assertThat(DatasetRef.parse("/tmp/d/test.jsonl")).satisfies(r -> {
      assertThat(r.local()).isTrue();
      assertThat(r.repoId()).isEqualTo("/tmp/d");
      assertThat(r.split()).isEqualTo("test");
    });
  }

  @Test
  void theLearningRateIsTheDefaultTimesTheMultiplier() {
    JobSpec full = spec().method(TrainingMethod.supervised(Hyperparameters.builder().learningRateMultiplier(2)
        .build())).option(HuggingFaceJobOptions.builder().lora(false).build()).build();

    List<String> command = TrlCommand.render(plan(full));

    assertThat(command.get(command.indexOf("--learning_rate") + 1)).isEqualTo("0.00004");
    assertThat(command).doesNotContain("--use_peft");
  }

  @Test
  void optionsSetLoraLengthLoggingAndTheOutputName() {
    JobSpec spec = spec().option(HuggingFaceJobOptions.builder().lora(8, 16).maxLength(2048).loggingSteps(5)
        .outputModelName("my-model").build()).build();

    String command = String.join(" ", TrlCommand.job(plan(spec)));

    assertThat(command).contains("--lora_r 8 --lora_alpha 16", "--max_length 2048", "--logging_steps 5",
        " 'alice/my-model' true");
  }

  @Test
  void aLoraJobThatPushesRunsTrlThenMergesAndPushesTheMergedModel() {
    TrainingPlan plan = plan(spec().suffix("recipes").option(HuggingFaceJobOptions.builder().privateRepository(false)
        .build()).build());

    List<String> command = TrlCommand.job(plan);

    assertThat(command.subList(0, 2)).containsExactly("sh", "-c");
    assertThat(command.get(2)).isEqualTo("\"$0\" \"$@\" && 'python' -c '" + TrlCommand.MERGE_SCRIPT
        + "' '/tmp/finetune4j-output' 'alice/Qwen2.5-0.5B-Instruct-recipes-20261124-223000' false");
    assertThat(TrlCommand.MERGE_SCRIPT).doesNotContain("'").contains("merge_and_unload()", "push_to_hub(");
    assertThat(command.subList(3, command.size())).as("the trl command line, whole, without TRL's own push")
        .isEqualTo(TrlCommand.render(plan)).contains("--use_peft").doesNotContain("--push_to_hub", "--hub_model_id");
  }

  @Test
  void aFullFineTuneOrARunThatDoesNotPushIsTheTrlCommandAlone() {
    TrainingPlan full = plan(spec().option(HuggingFaceJobOptions.builder().lora(false).build()).build());
    TrainingPlan local = plan(spec().option(HuggingFaceJobOptions.builder().pushToHub(false).build()).build());

    assertThat(TrlCommand.job(full)).isEqualTo(TrlCommand.render(full)).contains("--push_to_hub");
    assertThat(TrlCommand.job(local)).isEqualTo(TrlCommand.render(local)).contains("--use_peft");
  }

  @Test
  void theTimeoutIsDerivedFromEpochsAndNeverTheThirtyMinuteDefault() {
    assertThat(plan(spec().build()).timeout()).isEqualTo(Duration.ofHours(3));
    assertThat(plan(spec().method(TrainingMethod.supervised(Hyperparameters.builder().epochs(1).build())).build())
        .timeout()).isEqualTo(Duration.ofHours(2));
    assertThat(plan(spec().option(HuggingFaceJobOptions.builder().timeout(Duration.ofMinutes(90)).build()).build())
        .timeout()).isEqualTo(Duration.ofMinutes(90));
  }

  @Test
  void reinforcementIsNotSupported() {
    RawJson grader = RawJson.parse("{\"type\":\"string_check\"}");
    JobSpec spec = spec().method(TrainingMethod.reinforcement(grader).build()).build();

    assertThatThrownBy(() -> plan(spec)).isInstanceOf(UnsupportedCapabilityException.class)
        .hasMessageContaining("huggingface");
  }

  @Test
  void trainingAndValidationInDifferentRepositoriesAreRefused() {
    JobSpec spec = spec().validationFile("bob/other@1:test.jsonl").build();

    assertThatThrownBy(() -> plan(spec)).isInstanceOf(LocalValidationException.class)
        .hasMessageContaining("one dataset repository");
  }

  @Test
  void aBareDatasetRepositoryMeansItsTrainSplit() {
    List<String> command = TrlCommand.render(plan(spec().trainingFile("trl-lib/Capybara").build()));

    assertThat(String.join(" ", command)).contains("--dataset_name trl-lib/Capybara --dataset_train_split train");
  }

  /** The keyword arguments Unsloth's flow takes per the reference (section 8). */
  static final Set<String> UNSLOTH_FROM_PRETRAINED = Set.of("model_name", "max_seq_length", "dtype", "load_in_4bit",
      "full_finetuning", "token");
  static final Set<String> UNSLOTH_PEFT = Set.of("r", "target_modules", "lora_alpha", "lora_dropout", "bias",
      "use_gradient_checkpointing", "random_state");

  @Test
  void theUnslothScriptHasAPep723HeaderAndOnlyAcceptedArguments() {
    JobSpec spec = spec().validationFile(VALID).seed(7)
        .option(HuggingFaceJobOptions.builder().trainer(Trainer.UNSLOTH).build()).build();

    String script = UnslothScript.render(plan(spec));

    assertThat(script).startsWith("# /// script\n").contains("#     \"unsloth\",\n", "#     \"trl\",\n",
        "#     \"datasets\",\n", "# ///\n");
    assertThat(script.indexOf("from unsloth import")).isLessThan(script.indexOf("from trl import"));
    assertThat(UnslothScript.FROM_PRETRAINED_ARGS).isSubsetOf(UNSLOTH_FROM_PRETRAINED);
    assertThat(UnslothScript.PEFT_ARGS).isSubsetOf(UNSLOTH_PEFT);
    List<String> flags = UnslothScript.configArguments(script).stream().map(a -> "--" + a).toList();
    assertThat(flags).isNotEmpty().isSubsetOf(TRL_FLAGS);
    assertThat(script).contains("DATASET = setting(\"DATASET_NAME\", \"alice/data\")",
        "EVAL_SPLIT = setting(\"DATASET_TEST_SPLIT\", \"test\") or None", "SEED = int(setting(\"SEED\", \"7\"))",
        "HUB_MODEL_ID = setting(\"HUB_MODEL_ID\", \"alice/", "push_to_hub_merged(HUB_MODEL_ID",
        "save_method=\"merged_16bit\"");
    assertThat(script.indexOf("import os")).isLessThan(script.indexOf("os.environ"));
    assertThat(script).contains("os.environ.get(\"HF_TOKEN\")").doesNotContain("hf_");
  }

  @Test
  void theDpoScriptUsesTheDpoTrainerWithBeta() {
    JobSpec spec = spec().method(TrainingMethod.preference(Hyperparameters.auto(), Hyperparameter.of(0.3))).build();

    String script = UnslothScript.render(plan(spec));

    assertThat(script).contains("from trl import DPOConfig, DPOTrainer", "BETA = float(setting(\"BETA\", \"0.3\"))",
        "LEARNING_RATE = float(setting(\"LEARNING_RATE\", \"0.000001\"))", "beta=BETA");
  }
}
