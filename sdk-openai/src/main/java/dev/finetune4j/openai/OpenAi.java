package dev.finetune4j.openai;

import dev.finetune4j.Capabilities;
import dev.finetune4j.Capability;
import dev.finetune4j.ClientOptions;
import dev.finetune4j.FineTuningClient;
import dev.finetune4j.dataset.Datasets;
import dev.finetune4j.error.ConfigurationException;
import dev.finetune4j.job.Jobs;
import dev.finetune4j.model.ChatModel;
import dev.finetune4j.model.Models;
import dev.finetune4j.spi.http.Authentication;
import dev.finetune4j.spi.http.ErrorParser;
import dev.finetune4j.spi.http.HttpTransport;
import dev.finetune4j.spi.ClientSettings;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The OpenAI provider: fine-tuning through the Files, Uploads, Fine-tuning, Models and Chat Completions APIs, plus
 * OpenAI's own extras ({@link #files()}, {@link #uploads()}, {@link #evals()}, {@link #checkpointPermissions()},
 * {@link #migration()}).
 *
 * <pre>{@code
 * try (OpenAi openai = OpenAi.fromEnvironment()) {          // OPENAI_API_KEY, OPENAI_ORG_ID, OPENAI_PROJECT_ID, ...
 *   UploadedDataset data = openai.datasets().upload(DatasetUpload.builder()
 *       .training(Path.of("train.jsonl")).targetModel("gpt-4.1-mini-2025-04-14").build());
 *   Job job = openai.jobs().create(JobSpec.builder()
 *       .baseModel("gpt-4.1-mini-2025-04-14").data(data).suffix("recipes").build());
 *   Job done = openai.jobs().waitFor(job.id());
 *   ChatResponse answer = openai.chat(done.fineTunedModel().orElseThrow())
 *       .complete(List.of(ChatMessage.user("A quick soup?")));
 * }
 * }</pre>
 *
 * <p>OpenAI serves fine-tuned models directly, so there is nothing to deploy: {@code models().deploy(...)} returns a
 * ready deployment of the model itself. OpenAI is winding down self-serve fine-tuning (no new jobs after
 * 2027-01-06, refused earlier for some organisations): a refused create surfaces OpenAI's message in the typed
 * {@link dev.finetune4j.error.ApiException}, while every read path keeps working.
 *
 * <p>Job creation is exactly-once: the spec's idempotency key (a random UUID when it has none) is stored in the job's
 * metadata under {@code finetune4j_idempotency_key}, and before any retry the client lists the jobs carrying it and
 * returns the job an earlier attempt created instead of sending the request again. That key takes one of OpenAI's
 * 16 metadata pairs, so a spec has at most 15 labels; it is left out of {@link dev.finetune4j.job.Job#labels()}.
 * OpenAI's limits (suffix 1 to 64 characters, metadata sizes, hyperparameter ranges, five integrations) are checked
 * before anything is sent and reported together in a {@link dev.finetune4j.error.LocalValidationException}.
 *
 * <p>Thread-safe; share one instance and close it at the end.
 */
public final class OpenAi implements FineTuningClient {
  /** The provider name, {@value}. */
  public static final String PROVIDER = "openai";
  /** The default base URL, {@value}. */
  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

  private static final Capabilities CAPABILITIES = new Capabilities(PROVIDER, EnumSet.of(
      Capability.SUPERVISED_TRAINING, Capability.PREFERENCE_TRAINING, Capability.REINFORCEMENT_TRAINING,
      Capability.CANCEL_JOB, Capability.PAUSE_RESUME_JOB, Capability.JOB_EVENTS, Capability.TRAINING_METRICS,
      Capability.CHECKPOINTS, Capability.DATASET_DOWNLOAD, Capability.DELETE_MODEL, Capability.CHAT), false);

  private final String baseUrl;
  private final Optional<String> organization;
  private final Optional<String> project;
  private final HttpTransport transport;
  private final OpenAiProtocol protocol;
  private final CheckpointPermissions permissions;
  private final OpenAiMigration migration = new OpenAiMigration(this);

  private OpenAi(Builder b) {
    this.baseUrl = b.baseUrl;
    this.organization = Optional.ofNullable(b.organization);
    this.project = Optional.ofNullable(b.project);
    HttpTransport.Builder t = HttpTransport.builder()
        .provider(PROVIDER)
        .baseUrl(b.baseUrl)
        .options(b.options)
        .authentication(Authentication.bearer(b.apiKey))
        .errorParser(ErrorParser.standard())
        .secret(b.apiKey);
    if (b.adminKey != null) {
      t.secret(b.adminKey);
    }
    organization.ifPresent(o -> t.defaultHeader("OpenAI-Organization", o));
    project.ifPresent(p -> t.defaultHeader("OpenAI-Project", p));
    this.transport = t.build();
    this.protocol = b.protocol.build(transport, OpenAiDialect.OPENAI);
    this.permissions = b.adminKey == null ? null
        : new CheckpointPermissions(transport.toBuilder().authentication(Authentication.bearer(b.adminKey)).build());
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
   * Builds a client from the process environment: {@code OPENAI_API_KEY} (required), {@code OPENAI_BASE_URL},
   * {@code OPENAI_ORG_ID}, {@code OPENAI_PROJECT_ID}, {@code OPENAI_ADMIN_KEY}.
   *
   * @return the client
   * @throws ConfigurationException if {@code OPENAI_API_KEY} is not set
   */
  public static OpenAi fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * Builds a client from the given variables; see {@link #fromEnvironment()}.
   *
   * @param environment the variables
   * @return the client
   * @throws ConfigurationException if {@code OPENAI_API_KEY} is missing or blank
   */
  public static OpenAi fromEnvironment(Map<String, String> environment) {
    return fromEnvironment(environment, ClientOptions.defaults());
  }

  /**
   * Builds a client from the given variables with the given transport options; see {@link #fromEnvironment()}.
   *
   * @param environment the variables
   * @param options the retry policy, timeouts and other options of the client's transport
   * @return the client
   * @throws ConfigurationException if a required variable is missing or blank
   */
  public static OpenAi fromEnvironment(Map<String, String> environment, ClientOptions options) {
    ClientSettings env = ClientSettings.of(environment);
    Builder b = builder().options(options).apiKey(env.require("OPENAI_API_KEY", "to call OpenAI"));
    env.get("OPENAI_BASE_URL").ifPresent(b::baseUrl);
    env.get("OPENAI_ORG_ID").ifPresent(b::organization);
    env.get("OPENAI_PROJECT_ID").ifPresent(b::project);
    env.get("OPENAI_ADMIN_KEY").ifPresent(b::adminKey);
    return b.build();
  }

  @Override
  public String provider() {
    return PROVIDER;
  }

  /**
   * Returns OpenAI's capabilities. Tuned models answer without a deployment, so
   * {@link Capabilities#deploymentRequired()} is false.
   *
   * @return the capabilities
   */
  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  /**
   * Returns the neutral datasets service. Uploads validate the data first and send nothing when it has errors;
   * files larger than the upload threshold go through the Uploads API in parts.
   *
   * @return the datasets service
   */
  @Override
  public Datasets datasets() {
    return protocol.datasets();
  }

  @Override
  public Jobs jobs() {
    return protocol.jobs();
  }

  @Override
  public Models models() {
    return protocol.models();
  }

  /**
   * Returns a chat model over Chat Completions, for a base model, an {@code ft:} model or a checkpoint.
   *
   * @param model the model name
   * @return the chat model
   */
  @Override
  public ChatModel chat(String model) {
    return protocol.chat(model);
  }

  /**
   * Returns OpenAI's Files API: uploads from a path, a stream or bytes, listing, content, processing status.
   *
   * @return the files service
   */
  public OpenAiFiles files() {
    return protocol.files();
  }

  /**
   * Returns OpenAI's Uploads API, for files up to 8 GB sent in parts.
   *
   * @return the uploads service
   */
  public OpenAiUploads uploads() {
    return protocol.uploads();
  }

  /**
   * Returns OpenAI's Evals API.
   *
   * @return the evals service
   */
  public OpenAiEvals evals() {
    return protocol.evals();
  }

  /**
   * Returns the tools that move fine-tuning off OpenAI: the account's inventory and the export of a job's data and
   * settings as a portable description. They only read at OpenAI.
   *
   * @return the migration service
   */
  public OpenAiMigration migration() {
    return migration;
  }

  /**
   * Returns the permissions that share fine-tuned checkpoints with other projects. These calls need an admin key.
   *
   * @return the permissions service
   * @throws ConfigurationException if no admin key was configured ({@code adminKey(...)} or
   *     {@code OPENAI_ADMIN_KEY})
   */
  public CheckpointPermissions checkpointPermissions() {
    if (permissions == null) {
      throw new ConfigurationException("Checkpoint permissions need an OpenAI admin key: set "
          + "OpenAi.builder().adminKey(...) or the OPENAI_ADMIN_KEY environment variable");
    }
    return permissions;
  }

  /**
   * Closes the client's connections; see {@link FineTuningClient#close()}. The admin transport shares them.
   */
  @Override
  public void close() {
    transport.close();
  }

  @Override
  public String toString() {
    return "OpenAi{baseUrl=" + baseUrl
        + organization.map(o -> ", organization=" + o).orElse("")
        + project.map(p -> ", project=" + p).orElse("")
        + ", apiKey=[REDACTED]" + (permissions == null ? "" : ", adminKey=[REDACTED]") + '}';
  }

  /** Builds an {@link OpenAi} client. The API key is required; every setter checks its value at once. */
  public static final class Builder {
    private String apiKey;
    private String adminKey;
    private String baseUrl = DEFAULT_BASE_URL;
    private String organization;
    private String project;
    private ClientOptions options = ClientOptions.defaults();
    private final OpenAiProtocol.Builder protocol = OpenAiProtocol.builder();

    private Builder() {}

    /**
     * Sets the API key sent as {@code Authorization: Bearer}.
     *
     * @param apiKey the key, not blank
     * @return this builder
     */
    public Builder apiKey(String apiKey) {
      this.apiKey = ClientSettings.secret("apiKey", apiKey);
      return this;
    }

    /**
     * Sets the admin key used for checkpoint permissions only.
     *
     * @param adminKey the admin key, not blank
     * @return this builder
     */
    public Builder adminKey(String adminKey) {
      this.adminKey = ClientSettings.secret("adminKey", adminKey);
      return this;
    }

    /**
     * Sets the base URL; default {@value OpenAi#DEFAULT_BASE_URL}.
     *
     * @param baseUrl an http or https URL ending in the API version, such as {@code http://localhost:4010/v1}
     * @return this builder
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = ClientSettings.httpUrl("baseUrl", baseUrl);
      return this;
    }

    /**
     * Sets the organization sent as {@code OpenAI-Organization}.
     *
     * @param organization the organization id, such as {@code org-abc}
     * @return this builder
     */
    public Builder organization(String organization) {
      this.organization = ClientSettings.notBlank("organization", organization);
      return this;
    }

    /**
     * Sets the project sent as {@code OpenAI-Project}.
     *
     * @param project the project id, such as {@code proj_abc}
     * @return this builder
     */
    public Builder project(String project) {
      this.project = ClientSettings.notBlank("project", project);
      return this;
    }

    /**
     * Sets the retry policy, timeouts, shared OkHttp client, clock and sleeper; default
     * {@link ClientOptions#defaults()}.
     *
     * @param options the options
     * @return this builder
     */
    public Builder options(ClientOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Sets the size above which {@code datasets().upload(...)} sends a file through the Uploads API in parts;
     * default 512 MB, the Files API's limit.
     *
     * @param bytes 1 to 512 MB
     * @return this builder
     */
    public Builder uploadThreshold(long bytes) {
      protocol.uploadThreshold(bytes);
      return this;
    }

    /**
     * Sets the size of the parts of a multipart upload; default and maximum 64 MB.
     *
     * @param bytes 1 byte to 64 MB
     * @return this builder
     */
    public Builder uploadPartSize(int bytes) {
      protocol.uploadPartSize(bytes);
      return this;
    }

    /**
     * Sets how many parts of a multipart upload are sent at once; default 4.
     *
     * @param parts 1 to 16
     * @return this builder
     */
    public Builder uploadParallelism(int parts) {
      protocol.uploadParallelism(parts);
      return this;
    }

    /**
     * Sets whether a multipart upload sends the MD5 of the whole file on completion, for OpenAI to check; default
     * off, as in OpenAI's own clients. When on, the file is hashed on a thread of its own while the parts are sent,
     * so the upload takes as long as the slower of the two (MD5 runs at about 0.6 GB/s on one core).
     *
     * @param md5 whether to send the MD5
     * @return this builder
     */
    public Builder uploadMd5(boolean md5) {
      protocol.uploadMd5(md5);
      return this;
    }

    /**
     * Builds the client. Changing this builder afterwards does not change the client.
     *
     * @return the client
     * @throws ConfigurationException if no API key was set
     */
    public OpenAi build() {
      if (apiKey == null) {
        throw new ConfigurationException(
            "an OpenAI API key is required: call apiKey(...) or use OpenAi.fromEnvironment() with OPENAI_API_KEY");
      }
      return new OpenAi(this);
    }
  }
}
