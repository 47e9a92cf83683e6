package dev.finetune4j.huggingface;

import dev.finetune4j.Capabilities;
import dev.finetune4j.ClientOptions;
import dev.finetune4j.Capability;
import dev.finetune4j.FineTuningClient;
import dev.finetune4j.error.ConfigurationException;
import dev.finetune4j.spi.ClientSettings;
import dev.finetune4j.spi.http.Authentication;
import dev.finetune4j.spi.http.HttpTransport;
import dev.finetune4j.huggingface.internal.HubErrorParser;
import dev.finetune4j.model.ChatModel;
import dev.finetune4j.model.OpenAiCompatibleChatModel;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;

/**
 * The Hugging Face provider: datasets as private Hub dataset repositories, fine-tuning as Hugging Face Jobs running
 * TRL or an Unsloth script, models as Hub model repositories hosted on Inference Endpoints, and chat through an
 * endpoint's OpenAI-compatible API or the Inference Providers router.
 *
 * <pre>{@code
 * try (HuggingFace hf = HuggingFace.builder().token(System.getenv("HF_TOKEN")).build()) {
 *   UploadedDataset data = hf.datasets().upload(DatasetUpload.of(Path.of("train.jsonl")));
 *   Job job = hf.jobs().create(JobSpec.builder().baseModel("Qwen/Qwen2.5-0.5B-Instruct").data(data).build());
 *   Job done = hf.jobs().waitFor(job.id());
 * }
 * }</pre>
 *
 * <p>Not offered by Hugging Face: pausing and resuming jobs, reinforcement fine-tuning and checkpoints; those calls
 * throw {@link dev.finetune4j.error.UnsupportedCapabilityException}.
 *
 * <p>The token is a secret: it is redacted from logs and exception messages, never part of {@code toString()}, and
 * reaches jobs only as the job secret {@code HF_TOKEN}. Thread-safe; close it when done.
 *
 * <p>Rate limits: the Hub counts requests in fixed 5-minute windows and answers an exhausted one with a 429 whose
 * {@code RateLimit} header says when it resets ({@code "api";r=0;t=90}). As {@code huggingface_hub} does, the client
 * then waits for the reset plus 1 s, and it waits out any window: unless the options' retry policy sets its own
 * {@link dev.finetune4j.RetryPolicy.Builder#retryAfterCap(Duration) cap}, waits up to {@link #RETRY_AFTER_CAP} are
 * honoured (longer ones fail at once with a {@link dev.finetune4j.error.RateLimitException} naming the wait).
 */
public final class HuggingFace implements FineTuningClient {
  /** The provider's name. */
  public static final String PROVIDER = "huggingface";
  /** The Hub's address. */
  public static final String DEFAULT_HUB_URL = "https://huggingface.co";
  /** The Inference Endpoints API's address. */
  public static final String DEFAULT_ENDPOINTS_URL = "https://api.endpoints.huggingface.cloud/v2";
  /**
   * The longest server-requested wait the client honours unless its retry policy sets a cap: the Hub's 5-minute
   * rate-limit window plus the 1 s {@code huggingface_hub} adds to a reset.
   */
  public static final Duration RETRY_AFTER_CAP = Duration.ofSeconds(301);
  /** The Inference Providers router's OpenAI-compatible address. */
  public static final String DEFAULT_ROUTER_URL = "https://router.huggingface.co/v1";

  private static final Capabilities CAPABILITIES = new Capabilities(PROVIDER, EnumSet.of(
      Capability.SUPERVISED_TRAINING, Capability.PREFERENCE_TRAINING, Capability.CANCEL_JOB, Capability.JOB_EVENTS,
      Capability.TRAINING_METRICS, Capability.DATASET_DOWNLOAD, Capability.DELETE_MODEL, Capability.CHAT), true);

  private final String token;
  private final String configuredNamespace;
  private final String hubUrl;
  private final HttpTransport hubTransport;
  private final HttpTransport routerTransport;
  private final Hub hub;
  private final HuggingFaceJobs jobs;
  private final HubDatasets datasets;
  private final InferenceEndpoints endpoints;
  private final HubModels models;

