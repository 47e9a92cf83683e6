package dev.finetune4j.testkit.huggingface;

import static org.assertj.core.api.Assertions.assertThat;

import dev.finetune4j.testsupport.RealTrlParser;
import dev.finetune4j.testsupport.RealTrlParser.Request;
import dev.finetune4j.testsupport.RealTrlParser.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The emulator's TRL argument rules against the real trl parser: the same commands, the same verdicts. */
class TrlArgumentsTest {
  private static final List<String> BASE = List.of("--model_name_or_path", "m", "--dataset_name", "alice/d");

  private static List<String> cmd(String trainer, String... args) {
    List<String> out = new ArrayList<>(List.of(trainer));
    out.addAll(BASE);
    out.addAll(List.of(args));
    return out;
  }

  static final List<List<String>> COMMANDS = List.of(
      cmd("sft"),
      cmd("sft", "--push_to_hub", "--hub_model_id", "alice/x", "--hub_private_repo"),
      cmd("sft", "--push_to_hub", "--hub_model_id", "alice/x", "--hub_private_repo", "true"),
      cmd("sft", "--hub_private_repo", "--dtype", "bfloat16"),
      cmd("sft", "--hub-private-repo", "False"),
      cmd("sft", "--hub_private_repo", "maybe"),
      cmd("sft", "--push_to_hub", "false", "--use_peft", "--lora_r", "8"),
      cmd("sft", "--push_to_hub=yes"),
      cmd("sft", "--use_peft", "--lora_r", "eight"),
      cmd("sft", "--learning_rate", "2e-05", "--num_train_epochs", "3"),
      cmd("sft", "--learning_rate", "fast"),
      cmd("sft", "--learning_rate"),
      cmd("sft", "--max_length", "none"),
      cmd("sft", "--max_length", "1.5"),
      cmd("sft", "--eval_strategy", "steps", "--eval_steps", "10"),
      cmd("sft", "--eval_strategy", "sometimes"),
      cmd("sft", "--dtype", "float64"),
      cmd("sft", "--dataset_revision", "c0ffee"),
      cmd("sft", "--no_such_flag", "1"),
      cmd("sft", "--num_processes", "2"),
      cmd("sft", "--seed", "-3"),
      cmd("sft", "--bf16", "--dtype", "float32"),
      cmd("sft", "--use_cpu", "--bf16", "false", "--report_to", "none"),
      cmd("sft", "--lora_target_modules", "q_proj", "v_proj"),
      cmd("dpo", "--beta", "0.2", "--use_peft", "--lora_alpha", "16"),
      cmd("dpo", "--beta", "strong"),
      cmd("dpo", "--beta"),
      cmd("dpo", "--push_to_hub", "--hub_private_repo", "false", "--logging_steps", "5"),
      cmd("dpo", "--hub_private_repo"));

  @Test
  void theEmulatorGivesTheRealParsersVerdictOnEveryCommand() throws Exception {
    List<Verdict> real = RealTrlParser.check(COMMANDS.stream().map(c -> new Request(c, true)).toList());

    for (int i = 0; i < COMMANDS.size(); i++) {
      List<String> c = COMMANDS.get(i);
      TrlArguments.Parsed emulated = TrlArguments.parse(c.get(0), c.subList(1, c.size()));
      String described = "trl " + String.join(" ", c) + " -> real: " + real.get(i).error() + " / emulator: "
          + emulated.error().orElse("ok");
      assertThat(emulated.error().isEmpty()).as(described).isEqualTo(real.get(i).ok());
      if (!real.get(i).ok()) {
        assertThat(real.get(i).exit()).as(described).isEqualTo(2);
        assertThat(emulated.error().orElseThrow()).as(described).isEqualTo(real.get(i).error());
      }
    }
    assertThat(real.stream().filter(Verdict::ok).count()).isBetween(5L, (long) COMMANDS.size() - 5);
  }

  @Test
  void aBareFlagIsTrueAndAnExplicitFalseIsFalse() {
    TrlArguments.Parsed parsed = TrlArguments.parse("sft", List.of("--use_peft", "--push_to_hub", "no",
        "--hub_private_repo", "True"));

    assertThat(parsed.error()).isEmpty();
    assertThat(parsed.values()).containsEntry("use_peft", "true").containsEntry("push_to_hub", "false")
        .containsEntry("hub_private_repo", "true");
  }
}
