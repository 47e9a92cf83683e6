package dev.finetune4j.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.error.FineTuningException;
import dev.finetune4j.spi.http.ApiRequest;
import dev.finetune4j.ClientOptions;
import dev.finetune4j.error.ConfigurationException;
import dev.finetune4j.error.LocalValidationException;
import dev.finetune4j.dataset.DatasetUpload;
import dev.finetune4j.dataset.UploadedDataset;
import dev.finetune4j.spi.ClientSettings;
import dev.finetune4j.spi.http.Authentication;
import dev.finetune4j.spi.http.HttpTransport;
import dev.finetune4j.spi.http.Json;
import dev.finetune4j.huggingface.internal.DatasetRef;
import dev.finetune4j.huggingface.internal.HubErrorParser;
import dev.finetune4j.job.Hyperparameters;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.TrainingMethod;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A small client for a self-hosted AutoTrain Advanced server ({@code autotrain app}, or a duplicate of the
 * {@code autotrain-projects/autotrain-advanced} Space): start an LLM fine-tuning project from a neutral
 * {@link JobSpec}, read its logs, stop it.
 *
 * <p><b>AutoTrain Advanced is no longer actively maintained upstream</b> (no commits since January 2025); Hugging
 * Face now steers fine-tuning to TRL on Jobs, which {@link HuggingFaceJobs} does. This client is for teams that
 * already run AutoTrain. It posts the user's parameters as given (the bundled Python client drops them) and sends
 * the job id of {@code stop_training} in the body, where the server reads it.
 *
 * <pre>{@code
 * try (AutoTrain autoTrain = AutoTrain.builder().baseUrl("http://localhost:8000").apiKey(hfToken).build()) {
 *   UploadedDataset data = autoTrain.upload(hf, DatasetUpload.of(Path.of("preferences.jsonl")));
 *   JobSpec spec = JobSpec.builder().baseModel("Qwen/Qwen2.5-0.5B-Instruct").data(data)
 *       .method(TrainingMethod.preference(Hyperparameters.auto(), Hyperparameter.AUTO)).build();
 *   AutoTrainProject project = autoTrain.createProject("recipes", spec, "spaces-a10g-large", "alice");
 *   String logs = autoTrain.logs(project.jobId());
 * }
 * }</pre>
 */
public final class AutoTrain implements AutoCloseable {
  /** The public AutoTrain Space the upstream client talks to by default. */
  public static final String DEFAULT_URL = "https://autotrain-projects-autotrain-advanced.hf.space";
  /**
   * The hardware {@code POST /api/create_project} accepts: the server's own list (autotrain-advanced's
   * {@code api_routes.py}, where {@code local} is commented out, so the API answers it with 422).
   */
  public static final List<String> HARDWARE = List.of("spaces-a10g-large", "spaces-a10g-small", "spaces-a100-large",
      "spaces-t4-medium", "spaces-t4-small", "spaces-cpu-upgrade", "spaces-cpu-basic", "spaces-l4x1", "spaces-l4x4",
      "spaces-l40sx1", "spaces-l40sx4", "spaces-l40sx8", "spaces-a10g-largex2", "spaces-a10g-largex4");

  private final HttpTransport transport;

