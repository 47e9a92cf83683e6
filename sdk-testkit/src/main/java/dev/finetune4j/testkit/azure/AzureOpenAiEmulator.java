package dev.finetune4j.testkit.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.testkit.Emulator;
import dev.finetune4j.testkit.ReceivedRequest;
import dev.finetune4j.testkit.VirtualClock;
import dev.finetune4j.testkit.internal.Checks;
import dev.finetune4j.testkit.internal.Ids;
import dev.finetune4j.testkit.internal.openai.ApiError;
import dev.finetune4j.testkit.internal.openai.ErrorEnvelope;
import dev.finetune4j.testkit.internal.openai.FineTunedModelIds;
import dev.finetune4j.testkit.internal.openai.OpenAiRoutes;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;

/**
 * An in-process emulator of an Azure OpenAI resource: the data plane in both URL styles ({@code /openai/v1/...} and
 * {@code /openai/...?api-version=...}, sharing one state), Azure's job statuses ({@code pending}), error envelope
 * and fine-tuned model ids ({@code <base>.ft-<hex>}); the Resource Manager deployment endpoints
 * ({@code /subscriptions/.../deployments/{name}}, provisioning {@code Creating} then {@code Succeeded}); chat on a
 * deployment serving its model; and Entra ID's token endpoint ({@code /{tenant}/oauth2/v2.0/token}). Everything is
 * served from one host: point the endpoint, the authority host and the Resource Manager endpoint at
 * {@link #baseUrl()}. Virtual time, faults and recording are the base {@link Emulator}'s.
 *
 * <p>Azure's states on virtual time: a file a user uploads or imports is {@code pending}, then {@code running}, then
 * {@code processed} once {@linkplain Builder#fileProcessingTime(Duration) the processing time} has passed (four
 * seconds by default), and a job on a file not yet processed is refused with 400 {@code invalidPayload}; a paused job
 * is {@code pausing} for {@linkplain Builder#pauseTransitionTime(Duration) the pause transition} (ten seconds by
 * default; it makes no progress from the pause on and cannot be resumed until {@code paused}), and a resumed job is
 * {@code resuming} until it runs again. The dated API imports files from a URL ({@code POST /openai/files/import});
 * the emulator downloads nothing: it accepts the URL and stores the content {@linkplain Builder#importContent(String,
 * byte[]) registered} for it, or else a placeholder of ten chat examples naming the URL. {@code DELETE
 * /openai/v1/models/{model}} deletes a fine-tuned model (only the v1 API has it), unless a deployment serves it.
 *
 * <p>The data plane takes the header {@code api-key} with {@link #apiKey()}, or {@code Authorization: Bearer} with
 * an Entra token for {@value #DATA_PLANE_SCOPE} issued here (v1 also takes the key as bearer, as Azure does).
 * Resource Manager takes only a token for {@value #RESOURCE_MANAGER_SCOPE}. Thread-safe.
 */
public final class AzureOpenAiEmulator extends Emulator {
  /** The API key accepted unless the builder says otherwise. */
  public static final String DEFAULT_API_KEY = "azure-test-key";
  /** The client id of the Entra application accepted unless the builder says otherwise. */
  public static final String DEFAULT_CLIENT_ID = "emulator-client";
  /** The client secret of that application. */
  public static final String DEFAULT_CLIENT_SECRET = "emulator-secret";
  /** The subscription of the emulated resource. */
  public static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
  /** The resource group of the emulated resource. */
  public static final String RESOURCE_GROUP = "emulator-rg";
  /** The account name of the emulated resource. */
  public static final String ACCOUNT = "emulator-aoai";
  /** The data plane's scope. */
  public static final String DATA_PLANE_SCOPE = "https://cognitiveservices.azure.com/.default";
  /** Resource Manager's scope. */
  public static final String RESOURCE_MANAGER_SCOPE = "https://management.azure.com/.default";

