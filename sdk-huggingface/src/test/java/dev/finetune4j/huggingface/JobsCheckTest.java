package dev.finetune4j.huggingface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.Capability;
import dev.finetune4j.RawJson;
import dev.finetune4j.error.LocalValidationException;
import dev.finetune4j.error.UnsupportedCapabilityException;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.TrainingMethod;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jobs().check(spec)}: the create-time checks of Hugging Face Jobs and of local training, sending nothing. */
class JobsCheckTest extends WireTestSupport {
  private static final RawJson GRADER = RawJson.parse("{\"type\":\"string_check\",\"name\":\"g\","
      + "\"input\":\"{{sample.output_text}}\",\"reference\":\"{{item.answer}}\",\"operation\":\"eq\"}");

  @TempDir
  Path dir;

  /** A client with no namespace set: a check must not ask the Hub whose token it is. */
  private final HuggingFace noNamespace = HuggingFace.builder().apiKey(TOKEN).hubUrl("http://127.0.0.1:9")
      .options(options()).build();

  @AfterEach
  void closeClient() {
    noNamespace.close();
  }

  private static JobSpec.Builder planned() {
    return JobSpec.builder().baseModel("Qwen/Qwen2.5-3B-Instruct").trainingFile("planned-training")
        .validationFile("planned-validation").suffix("recipes from OpenAI").seed(42);
  }

  @Test
  void aSpecWithPlaceholderDataIdsPassesWithoutARequest() {
    assertThatCode(() -> hf.jobs().check(planned().build())).doesNotThrowAnyException();
    assertThatCode(() -> noNamespace.jobs().check(planned().build())).doesNotThrowAnyException();

    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void reinforcementIsRefusedAsCreateRefusesIt() {
    JobSpec spec = planned().method(TrainingMethod.reinforcement(GRADER).build()).build();

    assertThatThrownBy(() -> hf.jobs().check(spec)).isInstanceOfSatisfying(UnsupportedCapabilityException.class,
        e -> assertThat(e.capability()).isEqualTo(Capability.REINFORCEMENT_TRAINING));
    assertThatThrownBy(() -> hf.jobs().create(spec.toBuilder().trainingFile("alice/data@c0:train.jsonl")
        .validationFile("alice/data@c0:validation.jsonl").build()))
        .isInstanceOf(UnsupportedCapabilityException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aJobThatDoesNotPushIsRefusedOnTheHubButNotLocally() {
    JobSpec spec = planned().option(HuggingFaceJobOptions.builder().pushToHub(false).build()).build();

    assertThatThrownBy(() -> hf.jobs().check(spec)).isInstanceOfSatisfying(LocalValidationException.class,
        e -> assertThat(e.getMessage()).contains("must push its model to the Hub"));
    try (LocalTraining local = LocalTraining.builder().namespace("alice").workingDirectory(dir).build()) {
      assertThatCode(() -> local.check(spec)).doesNotThrowAnyException();
      assertThatThrownBy(() -> local.check(spec.toBuilder().method(TrainingMethod.reinforcement(GRADER).build())
          .build())).isInstanceOf(UnsupportedCapabilityException.class);
    }
    assertThat(server.getRequestCount()).isZero();
    assertThat(dir).isEmptyDirectory();
  }
}
