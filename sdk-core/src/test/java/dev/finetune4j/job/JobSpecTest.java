package dev.finetune4j.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.RawJson;
import org.junit.jupiter.api.Test;

class JobSpecTest {
  @Test
  void defaultsToSupervisedTrainingWithEverySettingAuto() {
    JobSpec spec = JobSpec.builder().baseModel("gpt-4o-mini-2024-07-18").trainingFile("file-1").build();

    assertThat(spec.method()).isEqualTo(TrainingMethod.supervised());
    assertThat(spec.method().hyperparameters().epochs().isAuto()).isTrue();
    assertThat(spec.validationFile()).isEmpty();
    assertThat(spec.labels()).isEmpty();
  }

  @Test
  void requiresTheBaseModelAndTheTrainingData() {
    assertThatThrownBy(() -> JobSpec.builder().trainingFile("f").build()).hasMessage("baseModel is required");
    assertThatThrownBy(() -> JobSpec.builder().baseModel("m").build())
        .hasMessageStartingWith("trainingFile is required");
  }

  @Test
  void rejectsOutOfRangeSettingsWithAMessageSayingWhatIsAllowed() {
    assertThatThrownBy(() -> Hyperparameters.builder().epochs(0))
        .hasMessage("epochs must be at least 1, was 0");
    assertThatThrownBy(() -> Hyperparameters.builder().learningRateMultiplier(-0.5))
        .hasMessage("learningRateMultiplier must be \"auto\" or greater than 0, was -0.5");
    assertThatThrownBy(() -> Hyperparameters.builder().batchSize(Hyperparameter.of(2.5)))
        .hasMessage("batchSize must be \"auto\" or a whole number, was 2.5");
    assertThatThrownBy(() -> TrainingMethod.preference(Hyperparameters.auto(), Hyperparameter.of(3.0)))
        .hasMessage("beta must be \"auto\" or in (0, 2], was 3.0");
    assertThatThrownBy(() -> JobSpec.builder().seed(-1)).hasMessage("seed must be at least 0, was -1");
    assertThatThrownBy(() -> JobSpec.builder().suffix(" ")).hasMessage("suffix must not be blank");
  }

  @Test
  void keepsWholeNumbersWhole() {
    Hyperparameters h = Hyperparameters.builder().epochs(3).learningRateMultiplier(1.8).build();

    assertThat(h.epochs().isWholeNumber()).isTrue();
    assertThat(h.epochs().value()).contains(3L);
    assertThat(h.learningRateMultiplier().isWholeNumber()).isFalse();
    assertThat(h.toString()).isEqualTo("Hyperparameters{epochs=3, batchSize=auto, learningRateMultiplier=1.8}");
  }

  @Test
  void reinforcementNeedsAGraderWithAType() {
    RawJson grader = RawJson.parse("{\"type\":\"string_check\",\"name\":\"exact\"}");

    TrainingMethod.Reinforcement method = TrainingMethod.reinforcement(grader).reasoningEffort("low")
        .evalInterval(Hyperparameter.of(5L)).build();

    assertThat(method.grader().text("type")).contains("string_check");
    assertThat(method.reasoningEffort()).contains("low");
    assertThatThrownBy(() -> TrainingMethod.reinforcement(RawJson.parse("{}")))
        .hasMessage("grader must be a JSON object with a \"type\"");
  }

  @Test
  void findsAProviderOptionByType() {
    record Hardware(String flavor) implements JobOption {}
    JobSpec spec = JobSpec.builder().baseModel("m").trainingFile("f").option(new Hardware("a10g-large")).build();

    assertThat(spec.option(Hardware.class)).contains(new Hardware("a10g-large"));
    assertThat(spec.toBuilder().build().options()).hasSize(1);
  }

  @Test
  void anIdempotencyKeyIsLimitedTo64Characters() {
    assertThatThrownBy(() -> JobSpec.builder().idempotencyKey("k".repeat(65)))
        .hasMessage("idempotencyKey must be at most 64 characters, was 65");
  }
}