  private static final Pattern TOKEN = Pattern.compile("/([^/]+)/oauth2/v2\\.0/token");
  private static final Pattern ARM = Pattern.compile("/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/"
      + "Microsoft\\.CognitiveServices/accounts/([^/]+)/deployments(?:/([^/]+))?");
  private static final Pattern DEPLOYMENT_CHAT = Pattern.compile("/openai/deployments/([^/]+)/chat/completions");

  private final String apiKey;
  private final String clientId;
  private final String clientSecret;
  private final Duration provisioning;
  private final Ids ids;
  private final OpenAiRoutes.Mount v1;
  private final OpenAiRoutes.Mount dated;
  private final Map<String, Token> tokens = new HashMap<>();
  private final Map<String, DeploymentState> deployments = new TreeMap<>();
  private final AzureLifecycle lifecycle;
  private final Map<String, byte[]> importContent;

  private record Token(String scope, Instant expiresAt) {}

  private static final class DeploymentState {
    String model;
    String version;
    String format;
    String sku;
    int capacity;
    Instant readyAt;
  }

  private AzureOpenAiEmulator(Builder b) {
    super(b.clock);
    this.apiKey = b.apiKey;
    this.clientId = b.clientId;
    this.clientSecret = b.clientSecret;
    this.provisioning = b.provisioning;
    this.ids = new Ids(b.seed ^ 0xA2);
    this.lifecycle = new AzureLifecycle(b.clock, b.fileProcessing, b.pauseTransition);
    this.importContent = Map.copyOf(b.importContent);
    OpenAiRoutes routes = OpenAiRoutes.create(b.clock, new Ids(b.seed), FineTunedModelIds.azure(), Duration.ZERO)
        .jobStatusNames(s -> s.equals("validating_files") || s.equals("queued") ? "pending" : s)
        .extraJobFields(java.util.Set.of("trainingType"));
    this.v1 = routes.mount("/openai/v1", ErrorEnvelope.azure());
    this.dated = routes.mount("/openai", ErrorEnvelope.azure());
    b.deployments.forEach((name, model) -> {
      DeploymentState d = new DeploymentState();
      d.model = model;
      d.version = "1";
      d.format = "OpenAI";
      d.sku = "GlobalStandard";
      d.capacity = 10;
      d.readyAt = b.clock.now();
      deployments.put(name, d);
    });
  }

  /**
   * Returns an emulator whose clock follows the wall clock with work at {@link VirtualClock#DEFAULT_SPEED}, with the
   * default keys; call {@link #start()}.
   *
   * @return the emulator
   */
  public static AzureOpenAiEmulator create() {
    return builder().build();
  }

  /**
   * Returns a builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the API key the data plane accepts */
  public String apiKey() {
    return apiKey;
  }

