package dev.finetune4j.huggingface.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@link TrainingPlan} as a {@code trl sft|dpo} command line, with only flags the TRL CLI accepts.
 *
 * <p>TRL's parser (transformers' {@code HfArgumentParser}) lets a boolean option be a bare flag only when it is a
 * plain {@code bool} with a default; options typed {@code bool | None} ({@code --hub_private_repo}, {@code --bf16})
 * need a value. Those are always written with {@code true}/{@code false} here. Precision follows the hardware:
 * bfloat16 on GPUs that have it, float16 on T4s ({@code bf16} would stop the run), float32 on CPUs.
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
    return render(plan, OUTPUT_DIR);
  }

  /**
   * Returns the command with its own output directory, for a local run.
   *
   * @param plan the plan
   * @param outputDir where the trainer writes checkpoints and the final model
   * @return {@code ["trl", "sft", "--model_name_or_path", ...]}
   */
  public static List<String> render(TrainingPlan plan, String outputDir) {
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
    flag(c, "--output_dir", outputDir);
    if (plan.options().pushToHub()) {
      c.add("--push_to_hub");
      flag(c, "--hub_model_id", plan.hubModelId());
      flag(c, "--hub_private_repo", Boolean.toString(plan.options().privateRepository()));
    }
    flag(c, "--logging_steps", Integer.toString(plan.options().loggingSteps()));
    precision(c, plan.options().flavor());
    flag(c, "--report_to", "none");
    plan.seed().ifPresent(s -> flag(c, "--seed", Long.toString(s)));
    return List.copyOf(c);
  }

  private static void precision(List<String> c, String flavor) {
    if (isCpu(flavor)) {
      flag(c, "--use_cpu", "true");
      flag(c, "--bf16", "false");
      flag(c, "--dtype", "float32");
    } else if (flavor.startsWith("t4-")) {
      flag(c, "--bf16", "false");
      flag(c, "--fp16", "true");
      flag(c, "--dtype", "float16");
    } else {
      flag(c, "--dtype", "bfloat16");
    }
  }

  /**
   * Returns whether a flavor has no GPU.
   *
   * @param flavor a Jobs flavor such as {@code cpu-basic}
   * @return true for the {@code cpu-*} flavors
   */
  public static boolean isCpu(String flavor) {
    return flavor.startsWith("cpu-");
  }

  private static void flag(List<String> command, String name, String value) {
    command.add(name);
    command.add(value);
  }
}
