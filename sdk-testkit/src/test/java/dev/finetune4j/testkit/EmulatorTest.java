package dev.finetune4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmulatorTest {

  private final EchoEmulator emulator = new EchoEmulator();
  private final OkHttpClient client = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();

  @BeforeEach
  void start() {
    emulator.start();
  }

  @AfterEach
  void stop() {
    emulator.close();
    client.connectionPool().evictAll();
  }

  private Response post(String path, String body) throws IOException {
    return client.newCall(new Request.Builder().url(emulator.baseUrl() + path)
        .header("Authorization", "Bearer secret")
        .post(RequestBody.create(body, MediaType.get("application/json"))).build()).execute();
  }

  private Response get(String path) throws IOException {
    return client.newCall(new Request.Builder().url(emulator.baseUrl() + path).build()).execute();
  }

  @Test
  void baseUrlEndsWithTheBasePathAndHasNoTrailingSlash() {
    assertThat(emulator.baseUrl()).startsWith("http://127.0.0.1:").endsWith("/api");
    assertThat(emulator.port()).isPositive();
  }

  @Test
  void everyRequestIsRecordedInArrivalOrder() throws IOException {
    try (Response r = post("/things?limit=2&metadata%5Bteam%5D=a%20b", "{\"x\":1}")) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("x-request-id")).isEqualTo("req_0");
    }
    try (Response r = get("/other")) {
      assertThat(r.code()).isEqualTo(200);
    }

    assertThat(emulator.requests()).hasSize(2);
    ReceivedRequest first = emulator.requests().get(0);
    assertThat(first.method()).isEqualTo("POST");
    assertThat(first.path()).isEqualTo("/api/things");
    assertThat(first.queryParameter("limit")).contains("2");
    assertThat(first.queryParameter("metadata[team]")).contains("a b");
    assertThat(first.header("authorization")).contains("Bearer secret");
    assertThat(first.body()).isEqualTo("{\"x\":1}");
    assertThat(first.toString()).doesNotContain("secret");
    assertThat(emulator.requests("POST", "/api/things")).containsExactly(first);
    assertThat(emulator.requests("*", "/api/other")).hasSize(1);
    assertThat(emulator.lastRequest()).map(ReceivedRequest::path).contains("/api/other");

    emulator.clearRequests();
    assertThat(emulator.requests()).isEmpty();
    assertThat(emulator.lastRequest()).isEmpty();
  }

  @Test
  void statusFaultAnswersWithoutHandlingTheRequest() throws IOException {
    emulator.faults().inject(Fault.status(429, "{\"error\":{}}").withHeader("Retry-After", "7")
        .forRequests("POST", "/api/things"));

    try (Response r = post("/things", "{}")) {
      assertThat(r.code()).isEqualTo(429);
      assertThat(r.header("Retry-After")).isEqualTo("7");
      assertThat(r.message()).isEqualTo("Too Many Requests");
      assertThat(r.header("x-request-id")).isNotNull();
      assertThat(r.body().string()).isEqualTo("{\"error\":{}}");
    }
    try (Response r = post("/things", "{}")) {
      assertThat(r.code()).isEqualTo(200);
    }
    assertThat(emulator.handled).hasValue(1);
    assertThat(emulator.faults().fired()).hasSize(1);
  }

  @Test
  void droppedConnectionLeavesTheStateUnchanged() {
    emulator.faults().inject(Fault.dropConnection());

    assertThatThrownBy(() -> post("/things", "{}").close()).isInstanceOf(IOException.class);

    assertThat(emulator.handled).hasValue(0);
    assertThat(emulator.requests()).hasSize(1);
  }

  @Test
  void responseDroppedAfterProcessingStillChangesTheState() throws IOException {
    emulator.faults().inject(Fault.dropResponseAfterProcessing().forRequests("POST", "/api/things"));

    assertThatThrownBy(() -> post("/things", "{}").close()).isInstanceOf(IOException.class);
    assertThat(emulator.handled).hasValue(1);

    try (Response r = post("/things", "{}")) {
      assertThat(r.body().string()).contains("\"handled\":2");
    }
  }

  @Test
  void delayedResponseTripsAShortClientTimeout() throws IOException {
    emulator.faults().inject(Fault.delay(Duration.ofMillis(600)));
    OkHttpClient impatient = client.newBuilder().readTimeout(Duration.ofMillis(100)).build();

    assertThatThrownBy(() -> impatient.newCall(new Request.Builder().url(emulator.baseUrl() + "/slow").build())
        .execute().close()).isInstanceOf(InterruptedIOException.class);
    assertThat(emulator.handled).hasValue(1);
  }

  @Test
  void delayedResponseArrivesWhenTheClientWaits() throws IOException {
    emulator.faults().inject(Fault.delay(Duration.ofMillis(50)));
    try (Response r = get("/slow")) {
      assertThat(r.code()).isEqualTo(200);
    }
  }

  @Test
  void aTricklingBodyOutlivesACallTimeoutThatAReadTimeoutWouldNotNotice() throws IOException {
    emulator.faults().inject(Fault.trickle(Duration.ofMillis(50)).forRequests("POST", "/api/things"));
    OkHttpClient bounded = client.newBuilder().readTimeout(Duration.ofMillis(400))
        .callTimeout(Duration.ofMillis(500)).build();

    assertThatThrownBy(() -> {
      try (Response r = bounded.newCall(new Request.Builder().url(emulator.baseUrl() + "/things")
          .post(RequestBody.create("{}", MediaType.get("application/json"))).build()).execute()) {
        r.body().string();
      }
    }).isInstanceOf(InterruptedIOException.class);
    assertThat(emulator.handled).hasValue(1);
  }

  @Test
  void aTruncatedBodyEndsHalfWayAfterTheRequestWasHandled() throws IOException {
    emulator.faults().inject(Fault.truncate());
    String padding = "x".repeat(100_000);

    try (Response r = post("/things", "{\"pad\":\"" + padding + "\"}")) {
      assertThat(r.code()).isEqualTo(200);
      assertThatThrownBy(() -> r.body().string()).isInstanceOf(IOException.class);
    }
    assertThat(emulator.handled).hasValue(1);
  }

  @Test
  void aLaggingListingAnswersTheStaleListingForItsReadsThenTheRealOne() throws IOException {
    emulator.faults().inject(Fault.laggingListing("{\"data\":[]}").forRequests("GET", "/api/things").times(2));

    for (int i = 0; i < 2; i++) {
      try (Response r = get("/things")) {
        assertThat(r.body().string()).isEqualTo("{\"data\":[]}");
      }
    }
    try (Response r = get("/things")) {
      assertThat(r.body().string()).contains("\"handled\":1");
    }
  }

  @Test
  void handlerFailureBecomesA500() throws IOException {
    try (Response r = get("/boom")) {
      assertThat(r.code()).isEqualTo(500);
      assertThat(r.body().string()).contains("boom");
    }
  }

  @Test
  void startingTwiceIsRejected() {
    assertThatThrownBy(emulator::start).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already started");
    try (EchoEmulator other = new EchoEmulator()) {
      assertThatThrownBy(other::baseUrl).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("not started");
    }
  }
}