  /**
   * Returns the variables {@code AzureOpenAi.fromEnvironment} reads to use this emulator with its API key and,
   * for deployments, Entra ID.
   *
   * @return the variables
   */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AZURE_OPENAI_ENDPOINT", baseUrl());
    env.put("AZURE_OPENAI_API_KEY", apiKey);
    env.put("AZURE_TENANT_ID", "emulator-tenant");
    env.put("AZURE_CLIENT_ID", clientId);
    env.put("AZURE_CLIENT_SECRET", clientSecret);
    env.put("AZURE_AUTHORITY_HOST", baseUrl());
    env.put("AZURE_RESOURCE_MANAGER_ENDPOINT", baseUrl());
    env.put("AZURE_SUBSCRIPTION_ID", SUBSCRIPTION);
    env.put("AZURE_RESOURCE_GROUP", RESOURCE_GROUP);
    env.put("AZURE_OPENAI_ACCOUNT", ACCOUNT);
    return env;
  }

  @Override
  public AzureOpenAiEmulator start() {
    super.start();
    return this;
  }

  @Override
  public AzureOpenAiEmulator start(int port) {
    super.start(port);
    return this;
  }

  @Override
  protected String basePath() {
    return "/";
  }

  @Override
  protected void addCommonHeaders(MockResponse.Builder response, ReceivedRequest request) {
    response.setHeader("apim-request-id", ids.nextHex("", 32));
    response.setHeader("x-ms-region", "Sweden Central");
  }

  @Override
  protected MockResponse unexpectedFailure(ReceivedRequest request, RuntimeException failure) {
    return v1.error(new ApiError(500, "server_error", "The server had an error (emulator: " + failure + ").",
        null, "InternalServerError"));
  }

  @Override
  protected MockResponse handle(ReceivedRequest request) {
    String path = request.path();
    try {
      Matcher token = TOKEN.matcher(path);
      if (token.matches() && request.method().equals("POST")) {
        return token(request);
      }
      Matcher arm = ARM.matcher(path);
      if (arm.matches()) {
        return arm(request, arm);
      }
      if (path.startsWith("/openai/v1/")) {
        authenticateDataPlane(request, true);
        String route = v1.routePath(request).orElseThrow();
        if (route.equals("/chat/completions") && request.method().equals("POST")) {
          return v1.answer(onDeployment(request, modelOf(request)), route);
        }
        return dataPlane(v1, request, route);
      }
      if (path.startsWith("/openai/")) {
        if (request.queryParameter("api-version").isEmpty()) {
          throw new ApiError(404, "invalid_request_error", "Resource not found", null, "404");
        }
        authenticateDataPlane(request, false);
        Matcher chat = DEPLOYMENT_CHAT.matcher(path);
        if (chat.matches() && request.method().equals("POST")) {
          return dated.answer(onDeployment(request, chat.group(1)), "/chat/completions");
        }
        String route = dated.routePath(request).orElseThrow();
        if (request.method().equals("DELETE") && route.startsWith("/models/")) {
          throw new ApiError(404, "invalid_request_error", "Resource not found: the dated API cannot delete models;"
              + " use DELETE /openai/v1/models/{model}.", null, "404");
        }
        MockResponse answer = route.equals("/files/import") && request.method().equals("POST")
            ? importFile(request) : dataPlane(dated, request, route);
        boolean creates = request.method().equals("POST")
            && (route.equals("/files") || route.equals("/files/import") || route.equals("/fine_tuning/jobs"));
        return creates && answer.getCode() == 200 ? answer.newBuilder().code(201).build() : answer;
      }
      throw new ApiError(404, "invalid_request_error", "Resource not found", null, "404");
    } catch (ApiError e) {
      return v1.error(e);
    }
  }

  // ------------------------------------------------------------------ data plane

  private static final Pattern JOB_ACTION = Pattern.compile("/fine_tuning/jobs/([^/]+)/(pause|resume)");
  private static final Pattern MODEL = Pattern.compile("/models/([^/]+)");
  private static final Pattern UPLOAD_COMPLETE = Pattern.compile("/uploads/[^/]+/complete");

  private MockResponse dataPlane(OpenAiRoutes.Mount mount, ReceivedRequest request, String route) {
    String method = request.method();
    Matcher action = JOB_ACTION.matcher(route);
    boolean jobAction = method.equals("POST") && action.matches();
    if (method.equals("POST") && route.equals("/fine_tuning/jobs")) {
      bodyObject(request).ifPresent(lifecycle::requireProcessed);
    }
    if (jobAction && action.group(2).equals("resume")) {
      lifecycle.requireResumable(action.group(1));
    }
    Matcher model = MODEL.matcher(route);
    if (method.equals("DELETE") && model.matches()) {
      String id = URLDecoder.decode(model.group(1), StandardCharsets.UTF_8);
      deployments.forEach((name, d) -> {
        if (d.model.equals(id)) {
          throw new ApiError(409, "invalid_request_error", "The model " + id + " cannot be deleted while the "
              + "deployment '" + name + "' uses it; delete the deployment first.", "model", "conflict");
        }
      });
    }
    MockResponse answer = mount.answer(request, route);
    if (jobAction && answer.getCode() < 300) {
      lifecycle.jobAction(action.group(1), action.group(2));
    }
    boolean createsFile = method.equals("POST")
        && (route.equals("/files") || UPLOAD_COMPLETE.matcher(route).matches());
    return lifecycle.rewrite(answer, createsFile);
  }

  private static Optional<JsonNode> bodyObject(ReceivedRequest request) {
    try {
      JsonNode body = request.bodySize() == 0 ? null : json().readTree(request.bodyBytes());
      return body != null && body.isObject() ? Optional.of(body) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();   // the shared routes answer malformed bodies
    }
  }

  private static final String BOUNDARY = "azure-emulator-import";

  /**
   * {@code POST /openai/files/import}: checks the JSON body ({@code purpose}, {@code filename}, {@code content_url},
   * optional {@code expires_after}) and stores the registered or placeholder content as an upload would.
   */
  private MockResponse importFile(ReceivedRequest request) {
    JsonNode body = bodyObject(request).orElseThrow(() -> new ApiError(400, "invalid_request_error",
        "The request body must be a JSON object with purpose, filename and content_url.", null, "invalidPayload"));
    String purpose = requiredText(body, "purpose");
    String filename = requiredText(body, "filename");
    String url = requiredText(body, "content_url");
    java.net.URI uri;
    try {
      uri = new java.net.URI(url);
    } catch (java.net.URISyntaxException e) {
      uri = null;
    }
    if (uri == null || uri.getHost() == null
        || !("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
      throw new ApiError(400, "invalid_request_error", "The content_url '" + url + "' is not an absolute http or "
          + "https URL.", "content_url", "invalidPayload");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("purpose", purpose);
    JsonNode expires = body.get("expires_after");
    if (expires != null && !expires.isNull()) {
      long seconds = expires.path("seconds").asLong(-1);
      if (!expires.path("anchor").asText("").equals("created_at") || seconds < 1_209_600 || seconds > 2_592_000) {
        throw new ApiError(400, "invalid_request_error", "expires_after needs anchor 'created_at' and seconds from "
            + "1209600 (14 days) to 2592000 (30 days).", "expires_after", "invalidPayload");
      }
      fields.put("expires_after[seconds]", Long.toString(seconds));
    }
    byte[] content = importContent.getOrDefault(url, placeholder(url));
    java.io.ByteArrayOutputStream multipart = new java.io.ByteArrayOutputStream();
    fields.forEach((name, value) -> multipart.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; "
        + "name=\"" + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
    multipart.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
        + filename.replace("\"", "") + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8));
    multipart.writeBytes(content);
    multipart.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
    Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
    headers.keySet().removeIf(h -> h.equalsIgnoreCase("Content-Type"));
    headers.put("Content-Type", List.of("multipart/form-data; boundary=" + BOUNDARY));
    ReceivedRequest upload = new ReceivedRequest(request.sequence(), request.receivedAt(), "POST", request.path(),
        request.query(), headers, multipart.toByteArray());
    return lifecycle.rewrite(dated.answer(upload, "/files"), true);
  }

  private static String requiredText(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new ApiError(400, "invalid_request_error", "The field '" + field + "' is required and must be a "
          + "non-empty string.", field, "invalidPayload");
    }
    return value.asText();
  }

  private static byte[] placeholder(String url) {
    StringBuilder lines = new StringBuilder();
    for (int i = 1; i <= 10; i++) {
      lines.append("{\"messages\":[{\"role\":\"user\",\"content\":\"Placeholder example ").append(i)
          .append(" imported from ").append(url.replace("\\", "\\\\").replace("\"", "\\\""))
          .append("\"},{\"role\":\"assistant\",\"content\":\"Placeholder answer ").append(i).append(".\"}]}\n");
    }
    return lines.toString().getBytes(StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------ Entra ID

  private MockResponse token(ReceivedRequest request) {
    Map<String, String> form = form(request.body());
    if (!"client_credentials".equals(form.get("grant_type"))) {
      return oauthError(400, "unsupported_grant_type", "AADSTS70003: The grant type is not supported.");
    }
    if (!clientId.equals(form.get("client_id")) || !clientSecret.equals(form.get("client_secret"))) {
      return oauthError(401, "invalid_client", "AADSTS7000215: Invalid client secret provided.");
    }
    String scope = form.getOrDefault("scope", "");
    if (!scope.equals(DATA_PLANE_SCOPE) && !scope.equals(RESOURCE_MANAGER_SCOPE)) {
      return oauthError(400, "invalid_scope", "AADSTS70011: The provided value for scope " + scope
          + " is not valid.");
    }
    String value = "eyJ0eXAiOiJKV1Qi." + ids.nextHex("", 40);
    tokens.put(value, new Token(scope, clock().now().plusSeconds(3599)));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("token_type", "Bearer");
    body.put("expires_in", 3599);
    body.put("ext_expires_in", 3599);
    body.put("access_token", value);
    return jsonResponse(200, body).build();
  }

  private static MockResponse oauthError(int status, String error, String description) {
    return jsonResponse(status, Map.of("error", error, "error_description", description)).build();
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  private boolean validToken(String header, String scope) {
    if (header == null || !header.startsWith("Bearer ")) {
      return false;
    }
    Token t = tokens.get(header.substring(7).trim());
    return t != null && t.scope().equals(scope) && clock().now().isBefore(t.expiresAt());
  }

  private void authenticateDataPlane(ReceivedRequest request, boolean v1Style) {
    Optional<String> key = request.header("api-key");
    if (key.isPresent()) {
      if (key.get().equals(apiKey)) {
        return;
      }
      throw new ApiError(401, "invalid_request_error", "Access denied due to invalid subscription key or wrong API "
          + "endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API "
          + "endpoint for your resource.", null, "401");
    }
    String auth = request.header("Authorization").orElse(null);
    if (validToken(auth, DATA_PLANE_SCOPE) || (v1Style && ("Bearer " + apiKey).equals(auth))) {
      return;
    }
    throw new ApiError(401, "invalid_request_error", auth == null
        ? "Access denied due to missing subscription key. Make sure to include subscription key when making "
            + "requests to an API." : "Unauthorized. Access token is missing, invalid, audience is incorrect "
            + "(https://cognitiveservices.azure.com), or have expired.", null, auth == null ? "401" : "PermissionDenied");
  }

  // ------------------------------------------------------------------ deployments and chat

  private static String modelOf(ReceivedRequest request) {
    try {
      JsonNode body = json().readTree(request.bodyBytes());
      return body == null ? "" : body.path("model").asText("");
    } catch (IOException e) {
      return "";
    }
  }

  private ReceivedRequest onDeployment(ReceivedRequest request, String deployment) {
    DeploymentState d = deployments.get(deployment);
    if (d == null || clock().now().isBefore(d.readyAt)) {
      throw new ApiError(404, "invalid_request_error", "The API deployment for this resource does not exist. If you"
          + " created the deployment within the last 5 minutes, please wait a moment and try again.", null,
          "DeploymentNotFound");
    }
    ObjectNode body;
    try {
      JsonNode parsed = request.bodySize() == 0 ? json().createObjectNode() : json().readTree(request.bodyBytes());
      if (!(parsed instanceof ObjectNode object)) {
        throw new ApiError(400, "invalid_request_error", "The body must be a JSON object.", null, "BadRequest");
      }
      body = object;
    } catch (IOException e) {
      throw new ApiError(400, "invalid_request_error", "The body is not valid JSON.", null, "BadRequest");
    }
    body.put("model", d.model);
    byte[] bytes;
    try {
      bytes = json().writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return new ReceivedRequest(request.sequence(), request.receivedAt(), request.method(), request.path(),
        request.query(), request.headers(), bytes);
  }

  private MockResponse arm(ReceivedRequest request, Matcher m) {
    if (!validToken(request.header("Authorization").orElse(null), RESOURCE_MANAGER_SCOPE)) {
      return jsonResponse(401, Map.of("error", Map.of("code", "AuthenticationFailed", "message",
          "Authentication failed. The 'Authorization' header is missing or invalid."))).build();
    }
    if (request.queryParameter("api-version").isEmpty()) {
      return armError(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is "
          + "required for all requests.");
    }
    if (!m.group(1).equals(SUBSCRIPTION) || !m.group(2).equals(RESOURCE_GROUP) || !m.group(3).equals(ACCOUNT)) {
      return armError(404, "ResourceNotFound", "The Resource 'Microsoft.CognitiveServices/accounts/" + m.group(3)
          + "' under resource group '" + m.group(2) + "' was not found.");
    }
    String name = m.group(4);
    String base = request.path();
    if (name == null) {
      if (!request.method().equals("GET")) {
        return armError(405, "MethodNotAllowed", "The method is not allowed.");
      }
      List<Object> value = new ArrayList<>();
      deployments.forEach((n, d) -> value.add(render(base + "/" + n, n, d)));
      return jsonResponse(200, Map.of("value", value)).build();
    }
    DeploymentState d = deployments.get(name);
    switch (request.method()) {
      case "GET" -> {
        return d == null ? armError(404, "DeploymentNotFound", "The deployment " + name + " was not found.")
            : jsonResponse(200, render(base, name, d)).build();
      }
      case "DELETE" -> {
        if (d == null) {
          return new MockResponse.Builder().code(204).build();
        }
        deployments.remove(name);
        return new MockResponse.Builder().code(200).build();
      }
      case "PUT" -> {
        JsonNode body;
        try {
          body = json().readTree(request.bodyBytes());
        } catch (IOException e) {
          return armError(400, "InvalidRequestContent", "The request content was invalid and could not be "
              + "deserialized.");
        }
        JsonNode model = body == null ? null : body.path("properties").path("model");
        String sku = body == null ? "" : body.path("sku").path("name").asText("");
        if (model == null || model.path("name").asText("").isEmpty() || sku.isEmpty()) {
          return armError(400, "InvalidResourceProperties", "The deployment needs sku.name and "
              + "properties.model.{format,name,version}.");
        }
        boolean created = d == null;
        DeploymentState next = created ? new DeploymentState() : d;
        next.model = model.path("name").asText();
        next.version = model.path("version").asText("1");
        next.format = model.path("format").asText("OpenAI");
        next.sku = sku;
        next.capacity = body.path("sku").path("capacity").asInt(1);
        next.readyAt = clock().now().plus(provisioning);
        deployments.put(name, next);
        return jsonResponse(created ? 201 : 200, render(base, name, next)).build();
      }
      default -> {
        return armError(405, "MethodNotAllowed", "The method is not allowed.");
      }
    }
  }

  private Map<String, Object> render(String id, String name, DeploymentState d) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("format", d.format);
    model.put("name", d.model);
    model.put("version", d.version);
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("model", model);
    Instant now = clock().now();
    properties.put("provisioningState", now.isBefore(d.readyAt)
        ? (Duration.between(now, d.readyAt).compareTo(provisioning.dividedBy(2)) > 0 ? "Accepted" : "Creating")
        : "Succeeded");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", id);
    out.put("name", name);
    out.put("type", "Microsoft.CognitiveServices/accounts/deployments");
    out.put("sku", Map.of("name", d.sku, "capacity", d.capacity));
    out.put("properties", properties);
    return out;
  }

  private static MockResponse armError(int status, String code, String message) {
    return jsonResponse(status, Map.of("error", Map.of("code", code, "message", message))).build();
  }

  /** Configures an {@link AzureOpenAiEmulator}. Not thread-safe. */
  public static final class Builder {
    private VirtualClock clock = VirtualClock.accelerated(VirtualClock.DEFAULT_SPEED);
    private String apiKey = DEFAULT_API_KEY;
    private String clientId = DEFAULT_CLIENT_ID;
    private String clientSecret = DEFAULT_CLIENT_SECRET;
    private Duration provisioning = Duration.ofMinutes(2);
    private Duration fileProcessing = Duration.ofSeconds(4);
    private Duration pauseTransition = Duration.ofSeconds(10);
    private final Map<String, byte[]> importContent = new HashMap<>();
    private long seed = 42;
    private final Map<String, String> deployments = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets the clock; by default one that follows the wall clock with work at {@link VirtualClock#DEFAULT_SPEED},
     * like the other emulators; {@link VirtualClock#manual()} moves only when a test advances it.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(VirtualClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the API key the data plane accepts.
     *
     * @param apiKey a non-blank key
     * @return this builder
     */
    public Builder apiKey(String apiKey) {
      this.apiKey = Checks.nonBlank(apiKey, "apiKey");
      return this;
    }

    /**
     * Sets the Entra application the token endpoint accepts.
     *
     * @param clientId the client id
     * @param clientSecret the client secret
     * @return this builder
     */
    public Builder application(String clientId, String clientSecret) {
      this.clientId = Checks.nonBlank(clientId, "clientId");
      this.clientSecret = Checks.nonBlank(clientSecret, "clientSecret");
      return this;
    }

    /**
     * Sets how long a deployment provisions (virtual time); default two minutes.
     *
     * @param duration non-negative
     * @return this builder
     */
    public Builder provisioningTime(Duration duration) {
      this.provisioning = Checks.nonNegative(duration, "duration");
      return this;
    }

    /**
     * Sets how long an uploaded or imported file is processed (virtual time): {@code pending} for the first half,
     * {@code running} for the second, then {@code processed}; default four seconds. Zero makes files processed at
     * once.
     *
     * @param duration non-negative
     * @return this builder
     */
    public Builder fileProcessingTime(Duration duration) {
      this.fileProcessing = Checks.nonNegative(duration, "duration");
      return this;
    }

    /**
     * Sets how long a paused job stays {@code pausing} before it is {@code paused} (virtual time); default ten
     * seconds.
     *
     * @param duration non-negative
     * @return this builder
     */
    public Builder pauseTransitionTime(Duration duration) {
      this.pauseTransition = Checks.nonNegative(duration, "duration");
      return this;
    }

    /**
     * Registers the content a file import from a URL stores, since the emulator downloads nothing; imports of other
     * URLs store a placeholder of ten chat examples.
     *
     * @param contentUrl the {@code content_url} an import will name
     * @param content the file's bytes
     * @return this builder
     */
    public Builder importContent(String contentUrl, byte[] content) {
      importContent.put(Checks.nonBlank(contentUrl, "contentUrl"), Objects.requireNonNull(content, "content").clone());
      return this;
    }

    /**
     * Adds a ready deployment of a base model, such as {@code gpt-4.1-mini} serving
     * {@code gpt-4.1-mini-2025-04-14}.
     *
     * @param name the deployment name
     * @param model the base model it serves
     * @return this builder
     */
    public Builder deployment(String name, String model) {
      deployments.put(Checks.nonBlank(name, "name"), Checks.nonBlank(model, "model"));
      return this;
    }

    /**
     * Sets the seed of generated ids; default 42.
     *
     * @param seed any number
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Builds the emulator; call {@link AzureOpenAiEmulator#start()}.
     *
     * @return the emulator
     */
    public AzureOpenAiEmulator build() {
      return new AzureOpenAiEmulator(this);
    }
  }
}
