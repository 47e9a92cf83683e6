package dev.finetune4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.finetune4j.dataset.DatasetFormat;
import dev.finetune4j.dataset.DatasetValidator;
import dev.finetune4j.dataset.ValidationReport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The recipe data shipped with the examples passes the project's own validator. */
class RecipeDataTest {
  private static final Path DATA = Path.of("data");

  @Test
  void trainingAndEvaluationFilesAreValidChatDataWithoutOverlap() {
    ValidationReport report = DatasetValidator.builder().format(DatasetFormat.OPENAI_CHAT).build()
        .validate(DATA.resolve("recipes-train.jsonl"), DATA.resolve("recipes-eval.jsonl"));

    assertThat(report.findings()).extracting(f -> f.describe()).isEmpty();
    assertThat(report.statistics().exampleCount()).isGreaterThanOrEqualTo(60);
    assertThat(report.validationStatistics().orElseThrow().exampleCount()).isGreaterThanOrEqualTo(20);
  }

  @Test
  void preferenceFileIsValidOpenAiPreferenceData() {
    ValidationReport report = DatasetValidator.builder().format(DatasetFormat.OPENAI_PREFERENCE).build()
        .validate(DATA.resolve("recipes-preference.jsonl"));

    assertThat(report.findings()).extracting(f -> f.describe()).isEmpty();
    assertThat(report.statistics().exampleCount()).isGreaterThanOrEqualTo(12);
  }
}