  private AutoTrain(Builder b) {
    this.transport = HttpTransport.builder().provider("huggingface-autotrain").baseUrl(b.baseUrl)
        .authentication(Authentication.bearer(b.token)).secret(b.token).options(b.options)
        .errorParser(new HubErrorParser()).build();
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the body {@link #createProject} sends.
   *
   * @param projectName the project's name
   * @param spec the neutral spec: supervised becomes {@code llm:sft}, preference {@code llm:dpo}
   * @param hardware one of {@link #HARDWARE}, such as {@code spaces-a10g-large}
   * @param username the Hub user or organisation that owns the project
   * @return the JSON body
   * @throws IllegalArgumentException if the server does not take that hardware
   */
  static ObjectNode projectBody(String projectName, JobSpec spec, String hardware, String username) {
    Objects.requireNonNull(projectName, "projectName");
    Objects.requireNonNull(hardware, "hardware");
    if (!HARDWARE.contains(hardware)) {
      throw new IllegalArgumentException("AutoTrain's API takes hardware " + String.join(", ", HARDWARE) + "; was '"
          + hardware + "'" + (hardware.startsWith("local") ? " (to train on this machine, use LocalTraining)" : ""));
    }
    Objects.requireNonNull(username, "username");
    boolean dpo = spec.method() instanceof TrainingMethod.Preference;
    if (!(spec.method() instanceof TrainingMethod.Supervised) && !dpo) {
      throw new dev.finetune4j.error.UnsupportedCapabilityException("huggingface-autotrain",
          dev.finetune4j.Capability.REINFORCEMENT_TRAINING);
    }
    DatasetRef training = DatasetRef.parse(spec.trainingFile());
    Optional<DatasetRef> validation = spec.validationFile().map(DatasetRef::parse);
    if (dpo && training.path().filter(HubDatasets.TRAIN::equals).isPresent()) {
      throw new LocalValidationException("preference data in TRL's shape loses its prompts on AutoTrain", List.of(
          spec.trainingFile() + " was uploaded by HuggingFace.datasets().upload: its chosen and rejected hold the"
              + " answer alone, and AutoTrain takes chosen[:-1] as the prompt; upload it with"
              + " AutoTrain.upload(hub, upload), which stores whole conversations"));
    }
    HuggingFaceJobOptions options = spec.option(HuggingFaceJobOptions.class).orElse(HuggingFaceJobOptions.defaults());
    Hyperparameters h = spec.method().hyperparameters();
    ObjectNode body = Json.object()
        .put("project_name", projectName)
        .put("task", dpo ? "llm:dpo" : "llm:sft")
        .put("base_model", spec.baseModel())
        .put("hardware", hardware)
        .put("username", username)
        .put("hub_dataset", training.repoId())
        .put("train_split", training.split());
    validation.ifPresent(v -> body.put("valid_split", v.split()));
    ObjectNode params = body.putObject("params");
    params.put("chat_template", "tokenizer")
        .put("block_size", options.maxLength())
        .put("model_max_length", options.maxLength())
        .put("epochs", h.epochs().value().map(Number::intValue).orElse(3))
        .put("lr", 3e-5 * h.learningRateMultiplier().value().map(Number::doubleValue).orElse(1.0))
        .put("batch_size", h.batchSize().value().map(Number::intValue).orElse(2))
        .put("peft", options.lora())
        .put("lora_r", options.loraRank())
        .put("lora_alpha", options.loraAlpha())
        .put("logging_steps", options.loggingSteps());
    spec.seed().ifPresent(s -> params.put("seed", s));
    if (dpo) {
      ((TrainingMethod.Preference) spec.method()).beta().value()
          .ifPresent(b -> params.put("dpo_beta", b.doubleValue()));
    }
    ObjectNode columns = body.putObject("column_mapping");
    if (dpo) {
      columns.put("prompt_text_column", "prompt").put("text_column", "chosen")
          .put("rejected_text_column", "rejected");
    } else {
      columns.put("text_column", "messages");
    }
    return body;
  }

  /**
   * Uploads training data to a private dataset repository of the Hub client's namespace in the shape AutoTrain
   * reads, for {@link #createProject}. Chat data is stored as TRL's {@code messages}, as
   * {@link HuggingFace#datasets()} stores it. Preference data differs: AutoTrain's DPO trainer, with a chat template,
   * takes {@code chosen[:-1]} as the prompt and the last message of {@code chosen} and {@code rejected} as the
   * answers, so each row's {@code chosen} and {@code rejected} are whole conversations (the prompt's messages, then
   * the answer), and its {@code prompt} column holds the prompt's messages. The files are
   * {@code autotrain-train.jsonl} and {@code autotrain-test.jsonl} (the splits {@code train} and {@code test}).
   *
   * @param hub the Hub client whose namespace and token AutoTrain's server reads the data with
   * @param upload the files, in any format {@link dev.finetune4j.dataset.DatasetFormat} names
   * @return the ids to put in the spec
   * @throws dev.finetune4j.dataset.DatasetValidationException if the data has errors; nothing is uploaded then
   */
  public UploadedDataset upload(HuggingFace hub, DatasetUpload upload) {
    Objects.requireNonNull(hub, "hub");
    Objects.requireNonNull(upload, "upload");
    return hub.hubDatasets().upload(upload, true);
  }

  /**
   * Starts a project: AutoTrain creates a private Space that trains and pushes the model.
   *
   * @param projectName the project's name
   * @param spec the neutral spec; its data must be a Hub dataset: ids from {@link #upload(HuggingFace,
   *     DatasetUpload)}, or a repository of the caller's own already in AutoTrain's shape
   * @param hardware one of {@link #HARDWARE}, such as {@code spaces-a10g-large}
   * @param username the Hub user or organisation
   * @return the project
   * @throws IllegalArgumentException if the server does not take that hardware; nothing is sent then
   * @throws LocalValidationException if preference data was uploaded in TRL's shape (by
   *     {@code HuggingFace.datasets().upload}), whose prompts AutoTrain would drop; nothing is sent then
   */
  public AutoTrainProject createProject(String projectName, JobSpec spec, String hardware, String username) {
    JsonNode json = transport.call(ApiRequest.post("/api/create_project")
        .json(projectBody(projectName, spec, hardware, username)).build(), answer -> succeeded(answer,
            "the project was not created"));
    if (!json.hasNonNull("job_id")) {
      throw new FineTuningException("huggingface-autotrain: the project was not created: " + json);
    }
    return new AutoTrainProject(json.path("job_id").asText(), json.path("message").asText(""), Json.raw(json));
  }


  /**
   * Reads a project's logs.
   *
   * @param jobId the project's job id
   * @return the log text, one {@code <timestamp>: <line>} per line
   */
  public String logs(String jobId) {
    return transport.call(ApiRequest.post("/api/logs").json(Json.object().put("jid", jobId)).build(),
        json -> succeeded(json, "the logs of " + jobId + " could not be read")).path("logs").asText("");
  }

  /**
   * Stops a project's training (pauses its Space).
   *
   * @param jobId the project's job id
   */
  public void stopTraining(String jobId) {
    transport.call(ApiRequest.post("/api/stop_training").json(Json.object().put("jid", jobId)).build(),
        json -> succeeded(json, "training of " + jobId + " was not stopped"));
  }

  /**
   * The server answers its own failures with HTTP 200 and {@code "success": false} (a project it could not create,
   * logs it could not fetch, a Space it could not pause): those are errors, with the server's message.
   */
  private static JsonNode succeeded(JsonNode json, String what) {
    if (json.path("success").isBoolean() && !json.path("success").asBoolean()) {
      String detail = json.path("logs").isTextual() && !json.path("logs").asText().isBlank()
          ? " (" + json.path("logs").asText() + ")" : "";
      throw new FineTuningException("huggingface-autotrain: " + what + ": "
          + json.path("message").asText("the server said it failed") + detail);
    }
    return json;
  }

  /**
   * Returns the server's AutoTrain version.
   *
   * @return the version text
   */
  public String version() {
    JsonNode json = transport.json(ApiRequest.get("/api/version").build());
    return json.path("version").asText(json.toString());
  }

  @Override
  public void close() {
    transport.close();
  }

  @Override
  public String toString() {
    return "AutoTrain{baseUrl=" + transport.baseUrl() + '}';
  }

  /** Builds an {@link AutoTrain} client; the token is required. */
  public static final class Builder {
    private String baseUrl = DEFAULT_URL;
    private String token;
    private ClientOptions options = ClientOptions.defaults();

    private Builder() {}

    /**
     * Sets the server's address.
     *
     * @param baseUrl such as {@code http://localhost:8000}; default {@value AutoTrain#DEFAULT_URL}
     * @return this builder
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = ClientSettings.httpUrl("baseUrl", baseUrl);
      return this;
    }

    /**
     * Sets the Hugging Face token ({@code HF_TOKEN}) the AutoTrain server checks.
     *
     * @param apiKey the token, not blank
     * @return this builder
     */
    public Builder apiKey(String apiKey) {
      this.token = ClientSettings.secret("apiKey", apiKey);
      return this;
    }

    /**
     * Sets the retry policy, timeouts and shared OkHttp client; default {@link ClientOptions#defaults()}.
     *
     * @param options the options
     * @return this builder
     */
    public Builder options(ClientOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Builds the client.
     *
     * @return the client
     * @throws IllegalStateException if no token was set
     */
    public AutoTrain build() {
      if (token == null) {
        throw new ConfigurationException("an AutoTrain token is required: call apiKey(...) with the HF_TOKEN value");
      }
      return new AutoTrain(this);
    }
  }

}
