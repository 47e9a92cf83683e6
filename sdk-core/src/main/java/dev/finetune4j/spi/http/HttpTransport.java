package dev.finetune4j.spi.http;

import dev.finetune4j.RetryPolicy;
import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.error.ApiErrorDetails;
import dev.finetune4j.error.FineTuningException;
import dev.finetune4j.error.RequestTimeoutException;
import dev.finetune4j.error.TransportException;
import dev.finetune4j.spi.http.internal.Errors;
import dev.finetune4j.spi.http.internal.Redactor;
import dev.finetune4j.spi.http.internal.RetryAfter;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP transport every provider module uses: OkHttp for the wire, Jackson for JSON, Resilience4j for
 * retries (see {@link RetryPolicy}), the provider's {@link ErrorParser} for errors, and SLF4J for a log line per
 * attempt (logger {@code dev.finetune4j.spi.http}: method, path, status, attempt, duration and request id at DEBUG,
 * retries at INFO) with every secret redacted. Public for provider modules, not meant for applications.
 *
 * <p>Thread-safe; one per SDK client. An {@link OkHttpClient} supplied by the application is shared, not closed.
 */
public final class HttpTransport implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("dev.finetune4j.http");
  private static final Set<Integer> RETRYABLE_STATUSES = Set.of(408, 409, 429);
  private static final int MAX_ERROR_BODY = 1 << 20;

  private final String provider;
  private final HttpUrl baseUrl;
  private final OkHttpClient client;
  private final boolean ownsClient;
  private final Authentication authentication;
  private final RetryPolicy retryPolicy;
  private final ErrorParser errorParser;
  private final Map<String, String> defaultHeaders;
  private final Redactor redactor = new Redactor();
  private final Clock clock;
  private final Retry retry;

  private HttpTransport(Builder b) {
    this.provider = b.provider;
    this.baseUrl = b.baseUrl;
    this.ownsClient = b.client == null;
    OkHttpClient base = b.client != null ? b.client : new OkHttpClient();
    this.client = base.newBuilder()
        .connectTimeout(b.connectTimeout)
        .readTimeout(b.readTimeout)
        .writeTimeout(b.readTimeout)
        .callTimeout(b.callTimeout)
        .retryOnConnectionFailure(false)
        .build();
    this.authentication = b.authentication;
    this.retryPolicy = b.retryPolicy;
    this.errorParser = b.errorParser;
    this.defaultHeaders = Map.copyOf(b.defaultHeaders);
    this.clock = b.clock;
    this.redactor.addSecrets(b.secrets);
    this.retry = Retry.of(provider, RetryConfig.<Outcome>custom()
        .maxAttempts(retryPolicy.maxRetries() + 1)
        .retryOnResult(Outcome::retry)
        .retryOnException(e -> false)
        .consumeResultBeforeRetryAttempt((attempt, outcome) -> pause(outcome))
        .intervalBiFunction((attempt, either) -> 0L)
        .build());
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the provider name used in errors and logs */
  public String provider() {
    return provider;
  }

  /** @return the base URL relative paths are resolved against */
  public HttpUrl baseUrl() {
    return baseUrl;
  }

  /**
   * Percent-encodes one path segment, slashes included, for use in a request path.
   *
   * @param segment the raw segment, such as a model id or a revision {@code refs/pr/1}
   * @return the encoded segment
   */
  public static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * Sends a request, retrying as the policy allows, and reads the whole answer.
   *
   * @param request the request
   * @return the successful answer
   * @throws dev.finetune4j.error.ApiException for an error status, of the subclass for its kind
   * @throws TransportException when no answer came
   */
  public ApiResponse execute(ApiRequest request) {
    Outcome outcome = run(request, false);
    if (outcome.existing() != null) {
      byte[] body = Json.mapper().valueToTree(outcome.existing()).toString().getBytes(StandardCharsets.UTF_8);
      return new ApiResponse(200, Map.of(), body, outcome.attempt());
    }
    return new ApiResponse(outcome.status(), outcome.headers(), outcome.body(), outcome.attempt());
  }

  /**
   * Sends a request and returns its JSON answer.
   *
   * @param request the request
   * @return the parsed body
   */
  public JsonNode json(ApiRequest request) {
    return execute(request).json();
  }

  /**
   * Sends a request and returns the answer with its body unread, for downloads and event streams. Retried like
   * {@link #execute(ApiRequest)} until an answer with a success status arrives; reading the body is not retried.
   *
   * @param request the request
   * @return the open response; close it
   */
  public StreamedResponse stream(ApiRequest request) {
    Outcome outcome = run(request, true);
    if (outcome.open() == null) {
      throw new FineTuningException(provider + " " + request + ": expected a streamed answer");
    }
    return new StreamedResponse(outcome.open());
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  private Outcome run(ApiRequest request, boolean stream) {
    AtomicInteger attempts = new AtomicInteger();
    Outcome outcome = retry.executeSupplier(() -> {
      int attempt = attempts.incrementAndGet();
      if (attempt > 1 && request.retryGuard().isPresent()) {
        Optional<JsonNode> existing = request.retryGuard().get().get();
        if (existing.isPresent()) {
          LOG.info("{} {}: found what an earlier attempt created, not sending it again", provider, request);
          return Outcome.existing(existing.get(), attempt);
        }
      }
      return attemptOnce(request, attempt, stream);
    });
    if (outcome.error() != null) {
      throw Errors.toException(outcome.error());
    }
    if (outcome.failure() != null) {
      String message = redactor.redact(provider + " " + request.method() + " " + describe(request)
          + ": no answer after " + outcome.attempt() + (outcome.attempt() == 1 ? " attempt: " : " attempts: ")
          + outcome.failure().getMessage());
      throw outcome.failure() instanceof InterruptedIOException
          ? new RequestTimeoutException(message, outcome.failure())
          : new TransportException(message, outcome.failure());
    }
    return outcome;
  }

  private Outcome attemptOnce(ApiRequest request, int attempt, boolean stream) {
    Request httpRequest = toHttpRequest(request);
    String path = httpRequest.url().encodedPath();
    OkHttpClient callClient = request.readTimeout()
        .map(t -> client.newBuilder().readTimeout(t).build())
        .orElse(client);
    Call call = callClient.newCall(httpRequest);
    request.timeout().ifPresent(t -> call.timeout().timeout(t.toMillis(), TimeUnit.MILLISECONDS));
    long started = System.nanoTime();
    Response response;
    try {
      response = call.execute();
    } catch (IOException e) {
      boolean retryable = request.replayable();
      Duration delay = retryPolicy.backoff(attempt - 1);
      logFailure(request, path, attempt, started, e, retryable, delay);
      return Outcome.failure(e, attempt, retryable, delay);
    }
    int status = response.code();
    String requestId = requestId(response);
    if (status >= 200 && status < 300) {
      LOG.debug("{} {} {} -> {} (attempt {}, {} ms{})", provider, request.method(), path, status,
          attempt, millisSince(started), requestId == null ? "" : ", request-id " + requestId);
      if (stream) {
        return Outcome.open(response, attempt);
      }
      try (response) {
        return Outcome.success(status, headersOf(response), response.body().bytes(), attempt);
      } catch (IOException e) {
        boolean retryable = request.replayable();
        Duration delay = retryPolicy.backoff(attempt - 1);
        logFailure(request, path, attempt, started, e, retryable, delay);
        return Outcome.failure(e, attempt, retryable, delay);
      }
    }
    String body;
    try (response) {
      body = redactor.redact(response.peekBody(MAX_ERROR_BODY).string());
    } catch (IOException e) {
      body = "";
    }
    Optional<Duration> retryAfter = RetryAfter.parse(response::header, clock);
    ApiErrorDetails details = errorParser.parse(new ErrorParser.ErrorResponse(provider, request.method(),
        path, status, response::header, body, retryAfter));
    details = new ApiErrorDetails(details.provider(), details.method(), details.path(), details.statusCode(),
        redactor.redact(details.message()), details.code(), details.type(), details.param(), details.requestId(),
        details.retryAfter(), details.body());
    boolean retryable = status >= 500 || RETRYABLE_STATUSES.contains(status);
    String shouldRetry = response.header("x-should-retry");
    if ("true".equalsIgnoreCase(shouldRetry)) {
      retryable = true;
    } else if ("false".equalsIgnoreCase(shouldRetry)) {
      retryable = false;
    }
    if (Errors.isQuotaExhausted(details) || !request.replayable()) {
      retryable = false;
    }
    Duration delay = null;
    // the provider's parser may read waits from headers of its own (the Hub's RateLimit header, say)
    retryAfter = details.retryAfter().isPresent() ? details.retryAfter() : retryAfter;
    if (retryable) {
      if (retryAfter.isPresent() && retryAfter.get().compareTo(retryPolicy.retryAfterCap()) > 0) {
        LOG.info("{} {} {} -> {}: the server asks to wait {}, longer than the cap of {}; not retrying",
            provider, request.method(), path, status, retryAfter.get(), retryPolicy.retryAfterCap());
        retryable = false;
      } else {
        delay = retryAfter.orElseGet(() -> retryPolicy.backoff(attempt - 1));
      }
    }
    boolean willRetry = retryable && attempt <= retryPolicy.maxRetries();
    if (willRetry) {
      LOG.info("{} {} {} -> {} (attempt {}, {} ms{}); retrying in {} ms", provider, request.method(),
          path, status, attempt, millisSince(started),
          requestId == null ? "" : ", request-id " + requestId, delay.toMillis());
    } else {
      LOG.debug("{} {} {} -> {} (attempt {}, {} ms{})", provider, request.method(), path, status,
          attempt, millisSince(started), requestId == null ? "" : ", request-id " + requestId);
    }
    return Outcome.error(details, attempt, retryable, delay);
  }

  private void logFailure(ApiRequest request, String path, int attempt, long started, IOException e,
      boolean retryable, Duration delay) {
    boolean willRetry = retryable && attempt <= retryPolicy.maxRetries();
    if (willRetry) {
      LOG.info("{} {} {}: no answer (attempt {}, {} ms): {}; retrying in {} ms", provider, request.method(),
          path, attempt, millisSince(started), redactor.redact(String.valueOf(e.getMessage())),
          delay.toMillis());
    } else {
      LOG.debug("{} {} {}: no answer (attempt {}, {} ms): {}", provider, request.method(), path,
          attempt, millisSince(started), redactor.redact(String.valueOf(e.getMessage())));
    }
  }

  private Request toHttpRequest(ApiRequest request) {
    HttpUrl url = resolve(request.path());
    HttpUrl.Builder urlBuilder = url.newBuilder();
    for (Map.Entry<String, String> q : request.query()) {
      urlBuilder.addQueryParameter(q.getKey(), q.getValue());
    }
    Request.Builder builder = new Request.Builder().url(urlBuilder.build());
    defaultHeaders.forEach(builder::header);
    request.headers().forEach(builder::header);
    if (request.authenticated() && url.host().equals(baseUrl.host())) {
      Map<String, String> credentials = authentication.headers();
      redactor.addSecrets(credentials.values());
      credentials.forEach(builder::header);
    }
    builder.method(request.method(), request.body().orElse(null));
    return builder.build();
  }

  private HttpUrl resolve(String path) {
    if (path.startsWith("http://") || path.startsWith("https://")) {
      return HttpUrl.get(path);
    }
    String relative = path.startsWith("/") ? path.substring(1) : path;
    HttpUrl.Builder b = baseUrl.newBuilder();
    if (!relative.isEmpty()) {
      b.addEncodedPathSegments(relative);
    }
    return b.build();
  }

  private String describe(ApiRequest request) {
    return resolve(request.path()).encodedPath();
  }

  private void pause(Outcome outcome) {
    try {
      retryPolicy.sleeper().sleep(outcome.delay());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FineTuningException("Interrupted while waiting to retry", e);
    }
  }

  private static String requestId(Response response) {
    String id = response.header("x-request-id");
    if (id == null) {
      id = response.header("apim-request-id");
    }
    return id;
  }

  private static Map<String, List<String>> headersOf(Response response) {
    Map<String, List<String>> headers = new TreeMap<>();
    for (String name : response.headers().names()) {
      headers.put(name.toLowerCase(Locale.ROOT), response.headers(name));
    }
    return headers;
  }

  private static long millisSince(long startedNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
  }

  /** What one attempt came to; {@code retry} and {@code delay} say what to do next. */
  private record Outcome(int attempt, boolean retry, Duration delay, int status, Map<String, List<String>> headers,
      byte[] body, Response open, ApiErrorDetails error, IOException failure, JsonNode existing) {

    static Outcome success(int status, Map<String, List<String>> headers, byte[] body, int attempt) {
      return new Outcome(attempt, false, null, status, headers, body, null, null, null, null);
    }

    static Outcome open(Response response, int attempt) {
      return new Outcome(attempt, false, null, response.code(), Map.of(), null, response, null, null, null);
    }

    static Outcome error(ApiErrorDetails error, int attempt, boolean retry, Duration delay) {
      return new Outcome(attempt, retry, delay, error.statusCode(), Map.of(), null, null, error, null, null);
    }

    static Outcome failure(IOException failure, int attempt, boolean retry, Duration delay) {
      return new Outcome(attempt, retry, delay, 0, Map.of(), null, null, null, failure, null);
    }

    static Outcome existing(JsonNode existing, int attempt) {
      return new Outcome(attempt, false, null, 200, Map.of(), null, null, null, null, existing);
    }
  }

  /** Builds an {@link HttpTransport}. The provider name and the base URL are required. */
  public static final class Builder {
    private String provider;
    private HttpUrl baseUrl;
    private OkHttpClient client;
    private Authentication authentication = Authentication.none();
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private ErrorParser errorParser = ErrorParser.standard();
    private final Map<String, String> defaultHeaders = new LinkedHashMap<>();
    private final java.util.List<String> secrets = new java.util.ArrayList<>();
    private Duration connectTimeout = Duration.ofSeconds(30);
    private Duration readTimeout = Duration.ofMinutes(10);
    private Duration callTimeout = Duration.ofMinutes(10);
    private Clock clock = Clock.systemUTC();

    private Builder() {
      defaultHeaders.put("User-Agent", "finetune4j/0.1.0");
    }

    /**
     * Sets the provider name used in errors and logs.
     *
     * @param provider such as {@code openai}
     * @return this builder
     */
    public Builder provider(String provider) {
      this.provider = Objects.requireNonNull(provider, "provider");
      return this;
    }

    /**
     * Sets the base URL relative request paths are resolved against.
     *
     * @param baseUrl an http or https URL, such as {@code https://api.openai.com/v1}
     * @return this builder
     */
    public Builder baseUrl(String baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl");
      HttpUrl parsed = HttpUrl.parse(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
      if (parsed == null) {
        throw new IllegalArgumentException("baseUrl must be an http or https URL, was '" + baseUrl + "'");
      }
      this.baseUrl = parsed;
      return this;
    }

    /**
     * Shares the application's OkHttp client (its connection pool and dispatcher); the transport derives its own
     * settings from it and never closes it.
     *
     * @param client the client
     * @return this builder
     */
    public Builder okHttpClient(OkHttpClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Sets how requests authenticate.
     *
     * @param authentication the authentication
     * @return this builder
     */
    public Builder authentication(Authentication authentication) {
      this.authentication = Objects.requireNonNull(authentication, "authentication");
      return this;
    }

    /**
     * Sets the retry policy.
     *
     * @param retryPolicy the policy
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /**
     * Sets how error responses are read.
     *
     * @param errorParser the parser
     * @return this builder
     */
    public Builder errorParser(ErrorParser errorParser) {
      this.errorParser = Objects.requireNonNull(errorParser, "errorParser");
      return this;
    }

    /**
     * Adds a header sent with every request.
     *
     * @param name the name
     * @param value the value
     * @return this builder
     */
    public Builder defaultHeader(String name, String value) {
      defaultHeaders.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Adds a secret to keep out of logs and exceptions beyond the authentication headers, such as a token the
     * provider module sends inside a request body.
     *
     * @param secret the secret value
     * @return this builder
     */
    public Builder secret(String secret) {
      secrets.add(Objects.requireNonNull(secret, "secret"));
      return this;
    }

    /**
     * Sets the timeouts.
     *
     * @param connect for opening a connection
     * @param read for each read and write on it
     * @param call for a whole call, each attempt; zero for none
     * @return this builder
     */
    public Builder timeouts(Duration connect, Duration read, Duration call) {
      this.connectTimeout = Objects.requireNonNull(connect, "connect");
      this.readTimeout = Objects.requireNonNull(read, "read");
      this.callTimeout = Objects.requireNonNull(call, "call");
      return this;
    }

    /**
     * Sets the clock {@code Retry-After} dates are compared with; for tests.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the transport.
     *
     * @return the transport
     * @throws IllegalStateException if the provider or the base URL is missing
     */
    public HttpTransport build() {
      if (provider == null) {
        throw new IllegalStateException("provider is required");
      }
      if (baseUrl == null) {
        throw new IllegalStateException("baseUrl is required");
      }
      return new HttpTransport(this);
    }
  }
}
