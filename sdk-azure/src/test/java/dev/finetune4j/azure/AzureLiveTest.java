package dev.finetune4j.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobQuery;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Read-only calls against a real Azure OpenAI resource; runs only when {@code AZURE_OPENAI_ENDPOINT} is set (with
 * {@code AZURE_OPENAI_API_KEY} or the Entra ID variables). Deployments are listed when the resource is named.
 */
@EnabledIfEnvironmentVariable(named = "AZURE_OPENAI_ENDPOINT", matches = ".+")
class AzureLiveTest {

  @Test
  void listsModelsAndTheFirstJobs() {
    try (AzureOpenAi azure = AzureOpenAi.fromEnvironment()) {
      assertThat(azure.models().list()).isNotEmpty();
      List<Job> jobs = azure.jobs().list(JobQuery.all().pageSize(3)).stream().limit(3).toList();
      assertThat(jobs).allSatisfy(j -> assertThat(j.provider()).isEqualTo("azure"));
    }
  }

  @Test
  @EnabledIfEnvironmentVariable(named = "AZURE_SUBSCRIPTION_ID", matches = ".+")
  void listsTheDeployments() {
    try (AzureOpenAi azure = AzureOpenAi.fromEnvironment()) {
      assertThat(azure.deployments().list()).allSatisfy(d -> assertThat(d.name()).isNotBlank());
    }
  }
}