  private HuggingFace(Builder b) {
    this.token = b.token;
    this.configuredNamespace = b.namespace;
    this.hubUrl = b.hubUrl;
    ClientOptions options = b.options;
    this.hubTransport = HttpTransport.builder()
        .provider(PROVIDER)
        .baseUrl(b.hubUrl)
        .options(options)
        .authentication(Authentication.bearer(token))
        .secret(token)
        .errorParser(new HubErrorParser())
        .retryAfterCap(RETRY_AFTER_CAP)
        .build();
    // one connection pool for the whole client: the other hosts' transports share the Hub's
    HttpTransport endpointsTransport = hubTransport.toBuilder().baseUrl(b.endpointsUrl).build();
    this.routerTransport = hubTransport.toBuilder().baseUrl(b.routerUrl).build();
    this.hub = new Hub(hubTransport);
    this.jobs = new HuggingFaceJobs(hubTransport, this::namespace, token, hub, options.clock(), options.sleeper(),
        b.logFollowTimeout, b.logSnapshotTimeout);
    this.datasets = new HubDatasets(hub, hubTransport, this::namespace, options.clock());
    this.endpoints = new InferenceEndpoints(endpointsTransport, this::namespace, options.clock(), options.sleeper());
    this.models = new HubModels(hub, hubTransport, endpoints, this::namespace);
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
   * Builds a client from the process environment: {@code HF_TOKEN} (required), {@code HF_ENDPOINT} (the Hub's
   * address, as huggingface_hub reads it), {@code HF_INFERENCE_ENDPOINTS_ENDPOINT} (the Inference Endpoints API,
   * such as {@value #DEFAULT_ENDPOINTS_URL}), {@code HF_ROUTER_ENDPOINT} (the router's OpenAI-compatible base, such
   * as {@value #DEFAULT_ROUTER_URL}), {@code HF_NAMESPACE} (user or organisation to work in). The two endpoint
   * variables are named after huggingface_hub's {@code HF_ENDPOINT}, which redirects only the Hub.
   *
   * @return the client
   * @throws ConfigurationException if {@code HF_TOKEN} is missing
   */
  public static HuggingFace fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * Builds a client from the given environment variables; see {@link #fromEnvironment()}.
   *
   * @param environment the variables
   * @return the client
   * @throws ConfigurationException if {@code HF_TOKEN} is missing
   */
  public static HuggingFace fromEnvironment(Map<String, String> environment) {
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
  public static HuggingFace fromEnvironment(Map<String, String> environment, ClientOptions options) {
    ClientSettings env = ClientSettings.of(environment);
    Builder b = builder().options(options).apiKey(env.require("HF_TOKEN",
        "to call Hugging Face: create a token with write access at https://huggingface.co/settings/tokens"));
    env.get("HF_ENDPOINT").ifPresent(b::hubUrl);
    env.get("HF_INFERENCE_ENDPOINTS_ENDPOINT").ifPresent(b::endpointsUrl);
    env.get("HF_ROUTER_ENDPOINT").ifPresent(b::routerUrl);
    env.get("HF_NAMESPACE").ifPresent(b::namespace);
    return b.build();
  }

  @Override
  public String provider() {
    return PROVIDER;
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  /**
   * Returns the namespace datasets, jobs, models and endpoints live in: the configured one, or the token's user
   * (asked once with whoami).
   *
   * @return the namespace
   */
  public String namespace() {
    return configuredNamespace != null ? configuredNamespace : hub.whoami().name();
  }

  /**
   * Returns the Hub: identity, repositories, files and commits.
   *
   * @return the Hub
   */
  public Hub hub() {
    return hub;
  }

  /**
   * Returns fine-tuning as Hugging Face Jobs; see {@link HuggingFaceJobs}.
   *
   * @return the jobs service, with the Hugging Face extras (log following, hardware, the generated command)
   */
  @Override
  public HuggingFaceJobs jobs() {
    return jobs;
  }

  /**
   * Returns training data as private dataset repositories. An upload validates the files first (nothing is created
   * when they have errors), converts them to the TRL shape of their kind ({@code messages};
   * {@code prompt}/{@code completion}; {@code prompt}/{@code chosen}/{@code rejected}), creates a private dataset
   * repository named by {@link dev.finetune4j.dataset.DatasetUpload#name()} or
   * {@code finetune4j-<UTC time>-<random>}, and commits {@code train.jsonl} and, with validation data,
   * {@code test.jsonl} (loaded as the splits {@code train} and {@code test}) in one commit.
   *
   * <p>File ids read {@code namespace/repo@<commit id>:<path>}, such as
   * {@code alice/finetune4j-20261124-223000-1a2b3c@9f2c41d...:train.jsonl}: the repository, the commit that added
   * the file and its path. Jobs also accept a bare {@code namespace/repo} of a dataset already on the Hub as
   * training data (its {@code train} split). Deleting a file commits its deletion; the repository stays.
   *
   * @return the datasets service
   */
  @Override
  public dev.finetune4j.dataset.Datasets datasets() {
    return datasets;
  }

  HubDatasets hubDatasets() {
    return datasets;
  }

  /**
   * Returns models as Hub model repositories: {@code retrieve}/{@code delete} work on the repository a job pushed;
   * {@code deploy} creates (or reuses) an Inference Endpoint named after the model and waits until it runs, and the
   * deployment's {@code model()} is the endpoint name to pass to {@link #chat(String)}.
   *
   * @return the models service
   */
  @Override
  public dev.finetune4j.model.Models models() {
    return models;
  }

  /**
   * Returns the Inference Endpoints of the namespace.
   *
   * @return the endpoints
   */
  public InferenceEndpoints endpoints() {
    return endpoints;
  }

  /**
   * Returns a chat model. A name without {@code /} is an Inference Endpoint of the namespace (looked up for its
   * address; chat goes to its {@code /v1} OpenAI-compatible API). A {@code namespace/name} model id goes to the
   * Inference Providers router, which serves only models a provider partner has mapped (a freshly fine-tuned model
   * is normally not among them: deploy it first).
   *
   * @param model an endpoint name, or a model id optionally with a {@code :provider} or {@code :cheapest} suffix
   * @return the chat model
   */
  @Override
  public ChatModel chat(String model) {
    Objects.requireNonNull(model, "model");
    if (model.contains("/")) {
      return OpenAiCompatibleChatModel.using(routerTransport, model);
    }
    InferenceEndpoint endpoint = endpoints.get(model);
    String url = endpoint.url().orElseThrow(() -> new dev.finetune4j.error.FineTuningException(
        "huggingface: endpoint " + model + " has no address yet (state " + endpoint.state() + ")"));
    String v1 = (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + "/v1";
    return OpenAiCompatibleChatModel.using(hubTransport.toBuilder().baseUrl(v1).build(), model);
  }

  /** Closes the client's connections (one pool for the Hub, the endpoints, the router and every endpoint). */
  @Override
  public void close() {
    hubTransport.close();
  }

  @Override
  public String toString() {
    return "HuggingFace{hubUrl=" + hubUrl + ", namespace="
        + (configuredNamespace == null ? "(token's user)" : configuredNamespace) + '}';
  }

  /** Builds a {@link HuggingFace} client; the token is required. */
  public static final class Builder {
    private String token;
    private String hubUrl = DEFAULT_HUB_URL;
    private String endpointsUrl = DEFAULT_ENDPOINTS_URL;
    private String routerUrl = DEFAULT_ROUTER_URL;
    private String namespace;
    private ClientOptions options = ClientOptions.defaults();
    private Duration logFollowTimeout = Duration.ofMinutes(2);
    private Duration logSnapshotTimeout = Duration.ofSeconds(5);

    private Builder() {}

    /**
     * Sets the User Access Token ({@code HF_TOKEN}) sent as {@code Authorization: Bearer}; it needs write access
     * to create repositories, jobs and endpoints.
     *
     * @param apiKey the token, such as {@code hf_...}, not blank
     * @return this builder
     */
    public Builder apiKey(String apiKey) {
      this.token = ClientSettings.secret("apiKey", apiKey);
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
     * Sets the Hub's address (a staging Hub, or an emulator in tests).
     *
     * @param hubUrl default {@value HuggingFace#DEFAULT_HUB_URL}
     * @return this builder
     */
    public Builder hubUrl(String hubUrl) {
      this.hubUrl = url("hubUrl", hubUrl);
      return this;
    }

    /**
     * Sets the Inference Endpoints API's address.
     *
     * @param endpointsUrl default {@value HuggingFace#DEFAULT_ENDPOINTS_URL}
     * @return this builder
     */
    public Builder endpointsUrl(String endpointsUrl) {
      this.endpointsUrl = url("endpointsUrl", endpointsUrl);
      return this;
    }

    /**
     * Sets the Inference Providers router's address.
     *
     * @param routerUrl default {@value HuggingFace#DEFAULT_ROUTER_URL}
     * @return this builder
     */
    public Builder routerUrl(String routerUrl) {
      this.routerUrl = url("routerUrl", routerUrl);
      return this;
    }

    /**
     * Sets the user or organisation to work in, instead of the token's user.
     *
     * @param namespace letters, digits, '.', '_' and '-'
     * @return this builder
     */
    public Builder namespace(String namespace) {
      Objects.requireNonNull(namespace, "namespace");
      if (!namespace.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
        throw new IllegalArgumentException("namespace must be a user or organisation name (letters, digits, '.',"
            + " '_', '-'), was '" + namespace + "'");
      }
      this.namespace = namespace;
      return this;
    }

    /**
     * Sets how long a job's log stream may stay silent before the job is inspected: {@code follow} while following
     * it, {@code snapshot} when reading the events so far.
     *
     * @param follow default 2 minutes
     * @param snapshot default 5 seconds
     * @return this builder
     */
    public Builder logReadTimeouts(Duration follow, Duration snapshot) {
      this.logFollowTimeout = positive("follow", follow);
      this.logSnapshotTimeout = positive("snapshot", snapshot);
      return this;
    }

    /**
     * Builds the client. Nothing is sent until the first call.
     *
     * @return the client
     * @throws IllegalStateException if no token was set
     */
    public HuggingFace build() {
      if (token == null) {
        throw new ConfigurationException(
            "a Hugging Face token is required: call apiKey(...) or use HuggingFace.fromEnvironment() with HF_TOKEN");
      }
      return new HuggingFace(this);
    }

    private static Duration positive(String name, Duration d) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + d);
      }
      return d;
    }

    private static String url(String name, String value) {
      String url = ClientSettings.httpUrl(name, value);
      return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
      return "HuggingFace.Builder{hubUrl=" + hubUrl + ", token=" + (token == null ? "unset" : "[REDACTED]") + '}';
    }
  }
}
