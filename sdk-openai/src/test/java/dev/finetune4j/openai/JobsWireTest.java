package dev.finetune4j.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.RawJson;
import dev.finetune4j.error.LocalValidationException;
import dev.finetune4j.error.PermissionDeniedException;
import dev.finetune4j.error.QuotaExhaustedException;
import dev.finetune4j.job.Checkpoint;
import dev.finetune4j.job.Hyperparameter;
import dev.finetune4j.job.Hyperparameters;
import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobEvent;
import dev.finetune4j.job.JobQuery;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.JobStatus;
import dev.finetune4j.job.TrainingMethod;
import dev.finetune4j.job.TrainingMetrics;
import java.time.Instant;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;

class JobsWireTest extends WireTestSupport {

  private static JobSpec.Builder spec() {
    return JobSpec.builder().baseModel("gpt-4o-mini-2024-07-18").trainingFile("file-abc123")
        .idempotencyKey("key-1");
  }

  @Test
  void createSendsTheSupervisedMethodWithIntegersAsIntegersAndTheIdempotencyKeyInMetadata() {
    enqueue("{\"object\":\"list\",\"data\":[],\"has_more\":false}");
    enqueue(job("ftjob-1", "queued"));

    Job job = client().jobs().create(spec()
        .validationFile("file-val456")
        .method(TrainingMethod.supervised(Hyperparameters.builder().epochs(3).batchSize(8)
            .learningRateMultiplier(0.5).build()))
        .suffix("recipes").seed(42).label("team", "kitchen").build());

    RecordedRequest lookup = take();
    assertCall(lookup, "GET", "/v1/fine_tuning/jobs?metadata%5Bfinetune4j_idempotency_key%5D=key-1&limit=10");
    RecordedRequest create = take();
    assertCall(create, "POST", "/v1/fine_tuning/jobs");
    assertJsonBody(create, """
        {"model":"gpt-4o-mini-2024-07-18","training_file":"file-abc123","validation_file":"file-val456",
         "suffix":"recipes","seed":42,
         "method":{"type":"supervised","supervised":{"hyperparameters":
           {"batch_size":8,"learning_rate_multiplier":0.5,"n_epochs":3}}},
         "metadata":{"team":"kitchen","finetune4j_idempotency_key":"key-1"}}""");
    assertThat(job.id()).isEqualTo("ftjob-1");
  }

  @Test
  void createSendsAutoAsTheStringAutoAndNeverTheDeprecatedTopLevelHyperparameters() {
    enqueue(job("ftjob-1", "queued"));

    client().jobs().create(JobSpec.builder().baseModel("gpt-4o-mini-2024-07-18").trainingFile("file-abc123").build());

    RecordedRequest create = take();
    assertThat(json(body(create)).has("hyperparameters")).isFalse();
    assertThat(json(body(create)).at("/method/supervised/hyperparameters"))
        .isEqualTo(json("{\"batch_size\":\"auto\",\"learning_rate_multiplier\":\"auto\",\"n_epochs\":\"auto\"}"));
    assertThat(json(body(create)).at("/metadata/finetune4j_idempotency_key").asText()).hasSize(36);
  }

  @Test
  void createMapsPreferenceTrainingToDpoWithBeta() {
    enqueue(job("ftjob-1", "queued"));

    client().jobs().create(JobSpec.builder().baseModel("gpt-4.1-mini-2025-04-14").trainingFile("file-abc123")
        .method(TrainingMethod.preference(Hyperparameters.builder().epochs(2).build(), Hyperparameter.of(0.1)))
        .build());

    assertThat(json(body(take())).get("method")).isEqualTo(json("""
        {"type":"dpo","dpo":{"hyperparameters":{"batch_size":"auto","learning_rate_multiplier":"auto",
         "n_epochs":2,"beta":0.1}}}"""));
  }

