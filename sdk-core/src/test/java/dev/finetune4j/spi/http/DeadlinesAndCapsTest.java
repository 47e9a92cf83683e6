package dev.finetune4j.spi.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.ClientOptions;
import dev.finetune4j.RetryPolicy;
import dev.finetune4j.error.InvalidResponseException;
import dev.finetune4j.error.RequestTimeoutException;
import dev.finetune4j.error.WaitTimeoutException;
import dev.finetune4j.wait.Waiter;
import dev.finetune4j.wait.WaitSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** Every call has a deadline a slow server cannot outlive, and every answer read whole has a size it cannot pass. */
class DeadlinesAndCapsTest {
  @StartStop
  private final MockWebServer server = new MockWebServer();

  private HttpTransport transport(ClientOptions.Builder options) {
    return HttpTransport.builder().provider("test").baseUrl(server.url("/v1").toString())
        .options(options.retryPolicy(RetryPolicy.none()).build()).build();
  }

  private static ClientOptions.Builder shortTimeouts() {
    return ClientOptions.builder().timeouts(Duration.ofMillis(500), Duration.ofMillis(200), Duration.ofMillis(600));
  }

  private static long millisSince(long started) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
  }

  @Test
  void aTricklingBodyCannotOutliveTheCallTimeout() {
    server.enqueue(new MockResponse.Builder().body("{\"a\":\"" + "x".repeat(500) + "\"}")
        .throttleBody(1, 20, TimeUnit.MILLISECONDS).build());
    long started = System.nanoTime();

    assertThatThrownBy(() -> transport(shortTimeouts()).execute(ApiRequest.get("/x").build()))
        .isInstanceOf(RequestTimeoutException.class);
    assertThat(millisSince(started)).isLessThan(3_000);
  }

  @Test
  void aTricklingStreamCannotOutliveTheCallTimeout() throws IOException {
    server.enqueue(new MockResponse.Builder().body("data: x\n\n".repeat(200))
        .throttleBody(1, 20, TimeUnit.MILLISECONDS).build());
    long started = System.nanoTime();

    try (StreamedResponse response = transport(shortTimeouts()).stream(ApiRequest.get("/logs").build());
        InputStream body = response.body()) {
      assertThatThrownBy(body::readAllBytes).isInstanceOf(IOException.class);
    }
    assertThat(millisSince(started)).isLessThan(3_000);
  }

  @Test
  void theTimeoutsOfAnInjectedOkHttpClientAreKept() {
    server.enqueue(new MockResponse.Builder().headersDelay(3, TimeUnit.SECONDS).body("{}").build());
    OkHttpClient app = new OkHttpClient.Builder().readTimeout(Duration.ofMillis(200)).build();
    long started = System.nanoTime();

    assertThatThrownBy(() -> transport(ClientOptions.builder().okHttpClient(app))
        .execute(ApiRequest.get("/x").build()))
        .isInstanceOf(RequestTimeoutException.class);
    assertThat(millisSince(started)).isLessThan(2_500);
  }

  @Test
  void anAnswerLargerThanTheCallsCapIsAnInvalidResponse() {
    server.enqueue(new MockResponse.Builder().body("{\"a\":\"" + "x".repeat(5_000) + "\"}").build());

    assertThatThrownBy(() -> transport(ClientOptions.builder())
        .execute(ApiRequest.get("/x").maxResponseBytes(1_000).build()))
        .isInstanceOfSatisfying(InvalidResponseException.class, e -> {
          assertThat(e.getMessage()).contains("larger than 1000 bytes").contains("GET /v1/x");
          assertThat(e.statusCode()).isEqualTo(200);
        });
  }

  @Test
  void aGzipBombIsRefusedOnceItsInflatedSizePassesTheCap() throws IOException {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 40; i++) {
        gzip.write(zeros);
      }
    }
    server.enqueue(new MockResponse.Builder().addHeader("Content-Encoding", "gzip")
        .body(new Buffer().write(zipped.toByteArray())).build());

    assertThat((long) zipped.size()).isLessThan(HttpTransport.MAX_BODY >> 8);
    assertThatThrownBy(() -> transport(ClientOptions.builder()).execute(ApiRequest.get("/x").build()))
        .isInstanceOf(InvalidResponseException.class).hasMessageContaining("larger than");
  }

  @Test
  void anAnswerWithMillionsOfFieldsIsAnInvalidResponseNotAFullHeap() {
    StringBuilder body = new StringBuilder("{");
    for (int i = 0; i < 1_100_000; i++) {
      body.append(i == 0 ? "" : ",").append("\"a\":0");
    }
    server.enqueue(new MockResponse.Builder().body(body.append('}').toString()).build());

    assertThatThrownBy(() -> transport(ClientOptions.builder()).call(ApiRequest.get("/x").build(), j -> j.size()))
        .isInstanceOf(InvalidResponseException.class).hasMessageContaining("not JSON");
  }

  @Test
  void aWaitsTimeoutBoundsThePollInFlight() {
    server.enqueue(new MockResponse.Builder().headersDelay(10, TimeUnit.SECONDS).body("{}").build());
    HttpTransport transport = transport(ClientOptions.builder());
    long started = System.nanoTime();

    assertThatThrownBy(() -> Waiter.builder(() -> transport.json(ApiRequest.get("/jobs/j1").build()))
        .waitingFor("job j1 to end")
        .acceptor(dev.finetune4j.wait.Acceptor.successWhen(json -> json.has("done")))
        .settings(WaitSettings.builder().timeout(Duration.ofMillis(300)).build())
        .build().run())
        .isInstanceOf(WaitTimeoutException.class)
        .hasCauseInstanceOf(RequestTimeoutException.class);
    assertThat(millisSince(started)).isLessThan(4_000);
  }

  @Test
  void aBodyCutOffHalfWayIsNoAnswerAndIsRetried() {
    server.enqueue(new MockResponse.Builder().body("{\"id\":\"" + "x".repeat(100_000) + "\"}")
        .onResponseBody(mockwebserver3.SocketEffect.ShutdownConnection.INSTANCE).build());
    server.enqueue(new MockResponse.Builder().body("{\"id\":\"j1\"}").build());
    HttpTransport transport = HttpTransport.builder().provider("test").baseUrl(server.url("/v1").toString())
        .options(ClientOptions.builder().retryPolicy(RetryPolicy.builder().sleeper(d -> { }).build()).build())
        .build();

    String id = transport.call(ApiRequest.get("/jobs/j1").build(), json -> json.path("id").asText());

    assertThat(id).isEqualTo("j1");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }
}
