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
 *
 * <p>A LoRA run that pushes to the Hub does not let TRL push the adapter: vLLM and TGI on an Inference Endpoint
 * serve a full model, not an adapter repository. Its {@link #job job command} runs {@code trl} and then
 * {@link #MERGE_SCRIPT}, which merges the adapter into its base model with PEFT's {@code merge_and_unload} and
 * pushes the merged model, its tokenizer and a model card naming the base model.
 */
public final class TrlCommand {
  /** Where the trainer writes checkpoints inside the container; the model is pushed to the Hub from there. */
  public static final String OUTPUT_DIR = "/tmp/finetune4j-output";

  /**
   * Merges a LoRA adapter into its base model. {@code python -c MERGE_SCRIPT <adapter folder> <target> [<private>]}:
   * with a third argument the merged model is pushed to the Hub repository {@code target} (private when it is
   * {@code true}, with the {@code HF_TOKEN} of the environment); without, it is saved in the folder {@code target}.
   * It holds no single quote, so that a shell command can quote it.
   */
  public static final String MERGE_SCRIPT = String.join("\n",
      "import sys",
      "from huggingface_hub import upload_file",
      "from peft import AutoPeftModelForCausalLM",
      "from transformers import AutoTokenizer",
      "model = AutoPeftModelForCausalLM.from_pretrained(sys.argv[1], dtype=\"auto\")",
      "base = model.peft_config[\"default\"].base_model_name_or_path",
      "model = model.merge_and_unload()",
      "tokenizer = AutoTokenizer.from_pretrained(sys.argv[1])",
      "if len(sys.argv) > 3:",
      "    private = sys.argv[3] == \"true\"",
      "    model.push_to_hub(sys.argv[2], private=private, commit_message=\"Merged LoRA adapter\")",
      "    tokenizer.push_to_hub(sys.argv[2], private=private)",
      // a plain upload: ModelCard.push_to_hub validates at huggingface.co whatever HF_ENDPOINT says
      "    card = (\"---\\nbase_model: \" + base + \"\\nlibrary_name: transformers\\ntags:\\n- trl\\n- peft\\n\"",
      "            \"- merged-lora\\n---\\n\\nA LoRA adapter trained with TRL, merged into \" + base + \".\\n\")",
      "    upload_file(path_or_fileobj=card.encode(), path_in_repo=\"README.md\", repo_id=sys.argv[2],",
      "                commit_message=\"Model card\")",
      "else:",
      "    model.save_pretrained(sys.argv[2])",
      "    tokenizer.save_pretrained(sys.argv[2])",
      "print(\"Merged the adapter in\", sys.argv[1], \"into\", base, \"->\", sys.argv[2])",
      "");

  private TrlCommand() {}

  /**
   * Returns the command a Hugging Face job runs: the {@code trl} command, or for a LoRA run that pushes, a shell
   * running it and then the merge ({@code sh -c '"$0" "$@" && python -c MERGE_SCRIPT ...' trl sft ...}: the
   * {@code trl} command line stays whole at its end).
   *
   * @param plan the plan
   * @return the command
   */
  public static List<String> job(TrainingPlan plan) {
    return job(plan, OUTPUT_DIR, "trl", "python");
  }

  /**
   * Returns the job command with its own output directory and executables, for a local run.
   *
   * @param plan the plan
   * @param outputDir where the trainer writes checkpoints and the final model
   * @param trl the {@code trl} executable
   * @param python the Python that has {@code peft}, for the merge
   * @return the command
   */
  public static List<String> job(TrainingPlan plan, String outputDir, String trl, String python) {
    List<String> c = new ArrayList<>(render(plan, outputDir));
    c.set(0, trl);
    if (!plan.mergesAdapter()) {
      return List.copyOf(c);
    }
    String shell = "\"$0\" \"$@\" && " + quote(python) + " -c " + quote(MERGE_SCRIPT) + " " + quote(outputDir) + " "
        + quote(plan.hubModelId()) + " " + plan.options().privateRepository();
    List<String> wrapped = new ArrayList<>(List.of("sh", "-c", shell));
    wrapped.addAll(c);
    return List.copyOf(wrapped);
  }

  /** A POSIX shell word holding exactly {@code value}. */
  private static String quote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }

  /**
   * Returns the {@code trl} command; for a LoRA run that pushes, without the push flags (see {@link #job}).
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
    if (plan.options().pushToHub() && !plan.mergesAdapter()) {
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