  @Test
  void createMapsReinforcementTrainingWithItsGraderAndSettings() {
    enqueue(job("ftjob-1", "queued"));
    RawJson grader = EvalGraders.stringCheck("exact", "{{sample.output_text}}", "{{item.answer}}", "eq");

    client().jobs().create(JobSpec.builder().baseModel("o4-mini-2025-04-16").trainingFile("file-abc123")
        .validationFile("file-val456")
        .method(TrainingMethod.reinforcement(grader).computeMultiplier(Hyperparameter.of(1.5))
            .evalInterval(Hyperparameter.of(10)).reasoningEffort("low").build())
        .build());

    assertThat(json(body(take())).get("method")).isEqualTo(json("""
        {"type":"reinforcement","reinforcement":{
          "grader":{"type":"string_check","name":"exact","input":"{{sample.output_text}}",
                    "reference":"{{item.answer}}","operation":"eq"},
          "hyperparameters":{"batch_size":"auto","learning_rate_multiplier":"auto","n_epochs":"auto",
            "compute_multiplier":1.5,"eval_interval":10,"eval_samples":"auto","reasoning_effort":"low"}}}"""));
  }

  @Test
  void createSendsWeightsAndBiasesIntegrations() {
    enqueue(job("ftjob-1", "queued"));

    client().jobs().create(JobSpec.builder().baseModel("gpt-4o-mini-2024-07-18").trainingFile("file-abc123")
        .option(WandbIntegration.builder().project("recipes").entity("acme").tag("sft").build()).build());

    assertThat(json(body(take())).get("integrations")).isEqualTo(json("""
        [{"type":"wandb","wandb":{"project":"recipes","entity":"acme","tags":["sft"]}}]"""));
  }

