package dev.finetune4j.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.Capabilities;
import dev.finetune4j.Capability;
import dev.finetune4j.ClientOptions;
import dev.finetune4j.FineTuningClient;
import dev.finetune4j.azure.internal.AzureDialect;
import dev.finetune4j.azure.internal.AzureJobs;
import dev.finetune4j.azure.internal.EntraClientCredentials;
import dev.finetune4j.dataset.Datasets;
import dev.finetune4j.error.ApiErrorDetails;
import dev.finetune4j.error.ConfigurationException;
import dev.finetune4j.job.Jobs;
import dev.finetune4j.model.ChatModel;
import dev.finetune4j.model.Models;
import dev.finetune4j.model.OpenAiCompatibleChatModel;
import dev.finetune4j.openai.OpenAiProtocol;
import dev.finetune4j.openai.OpenAiUploads;
import dev.finetune4j.openai.internal.OpenAiDatasets;
import dev.finetune4j.spi.ClientSettings;
import dev.finetune4j.spi.http.Authentication;
import dev.finetune4j.spi.http.ErrorParser;
import dev.finetune4j.spi.http.HttpTransport;
import dev.finetune4j.spi.http.Json;
import dev.finetune4j.spi.http.internal.CachingBearerAuthentication;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Azure OpenAI provider: fine-tuning on an Azure OpenAI (Foundry) resource through the OpenAI protocol in
 * Azure's dialect, deployments through Azure Resource Manager, and chat on a deployment.
 *
 * <pre>{@code
 * try (AzureOpenAi azure = AzureOpenAi.fromEnvironment()) {   // AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY, ...
 *   UploadedDataset data = azure.datasets().upload(DatasetUpload.builder()
 *       .training(Path.of("train.jsonl")).targetModel("gpt-4.1-mini-2025-04-14").build());
 *   Job job = azure.jobs().create(JobSpec.builder().baseModel("gpt-4.1-mini-2025-04-14").data(data)
 *       .option(AzureTrainingType.GLOBAL).build());                // waits for the files to be processed first
 *   Job done = azure.jobs().waitFor(job.id());
 *   Deployment d = azure.models().deploy(done.fineTunedModel().orElseThrow(), Duration.ofMinutes(30));
 *   ChatResponse answer = azure.chat(d.model()).complete(List.of(ChatMessage.user("A quick soup?")));
 *   azure.models().undeploy(d.name());                             // deployments bill by the hour
 * }
 * }</pre>
 *
 * <p><b>API styles.</b> {@link AzureApiVersion#V1} (the default) sends {@code {endpoint}/openai/v1/...}; a dated
 * version sends {@code {endpoint}/openai/...?api-version=...} ({@link AzureApiVersion#LATEST_GA} or a preview).
 * Where only the dated API has a feature (file import from a URL, the Uploads API for large files) a v1 client uses
 * the dated API with {@link AzureApiVersion#LATEST_GA} for it; where only newer versions have one (pause and resume,
 * DPO and reinforcement, model deletion) an older version fails with a typed exception that names the version to use.
 * Chat goes to {@code /openai/v1/chat/completions} with the deployment as {@code model}, or to
 * {@code /openai/deployments/{deployment}/chat/completions} in the dated style.
 *
 * <p><b>Authentication.</b> An {@code api-key}, or Microsoft Entra ID bearer tokens: the client-credentials flow
 * ({@link Builder#clientSecret(String, String, String)}) or the application's {@link AzureTokenCredential}, scope
 * {@value #DATA_PLANE_SCOPE} for the data plane and {@value #RESOURCE_MANAGER_SCOPE} for Resource Manager; each token
 * is cached and fetched again five minutes before it expires. Deployments need Entra ID: keys never work there.
 *
 * <p><b>Jobs.</b> Every create carries {@code trainingType} ({@link AzureTrainingType}, Global by default) and waits
 * until the job's files are {@code processed}. Creation is exactly-once although Azure's job list filters by nothing
 * but a cursor: a retried create reads the list (newest first, page after page) for the job with its idempotency key
 * or, where the job keeps no metadata (the dated API), its model, files, suffix and seed (the SDK sends a random seed
 * when the spec has none). Azure's statuses {@code pending}, {@code pausing}, {@code paused}, {@code resuming} map
 * to neutral ones and the raw value is kept in {@code providerStatus()}.
 *
 * <p><b>Retry hints.</b> Azure may answer 429 with hints of hours; above the retry policy's cap (60 s by default) the
 * call fails at once with a {@link dev.finetune4j.error.RateLimitException} carrying the hint.
 *
 * <p>Thread-safe; share one instance and close it at the end.
 */
public final class AzureOpenAi implements FineTuningClient {
  /** The provider name, {@value}. */
  public static final String PROVIDER = AzureDialect.PROVIDER;
  /** The Entra ID scope of the data plane, {@value}. */
  public static final String DATA_PLANE_SCOPE = "https://cognitiveservices.azure.com/.default";
  /** The Entra ID scope of Azure Resource Manager, {@value}. */
  public static final String RESOURCE_MANAGER_SCOPE = "https://management.azure.com/.default";
  /** The default Resource Manager endpoint, {@value}. */
  public static final String DEFAULT_RESOURCE_MANAGER_ENDPOINT = "https://management.azure.com";
  /** The default Entra ID authority host, {@value}. */
  public static final String DEFAULT_AUTHORITY_HOST = "https://login.microsoftonline.com";

  private final String endpoint;
  private final AzureApiVersion version;
  private final HttpTransport transport;
  private final HttpTransport dated;
  private final OpenAiProtocol protocol;
  private final OpenAiProtocol datedProtocol;
  private final AzureFiles files;
  private final Jobs jobs;
  private final Datasets datasets;
  private final AzureModels models;
  private final AzureDeployments deployments;
  private final String authDescription;
  private final Optional<String> account;

  private AzureOpenAi(Builder b) {
    this.endpoint = b.endpoint;
    this.version = b.version;
    this.account = Optional.ofNullable(b.account);
    AzureTokenCredential credential = b.credential;
    HttpTransport.Builder t = HttpTransport.builder()
        .provider(PROVIDER)
        .baseUrl(endpoint + (version.isV1() ? "/openai/v1" : "/openai"))
        .options(b.options)
        .errorParser(AzureOpenAi::parseError);
    if (!version.isV1()) {
      t.defaultQueryParameter("api-version", version.value());
    }
    if (b.apiKey != null) {
      t.secret(b.apiKey);
    }
    if (b.clientSecret != null) {
      t.secret(b.clientSecret);
    }
    HttpTransport bootstrap = t.authentication(Authentication.none()).build();
    if (b.clientSecret != null) {
      credential = new EntraClientCredentials(bootstrap.toBuilder()
          .baseUrl(b.authorityHost + "/" + HttpTransport.encode(b.tenantId) + "/oauth2/v2.0").build(),
          b.clientId, b.clientSecret, b.options.clock());
      authDescription = "entra(tenant=" + b.tenantId + ", client=" + b.clientId + ", secret=[REDACTED])";
    } else if (credential != null) {
      authDescription = "entra(token credential)";
    } else {
      authDescription = "apiKey=[REDACTED]";
    }
    Authentication data = b.apiKey != null ? Authentication.header("api-key", b.apiKey)
        : tokens(credential, DATA_PLANE_SCOPE, b.options);
    this.transport = bootstrap.toBuilder().authentication(data).build();
    this.dated = version.isV1() ? transport.toBuilder().baseUrl(endpoint + "/openai")
        .defaultQueryParameter("api-version", AzureApiVersion.LATEST_GA.value()).build() : transport;
    this.protocol = OpenAiProtocol.builder().build(transport, AzureDialect.forVersion(version));
    this.datedProtocol = version.isV1()
        ? OpenAiProtocol.builder().build(dated, AzureDialect.forVersion(AzureApiVersion.LATEST_GA)) : protocol;
    this.files = new AzureFiles(protocol.files(), dated);
    this.jobs = new AzureJobs(protocol.jobs(), version, protocol.files()::waitUntilProcessed,
        b.fileProcessingTimeout);
    this.datasets = new OpenAiDatasets(protocol.files(), datedProtocol.uploads(), b.uploadThreshold,
        AzureDatasetRules::forModel);
    if (credential != null && b.subscriptionId != null && b.resourceGroup != null && b.account != null) {
      HttpTransport arm = bootstrap.toBuilder()
          .baseUrl(b.resourceManagerEndpoint + "/subscriptions/" + HttpTransport.encode(b.subscriptionId)
              + "/resourceGroups/" + HttpTransport.encode(b.resourceGroup)
              + "/providers/Microsoft.CognitiveServices/accounts/" + HttpTransport.encode(b.account))
          .defaultQueryParameter("api-version", AzureDeployments.API_VERSION)
          .authentication(tokens(credential, RESOURCE_MANAGER_SCOPE, b.options))
          .build();
      this.deployments = new AzureDeployments(arm, b.options.clock(), b.options.sleeper());
    } else {
      this.deployments = null;
    }
    this.models = new AzureModels(transport, version, this::deployments, b.skuName, b.capacity, endpoint);
  }

  private static Authentication tokens(AzureTokenCredential credential, String scope, ClientOptions options) {
    return new CachingBearerAuthentication(() -> credential.token(scope), Duration.ofMinutes(5), options.clock());
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
   * Builds a client from the process environment; see {@link #fromEnvironment(Map)}.
   *
   * @return the client
   */
  public static AzureOpenAi fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * Builds a client from the given variables: {@code AZURE_OPENAI_ENDPOINT} (required), {@code AZURE_OPENAI_API_KEY}
   * or Entra ID's {@code AZURE_TENANT_ID}, {@code AZURE_CLIENT_ID} and {@code AZURE_CLIENT_SECRET};
   * {@code OPENAI_API_VERSION} ({@code v1}, the default, or a dated version); for deployments
   * {@code AZURE_SUBSCRIPTION_ID}, {@code AZURE_RESOURCE_GROUP}, {@code AZURE_OPENAI_ACCOUNT}; and, to point
   * elsewhere (a sovereign cloud, the emulator), {@code AZURE_AUTHORITY_HOST} and
   * {@code AZURE_RESOURCE_MANAGER_ENDPOINT}.
   *
   * @param environment the variables
   * @return the client
   * @throws ConfigurationException if the endpoint or every credential is missing
   */
  public static AzureOpenAi fromEnvironment(Map<String, String> environment) {
    return fromEnvironment(environment, ClientOptions.defaults());
  }

  /**
   * Builds a client from the given variables with the given transport options; see {@link #fromEnvironment(Map)}.
   *
   * @param environment the variables
   * @param options the retry policy, timeouts, clock and other options of the client's transport
   * @return the client
   * @throws ConfigurationException if the endpoint or every credential is missing
   */
  public static AzureOpenAi fromEnvironment(Map<String, String> environment, ClientOptions options) {
    return builderFromEnvironment(environment).options(options).build();
  }

  private static Builder builderFromEnvironment(Map<String, String> environment) {
    ClientSettings env = ClientSettings.of(environment);
    Builder b = builder().endpoint(env.require("AZURE_OPENAI_ENDPOINT", "to call Azure OpenAI"));
    env.get("OPENAI_API_VERSION").ifPresent(v -> b.apiVersion(AzureApiVersion.of(v)));
    Optional<String> key = env.get("AZURE_OPENAI_API_KEY");
    Optional<String> secret = env.get("AZURE_CLIENT_SECRET");
    if (secret.isPresent()) {
      b.clientSecret(env.require("AZURE_TENANT_ID", "for Entra ID"), env.require("AZURE_CLIENT_ID", "for Entra ID"),
          secret.get());
    }
    key.ifPresent(b::apiKey);
    env.get("AZURE_AUTHORITY_HOST").ifPresent(b::authorityHost);
    env.get("AZURE_RESOURCE_MANAGER_ENDPOINT").ifPresent(b::resourceManagerEndpoint);
    Optional<String> sub = env.get("AZURE_SUBSCRIPTION_ID");
    Optional<String> rg = env.get("AZURE_RESOURCE_GROUP");
    Optional<String> account = env.get("AZURE_OPENAI_ACCOUNT");
    if (sub.isPresent() || rg.isPresent() || account.isPresent()) {
      b.resource(env.require("AZURE_SUBSCRIPTION_ID", "for deployments"),
          env.require("AZURE_RESOURCE_GROUP", "for deployments"), env.require("AZURE_OPENAI_ACCOUNT",
              "for deployments"));
    }
    return b;
  }

  @Override
  public String provider() {
    return PROVIDER;
  }

  /**
   * Returns the capabilities in this client's API version. Tuned models must be deployed, so
   * {@link Capabilities#deploymentRequired()} is true.
   *
   * @return the capabilities
   */
  @Override
  public Capabilities capabilities() {
    EnumSet<Capability> set = EnumSet.of(Capability.SUPERVISED_TRAINING, Capability.CANCEL_JOB,
        Capability.JOB_EVENTS, Capability.TRAINING_METRICS, Capability.CHECKPOINTS, Capability.DATASET_DOWNLOAD,
        Capability.CHAT);
    if (version.supportsTrainingMethods()) {
      set.add(Capability.PREFERENCE_TRAINING);
      set.add(Capability.REINFORCEMENT_TRAINING);
    }
    if (version.supportsPauseResume()) {
      set.add(Capability.PAUSE_RESUME_JOB);
    }
    if (version.isV1()) {
      set.add(Capability.DELETE_MODEL);
    }
    return new Capabilities(PROVIDER, set, true);
  }

  /**
   * Returns the neutral datasets service: validated with {@link AzureDatasetRules}, then uploaded through the Files
   * API (the dated Uploads API above the upload threshold).
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

  /**
   * Returns the models; {@code deploy} and {@code undeploy} go through Resource Manager.
   *
   * @return the models
   */
  @Override
  public Models models() {
    return models;
  }

  /**
   * Returns chat on a deployment.
   *
   * @param deployment the deployment name (not the model id)
   * @return the chat model; a prompt the content filter blocks fails with {@link ContentFilteredException}
   */
  @Override
  public ChatModel chat(String deployment) {
    Objects.requireNonNull(deployment, "deployment");
    if (version.isV1()) {
      return new AzureChatModel(OpenAiCompatibleChatModel.using(transport, deployment), "/openai/v1/chat/completions");
    }
    String base = "/openai/deployments/" + HttpTransport.encode(deployment);
    HttpTransport t = transport.toBuilder().baseUrl(endpoint + base).build();
    return new AzureChatModel(OpenAiCompatibleChatModel.using(t, deployment), base + "/chat/completions");
  }

  /**
   * Returns the resource's Files API, with import from a URL.
   *
   * @return the files
   */
  public AzureFiles files() {
    return files;
  }

  /**
   * Returns the Uploads API for files above 512 MB (up to 9 GB); the dated API has it, so a v1 client sends it with
   * api-version {@link AzureApiVersion#LATEST_GA}.
   *
   * @return the uploads
   */
  public OpenAiUploads uploads() {
    return datedProtocol.uploads();
  }

  /**
   * Returns the resource's deployments through Resource Manager.
   *
   * @return the deployments
   * @throws ConfigurationException without Entra ID credentials and the resource's subscription, group and account
   */
  public AzureDeployments deployments() {
    if (deployments == null) {
      throw new ConfigurationException("Azure deployments go through Resource Manager, which needs Microsoft Entra "
          + "ID (clientSecret(...) or tokenCredential(...); AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET) and"
          + " the resource (resource(...); AZURE_SUBSCRIPTION_ID, AZURE_RESOURCE_GROUP, AZURE_OPENAI_ACCOUNT); API "
          + "keys never work there");
    }
    return deployments;
  }

  /** @return the API version this client speaks */
  public AzureApiVersion apiVersion() {
    return version;
  }

  /** @return the resource endpoint, such as {@code https://myresource.openai.azure.com} */
  public String endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    transport.close();
  }

  @Override
  public String toString() {
    return "AzureOpenAi{endpoint=" + endpoint + ", apiVersion=" + version + ", " + authDescription
        + account.map(a -> ", account=" + a).orElse("") + '}';
  }

  /** Reads Azure's error envelopes: the OpenAI-style one and the dated authoring one with {@code target}. */
  private static ApiErrorDetails parseError(ErrorParser.ErrorResponse response) {
    ApiErrorDetails d = ErrorParser.standard().parse(response);
    if (d.param().isPresent()) {
      return d;
    }
    try {
      JsonNode target = Json.parse(response.body()).path("error").path("target");
      if (target.isTextual()) {
        return new ApiErrorDetails(d.provider(), d.method(), d.path(), d.statusCode(), d.message(), d.code(),
            d.type(), Optional.of(target.asText()), d.requestId(), d.retryAfter(), d.body());
      }
    } catch (Exception notJson) {
      // keep the standard reading
    }
    return d;
  }

  /** Builds an {@link AzureOpenAi}. The endpoint and one credential are required; setters check at once. */
  public static final class Builder {
    private String endpoint;
    private AzureApiVersion version = AzureApiVersion.V1;
    private String apiKey;
    private AzureTokenCredential credential;
    private String tenantId;
    private String clientId;
    private String clientSecret;
    private String authorityHost = DEFAULT_AUTHORITY_HOST;
    private String resourceManagerEndpoint = DEFAULT_RESOURCE_MANAGER_ENDPOINT;
    private String subscriptionId;
    private String resourceGroup;
    private String account;
    private ClientOptions options = ClientOptions.defaults();
    private Duration fileProcessingTimeout = Duration.ofMinutes(30);
    private long uploadThreshold = OpenAiProtocol.DEFAULT_UPLOAD_THRESHOLD;
    private String skuName = AzureDeploymentSpec.GLOBAL_STANDARD;
    private int capacity = 1;

    private Builder() {}

    /**
     * Sets the resource endpoint.
     *
     * @param endpoint such as {@code https://myresource.openai.azure.com}, without {@code /openai}
     * @return this builder
     */
    public Builder endpoint(String endpoint) {
      String url = ClientSettings.httpUrl("endpoint", endpoint).replaceAll("/+$", "");
      if (url.endsWith("/openai") || url.endsWith("/openai/v1")) {
        url = url.substring(0, url.lastIndexOf("/openai"));
      }
      this.endpoint = url;
      return this;
    }

    /**
     * Sets the API style and version; default {@link AzureApiVersion#V1}.
     *
     * @param version such as {@link AzureApiVersion#LATEST_GA}
     * @return this builder
     */
    public Builder apiVersion(AzureApiVersion version) {
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    /**
     * Sets the resource's API key, sent as {@code api-key}.
     *
     * @param apiKey the key
     * @return this builder
     */
    public Builder apiKey(String apiKey) {
      this.apiKey = ClientSettings.secret("apiKey", apiKey);
      return this;
    }

    /**
     * Uses Entra ID's client-credentials flow against {@code {authorityHost}/{tenant}/oauth2/v2.0/token}.
     *
     * @param tenantId the directory (tenant) id
     * @param clientId the application (client) id
     * @param clientSecret the client secret
     * @return this builder
     */
    public Builder clientSecret(String tenantId, String clientId, String clientSecret) {
      this.tenantId = ClientSettings.notBlank("tenantId", tenantId);
      this.clientId = ClientSettings.notBlank("clientId", clientId);
      this.clientSecret = ClientSettings.secret("clientSecret", clientSecret);
      this.credential = null;
      return this;
    }

    /**
     * Uses the application's Entra ID tokens, such as Azure Identity's {@code DefaultAzureCredential} adapted in
     * one lambda.
     *
     * @param credential fetches a token for a scope
     * @return this builder
     */
    public Builder tokenCredential(AzureTokenCredential credential) {
      this.credential = Objects.requireNonNull(credential, "credential");
      this.clientSecret = null;
      return this;
    }

    /**
     * Sets the Entra ID authority host; default {@value AzureOpenAi#DEFAULT_AUTHORITY_HOST}.
     *
     * @param url an http or https URL
     * @return this builder
     */
    public Builder authorityHost(String url) {
      this.authorityHost = ClientSettings.httpUrl("authorityHost", url).replaceAll("/+$", "");
      return this;
    }

    /**
     * Sets the Resource Manager endpoint; default {@value AzureOpenAi#DEFAULT_RESOURCE_MANAGER_ENDPOINT}.
     *
     * @param url an http or https URL
     * @return this builder
     */
    public Builder resourceManagerEndpoint(String url) {
      this.resourceManagerEndpoint = ClientSettings.httpUrl("resourceManagerEndpoint", url).replaceAll("/+$", "");
      return this;
    }

    /**
     * Names the resource for deployments.
     *
     * @param subscriptionId the subscription id
     * @param resourceGroup the resource group
     * @param account the Azure OpenAI account (resource) name
     * @return this builder
     */
    public Builder resource(String subscriptionId, String resourceGroup, String account) {
      this.subscriptionId = ClientSettings.notBlank("subscriptionId", subscriptionId);
      this.resourceGroup = ClientSettings.notBlank("resourceGroup", resourceGroup);
      this.account = ClientSettings.notBlank("account", account);
      return this;
    }

    /**
     * Sets the SKU and capacity {@code models().deploy(...)} uses; default {@code GlobalStandard} with 1.
     *
     * @param skuName such as {@link AzureDeploymentSpec#DEVELOPER}
     * @param capacity 1 or more
     * @return this builder
     */
    public Builder deploymentSku(String skuName, int capacity) {
      AzureDeploymentSpec.builder("check", "check").sku(skuName, capacity);
      this.skuName = skuName;
      this.capacity = capacity;
      return this;
    }

    /**
     * Sets how long {@code jobs().create(...)} waits for each file to be processed; default 30 minutes.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder fileProcessingTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("fileProcessingTimeout must be positive, was " + timeout);
      }
      this.fileProcessingTimeout = timeout;
      return this;
    }

    /**
     * Sets the size above which {@code datasets().upload(...)} uses the Uploads API; default 512 MB.
     *
     * @param bytes 1 to 512 MB
     * @return this builder
     */
    public Builder uploadThreshold(long bytes) {
      OpenAiProtocol.builder().uploadThreshold(bytes);
      this.uploadThreshold = bytes;
      return this;
    }

    /**
     * Sets the retry policy, timeouts, shared OkHttp client, clock and sleeper.
     *
     * @param options the options
     * @return this builder
     */
    public Builder options(ClientOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Builds the client; later changes to this builder do not reach it.
     *
     * @return the client
     * @throws ConfigurationException without an endpoint or a credential
     */
    public AzureOpenAi build() {
      if (endpoint == null) {
        throw new ConfigurationException("an Azure OpenAI endpoint is required: call endpoint(...) or set "
            + "AZURE_OPENAI_ENDPOINT, such as https://myresource.openai.azure.com");
      }
      if (apiKey == null && credential == null && clientSecret == null) {
        throw new ConfigurationException("Azure OpenAI needs a credential: apiKey(...) (AZURE_OPENAI_API_KEY), "
            + "clientSecret(...) (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET) or tokenCredential(...)");
      }
      return new AzureOpenAi(this);
    }
  }
}
