package dev.finetune4j.huggingface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.ClientOptions;
import dev.finetune4j.RetryPolicy;
import dev.finetune4j.job.Hyperparameter;
import dev.finetune4j.job.Hyperparameters;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.TrainingMethod;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AutoTrainWireTest extends WireTestSupport {
  private AutoTrain autoTrain;

  @BeforeEach
  void startAutoTrainClient() {
    autoTrain = AutoTrain.builder().baseUrl(server.url("/").toString()).apiKey(TOKEN)
        .options(ClientOptions.builder().retryPolicy(RetryPolicy.none()).build()).build();
  }

  @AfterEach
  void closeClient() {
    autoTrain.close();
  }

  @Test
  void createProjectSendsAnSftProjectWithTheUsersParamsAndAMessagesColumn() throws Exception {
    enqueueJson("{\"message\":\"Project created\",\"job_id\":\"alice/autotrain-recipes\",\"success\":true}");
    JobSpec spec = JobSpec.builder().baseModel("Qwen/Qwen2.5-0.5B").trainingFile("alice/data@abc:train.jsonl")
        .validationFile("alice/data@abc:test.jsonl")
        .method(TrainingMethod.supervised(Hyperparameters.builder().epochs(2).batchSize(4).build())).build();

    AutoTrainProject project = autoTrain.createProject("recipes", spec, "spaces-a10g-large", "alice");

    assertThat(project.jobId()).isEqualTo("alice/autotrain-recipes");
    RecordedRequest request = take();
    assertThat(request.getTarget()).isEqualTo("/api/create_project");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(json(request)).isEqualTo(json("{\"project_name\":\"recipes\",\"task\":\"llm:sft\","
        + "\"base_model\":\"Qwen/Qwen2.5-0.5B\",\"hardware\":\"spaces-a10g-large\",\"username\":\"alice\","
        + "\"hub_dataset\":\"alice/data\",\"train_split\":\"train\",\"valid_split\":\"test\","
        + "\"params\":{\"chat_template\":\"tokenizer\",\"block_size\":1024,\"model_max_length\":1024,\"epochs\":2,"
        + "\"lr\":3.0E-5,\"batch_size\":4,\"peft\":true,\"lora_r\":16,\"lora_alpha\":32,\"logging_steps\":10},"
        + "\"column_mapping\":{\"text_column\":\"messages\"}}"));
  }

  @Test
  void aPreferenceSpecBecomesAnLlmDpoProjectWithThreeColumns() {
    JobSpec spec = JobSpec.builder().baseModel("m/m").trainingFile("alice/data@abc:autotrain-train.jsonl")
        .method(TrainingMethod.preference(Hyperparameters.auto(), Hyperparameter.of(0.2))).build();

    var body = AutoTrain.projectBody("p", spec, "spaces-a10g-large", "alice");

    assertThat(body.path("task").asText()).isEqualTo("llm:dpo");
    assertThat(body.path("params").path("dpo_beta").asDouble()).isEqualTo(0.2);
    assertThat(body.path("column_mapping").toString()).isEqualTo(
        "{\"prompt_text_column\":\"prompt\",\"text_column\":\"chosen\",\"rejected_text_column\":\"rejected\"}");
  }

  @Test
  void logsAndStopSendTheJobIdInTheBody() throws Exception {
    enqueueJson("{\"logs\":\"2026-11-24 10:00:00: loading\\n\",\"success\":true,\"message\":\"\"}");
    enqueueJson("{\"success\":true}");

    String logs = autoTrain.logs("alice/autotrain-recipes");
    autoTrain.stopTraining("alice/autotrain-recipes");

    assertThat(logs).contains("loading");
    RecordedRequest logsRequest = take();
    assertThat(logsRequest.getTarget()).isEqualTo("/api/logs");
    assertThat(json(logsRequest)).isEqualTo(json("{\"jid\":\"alice/autotrain-recipes\"}"));
    RecordedRequest stop = take();
    assertThat(stop.getTarget()).isEqualTo("/api/stop_training");
    assertThat(json(stop)).isEqualTo(json("{\"jid\":\"alice/autotrain-recipes\"}"));
  }

  @Test
  void hardwareTheServerRefusesFailsBeforeAnythingIsSent() {
    JobSpec spec = JobSpec.builder().baseModel("m/m").trainingFile("alice/data@abc:train.jsonl").build();

    assertThatThrownBy(() -> autoTrain.createProject("p", spec, "local", "alice"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spaces-a10g-large").hasMessageContaining("use LocalTraining");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void anAnswerThatSaysTheProjectWasNotCreatedIsAnError() {
    enqueueJson("{\"message\":\"Invalid base model\",\"success\":false}");
    JobSpec spec = JobSpec.builder().baseModel("m/m").trainingFile("alice/data@abc:train.jsonl").build();

    assertThatThrownBy(() -> autoTrain.createProject("p", spec, "spaces-t4-small", "alice"))
        .isInstanceOf(dev.finetune4j.error.FineTuningException.class)
        .hasMessageContaining("not created").hasMessageContaining("Invalid base model");
  }

  @Test
  void logsAndStopThatTheServerSaysFailedAreErrorsNotEmptySuccesses() {
    enqueueJson("{\"logs\":\"401 Client Error\",\"success\":false,\"message\":\"Failed to fetch logs\"}");
    enqueueJson("{\"message\":\"Failed to stop training for alice/autotrain-p: gone\",\"success\":false}");

    assertThatThrownBy(() -> autoTrain.logs("alice/autotrain-p"))
        .isInstanceOf(dev.finetune4j.error.FineTuningException.class)
        .hasMessageContaining("Failed to fetch logs").hasMessageContaining("401 Client Error");
    assertThatThrownBy(() -> autoTrain.stopTraining("alice/autotrain-p"))
        .isInstanceOf(dev.finetune4j.error.FineTuningException.class).hasMessageContaining("gone");
  }
}
