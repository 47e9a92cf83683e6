package dev.finetune4j.spi.http;

import dev.finetune4j.AccessToken;
import dev.finetune4j.ClientOptions;
import dev.finetune4j.RetryPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RedactionTest {
  private static final String KEY = "sk-proj-Abc123Def456Ghi789";
  private static final String EXTRA = "hf_ExtraSecretToken42";

  @StartStop
  private final MockWebServer server = new MockWebServer();

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger httpLogger = (Logger) LoggerFactory.getLogger("dev.finetune4j.http");

  @BeforeEach
  void captureLogs() {
    logs.start();
    httpLogger.addAppender(logs);
    httpLogger.setLevel(Level.TRACE);
  }

  @AfterEach
  void releaseLogs() {
    httpLogger.detachAppender(logs);
    httpLogger.setLevel(null);
  }

  @Test
  void aFailingAuthenticatedCallLeavesNoSecretInAnyLogLineOrExceptionMessage() {
    server.enqueue(new MockResponse.Builder().code(503).body("upstream said: Bearer " + KEY).build());
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
    server.enqueue(new MockResponse.Builder().code(401).addHeader("x-request-id", "req_1")
        .body("{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + ". Token " + EXTRA
            + " is unknown.\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}")
        .build());
    HttpTransport transport = HttpTransport.builder().provider("test").baseUrl(server.url("/v1").toString())
        .authentication(Authentication.bearer(KEY)).secret(EXTRA)
        .options(ClientOptions.builder().retryPolicy(RetryPolicy.builder().backoff(Duration.ZERO, Duration.ZERO).build()).build())
        .build();

    Throwable thrown = catchThrowable(() -> transport.execute(ApiRequest.get("/models").build()));

    assertThat(thrown).hasMessageContaining("Incorrect API key provided: [REDACTED]");
    List<String> texts = new ArrayList<>();
    StringWriter trace = new StringWriter();
    thrown.printStackTrace(new PrintWriter(trace));
    texts.add(trace.toString());
    texts.add(((dev.finetune4j.error.ApiException) thrown).body());
    logs.list.forEach(event -> texts.add(event.getFormattedMessage()));
    assertThat(logs.list).hasSizeGreaterThanOrEqualTo(3);
    assertThat(texts).allSatisfy(text -> assertThat(text).doesNotContain(KEY).doesNotContain(EXTRA)
        .doesNotContain("Abc123Def456"));
  }

  @Test
  void logsEachAttemptWithMethodPathStatusAttemptAndRequestId() {
    server.enqueue(new MockResponse.Builder().code(500).addHeader("x-request-id", "req_a").body("{}").build());
    server.enqueue(new MockResponse.Builder().code(200).addHeader("x-request-id", "req_b").body("{}").build());
    HttpTransport transport = HttpTransport.builder().provider("test").baseUrl(server.url("/v1").toString())
        .options(ClientOptions.builder().retryPolicy(RetryPolicy.builder().backoff(Duration.ZERO, Duration.ZERO).build()).build()).build();

    transport.execute(ApiRequest.get("/models").query("after", "x").build());

    assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).satisfiesExactly(
        first -> assertThat(first).startsWith("test GET /v1/models -> 500 (attempt 1, ")
            .contains("request-id req_a").contains("retrying in 0 ms"),
        second -> assertThat(second).startsWith("test GET /v1/models -> 200 (attempt 2, ")
            .contains("request-id req_b"));
  }

  @Test
  void authenticationAndTokensDoNotPrintTheirSecrets() {
    assertThat(Authentication.bearer(KEY).toString()).doesNotContain(KEY);
    assertThat(Authentication.header("api-key", KEY).toString()).doesNotContain(KEY);
    assertThat(new AccessToken(KEY, java.time.Instant.EPOCH).toString()).doesNotContain(KEY);
  }
}
