package dev.finetune4j.spi.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.ClientOptions;
import dev.finetune4j.RetryPolicy;
import dev.finetune4j.error.ApiErrorDetails;
import dev.finetune4j.error.ClientClosedException;
import dev.finetune4j.error.FineTuningException;
import dev.finetune4j.error.InvalidResponseException;
import dev.finetune4j.error.RequestTimeoutException;
import dev.finetune4j.error.TransportException;
import dev.finetune4j.spi.ClientSettings;
import dev.finetune4j.spi.http.internal.CallDeadline;
import dev.finetune4j.spi.http.internal.Errors;
import dev.finetune4j.spi.http.internal.Redactor;
import dev.finetune4j.spi.http.internal.RetryAfter;
import dev.finetune4j.spi.http.internal.RetryDecision;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP transport every provider module uses: OkHttp for the wire, Jackson for JSON, Resilience4j for
 * retries (see {@link RetryPolicy}; each decision is {@link RetryDecision}'s), the provider's {@link ErrorParser} for
 * errors, and SLF4J for a log line per attempt (logger {@code dev.finetune4j.http}: method, path, status, attempt,
 * duration and request id at DEBUG, retries at INFO) with every secret redacted. Part of the provider kit: public
 * for provider modules, not application API.
 *
 * <p>Thread-safe. One SDK client owns one connection pool: the transports it derives with {@link #toBuilder()} (for
 * another base URL or authentication) share it, and closing any of them closes it for all. An {@link OkHttpClient}
 * supplied by the application through {@link ClientOptions} is shared and never closed. After {@link #close()} every
 * call fails with {@link ClientClosedException}.
 */
public final class HttpTransport implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("dev.finetune4j.http");
  private static final int MAX_ERROR_BODY = 1 << 20;
  /** The most a success answer read whole may have, decompressed, unless the request says otherwise: 32 MiB. */
  public static final long MAX_BODY = 32L << 20;

  private final String provider;
  private final HttpUrl baseUrl;
  private final Connections connections;
  private final OkHttpClient client;
  private final Authentication authentication;
  private final ClientOptions options;
  private final ErrorParser errorParser;
  private final Headers defaultHeaders;
  private final Map<String, String> defaultQuery;
  private final Redactor redactor;
  private final Retry retry;
  /** One call's deadline across its attempts and pauses; zero for none. */
  private final Duration callTimeout;
  /** The credentials last handed to the redactor, so that an unchanged key is not registered on every call. */
  private volatile Map<String, String> registeredCredentials;
  /** The client options' retry policy with the provider's cap on server-requested waits where it sets none. */
  private final RetryPolicy retryPolicy;
  private final Duration providerRetryAfterCap;

  private HttpTransport(Builder b) {
    this.provider = b.provider;
    this.baseUrl = b.baseUrl;
    this.options = b.options;
    this.connections = b.connections != null ? b.connections : new Connections(options.okHttpClient());
    OkHttpClient.Builder clientBuilder = connections.base.newBuilder().retryOnConnectionFailure(false);
    if (options.timeoutsSet() || connections.owned) {
      clientBuilder.connectTimeout(options.connectTimeout())
          .readTimeout(options.readTimeout())
          .writeTimeout(options.readTimeout())
          .callTimeout(options.callTimeout());
    } else if (connections.base.callTimeoutMillis() == 0) {
      // the application's client keeps its timeouts; a call without any deadline gets the default one
      clientBuilder.callTimeout(ClientOptions.DEFAULT_CALL_TIMEOUT);
    }
    this.client = clientBuilder.build();
    this.callTimeout = Duration.ofMillis(client.callTimeoutMillis());
    this.authentication = b.authentication;
    this.errorParser = b.errorParser;
    this.defaultHeaders = Headers.of(b.defaultHeaders);
    this.defaultQuery = new LinkedHashMap<>(b.defaultQuery);
    this.redactor = b.redactor != null ? b.redactor : new Redactor();
    this.redactor.addSecrets(b.secrets);
    this.providerRetryAfterCap = b.retryAfterCap;
    RetryPolicy policy = options.retryPolicy().retryAfterCap().isPresent() ? options.retryPolicy()
        : options.retryPolicy().toBuilder().retryAfterCap(b.retryAfterCap).build();
    this.retryPolicy = policy;
    this.retry = Retry.of(provider, RetryConfig.<Outcome>custom()
        .maxAttempts(policy.maxRetries() + 1)
        .retryOnResult(outcome -> outcome.decision().retry())
        .retryOnException(e -> false)
        .consumeResultBeforeRetryAttempt((attempt, outcome) -> pause(outcome.decision().delay()))
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

  /**
   * Returns a builder for a transport that shares this one's connection pool, options, secrets and closed state;
   * change the base URL, authentication or headers for another host of the same provider.
   *
   * @return the builder, filled with this transport's settings
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.provider = provider;
    b.baseUrl = baseUrl;
    b.options = options;
    b.authentication = authentication;
    b.errorParser = errorParser;
    for (int i = 0; i < defaultHeaders.size(); i++) {
      b.defaultHeaders.put(defaultHeaders.name(i), defaultHeaders.value(i));
    }
    b.defaultQuery.putAll(defaultQuery);
    b.connections = connections;
    b.redactor = redactor;
    b.retryAfterCap = providerRetryAfterCap;
    return b;
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  /** @return the provider name used in errors and logs */
  public String provider() {
    return provider;
  }

  /** @return the base URL relative paths are resolved against */
  public HttpUrl baseUrl() {
    return baseUrl;
  }

  /** @return the options this transport was built with */
  public ClientOptions options() {
    return options;
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
   * @throws ClientClosedException after {@link #close()}
   */
  public ApiResponse execute(ApiRequest request) {
    HttpUrl url = url(request);
    Outcome outcome = run(request, url, false);
    String path = url.encodedPath();
    if (outcome instanceof Outcome.Existing existing) {
      byte[] body = existing.json().toString().getBytes(StandardCharsets.UTF_8);
      return new ApiResponse(provider, request.method(), path, 200, Map.of(), body, existing.attempt(), redactor);
    }
    Outcome.Success success = (Outcome.Success) outcome;
    return new ApiResponse(provider, request.method(), path, success.status(), success.headers(), success.body(),
        success.attempt(), redactor);
  }

  /**
   * Sends a request and returns its JSON answer.
   *
   * @param request the request
   * @return the parsed body
   * @throws dev.finetune4j.error.InvalidResponseException if the answer is not JSON
   */
  public JsonNode json(ApiRequest request) {
    return execute(request).json();
  }

  /**
   * Sends a request and reads its JSON answer into a value. Whatever goes wrong while reading (a missing or
   * mistyped field, an out-of-range number) is an {@link dev.finetune4j.error.InvalidResponseException} that names
   * the request.
   *
   * @param request the request
   * @param reader turns the JSON answer into the value
   * @param <T> the value's type
   * @return the value
   */
  public <T> T call(ApiRequest request, Function<JsonNode, T> reader) {
    return execute(request).read(reader);
  }

  /**
   * Sends a request and reads its JSON answer token by token, without a tree ({@link ApiResponse#readStreaming}), for
   * long lists polled often. Errors are as {@link #call(ApiRequest, Function)}'s.
   *
   * @param request the request
   * @param reader reads the answer from its stream
   * @param <T> the value's type
   * @return the value
   */
  public <T> T callStreaming(ApiRequest request, JsonStream.Reader<T> reader) {
    return execute(request).readStreaming(reader);
  }

  /**
   * Sends a request and returns the answer with its body unread, for downloads and event streams. Retried like
   * {@link #execute(ApiRequest)} until an answer with a success status arrives; reading the body is not retried.
   *
   * @param request the request
   * @return the open response; close it
   */
  public StreamedResponse stream(ApiRequest request) {
    Outcome outcome = run(request, url(request), true);
    if (!(outcome instanceof Outcome.Open open)) {
      throw new FineTuningException(provider + " " + request + ": expected a streamed answer");
    }
    return new StreamedResponse(open.response());
  }

  /** @return whether {@link #close()} was called on this transport or one that shares its connections */
  public boolean isClosed() {
    return connections.closed.get();
  }

  /**
   * Closes the connection pool this transport shares, unless the application supplied the OkHttp client. Idle
   * connections are closed and the dispatcher's threads have stopped when this returns. Calls made afterwards fail
   * with {@link ClientClosedException}.
   */
  @Override
  public void close() {
    connections.close();
  }

  /**
   * Runs a call within its deadline (the request's timeout, else the call timeout) across every attempt and pause;
   * lookups a retry guard makes run within it too.
   */
  private Outcome run(ApiRequest request, HttpUrl url, boolean stream) {
    if (isClosed()) {
      throw new ClientClosedException(provider);
    }
    Duration limit = request.timeout().orElse(callTimeout);
    return limit.isZero() ? attempts(request, url, stream, limit)
        : CallDeadline.within(limit, () -> attempts(request, url, stream, limit));
  }

  private Outcome attempts(ApiRequest request, HttpUrl url, boolean stream, Duration limit) {
    long started = System.nanoTime();
    AtomicInteger attempts = new AtomicInteger();
    // whether an earlier attempt may have been carried out: all but a 429, which the server refused unread
    AtomicBoolean mayHaveActed = new AtomicBoolean();
    Outcome outcome = retry.executeSupplier(() -> {
      int attempt = attempts.incrementAndGet();
      if (mayHaveActed.get() && request.retryGuard().isPresent()) {
        Optional<JsonNode> existing = request.retryGuard().get().get();
        if (existing.isPresent()) {
          LOG.info("{} {}: found what an earlier attempt created, not sending it again", provider, request);
          return new Outcome.Existing(attempt, existing.get());
        }
      }
      Outcome result = attemptOnce(request, url, attempt, stream);
      if (!(result instanceof Outcome.Failed failed && failed.error().statusCode() == 429)) {
        mayHaveActed.set(true);
      }
      if (result.decision().retry() && !CallDeadline.holds(result.decision().delay())) {
        // no pause (nor attempt after it) that the deadline cannot hold
        return new Outcome.OutOfTime(attempt, result);
      }
      return result;
    });
    if (outcome instanceof Outcome.OutOfTime late) {
      FineTuningException last = failure(request, url, late.last());
      throw new RequestTimeoutException(redactor.redact(provider + " " + request.method() + " "
          + url.encodedPath() + ": gave up after " + attemptsText(late.attempt()) + " in "
          + millisSince(started) + " ms, the call's deadline being " + limit.toMillis() + " ms (a shorter wait's "
          + "deadline may apply); the next attempt was due in " + late.last().decision().delay().toMillis()
          + " ms; last failure: " + last.getMessage()), last);
    }
    if (outcome instanceof Outcome.Failed || outcome instanceof Outcome.NoAnswer) {
      throw failure(request, url, outcome);
    }
    return outcome;
  }

  /** The typed error a failed attempt ends the call with. */
  private FineTuningException failure(ApiRequest request, HttpUrl url, Outcome outcome) {
    if (outcome instanceof Outcome.Failed failed) {
      return failed.invalidAnswer()
          ? new InvalidResponseException(failed.error(), null)
          : Errors.toException(failed.error());
    }
    Outcome.NoAnswer none = (Outcome.NoAnswer) outcome;
    String message = redactor.redact(provider + " " + request.method() + " " + url.encodedPath()
        + ": no answer after " + attemptsText(none.attempt()) + ": " + none.failure().getMessage());
    return none.failure() instanceof InterruptedIOException
        ? new RequestTimeoutException(message, none.failure())
        : new TransportException(message, none.failure());
  }

  private static String attemptsText(int attempts) {
    return attempts + (attempts == 1 ? " attempt" : " attempts");
  }

  private Outcome attemptOnce(ApiRequest request, HttpUrl url, int attempt, boolean stream) {
    Request httpRequest = toHttpRequest(request, url);
    String path = url.encodedPath();
    OkHttpClient callClient = request.readTimeout()
        .map(t -> client.newBuilder().readTimeout(t).build())
        .orElse(client);
    Call call = callClient.newCall(httpRequest);
    Optional<Duration> left = CallDeadline.remaining();
    long started = System.nanoTime();
    if (left.isPresent()) {
      if (left.get().isNegative() || left.get().isZero()) {
        return new Outcome.NoAnswer(attempt, Outcome.NO_RETRY,
            new InterruptedIOException("the deadline passed before the attempt"));
      }
      long current = call.timeout().timeoutNanos();
      if (current == 0 || current > left.get().toNanos()) {
        call.timeout().timeout(left.get().toNanos(), TimeUnit.NANOSECONDS);
      }
    }
    Response response;
    try {
      response = call.execute();
    } catch (IOException e) {
      return noAnswer(request, path, attempt, started, e);
    }
    int status = response.code();
    String requestId = requestId(response);
    if (status >= 200 && status < 300) {
      logDebug(request, path, status, attempt, started, requestId);
      if (stream) {
        return new Outcome.Open(attempt, response);
      }
      try (response) {
        return new Outcome.Success(attempt, status, headersOf(response),
            readBounded(response, request.maxResponseBytes().orElse(MAX_BODY)));
      } catch (BodyTooLargeException e) {
        return new Outcome.Failed(attempt, Outcome.NO_RETRY, new ApiErrorDetails(provider, request.method(), path,
            status, "the answer is larger than " + e.limit + " bytes, the most this call reads", Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.ofNullable(requestId), Optional.empty(), ""), true);
      } catch (IOException e) {
        return noAnswer(request, path, attempt, started, e);
      }
    }
    String body;
    try (response) {
      body = redactor.redact(response.peekBody(MAX_ERROR_BODY).string());
    } catch (IOException e) {
      body = "";
    }
    Optional<Duration> headerWait = RetryAfter.parse(response::header, options.clock());
    ApiErrorDetails parsed = errorParser.parse(new ErrorParser.ErrorResponse(provider, request.method(),
        path, status, response::header, body, headerWait));
    // whatever the server echoed (message, code, type, param, request id, body) is redacted before it is kept
    ApiErrorDetails details = new ApiErrorDetails(parsed.provider(), parsed.method(), parsed.path(),
        parsed.statusCode(), redactor.redact(parsed.message()), parsed.code().map(redactor::redact),
        parsed.type().map(redactor::redact), parsed.param().map(redactor::redact),
        parsed.requestId().map(redactor::redact), parsed.retryAfter(), redactor.redact(parsed.body()));
    // the provider's parser may read waits from headers of its own (the Hub's RateLimit header, say)
    Optional<Duration> retryAfter = details.retryAfter().isPresent() ? details.retryAfter() : headerWait;
    RetryDecision decision = RetryDecision.errorStatus(attempt, status,
        Optional.ofNullable(response.header("x-should-retry")), Errors.isQuotaExhausted(details),
        request.replayable() || request.retriedStatuses().contains(status), retryAfter, retryPolicy,
        ThreadLocalRandom.current().nextDouble());
    if (decision.overCap().isPresent()) {
      Duration cap = retryPolicy.retryAfterCap().orElseThrow();
      String overCap = "the server asks to wait " + seconds(decision.overCap().get()) + ", longer than the "
          + seconds(cap) + " this client waits (RetryPolicy.retryAfterCap); not retried";
      LOG.info("{} {} {} -> {}: {}", provider, request.method(), path, status, overCap);
      details = new ApiErrorDetails(details.provider(), details.method(), details.path(), details.statusCode(),
          details.message() + "; " + overCap, details.code(), details.type(), details.param(), details.requestId(),
          decision.overCap(), details.body());
    }
    if (decision.retry()) {
      LOG.info("{} {} {} -> {} (attempt {}, {} ms{}); retrying in {} ms", provider, request.method(),
          path, status, attempt, millisSince(started),
          requestId == null ? "" : ", request-id " + requestId, decision.delay().toMillis());
    } else {
      logDebug(request, path, status, attempt, started, requestId);
    }
    return new Outcome.Failed(attempt, decision, details, false);
  }

  /** The DEBUG line of an answered attempt; nothing is formatted or boxed while DEBUG is off. */
  private void logDebug(ApiRequest request, String path, int status, int attempt, long started, String requestId) {
    if (LOG.isDebugEnabled()) {
      LOG.debug("{} {} {} -> {} (attempt {}, {} ms{})", provider, request.method(), path, status,
          attempt, millisSince(started), requestId == null ? "" : ", request-id " + requestId);
    }
  }

  /** Reads a success body, decompressed, up to a limit: a body (or a gzip bomb) larger than that is refused. */
  private static byte[] readBounded(Response response, long limit) throws IOException {
    okio.BufferedSource source = response.body().source();
    okio.Buffer buffer = new okio.Buffer();
    while (buffer.size() <= limit) {
      if (source.read(buffer, 1 << 16) == -1) {
        return buffer.readByteArray();
      }
    }
    throw new BodyTooLargeException(limit);
  }

  /** A success body over its limit. */
  private static final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;
    final long limit;

    BodyTooLargeException(long limit) {
      super("the answer is larger than " + limit + " bytes");
      this.limit = limit;
    }
  }

  private Outcome noAnswer(ApiRequest request, String path, int attempt, long started, IOException e) {
    RetryDecision decision = RetryDecision.noAnswer(attempt, request.replayable(), retryPolicy,
        ThreadLocalRandom.current().nextDouble());
    if (decision.retry()) {
      LOG.info("{} {} {}: no answer (attempt {}, {} ms): {}; retrying in {} ms", provider, request.method(),
          path, attempt, millisSince(started), redactor.redact(String.valueOf(e.getMessage())),
          decision.delay().toMillis());
    } else if (LOG.isDebugEnabled()) {
      LOG.debug("{} {} {}: no answer (attempt {}, {} ms): {}", provider, request.method(), path,
          attempt, millisSince(started), redactor.redact(String.valueOf(e.getMessage())));
    }
    return new Outcome.NoAnswer(attempt, decision, e);
  }

  /** The request's URL, built once per call: the path resolved, the default and the request's query added. */
  private HttpUrl url(ApiRequest request) {
    HttpUrl url = resolve(request.path());
    if (defaultQuery.isEmpty() && request.query().isEmpty()) {
      return url;
    }
    HttpUrl.Builder urlBuilder = url.newBuilder();
    defaultQuery.forEach((name, value) -> {
      if (url.queryParameter(name) == null) {
        urlBuilder.addQueryParameter(name, value);
      }
    });
    for (Map.Entry<String, String> q : request.query()) {
      urlBuilder.addQueryParameter(q.getKey(), q.getValue());
    }
    return urlBuilder.build();
  }

  private Request toHttpRequest(ApiRequest request, HttpUrl url) {
    Request.Builder builder = new Request.Builder().url(url).headers(defaultHeaders);
    request.headers().forEach(builder::header);
    // credentials go to the base URL's origin only: same scheme, host and port
    if (request.authenticated() && url.scheme().equals(baseUrl.scheme()) && url.host().equals(baseUrl.host())
        && url.port() == baseUrl.port()) {
      Map<String, String> credentials = authentication.headers();
      if (credentials != registeredCredentials) {
        // a static key is registered once; a refreshed token each time it changes
        redactor.addSecrets(credentials.values());
        registeredCredentials = credentials;
      }
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

  /** Pauses before a retry; the attempt loop starts no pause the deadline cannot hold. */
  private void pause(Duration delay) {
    try {
      CallDeadline.sleep(retryPolicy.sleeper(), delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FineTuningException("Interrupted while waiting to retry", e);
    }
  }

  /** The answer's request id, redacted (a server may echo a key in it), or null when it has none. */
  private String requestId(Response response) {
    String id = response.header("x-request-id");
    if (id == null) {
      id = response.header("apim-request-id");
    }
    return id == null ? null : redactor.redact(id);
  }

  /** The answer's headers by lower-case name, read in one pass, unmodifiable: {@link ApiResponse} keeps them. */
  private static Map<String, List<String>> headersOf(Response response) {
    Headers all = response.headers();
    Map<String, List<String>> headers = new HashMap<>(all.size() * 2);
    for (int i = 0; i < all.size(); i++) {
      headers.merge(all.name(i).toLowerCase(Locale.ROOT), List.of(all.value(i)), (earlier, more) -> {
        List<String> values = new ArrayList<>(earlier);
        values.addAll(more);
        return List.copyOf(values);
      });
    }
    return Collections.unmodifiableMap(headers);
  }

  private static long millisSince(long startedNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
  }

  /** What one attempt came to; only {@link Failed} and {@link NoAnswer} may be retried. */
  private sealed interface Outcome {
    RetryDecision NO_RETRY = new RetryDecision(false, false, Duration.ZERO, Optional.empty());

    int attempt();

    default RetryDecision decision() {
      return NO_RETRY;
    }

    record Success(int attempt, int status, Map<String, List<String>> headers, byte[] body) implements Outcome {}

    record Open(int attempt, Response response) implements Outcome {}

    record Existing(int attempt, JsonNode json) implements Outcome {}

    record Failed(int attempt, RetryDecision decision, ApiErrorDetails error, boolean invalidAnswer)
        implements Outcome {}

    record NoAnswer(int attempt, RetryDecision decision, IOException failure) implements Outcome {}

    /** A failure that would have been retried, but the deadline cannot hold the pause and another attempt. */
    record OutOfTime(int attempt, Outcome last) implements Outcome {}
  }

  /** The connection pool and dispatcher one SDK client owns (or borrows from the application), and its state. */
  private static final class Connections {
    final OkHttpClient base;
    final boolean owned;
    final AtomicBoolean closed = new AtomicBoolean();

    Connections(Optional<OkHttpClient> supplied) {
      this.owned = supplied.isEmpty();
      this.base = supplied.orElseGet(OkHttpClient::new);
    }

    void close() {
      if (!closed.compareAndSet(false, true) || !owned) {
        return;
      }
      base.dispatcher().executorService().shutdown();
      base.connectionPool().evictAll();
      try {
        base.dispatcher().executorService().awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Builds an {@link HttpTransport}. */
  public static final class Builder {
    private String provider;
    private HttpUrl baseUrl;
    private ClientOptions options = ClientOptions.defaults();
    private Authentication authentication = Authentication.none();
    private ErrorParser errorParser = ErrorParser.standard();
    private final Map<String, String> defaultHeaders = new LinkedHashMap<>();
    private final Map<String, String> defaultQuery = new LinkedHashMap<>();
    private final List<String> secrets = new ArrayList<>();
    private Connections connections;
    private Redactor redactor;
    private Duration retryAfterCap = Duration.ofSeconds(RetryPolicy.DEFAULT_RETRY_AFTER_CAP_SECONDS);

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
      ClientSettings.httpUrl("baseUrl", baseUrl);
      HttpUrl parsed = HttpUrl.parse(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
      if (parsed == null) {
        throw new IllegalArgumentException("baseUrl must be an http or https URL, was '" + baseUrl + "'");
      }
      this.baseUrl = parsed;
      return this;
    }

    /**
     * Sets what the application configured: retry policy, timeouts, a shared OkHttp client, the clock.
     *
     * @param options the options; default {@link ClientOptions#defaults()}
     * @return this builder
     */
    public Builder options(ClientOptions options) {
      this.options = Objects.requireNonNull(options, "options");
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
     * @param name the header name
     * @param value the value
     * @return this builder
     */
    public Builder defaultHeader(String name, String value) {
      defaultHeaders.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Adds a query parameter sent with every request whose URL does not already carry it, such as Azure's
     * {@code api-version}.
     *
     * @param name the parameter name
     * @param value the value
     * @return this builder
     */
    public Builder defaultQueryParameter(String name, String value) {
      defaultQuery.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Registers a secret that must never appear in a log line or an exception message.
     *
     * @param secret the secret
     * @return this builder
     */
    public Builder secret(String secret) {
      secrets.add(Objects.requireNonNull(secret, "secret"));
      return this;
    }

    /**
     * Sets this provider's cap on server-requested waits, used when the client options' retry policy sets none
     * ({@link RetryPolicy#retryAfterCap()} empty); default {@value RetryPolicy#DEFAULT_RETRY_AFTER_CAP_SECONDS} s.
     *
     * @param cap not negative
     * @return this builder
     */
    public Builder retryAfterCap(Duration cap) {
      // checked as the retry policy checks its own cap
      this.retryAfterCap = RetryPolicy.builder().retryAfterCap(cap).build().retryAfterCap().orElseThrow();
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
