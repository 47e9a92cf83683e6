package dev.finetune4j.openai;

import dev.finetune4j.Capabilities;
import dev.finetune4j.Capability;
import dev.finetune4j.FineTuningClient;
import dev.finetune4j.Sleeper;
import dev.finetune4j.dataset.Datasets;
import dev.finetune4j.error.ConfigurationException;
import dev.finetune4j.spi.http.Authentication;
import dev.finetune4j.spi.http.ErrorParser;
import dev.finetune4j.spi.http.HttpTransport;
import dev.finetune4j.RetryPolicy;
import dev.finetune4j.job.Jobs;
import dev.finetune4j.model.ChatModel;
import dev.finetune4j.model.Models;
import dev.finetune4j.model.OpenAiCompatibleChatModel;
import dev.finetune4j.openai.internal.OpenAiDatasets;
import dev.finetune4j.openai.internal.OpenAiJobs;
import dev.finetune4j.openai.internal.OpenAiModels;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * The OpenAI provider: fine-tuning through the Files, Uploads, Fine-tuning, Models and Chat Completions APIs, plus
 * OpenAI's own extras ({@link #files()}, {@link #uploads()}, {@link #evals()}, {@link #checkpointPermissions()}).
 *
 * <pre>{@code
 * try (OpenAi openai = OpenAi.fromEnv()) {          // OPENAI_API_KEY, OPENAI_ORG_ID, OPENAI_PROJECT_ID, ...
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
  /** The default size above which files go through the Uploads API: 512 MB. */
  public static final long DEFAULT_UPLOAD_THRESHOLD = 512L * 1024 * 1024;
  /** The largest part the Uploads API accepts, and the default part size: 64 MB. */
  public static final int MAX_UPLOAD_PART_SIZE = 64 * 1024 * 1024;

  private static final Capabilities CAPABILITIES = new Capabilities(PROVIDER, EnumSet.complementOf(
      EnumSet.of(Capability.DEPLOYMENT)));

  private final Settings settings;
  private final HttpTransport transport;
  private final HttpTransport adminTransport;
  private final OpenAiFiles files;
  private final OpenAiUploads uploads;
  private final OpenAiJobs jobs;
  private final OpenAiModels models;
  private final OpenAiDatasets datasets;
  private final OpenAiEvals evals;
  private final CheckpointPermissions permissions;

  private OpenAi(Builder b) {
    this.settings = new Settings(b.baseUrl, b.organization, b.project, b.clock, b.sleeper, b.uploadThreshold,
        b.uploadPartSize, b.uploadParallelism);
    this.transport = transport(b, b.apiKey);
    this.adminTransport = b.adminKey == null ? null : transport(b, b.adminKey);
    this.files = new OpenAiFiles(transport, settings.sleeper(), settings.clock());
    this.uploads = new OpenAiUploads(transport, b.uploadPartSize, b.uploadParallelism);
    this.jobs = new OpenAiJobs(transport);
    this.models = new OpenAiModels(transport);
    this.datasets = new OpenAiDatasets(files, uploads, b.uploadThreshold);
    this.evals = new OpenAiEvals(transport, settings.sleeper(), settings.clock());
    this.permissions = adminTransport == null ? null : new CheckpointPermissions(adminTransport);
  }

  private static HttpTransport transport(Builder b, String key) {
    HttpTransport.Builder t = HttpTransport.builder()
        .provider(PROVIDER)
        .baseUrl(b.baseUrl)
        .authentication(Authentication.bearer(key))
        .retryPolicy(b.retryPolicy)
        .errorParser(ErrorParser.standard())
        .timeouts(b.connectTimeout, b.readTimeout, b.callTimeout)
        .secret(key);
    if (b.apiKey != null && !b.apiKey.equals(key)) {
      t.secret(b.apiKey);
    }
    if (b.adminKey != null && !b.adminKey.equals(key)) {
      t.secret(b.adminKey);
    }
    if (b.organization != null) {
      t.defaultHeader("OpenAI-Organization", b.organization);
    }
    if (b.project != null) {
      t.defaultHeader("OpenAI-Project", b.project);
    }
    if (b.okHttpClient != null) {
      t.okHttpClient(b.okHttpClient);
    }
    return t.build();
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
  public static OpenAi fromEnv() {
    return fromEnv(System.getenv());
  }

  /**
   * Builds a client from the given variables; see {@link #fromEnv()}.
   *
   * @param environment the variables
   * @return the client
   * @throws ConfigurationException if {@code OPENAI_API_KEY} is missing or blank
   */
  public static OpenAi fromEnv(Map<String, String> environment) {
    Objects.requireNonNull(environment, "environment");
    String key = nonBlank(environment.get("OPENAI_API_KEY"));
    if (key == null) {
      throw new ConfigurationException("OPENAI_API_KEY is not set; it is required to call OpenAI");
    }
    Builder b = builder().apiKey(key);
    Optional.ofNullable(nonBlank(environment.get("OPENAI_BASE_URL"))).ifPresent(b::baseUrl);
    Optional.ofNullable(nonBlank(environment.get("OPENAI_ORG_ID"))).ifPresent(b::organization);
    Optional.ofNullable(nonBlank(environment.get("OPENAI_PROJECT_ID"))).ifPresent(b::project);
    Optional.ofNullable(nonBlank(environment.get("OPENAI_ADMIN_KEY"))).ifPresent(b::adminKey);
    return b.build();
  }

  private static String nonBlank(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  @Override
  public String provider() {
    return PROVIDER;
  }

  /**
   * Returns every capability but {@link Capability#DEPLOYMENT}: OpenAI serves fine-tuned models without one.
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
    return datasets;
  }

  @Override
  public Jobs jobs() {
    return jobs;
  }

  @Override
  public Models models() {
    return models;
  }

  /**
   * Returns a chat model over Chat Completions, for a base model, an {@code ft:} model or a checkpoint.
   *
   * @param model the model name
   * @return the chat model
   */
  @Override
  public ChatModel chat(String model) {
    return OpenAiCompatibleChatModel.using(transport, Objects.requireNonNull(model, "model"));
  }

  /**
   * Returns OpenAI's Files API: uploads from a path, a stream or bytes, listing, content, processing status.
   *
   * @return the files service
   */
  public OpenAiFiles files() {
    return files;
  }

  /**
   * Returns OpenAI's Uploads API, for files up to 8 GB sent in parts.
   *
   * @return the uploads service
   */
  public OpenAiUploads uploads() {
    return uploads;
  }

  /**
   * Returns OpenAI's Evals API.
   *
   * @return the evals service
   */
  public OpenAiEvals evals() {
    return evals;
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
   * Returns the transport this client sends through, for modules that reuse OpenAI's wire protocol.
   *
   * @return the transport
   */
  public HttpTransport transport() {
    return transport;
  }

  @Override
  public void close() {
    transport.close();
    if (adminTransport != null) {
      adminTransport.close();
    }
  }

  @Override
  public String toString() {
    return "OpenAi{baseUrl=" + settings.baseUrl()
        + settings.organization().map(o -> ", organization=" + o).orElse("")
        + settings.project().map(p -> ", project=" + p).orElse("")
        + ", apiKey=[REDACTED]" + (adminTransport == null ? "" : ", adminKey=[REDACTED]") + '}';
  }

  private record Settings(String baseUrl, Optional<String> organization, Optional<String> project, Clock clock,
      Sleeper sleeper, long uploadThreshold, int uploadPartSize, int uploadParallelism) {
    Settings(String baseUrl, String organization, String project, Clock clock, Sleeper sleeper, long threshold,
        int partSize, int parallelism) {
      this(baseUrl, Optional.ofNullable(organization), Optional.ofNullable(project), clock, sleeper, threshold,
          partSize, parallelism);
    }
  }

  /** Builds an {@link OpenAi} client. The API key is required. */
  public static final class Builder {
    private String apiKey;
    private String adminKey;
    private String baseUrl = DEFAULT_BASE_URL;
    private String organization;
    private String project;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Duration connectTimeout = Duration.ofSeconds(30);
    private Duration readTimeout = Duration.ofMinutes(10);
    private Duration callTimeout = Duration.ofMinutes(10);
    private OkHttpClient okHttpClient;
    private long uploadThreshold = DEFAULT_UPLOAD_THRESHOLD;
    private int uploadPartSize = MAX_UPLOAD_PART_SIZE;
    private int uploadParallelism = 4;
    private Sleeper sleeper = Sleeper.THREAD;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Sets the API key sent as {@code Authorization: Bearer}.
     *
     * @param apiKey the key, not blank
     * @return this builder
     */
    public Builder apiKey(String apiKey) {
      this.apiKey = secret("apiKey", apiKey);
      return this;
    }

    /**
     * Sets the admin key used for checkpoint permissions only.
     *
     * @param adminKey the admin key, not blank
     * @return this builder
     */
    public Builder adminKey(String adminKey) {
      this.adminKey = secret("adminKey", adminKey);
      return this;
    }

    /**
     * Sets the base URL; default {@value OpenAi#DEFAULT_BASE_URL}.
     *
     * @param baseUrl an http or https URL ending in the API version, such as {@code http://localhost:4010/v1}
     * @return this builder
     */
    public Builder baseUrl(String baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl");
      if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
        throw new IllegalArgumentException("baseUrl must be an http or https URL, was '" + baseUrl + "'");
      }
      this.baseUrl = baseUrl;
      return this;
    }

    /**
     * Sets the organization sent as {@code OpenAI-Organization}.
     *
     * @param organization the organization id, such as {@code org-abc}
     * @return this builder
     */
    public Builder organization(String organization) {
      this.organization = notBlank("organization", organization);
      return this;
    }

    /**
     * Sets the project sent as {@code OpenAI-Project}.
     *
     * @param project the project id, such as {@code proj_abc}
     * @return this builder
     */
    public Builder project(String project) {
      this.project = notBlank("project", project);
      return this;
    }

    /**
     * Sets the retry policy; default 2 retries with capped backoff and {@code Retry-After}.
     *
     * @param retryPolicy the policy
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /**
     * Sets the timeouts; defaults 30 s to connect, 10 min per read and per call.
     *
     * @param connect to open a connection, positive
     * @param read for each read or write, positive
     * @param call for a whole attempt, positive or zero for none
     * @return this builder
     */
    public Builder timeouts(Duration connect, Duration read, Duration call) {
      this.connectTimeout = positive("connect timeout", connect, false);
      this.readTimeout = positive("read timeout", read, false);
      this.callTimeout = positive("call timeout", call, true);
      return this;
    }

    /**
     * Shares the application's OkHttp client (connection pool, dispatcher); it is not closed by {@link #close()}.
     *
     * @param client the client
     * @return this builder
     */
    public Builder okHttpClient(OkHttpClient client) {
      this.okHttpClient = Objects.requireNonNull(client, "client");
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
      if (bytes < 1 || bytes > DEFAULT_UPLOAD_THRESHOLD) {
        throw new IllegalArgumentException("uploadThreshold must be 1 byte to 512 MB (" + DEFAULT_UPLOAD_THRESHOLD
            + " bytes), was " + bytes);
      }
      this.uploadThreshold = bytes;
      return this;
    }

    /**
     * Sets the size of the parts of a multipart upload; default and maximum 64 MB.
     *
     * @param bytes 1 byte to 64 MB
     * @return this builder
     */
    public Builder uploadPartSize(int bytes) {
      if (bytes < 1 || bytes > MAX_UPLOAD_PART_SIZE) {
        throw new IllegalArgumentException("uploadPartSize must be 1 byte to 64 MB (" + MAX_UPLOAD_PART_SIZE
            + " bytes), was " + bytes);
      }
      this.uploadPartSize = bytes;
      return this;
    }

    /**
     * Sets how many parts of a multipart upload are sent at once; default 4.
     *
     * @param parts 1 to 16
     * @return this builder
     */
    public Builder uploadParallelism(int parts) {
      if (parts < 1 || parts > 16) {
        throw new IllegalArgumentException("uploadParallelism must be 1 to 16, was " + parts);
      }
      this.uploadParallelism = parts;
      return this;
    }

    /**
     * Sets how the client waits between polls (file processing, eval runs); tests pass a virtual clock's sleeper.
     *
     * @param sleeper the sleeper
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Sets the clock poll deadlines are measured with; tests pass a virtual clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the client.
     *
     * @return the client
     * @throws ConfigurationException if no API key was set
     */
    public OpenAi build() {
      if (apiKey == null) {
        throw new ConfigurationException("an OpenAI API key is required: call apiKey(...) or use OpenAi.fromEnv()");
      }
      return new OpenAi(this);
    }

    private static String secret(String name, String value) {
      Objects.requireNonNull(value, name);
      if (value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      return value.trim();
    }

    private static String notBlank(String name, String value) {
      Objects.requireNonNull(value, name);
      if (value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      return value.trim();
    }

    private static Duration positive(String name, Duration value, boolean zeroAllowed) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || (!zeroAllowed && value.isZero())) {
        throw new IllegalArgumentException(name + " must be " + (zeroAllowed ? "zero or positive" : "positive")
            + ", was " + value);
      }
      return value;
    }
  }
}
