package dev.finetune4j.spi.http;

import dev.finetune4j.ClientOptions;
import dev.finetune4j.RetryPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.error.ApiErrorDetails;
import dev.finetune4j.error.ApiException;
import dev.finetune4j.error.AuthenticationException;
import dev.finetune4j.error.ConflictException;
import dev.finetune4j.error.InvalidRequestException;
import dev.finetune4j.error.NotFoundException;
import dev.finetune4j.error.PermissionDeniedException;
import dev.finetune4j.error.QuotaExhaustedException;
import dev.finetune4j.error.RateLimitException;
import dev.finetune4j.error.RequestTimeoutException;
import dev.finetune4j.error.ServerException;
import dev.finetune4j.error.TransportException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

class HttpTransportTest {
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

  @StartStop
  private final MockWebServer server = new MockWebServer();

  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  private HttpTransport transport(RetryPolicy.Builder policy) {
    return HttpTransport.builder()
        .provider("test")
        .baseUrl(server.url("/v1").toString())
        .authentication(Authentication.bearer("sk-test-secret-key-123456"))
        .options(ClientOptions.builder().retryPolicy(policy.sleeper(sleeps::add).build())
            .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build())
        .build();
  }

  private HttpTransport transport() {
    return transport(RetryPolicy.builder());
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  private static MockResponse ok() {
    return json(200, "{\"ok\":true}");
  }

  @Test
  void sendsMethodPathQueryHeadersAndJsonBody() throws Exception {
    server.enqueue(ok());
    JsonNode body = Json.object().put("model", "gpt-4o-mini");

    transport().execute(ApiRequest.post("/fine_tuning/jobs").query("limit", 5).header("X-Extra", "1")
        .json(body).build());

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/fine_tuning/jobs");
    assertThat(request.getUrl().queryParameter("limit")).isEqualTo("5");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer sk-test-secret-key-123456");
    assertThat(request.getHeaders().get("X-Extra")).isEqualTo("1");
    assertThat(request.getHeaders().get("User-Agent")).startsWith("finetune4j/");
    assertThat(request.getBody().utf8()).isEqualTo("{\"model\":\"gpt-4o-mini\"}");
  }

  @Test
  void retriesA503AndReturnsTheLaterSuccess() {
    server.enqueue(json(503, "{}"));
    server.enqueue(ok());

    ApiResponse response = transport().execute(ApiRequest.get("/models").build());

    assertThat(response.json().path("ok").asBoolean()).isTrue();
    assertThat(response.attempts()).isEqualTo(2);
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(sleeps).singleElement().satisfies(d ->
        assertThat(d).isBetween(Duration.ofMillis(375), Duration.ofMillis(500)));
  }

  @Test
  void givesUpAfterTwoRetriesByDefaultWithTheServerError() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(json(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"));
    }

    assertThatThrownBy(() -> transport().execute(ApiRequest.get("/models").build()))
        .isInstanceOf(ServerException.class)
        .hasMessageContaining("boom");
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(sleeps).hasSize(2);
    assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(750), Duration.ofMillis(1000));
  }

