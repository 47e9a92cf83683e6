package dev.finetune4j.spi.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.ClientOptions;
import dev.finetune4j.RetryPolicy;
import dev.finetune4j.error.RateLimitException;
import dev.finetune4j.error.RequestTimeoutException;
import dev.finetune4j.error.ServerException;
import dev.finetune4j.spi.http.internal.Lookups;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * The call timeout is the deadline of a whole call: its attempts and the pauses between them share it, and no
 * attempt or pause starts that the time left cannot hold. Pauses run on a virtual sleeper, which the deadline counts
 * as if it had slept.
 */
class WholeCallDeadlineTest {
  @StartStop
  private final MockWebServer server = new MockWebServer();

  private final List<Duration> slept = new CopyOnWriteArrayList<>();

  private HttpTransport transport(Duration callTimeout, Duration read, int maxRetries) {
    return HttpTransport.builder().provider("test").baseUrl(server.url("/v1").toString())
        .options(ClientOptions.builder().timeouts(Duration.ofSeconds(2), read, callTimeout)
            .retryPolicy(RetryPolicy.builder().maxRetries(maxRetries)
                .backoff(Duration.ofMillis(10), Duration.ofMillis(10)).sleeper(slept::add).build())
            .build())
        .build();
  }

  private MockResponse busy(int status, String retryAfterSeconds) {
    return new MockResponse.Builder().code(status).setHeader("Retry-After", retryAfterSeconds)
        .body("{\"error\":{\"message\":\"busy\"}}").build();
  }

  @Test
  void retriesStopWhenTheNextPauseWouldPassTheCallsDeadline() {
    for (int i = 0; i < 6; i++) {
      server.enqueue(busy(503, "10"));
    }
    // two pauses of 10 s fit in 25 s, a third does not (with up to 5 s of real time for the attempts)
    HttpTransport transport = transport(Duration.ofSeconds(25), Duration.ofSeconds(2), 5);

    assertThatThrownBy(() -> transport.execute(ApiRequest.get("/jobs/j1").build()))
        .isInstanceOf(RequestTimeoutException.class)
        .hasMessageContaining("GET /v1/jobs/j1: gave up after 3 attempts")
        .hasMessageContaining("deadline being 25000 ms")
        .hasMessageContaining("next attempt was due in 10000 ms")
        .hasCauseInstanceOf(ServerException.class);
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(slept).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(10));
  }

  @Test
  void aRetryAfterLongerThanTheTimeLeftIsNotWaitedFor() {
    server.enqueue(busy(429, "30"));
    HttpTransport transport = transport(Duration.ofSeconds(10), Duration.ofSeconds(2), 2);

    assertThatThrownBy(() -> transport.execute(ApiRequest.get("/jobs").build()))
        .isInstanceOf(RequestTimeoutException.class)
        .hasMessageContaining("gave up after 1 attempt in")
        .hasCauseInstanceOf(RateLimitException.class);
    assertThat(slept).isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aCallWithinItsDeadlineStillRecovers() {
    server.enqueue(busy(503, "2"));
    server.enqueue(new MockResponse.Builder().body("{\"id\":\"j1\"}").build());
    HttpTransport transport = transport(Duration.ofSeconds(5), Duration.ofSeconds(2), 2);

    assertThat(transport.json(ApiRequest.get("/jobs/j1").build()).path("id").asText()).isEqualTo("j1");
    assertThat(slept).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void attemptsThatTimeOutShareOneDeadline() {
    for (int i = 0; i < 8; i++) {
      server.enqueue(new MockResponse.Builder().headersDelay(5, TimeUnit.SECONDS).body("{}").build());
    }
    // each attempt times out after 300 ms; six attempts would take 1.8 s, the deadline allows 1 s
    HttpTransport transport = transport(Duration.ofSeconds(1), Duration.ofMillis(300), 5);
    long started = System.nanoTime();

    assertThatThrownBy(() -> transport.execute(ApiRequest.get("/jobs/j1").build()))
        .isInstanceOf(RequestTimeoutException.class)
        .hasMessageContaining("deadline being 1000 ms");
    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertThat(took).isBetween(900L, 2_500L);
    assertThat(server.getRequestCount()).isBetween(2, 4);
  }

  @Test
  void aRequestsOwnTimeoutIsItsWholeCallDeadline() {
    for (int i = 0; i < 4; i++) {
      server.enqueue(busy(503, "10"));
    }
    HttpTransport transport = transport(Duration.ofMinutes(10), Duration.ofSeconds(2), 3);

    assertThatThrownBy(() -> transport.execute(ApiRequest.get("/jobs/j1").timeout(Duration.ofSeconds(25))
        .build()))
        .isInstanceOf(RequestTimeoutException.class)
        .hasMessageContaining("deadline being 25000 ms");
    assertThat(slept).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(10));
  }

  @Test
  void aStreamsBodyIsBoundedByWhatIsLeftOfTheDeadline() throws Exception {
    server.enqueue(busy(503, "1"));
    server.enqueue(new MockResponse.Builder().body("data: x\n\n".repeat(200))
        .throttleBody(1, 20, TimeUnit.MILLISECONDS).build());
    HttpTransport transport = transport(Duration.ofSeconds(3), Duration.ofSeconds(2), 2);
    long started = System.nanoTime();

    try (StreamedResponse response = transport.stream(ApiRequest.get("/logs").build());
        java.io.InputStream body = response.body()) {
      assertThatThrownBy(body::readAllBytes).isInstanceOf(java.io.IOException.class);
    }
    // one second of the deadline went to the (virtual) pause: the call ends about 2 s of real time after it began,
    // where a deadline per attempt would have given the body 3 s
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isBetween(1_500L, 2_800L);
  }
  @Test
  void aCreateWhoseLookupsWouldOutlastTheDeadlineEndsInATimeoutWithoutBeingSentAgain() throws Exception {
    server.enqueue(new MockResponse.Builder().code(502).body("{}").build());
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse.Builder().body("{\"data\":[]}").build());
    }
    server.enqueue(new MockResponse.Builder().body("{\"id\":\"ftjob-2\"}").build());
    // after the 10 ms backoff, the lookup finds nothing; 1 s of virtual pause fits in 2.5 s, the next 2 s do not
    HttpTransport transport = transport(Duration.ofMillis(2_500), Duration.ofSeconds(2), 2);
    long started = System.nanoTime();

    assertThatThrownBy(() -> transport.json(ApiRequest.post("/fine_tuning/jobs").json(Json.object())
        .retryGuard(() -> Lookups.settled(transport, "the job", () -> {
          JsonNode page = transport.json(ApiRequest.get("/fine_tuning/jobs").build());
          return page.path("data").isEmpty() ? Optional.empty() : Optional.of(page.path("data").get(0));
        })).build()))
        .isInstanceOf(RequestTimeoutException.class)
        .hasMessageContaining("test: gave up looking for the job an earlier attempt may have created after 2 lookups")
        .hasMessageContaining("not more than the 2000 ms pause");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(2_500L);
    // the create's (jittered) backoff, then one pause between the lookups; none of 2 s
    assertThat(slept).hasSize(2).endsWith(Duration.ofSeconds(1));
    assertThat(slept.get(0)).isLessThanOrEqualTo(Duration.ofMillis(10));
    List<String> sent = new java.util.ArrayList<>();
    for (int i = server.getRequestCount(); i > 0; i--) {
      sent.add(server.takeRequest().getMethod());
    }
    assertThat(sent).containsExactly("POST", "GET", "GET");
  }
}
