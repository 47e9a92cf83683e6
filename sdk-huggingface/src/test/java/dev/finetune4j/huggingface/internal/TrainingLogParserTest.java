package dev.finetune4j.huggingface.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.finetune4j.job.JobEvent;
import dev.finetune4j.job.TrainingMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrainingLogParserTest {
  private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");

  private final TrainingLogParser parser = new TrainingLogParser(10);

  private TrainingMetrics metrics(String line) {
    return parser.accept(0, line, AT).flatMap(JobEvent::metrics).orElseThrow();
  }

  @Test
  void quotedNumbersOfRecentTransformersAreRead() {
    TrainingMetrics m = metrics("{'loss': '1.842', 'grad_norm': '0.5127', 'learning_rate': '1.96e-05', 'entropy': "
        + "'1.77', 'num_tokens': '1.6e+05', 'mean_token_accuracy': '0.5912', 'epoch': '0.05'}");

    assertThat(m.step()).isEqualTo(10);
    assertThat(m.trainLoss()).hasValue(1.842);
    assertThat(m.learningRate()).hasValue(1.96e-05);
    assertThat(m.trainTokenAccuracy()).hasValue(0.5912);
    assertThat(m.epoch()).hasValue(0.05);
    assertThat(m.other()).containsEntry("grad_norm", 0.5127).containsEntry("num_tokens", 1.6e5)
        .containsEntry("entropy", 1.77);
  }

  @Test
  void bareNumbersOfOlderTransformersAreRead() {
    TrainingMetrics m = metrics("{'loss': 2.0131, 'grad_norm': 1.25, 'learning_rate': 2e-05, 'epoch': 0.1}");

    assertThat(m.trainLoss()).hasValue(2.0131);
    assertThat(m.learningRate()).hasValue(2e-05);
    assertThat(m.epoch()).hasValue(0.1);
  }

  @Test
  void stepsCountLoggedDictsTimesLoggingSteps() {
    metrics("{'loss': 2.0, 'epoch': 0.1}");
    TrainingMetrics second = metrics("{'loss': 1.5, 'epoch': 0.2}");

    assertThat(second.step()).isEqualTo(20);
  }

  @Test
  void evaluationMetricsBelongToTheLastLoggedStep() {
    metrics("{'loss': 2.0, 'epoch': 0.1}");
    TrainingMetrics eval = metrics("{'eval_loss': '1.71', 'eval_mean_token_accuracy': '0.61', 'eval_runtime': "
        + "'3.2', 'epoch': '0.1'}");

    assertThat(eval.step()).isEqualTo(10);
    assertThat(eval.validationLoss()).hasValue(1.71);
    assertThat(eval.validationTokenAccuracy()).hasValue(0.61);
    assertThat(eval.trainLoss()).isEmpty();
  }

  @Test
  void dpoRewardMetricsAreKeptByName() {
    TrainingMetrics m = metrics("{'loss': '0.6931', 'grad_norm': '3.1', 'learning_rate': '1e-06', 'rewards/chosen': "
        + "'0.0123', 'rewards/rejected': '-0.0045', 'rewards/accuracies': '0.625', 'rewards/margins': '0.0168', "
        + "'logps/chosen': '-310.2', 'logps/rejected': '-298.7', 'logits/chosen': '-1.9', 'logits/rejected': "
        + "'-1.8', 'epoch': '0.2'}");

    assertThat(m.trainLoss()).hasValue(0.6931);
    assertThat(m.other()).containsEntry("rewards/chosen", 0.0123).containsEntry("rewards/rejected", -0.0045)
        .containsEntry("rewards/accuracies", 0.625).containsEntry("rewards/margins", 0.0168)
        .containsEntry("logps/chosen", -310.2).containsEntry("logits/rejected", -1.8);
  }

  @Test
  void theFinalSummaryIsReadAtTheLastStep() {
    metrics("{'loss': 2.0, 'epoch': 1.0}");
    TrainingMetrics m = metrics("{'train_runtime': '61.43', 'train_samples_per_second': '4.88', "
        + "'train_steps_per_second': '0.619', 'train_loss': '1.63', 'epoch': '3.0'}");

    assertThat(m.step()).isEqualTo(10);
    assertThat(m.other()).containsEntry("train_runtime", 61.43).containsEntry("train_loss", 1.63);
  }

  @Test
  void progressBarsMakeNoEvent() {
    assertThat(parser.accept(1, " 33%|███▎      | 10/30 [00:12<00:24,  1.21s/it]", AT)).isEmpty();
    assertThat(parser.accept(2, "Map: 100%|██████████| 100/100 [00:00<00:00, 8234.12 examples/s]", AT)).isEmpty();
    assertThat(parser.accept(3, "  5%|▌         | 3/60 [00:02<00:41,  1.37it/s]", AT)).isEmpty();
  }

  @Test
  void aMetricDictAfterAProgressBarOnOneLineIsStillRead() {
    Optional<JobEvent> event = parser.accept(4,
        " 17%|█▋        | 10/60 [00:08<00:40,  1.23it/s]\r{'loss': '1.2', 'epoch': '0.5'}", AT);

    assertThat(event.flatMap(JobEvent::metrics).orElseThrow().trainLoss()).hasValue(1.2);
    assertThat(event.orElseThrow().message()).isEqualTo("{'loss': '1.2', 'epoch': '0.5'}");
  }

  @Test
  void theJobStartedBannerAndBlankLinesAreSkipped() {
    assertThat(parser.accept(0, "===== Job started at 2026-11-24 10:00:00 =====", AT)).isEmpty();
    assertThat(parser.accept(1, "   ", AT)).isEmpty();
  }

  @Test
  void otherLinesBecomeEventsWithTheirPositionAsIdAndALevel() {
    List<JobEvent> events = new ArrayList<>();
    parser.accept(7, "Loading checkpoint shards", AT).ifPresent(events::add);
    parser.accept(8, "Traceback (most recent call last):", AT).ifPresent(events::add);
    parser.accept(9, "UserWarning: padding side", AT).ifPresent(events::add);

    assertThat(events).extracting(JobEvent::id).containsExactly("7", "8", "9");
    assertThat(events).extracting(JobEvent::level)
        .containsExactly(JobEvent.Level.INFO, JobEvent.Level.ERROR, JobEvent.Level.WARN);
    assertThat(events.get(0).createdAt()).isEqualTo(AT);
    assertThat(events.get(0).metrics()).isEmpty();
  }

  @Test
  void aDictWithoutLossIsAnOrdinaryLine() {
    Optional<JobEvent> event = parser.accept(5, "{'model_type': 'qwen2', 'vocab_size': 151936}", AT);

    assertThat(event.orElseThrow().metrics()).isEmpty();
  }

  @Test
  void nanLossIsKept() {
    assertThat(metrics("{'loss': nan, 'epoch': 0.1}").trainLoss().getAsDouble()).isNaN();
  }

  @Test
  void aBlankMetricNameIsSkippedNotAnException() {
    TrainingMetrics m = metrics("{'loss': 0.5, ' ': 1.0, '': 2.0}");

    assertThat(m.trainLoss()).hasValue(0.5);
  }

  @Test
  void aNegativeOrFractionalStepIsIgnoredNotAnException() {
    assertThat(parser.accept(0, "{'loss': 0.5, 'step': -3}", AT)).isPresent();
    assertThat(parser.accept(1, "{'loss': 0.4, 'step': 1e300}", AT)).isPresent();
    assertThat(parser.accept(2, "{'loss': 0.3, 'step': NaN}", AT)).isPresent();
  }
}