  @Test
  void honoursRetryAfterInSeconds() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "7").body("{}").build());
    server.enqueue(ok());

    transport().execute(ApiRequest.get("/models").build());

    assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void honoursRetryAfterMsBeforeRetryAfter() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("retry-after-ms", "250")
        .addHeader("Retry-After", "9").body("{}").build());
    server.enqueue(ok());

    transport().execute(ApiRequest.get("/models").build());

    assertThat(sleeps).containsExactly(Duration.ofMillis(250));
  }

  @Test
  void honoursRetryAfterAsAnHttpDate() {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(NOW.plusSeconds(12),
        ZoneOffset.UTC));
    server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", date).body("{}").build());
    server.enqueue(ok());

    transport().execute(ApiRequest.get("/models").build());

    assertThat(sleeps).containsExactly(Duration.ofSeconds(12));
  }

  @Test
  void failsAtOnceWithTheServersAdviceWhenRetryAfterExceedsTheCap() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "3600")
        .body("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}")
        .build());

    assertThatThrownBy(() -> transport().execute(ApiRequest.get("/models").build()))
        .isInstanceOfSatisfying(RateLimitException.class, e -> {
          assertThat(e.retryAfter()).contains(Duration.ofHours(1));
          assertThat(e.code()).contains("rate_limit_exceeded");
        });
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void theRetryAfterCapIsConfigurable() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "90").body("{}").build());
    server.enqueue(ok());

    transport(RetryPolicy.builder().retryAfterCap(Duration.ofMinutes(2))).execute(ApiRequest.get("/m").build());

    assertThat(sleeps).containsExactly(Duration.ofSeconds(90));
  }

  @Test
  void neverRetriesExhaustedQuota() {
    server.enqueue(json(429, "{\"error\":{\"message\":\"You exceeded your current quota\","
        + "\"type\":\"insufficient_quota\",\"param\":null,\"code\":\"insufficient_quota\"}}"));

    assertThatThrownBy(() -> transport().execute(ApiRequest.get("/models").build()))
        .isInstanceOf(QuotaExhaustedException.class)
        .hasMessageContaining("exceeded your current quota");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void retriesAfterTheConnectionDropsWithoutAnAnswer() {
    server.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(ok());

    ApiResponse response = transport().execute(ApiRequest.get("/models").build());

    assertThat(response.attempts()).isEqualTo(2);
  }

  @Test
  void reportsATransportExceptionWhenEveryAttemptLosesTheConnection() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());
    }

    assertThatThrownBy(() -> transport().execute(ApiRequest.get("/models").build()))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("no answer after 3 attempts");
  }

  @Test
  void doesNotRetryARequestWhoseBodyCannotBeSentTwice() {
    server.enqueue(json(503, "{}"));
    server.enqueue(ok());
    byte[] bytes = "data".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> transport().execute(ApiRequest.post("/files")
        .body(ApiRequest.streamBody(new ByteArrayInputStream(bytes), bytes.length, "application/octet-stream"), false)
        .build()))
        .isInstanceOf(ServerException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void obeysXShouldRetryFalseOnAnOtherwiseRetryableStatus() {
    server.enqueue(new MockResponse.Builder().code(503).addHeader("x-should-retry", "false").body("{}").build());

    assertThatThrownBy(() -> transport().execute(ApiRequest.get("/models").build()))
        .isInstanceOf(ServerException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void obeysXShouldRetryTrueOnAnOtherwiseFinalStatus() {
    server.enqueue(new MockResponse.Builder().code(400).addHeader("x-should-retry", "true").body("{}").build());
    server.enqueue(ok());

    assertThat(transport().execute(ApiRequest.get("/models").build()).attempts()).isEqualTo(2);
  }

  @Test
  void retriesConflictsAndRequestTimeouts() {
    server.enqueue(json(409, "{}"));
    server.enqueue(json(408, "{}"));
    server.enqueue(ok());

    assertThat(transport().execute(ApiRequest.get("/models").build()).attempts()).isEqualTo(3);
  }

  @Test
  void asksTheRetryGuardBeforeRetryingAndReturnsWhatTheFirstAttemptCreated() {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
    AtomicInteger lookups = new AtomicInteger();

    JsonNode job = transport().json(ApiRequest.post("/fine_tuning/jobs").json(Json.object().put("model", "m"))
        .retryGuard(() -> {
          lookups.incrementAndGet();
          return Optional.of(Json.object().put("id", "ftjob-1"));
        })
        .build());

    assertThat(job.path("id").asText()).isEqualTo("ftjob-1");
    assertThat(lookups).hasValue(1);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void asksTheRetryGuardOnlyOnceAnAttemptMayHaveTakenEffect() {
    server.enqueue(json(429, "{}"));
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
    server.enqueue(json(429, "{}"));
    server.enqueue(json(200, "{\"id\":\"ftjob-3\"}"));
    List<Integer> askedBefore = new CopyOnWriteArrayList<>();

    JsonNode job = transport(RetryPolicy.builder().maxRetries(3)).json(ApiRequest.post("/fine_tuning/jobs").json(Json.object())
        .retryGuard(() -> {
          askedBefore.add(server.getRequestCount() + 1);
          return Optional.empty();
        }).build());

    // not before attempt 2 (the first was refused with 429), but before attempts 3 and 4 (the second may have acted)
    assertThat(job.path("id").asText()).isEqualTo("ftjob-3");
    assertThat(askedBefore).containsExactly(3, 4);
  }

  @Test
  void sendsAgainWhenTheRetryGuardFindsNothing() {
    server.enqueue(json(502, "{}"));
    server.enqueue(json(200, "{\"id\":\"ftjob-2\"}"));

    JsonNode job = transport().json(ApiRequest.post("/fine_tuning/jobs").json(Json.object())
        .retryGuard(Optional::empty).build());

    assertThat(job.path("id").asText()).isEqualTo("ftjob-2");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void mapsEachStatusToItsExceptionKeepingTheProvidersDetails() {
    record Case(int status, Class<? extends ApiException> type) {}
    List<Case> cases = List.of(new Case(400, InvalidRequestException.class),
        new Case(401, AuthenticationException.class), new Case(403, PermissionDeniedException.class),
        new Case(404, NotFoundException.class), new Case(422, InvalidRequestException.class));
    HttpTransport transport = transport(RetryPolicy.builder().maxRetries(0));
    for (Case c : cases) {
      server.enqueue(new MockResponse.Builder().code(c.status()).addHeader("x-request-id", "req_" + c.status())
          .body("{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\",\"param\":\"training_file\","
              + "\"code\":\"invalid_file\"}}").build());

      assertThatThrownBy(() -> transport.execute(ApiRequest.post("/fine_tuning/jobs").json(Json.object()).build()))
          .isInstanceOfSatisfying(c.type(), e -> {
            assertThat(e.statusCode()).isEqualTo(c.status());
            assertThat(e.code()).contains("invalid_file");
            assertThat(e.type()).contains("invalid_request_error");
            assertThat(e.param()).contains("training_file");
            assertThat(e.requestId()).contains("req_" + c.status());
            assertThat(e.body()).contains("\"param\":\"training_file\"");
            assertThat(e.getMessage()).isEqualTo("test POST /v1/fine_tuning/jobs failed with HTTP " + c.status()
                + ": bad [code=invalid_file] [type=invalid_request_error] [param=training_file] [request-id=req_"
                + c.status() + "]");
          });
    }
  }

  @Test
  void mapsAConflictWhenRetriesAreUsedUp() {
    server.enqueue(json(409, "{\"error\":\"You already created this dataset repo\"}"));

    assertThatThrownBy(() -> transport(RetryPolicy.none().toBuilder()).execute(ApiRequest.post("/x").build()))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("You already created this dataset repo");
  }

  @Test
  void readsTheHubsErrorHeaders() {
    server.enqueue(new MockResponse.Builder().code(404).addHeader("X-Error-Code", "RepoNotFound")
        .addHeader("X-Error-Message", "Repository not found").addHeader("X-Request-Id", "Root=1-abc")
        .body("{\"error\":\"Repository not found\"}").build());

    assertThatThrownBy(() -> transport().execute(ApiRequest.get("/api/models/a/b").build()))
        .isInstanceOfSatisfying(NotFoundException.class, e -> {
          assertThat(e.code()).contains("RepoNotFound");
          assertThat(e.getMessage()).contains("Repository not found");
          assertThat(e.requestId()).contains("Root=1-abc");
        });
  }

  @Test
  void timesOutACallThatExceedsItsPerCallTimeout() {
    server.enqueue(new MockResponse.Builder().headersDelay(5, TimeUnit.SECONDS).body("{}").build());

    assertThatThrownBy(() -> transport(RetryPolicy.none().toBuilder())
        .execute(ApiRequest.get("/slow").timeout(Duration.ofMillis(200)).build()))
        .isInstanceOf(RequestTimeoutException.class);
  }

  @Test
  void sendsNoCredentialsToAnotherHost() throws Exception {
    try (MockWebServer other = new MockWebServer()) {
      other.start();
      other.enqueue(ok());
      String url = other.url("/upload").toString().replace("localhost", "127.0.0.1");
      HttpTransport transport = HttpTransport.builder().provider("test")
          .baseUrl(server.url("/v1").toString().replace("127.0.0.1", "localhost"))
          .authentication(Authentication.bearer("sk-test-secret-key-123456")).build();

      transport.execute(ApiRequest.put(url).build());

      assertThat(other.takeRequest().getHeaders().get("Authorization")).isNull();
    }
  }

  @Test
  void backoffDoublesFromHalfASecondUpToEightSecondsWithAtMostAQuarterOfJitter() {
    RetryPolicy policy = RetryPolicy.defaults();

    assertThat(policy.backoff(0, 0)).isEqualTo(Duration.ofMillis(500));
    assertThat(policy.backoff(1, 0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.backoff(3, 0)).isEqualTo(Duration.ofSeconds(4));
    assertThat(policy.backoff(4, 0)).isEqualTo(Duration.ofSeconds(8));
    assertThat(policy.backoff(9, 0)).isEqualTo(Duration.ofSeconds(8));
    assertThat(policy.backoff(2, 1.0)).isEqualTo(Duration.ofMillis(1500));
    assertThat(policy.maxRetries()).isEqualTo(2);
    assertThat(policy.retryAfterCap()).as("unset: the provider's own cap applies").isEmpty();
  }

  @Test
  void rejectsPolicyValuesOutsideTheirRange() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxRetries(-1))
        .hasMessage("maxRetries must be between 0 and 10, was -1");
    assertThatThrownBy(() -> RetryPolicy.builder().backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("0 <= initial <= max");
  }

  @Test
  void waitsAsLongAsTheProvidersErrorParserSays() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("RateLimit", "\"api\";r=0;t=4").body("{}").build());
    server.enqueue(ok());
    ErrorParser readsRateLimit = response -> {
      ApiErrorDetails details = ErrorParser.standard().parse(response);
      return new ApiErrorDetails(details.provider(), details.method(), details.path(), details.statusCode(),
          details.message(), details.code(), details.type(), details.param(), details.requestId(),
          Optional.of(Duration.ofSeconds(5)), details.body());
    };
    HttpTransport transport = HttpTransport.builder().provider("test").baseUrl(server.url("/").toString())
        .errorParser(readsRateLimit).options(ClientOptions.builder().retryPolicy(RetryPolicy.builder().sleeper(sleeps::add).build()).build()).build();

    transport.execute(ApiRequest.get("/api/whoami-v2").build());

    assertThat(sleeps).containsExactly(Duration.ofSeconds(5));
  }
}