  @Test
  void aSuffixLongerThan64CharactersFailsBeforeAnythingIsSent() {
    JobSpec tooLong = spec().suffix("s".repeat(65)).build();

    assertThatThrownBy(() -> client().jobs().create(tooLong))
        .isInstanceOf(LocalValidationException.class)
        .hasMessageContaining("suffix must be 1 to 64 characters, was 65");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void labelsBeyondOpenAisMetadataLimitsFailBeforeAnythingIsSent() {
    JobSpec.Builder builder = spec().label("k".repeat(65), "v").label("long", "v".repeat(513));
    for (int i = 0; i < 14; i++) {
      builder.label("label" + i, "v");
    }

    assertThatThrownBy(() -> client().jobs().create(builder.build()))
        .isInstanceOfSatisfying(LocalValidationException.class, e -> assertThat(e.problems()).hasSize(3));
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void theIdempotencyMetadataKeyIsReservedAndAtMostFiveIntegrationsAreAllowed() {
    JobSpec.Builder builder = spec().label("finetune4j_idempotency_key", "mine");
    for (int i = 0; i < 6; i++) {
      builder.option(WandbIntegration.builder().project("p" + i).build());
    }

    assertThatThrownBy(() -> client().jobs().create(builder.build()))
        .isInstanceOf(LocalValidationException.class)
        .hasMessageContaining("is reserved")
        .hasMessageContaining("at most 5 integrations");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aCreateRetriedAfterADroppedAnswerReturnsTheJobTheFirstAttemptMadeInsteadOfCreatingAnother() {
    enqueue("{\"object\":\"list\",\"data\":[],\"has_more\":false}");
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
    enqueue("{\"object\":\"list\",\"data\":[" + job("ftjob-first", "validating_files") + "],\"has_more\":false}");

    Job job = client().jobs().create(spec().build());

    assertThat(job.id()).isEqualTo("ftjob-first");
    assertCall(take(), "GET", "/v1/fine_tuning/jobs?metadata%5Bfinetune4j_idempotency_key%5D=key-1&limit=10");
    assertCall(take(), "POST", "/v1/fine_tuning/jobs");
    assertCall(take(), "GET", "/v1/fine_tuning/jobs?metadata%5Bfinetune4j_idempotency_key%5D=key-1&limit=10");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void aCreateWithAKnownIdempotencyKeyReturnsTheExistingJobWithoutSendingAnother() {
    enqueue("{\"object\":\"list\",\"data\":[" + job("ftjob-earlier", "running") + "],\"has_more\":false}");

    Job job = client().jobs().create(spec().build());

    assertThat(job.id()).isEqualTo("ftjob-earlier");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void anExhaustedQuotaIsNotRetried() {
    enqueue(429, """
        {"error":{"message":"You exceeded your current quota","type":"insufficient_quota","param":null,
         "code":"insufficient_quota"}}""");

    assertThatThrownBy(() -> client().jobs().create(JobSpec.builder().baseModel("gpt-4o-mini-2024-07-18")
        .trainingFile("file-abc123").build()))
        .isInstanceOf(QuotaExhaustedException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aRefusedCreateSurfacesOpenAisMessageInTheTypedException() {
    enqueue(403, """
        {"error":{"message":"Fine-tuning is no longer available for this organization.",
         "type":"invalid_request_error","param":null,"code":"fine_tuning_unavailable"}}""");

    assertThatThrownBy(() -> client().jobs().create(JobSpec.builder().baseModel("gpt-4o-mini-2024-07-18")
        .trainingFile("file-abc123").build()))
        .isInstanceOfSatisfying(PermissionDeniedException.class, e -> {
          assertThat(e.getMessage()).contains("Fine-tuning is no longer available for this organization.");
          assertThat(e.code()).contains("fine_tuning_unavailable");
        });
  }

  @Test
  void retrieveParsesARealisticJobKeepingUnknownFieldsAndTolerantOfAnEmptyError() {
    enqueue("""
        {"object":"fine_tuning.job","id":"ftjob-abc123","model":"gpt-4o-mini-2024-07-18",
         "created_at":1721764800,"finished_at":1721768400,
         "fine_tuned_model":"ft:gpt-4o-mini-2024-07-18:openai::9mrNdxdK","organization_id":"org-123",
         "result_files":["file-res"],"status":"succeeded","validation_file":null,"training_file":"file-abc123",
         "trained_tokens":5768,"error":{},"seed":7,"estimated_finish":1721768000,
         "metadata":{"team":"kitchen","finetune4j_idempotency_key":"key-1"},"shared_with_openai":false}""");

    Job job = client().jobs().retrieve("ftjob-abc123");

    assertCall(take(), "GET", "/v1/fine_tuning/jobs/ftjob-abc123");
    assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(job.fineTunedModel()).contains("ft:gpt-4o-mini-2024-07-18:openai::9mrNdxdK");
    assertThat(job.trainedTokens()).hasValue(5768);
    assertThat(job.finishedAt()).contains(Instant.ofEpochSecond(1721768400));
    assertThat(job.estimatedFinish()).contains(Instant.ofEpochSecond(1721768000));
    assertThat(job.error()).isEmpty();
    assertThat(job.validationFile()).isEmpty();
    assertThat(job.labels()).containsExactly(java.util.Map.entry("team", "kitchen"));
    assertThat(job.raw().booleanValue("shared_with_openai")).isPresent();
  }

  @Test
  void aStatusTheSdkHasNeverSeenIsKeptAndNotTerminal() {
    enqueue(job("ftjob-1", "migrating_to_new_cluster"));

    Job job = client().jobs().retrieve("ftjob-1");

    assertThat(job.status().isKnown()).isFalse();
    assertThat(job.providerStatus()).isEqualTo("migrating_to_new_cluster");
    assertThat(job.isTerminal()).isFalse();
  }

  @Test
  void aFailedJobCarriesItsError() {
    enqueue(job("ftjob-1", "failed").replace("\"error\":{}", """
        "error":{"code":"invalid_n_examples","message":"Training file has 3 example(s), but must have at least 10 examples","param":"training_file"}"""));

    Job job = client().jobs().retrieve("ftjob-1");

    assertThat(job.error()).hasValueSatisfying(e -> {
      assertThat(e.code()).contains("invalid_n_examples");
      assertThat(e.param()).contains("training_file");
      assertThat(e.message()).startsWith("Training file has 3 example(s)");
    });
  }

  @Test
  void listFiltersByLabelsAsDeepObjectMetadataAndFollowsTheCursor() {
    enqueue("{\"object\":\"list\",\"data\":[" + job("ftjob-2", "running") + "],\"has_more\":true}");
    enqueue("{\"object\":\"list\",\"data\":[" + job("ftjob-1", "succeeded") + "],\"has_more\":false}");

    List<Job> jobs = client().jobs().list(JobQuery.withLabel("team", "kitchen").pageSize(1)).toList();

    assertThat(jobs).extracting(Job::id).containsExactly("ftjob-2", "ftjob-1");
    assertCall(take(), "GET", "/v1/fine_tuning/jobs?metadata%5Bteam%5D=kitchen&limit=1");
    assertCall(take(), "GET", "/v1/fine_tuning/jobs?metadata%5Bteam%5D=kitchen&limit=1&after=ftjob-2");
  }

  @Test
  void cancelPauseAndResumePostToTheirPaths() {
    enqueue(job("ftjob-1", "cancelled"));
    enqueue(job("ftjob-1", "paused"));
    enqueue(job("ftjob-1", "queued"));
    OpenAi openai = client();

    assertThat(openai.jobs().cancel("ftjob-1").status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(openai.jobs().pause("ftjob-1").status()).isEqualTo(JobStatus.PAUSED);
    assertThat(openai.jobs().resume("ftjob-1").status()).isEqualTo(JobStatus.QUEUED);

    assertCall(take(), "POST", "/v1/fine_tuning/jobs/ftjob-1/cancel");
    assertCall(take(), "POST", "/v1/fine_tuning/jobs/ftjob-1/pause");
    assertCall(take(), "POST", "/v1/fine_tuning/jobs/ftjob-1/resume");
  }

  private static String event(String id, long createdAt, String message) {
    return """
        {"object":"fine_tuning.job.event","id":"%s","created_at":%d,"level":"info","message":"%s",
         "type":"message","data":{}}""".formatted(id, createdAt, message);
  }

  @Test
  void eventsAreReadNewestFirstAcrossPagesAndReturnedOldestFirst() {
    enqueue("{\"object\":\"list\",\"data\":[" + event("ftevent-3", 30, "Job succeeded") + ","
        + event("ftevent-2", 20, "Fine-tuning started") + "],\"has_more\":true}");
    enqueue("{\"object\":\"list\",\"data\":[" + event("ftevent-1", 10, "Validating training file")
        + "],\"has_more\":false}");

    List<JobEvent> events = client().jobs().events("ftjob-1");

    assertThat(events).extracting(JobEvent::id).containsExactly("ftevent-1", "ftevent-2", "ftevent-3");
    assertCall(take(), "GET", "/v1/fine_tuning/jobs/ftjob-1/events?limit=100");
    assertCall(take(), "GET", "/v1/fine_tuning/jobs/ftjob-1/events?limit=100&after=ftevent-2");
  }

  @Test
  void eventsAfterStopsAtTheGivenEventAndReturnsTheNewerOnesOldestFirst() {
    enqueue("{\"object\":\"list\",\"data\":[" + event("ftevent-5", 50, "e5") + "," + event("ftevent-4", 40, "e4")
        + "],\"has_more\":true}");
    enqueue("{\"object\":\"list\",\"data\":[" + event("ftevent-3", 30, "e3") + "," + event("ftevent-2", 20, "e2")
        + "],\"has_more\":true}");

    List<JobEvent> newer = client().jobs().eventsAfter("ftjob-1", "ftevent-3");

    assertThat(newer).extracting(JobEvent::id).containsExactly("ftevent-4", "ftevent-5");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void eventsAfterAnEventNoLongerListedReturnsTheWholeHistory() {
    enqueue("{\"object\":\"list\",\"data\":[" + event("ftevent-2", 20, "e2") + "," + event("ftevent-1", 10, "e1")
        + "],\"has_more\":false}");

    List<JobEvent> newer = client().jobs().eventsAfter("ftjob-1", "ftevent-gone");

    assertThat(newer).extracting(JobEvent::id).containsExactly("ftevent-1", "ftevent-2");
  }

  @Test
  void metricsEventsCarryTheirTrainingMetrics() {
    enqueue("""
        {"object":"list","has_more":false,"data":[{"object":"fine_tuning.job.event","id":"ftevent-9",
         "created_at":1721764900,"level":"info","message":"Step 288/303: training loss=0.12","type":"metrics",
         "data":{"step":288,"total_steps":303,"train_loss":0.12,"valid_loss":0.2,"full_valid_loss":0.25,
                 "train_mean_token_accuracy":0.9,"valid_mean_token_accuracy":0.85,
                 "full_valid_mean_token_accuracy":0.84,"new_metric":1.5}}]}""");

    JobEvent event = client().jobs().events("ftjob-1").get(0);

    TrainingMetrics m = event.metrics().orElseThrow();
    assertThat(m.step()).isEqualTo(288);
    assertThat(m.totalSteps()).hasValue(303);
    assertThat(m.trainLoss()).hasValue(0.12);
    assertThat(m.validationLoss()).hasValue(0.2);
    assertThat(m.fullValidationLoss()).hasValue(0.25);
    assertThat(m.trainTokenAccuracy()).hasValue(0.9);
    assertThat(m.validationTokenAccuracy()).hasValue(0.85);
    assertThat(m.fullValidationTokenAccuracy()).hasValue(0.84);
    assertThat(m.other()).containsEntry("new_metric", 1.5);
  }

  @Test
  void checkpointsComeOldestFirstWithTheirMetrics() {
    enqueue("""
        {"object":"list","has_more":false,"first_id":"ftckpt_b","last_id":"ftckpt_a","data":[
         {"object":"fine_tuning.job.checkpoint","id":"ftckpt_b","created_at":1721764900,
          "fine_tuned_model_checkpoint":"ft:gpt-4o-mini-2024-07-18:org::abc:ckpt-step-200","step_number":200,
          "metrics":{"step":200,"train_loss":0.1,"train_mean_token_accuracy":0.95,"valid_loss":0.2,
                     "valid_mean_token_accuracy":0.9,"full_valid_loss":0.21,"full_valid_mean_token_accuracy":0.89},
          "fine_tuning_job_id":"ftjob-1"},
         {"object":"fine_tuning.job.checkpoint","id":"ftckpt_a","created_at":1721764800,
          "fine_tuned_model_checkpoint":"ft:gpt-4o-mini-2024-07-18:org::abc:ckpt-step-100","step_number":100,
          "metrics":{"step":100,"train_loss":0.3},"fine_tuning_job_id":"ftjob-1"}]}""");

    List<Checkpoint> checkpoints = client().jobs().checkpoints("ftjob-1");

    assertCall(take(), "GET", "/v1/fine_tuning/jobs/ftjob-1/checkpoints?limit=100");
    assertThat(checkpoints).extracting(Checkpoint::step).containsExactly(100L, 200L);
    assertThat(checkpoints.get(1).model()).endsWith("ckpt-step-200");
    assertThat(checkpoints.get(1).metrics().orElseThrow().fullValidationTokenAccuracy()).hasValue(0.89);
  }

  @Test
  void everyRequestCarriesTheKeyOrganizationAndProject() {
    enqueue(job("ftjob-1", "running"));

    client().jobs().retrieve("ftjob-1");

    RecordedRequest request = take();
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(request.getHeaders().get("OpenAI-Organization")).isEqualTo("org-test");
    assertThat(request.getHeaders().get("OpenAI-Project")).isEqualTo("proj_test");
  }

  @Test
  void theRawJsonOfAJobIsTheProvidersAnswer() {
    enqueue(job("ftjob-1", "running"));

    Job job = client().jobs().retrieve("ftjob-1");

    assertThat(job.raw()).isEqualTo(RawJson.parse(job("ftjob-1", "running")));
  }
}
