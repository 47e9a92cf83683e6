package dev.finetune4j.huggingface.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.finetune4j.huggingface.HuggingFaceJobOptions;
import dev.finetune4j.job.Hyperparameter;
import dev.finetune4j.job.Hyperparameters;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.TrainingMethod;
import dev.finetune4j.testsupport.RealTrlParser;
import dev.finetune4j.testsupport.RealTrlParser.Request;
import dev.finetune4j.testsupport.RealTrlParser.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every command the SDK generates, through the real {@code trl} parser (trl 1.13 from build/python). */
class RealTrlParserTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T22:30:00Z"), ZoneOffset.UTC);

  private static List<String> argv(JobSpec spec) {
    List<String> command = TrlCommand.job(TrainingPlan.of(spec, "alice", "huggingface", CLOCK));
    if (command.get(0).equals("sh")) { // sh -c '"$0" "$@" && <merge>' trl sft ...: the trl command line is whole
      command = command.subList(3, command.size());
    }
    assertThat(command.get(0)).isEqualTo("trl");
    return command.subList(1, command.size());
  }

  @Test
  void theRealTrlParserAcceptsEveryCombinationOfTheOptions() throws Exception {
    List<JobSpec> specs = new ArrayList<>();
    List<TrainingMethod> methods = List.of(
        TrainingMethod.supervised(Hyperparameters.auto()),
        TrainingMethod.supervised(Hyperparameters.builder().epochs(2).batchSize(4).learningRateMultiplier(3).build()),
        TrainingMethod.preference(Hyperparameters.auto(), Hyperparameter.AUTO),
        TrainingMethod.preference(Hyperparameters.builder().epochs(1).build(), Hyperparameter.of(0.25)));
    for (TrainingMethod method : methods) {
      for (boolean lora : List.of(true, false)) {
        for (boolean validation : List.of(true, false)) {
          for (int push = 0; push < 3; push++) {           // off, private, public
            for (String flavor : List.of("cpu-basic", "t4-small", "a10g-large", "h200")) {
              HuggingFaceJobOptions.Builder options = HuggingFaceJobOptions.builder().flavor(flavor)
                  .pushToHub(push > 0).privateRepository(push == 1).maxLength(512).loggingSteps(3);
              options = lora ? options.lora(8, 16) : options.lora(false);
              JobSpec.Builder spec = JobSpec.builder().baseModel("Qwen/Qwen2.5-0.5B-Instruct")
                  .trainingFile("alice/data@c0ffee:train.jsonl").method(method).option(options.build());
              if (validation) {
                spec.validationFile("alice/data@c0ffee:test.jsonl").seed(7);
              }
              specs.add(spec.build());
            }
          }
        }
      }
    }
    List<Request> requests = specs.stream().map(s -> new Request(argv(s),
        !TrlCommand.isCpu(s.option(HuggingFaceJobOptions.class).orElseThrow().flavor()))).toList();

    List<Verdict> verdicts = RealTrlParser.check(requests);

    for (int i = 0; i < requests.size(); i++) {
      assertThat(verdicts.get(i).ok()).as("trl %s -> %s", String.join(" ", requests.get(i).argv()),
          verdicts.get(i).error()).isTrue();
    }
    assertThat(verdicts).hasSize(4 * 2 * 2 * 3 * 4);
  }

  @Test
  void theRealParserRejectsTheBarePrivateRepoFlagTheSdkOnceSent() throws Exception {
    // a full fine-tune: TRL pushes it itself (a LoRA run pushes through the merge step instead)
    List<String> good = argv(JobSpec.builder().baseModel("m").trainingFile("alice/data@c0ffee:train.jsonl")
        .option(HuggingFaceJobOptions.builder().lora(false).build()).build());
    List<String> bad = new ArrayList<>(good);
    int at = bad.indexOf("--hub_private_repo");
    bad.remove(at + 1);                                   // the value: "--hub_private_repo" bare, as before

    List<Verdict> verdicts = RealTrlParser.check(List.of(new Request(good, true), new Request(bad, true)));

    assertThat(verdicts.get(0).ok()).isTrue();
    assertThat(verdicts.get(1).ok()).isFalse();
    assertThat(verdicts.get(1).exit()).isEqualTo(2);
    assertThat(verdicts.get(1).error()).contains("--hub_private_repo", "expected one argument");
  }
}
