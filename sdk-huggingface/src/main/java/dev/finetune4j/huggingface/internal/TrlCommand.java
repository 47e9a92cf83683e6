package dev.finetune4j.huggingface.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@link TrainingPlan} as a {@code trl sft|dpo} command line, with only flags the TRL CLI accepts.
 */
public final class TrlCommand {
  /** Where the trainer writes checkpoints inside the container; the model is pushed to the Hub from there. */
  public static final String OUTPUT_DIR = "/tmp/finetune4j-output";

  private TrlCommand() {}

  /**
   * Returns the command.
   *
   * @param plan the plan
   * @return {@code ["trl", "sft", "--model_name_or_path", ...]}
   */
  public static List<String> render(TrainingPlan plan) {
    List<String> c = new ArrayList<>(List.of("trl", plan.command()));
    flag(c, "--model_name_or_path", plan.baseModel());
    flag(c, "--dataset_name", plan.training().repoId());
    flag(c, "--dataset_train_split", plan.training().split());
    plan.validation().ifPresent(v -> {
      flag(c, "--dataset_test_split", v.split());
      flag(c, "--eval_strategy", "steps");
      flag(c, "--eval_steps", Integer.toString(plan.options().loggingSteps()));
    });
    flag(c, "--num_train_epochs", Integer.toString(plan.epochs()));
    flag(c, "--learning_rate", TrainingPlan.number(plan.learningRate()));
    plan.batchSize().ifPresent(b -> flag(c, "--per_device_train_batch_size", Long.toString(b)));
    if (plan.options().lora()) {
      c.add("--use_peft");
      flag(c, "--lora_r", Integer.toString(plan.options().loraRank()));
      flag(c, "--lora_alpha", Integer.toString(plan.options().loraAlpha()));
    }
    flag(c, "--max_length", Integer.toString(plan.options().maxLength()));
    plan.beta().ifPresent(b -> flag(c, "--beta", TrainingPlan.number(b)));
    flag(c, "--output_dir", OUTPUT_DIR);
    c.add("--push_to_hub");
    flag(c, "--hub_model_id", plan.hubModelId());
    c.add("--hub_private_repo");
    flag(c, "--logging_steps", Integer.toString(plan.options().loggingSteps()));
    flag(c, "--dtype", "bfloat16");
    flag(c, "--report_to", "none");
    plan.seed().ifPresent(s -> flag(c, "--seed", Long.toString(s)));
    return List.copyOf(c);
  }

  private static void flag(List<String> command, String name, String value) {
    command.add(name);
    command.add(value);
  }
}
