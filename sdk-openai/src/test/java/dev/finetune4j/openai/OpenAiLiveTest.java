package dev.finetune4j.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobQuery;
import dev.finetune4j.model.ModelInfo;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** Read-only calls against the real OpenAI API; runs only when {@code OPENAI_API_KEY} is set. */
@EnabledIfEnvironmentVariable(named = "OPENAI_API_KEY", matches = ".+")
class OpenAiLiveTest {

  @Test
  void listsModels() {
    try (OpenAi openai = OpenAi.fromEnvironment()) {
      List<ModelInfo> models = openai.models().list();

      assertThat(models).isNotEmpty().allSatisfy(m -> assertThat(m.id()).isNotBlank());
    }
  }

  @Test
  void listsTheFirstJobs() {
    try (OpenAi openai = OpenAi.fromEnvironment()) {
      List<Job> jobs = openai.jobs().list(JobQuery.all().pageSize(3)).stream().limit(3).toList();

      assertThat(jobs).allSatisfy(j -> assertThat(j.id()).startsWith("ftjob-"));
    }
  }
}
