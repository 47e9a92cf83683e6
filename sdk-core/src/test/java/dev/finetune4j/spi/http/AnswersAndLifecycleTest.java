package dev.finetune4j.spi.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.ClientOptions;
import dev.finetune4j.RetryPolicy;
import dev.finetune4j.error.ApiErrorDetails;
import dev.finetune4j.error.ClientClosedException;
import dev.finetune4j.error.InvalidResponseException;
import dev.finetune4j.error.NotFoundException;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** Answers that cannot be understood, and what closing a transport does. */
class AnswersAndLifecycleTest {
  private static final String KEY = "sk-lifecycle-secret-0123456789";

  @StartStop
  private final MockWebServer server = new MockWebServer();

  private HttpTransport transport() {
    return HttpTransport.builder().provider("test").baseUrl(server.url("/v1").toString())
        .authentication(Authentication.bearer(KEY)).secret(KEY)
        .options(ClientOptions.builder().retryPolicy(RetryPolicy.none()).build())
        .build();
  }

  private void answer(String body) {
    server.enqueue(new MockResponse.Builder().code(200).addHeader("x-request-id", "req_1").body(body).build());
  }

  private static String id(JsonNode json) {
    if (!json.path("id").isTextual()) {
      throw new IllegalArgumentException("'id' must be text, was " + json.path("id").getNodeType());
    }
    return json.path("id").asText();
  }

  @Test
  void anAnswerThatIsNotJsonIsAnInvalidResponseNamingTheRequest() {
    answer("<html>gateway says hello</html>");

    assertThatThrownBy(() -> transport().call(ApiRequest.get("/jobs/j1").build(), AnswersAndLifecycleTest::id))
        .isInstanceOfSatisfying(InvalidResponseException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(200);
          assertThat(e.requestId()).contains("req_1");
          assertThat(e.body()).contains("gateway says hello");
          assertThat(e.getMessage()).contains("GET /v1/jobs/j1").contains("not JSON");
          assertThat(e.getCause()).isNotNull();
        });
  }

  @Test
  void anEmptyAnswerWhereAValueWasExpectedIsAnInvalidResponse() {
    answer("");

    assertThatThrownBy(() -> transport().call(ApiRequest.get("/jobs/j1").build(), AnswersAndLifecycleTest::id))
        .isInstanceOf(InvalidResponseException.class).hasMessageContaining("empty");
  }

  @Test
  void aFieldOfTheWrongTypeIsAnInvalidResponseThatKeepsTheCause() {
    answer("{\"id\":42}");

    assertThatThrownBy(() -> transport().call(ApiRequest.get("/jobs/j1").build(), AnswersAndLifecycleTest::id))
        .isInstanceOfSatisfying(InvalidResponseException.class, e -> {
          assertThat(e.getMessage()).contains("'id' must be text");
          assertThat(e.getCause()).isInstanceOf(IllegalArgumentException.class);
        });
  }

  @Test
  void anAbsurdTimestampIsAnInvalidResponseNotADateTimeException() {
    answer("{\"created_at\":1e20}");

    assertThatThrownBy(() -> transport().call(ApiRequest.get("/jobs/j1").build(),
        json -> Json.epochSeconds(json, "created_at").orElse(Instant.EPOCH)))
        .isInstanceOfSatisfying(InvalidResponseException.class,
            e -> assertThat(e.getCause()).isInstanceOf(java.time.DateTimeException.class));
  }

  @Test
  void theSdksOwnExceptionsFromTheReaderPassThrough() {
    answer("{}");
    NotFoundException thrown = notFound();

    assertThatThrownBy(() -> transport().call(ApiRequest.get("/x").build(), json -> {
      throw thrown;
    })).isSameAs(thrown);
  }

  private static NotFoundException notFound() {
    return new NotFoundException(new ApiErrorDetails("test", "GET", "/x", 404, "gone", Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), ""));
  }

  private static String firstField(JsonStream json) throws IOException {
    JsonParser p = json.parser();
    if (p.nextToken() != JsonToken.START_OBJECT || p.nextToken() != JsonToken.FIELD_NAME) {
      throw new IllegalArgumentException("expected an object with a field");
    }
    p.nextToken();
    return p.getText();
  }

  @Test
  void aStreamedAnswerIsReadByTheReader() {
    answer("{\"id\":\"ftjob-1\",\"rest\":[1,2,3]}");

    assertThat(transport().callStreaming(ApiRequest.get("/jobs/j1").build(), AnswersAndLifecycleTest::firstField))
        .isEqualTo("ftjob-1");
  }

  @Test
  void aStreamedAnswerThatIsNotJsonIsAnInvalidResponseNamingTheRequestWithTheBodyRedacted() {
    answer("{\"id\": \"" + KEY + "\", <html>gateway says hello</html>");

    assertThatThrownBy(() -> transport().callStreaming(ApiRequest.get("/jobs/j1").build(), json -> {
      JsonParser p = json.parser();
      while (p.nextToken() != null) {
        p.skipChildren();
      }
      return null;
    })).isInstanceOfSatisfying(InvalidResponseException.class, e -> {
      assertThat(e.getMessage()).contains("GET /v1/jobs/j1").contains("not JSON").doesNotContain(KEY);
      assertThat(e.body()).contains("gateway says hello").doesNotContain(KEY);
      assertThat(e.requestId()).contains("req_1");
      assertThat(e.getCause()).isInstanceOf(IOException.class);
    });
  }

  @Test
  void anEmptyStreamedAnswerAndAReaderThatFailsAreInvalidResponses() {
    answer("");
    answer("[1]");

    ApiRequest request = ApiRequest.get("/jobs/j1").build();
    assertThatThrownBy(() -> transport().callStreaming(request, AnswersAndLifecycleTest::firstField))
        .isInstanceOf(InvalidResponseException.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> transport().callStreaming(request, AnswersAndLifecycleTest::firstField))
        .isInstanceOfSatisfying(InvalidResponseException.class, e -> {
          assertThat(e.getMessage()).contains("could not be read: expected an object with a field");
          assertThat(e.getCause()).isInstanceOf(IllegalArgumentException.class);
        });
  }

  @Test
  void theSdksOwnExceptionsFromAStreamedReaderPassThrough() {
    answer("{}");
    NotFoundException own = notFound();

    assertThatThrownBy(() -> transport().callStreaming(ApiRequest.get("/x").build(), json -> {
      throw own;
    })).isSameAs(own);
  }

  @Test
  void aSecretEchoedInAnUnreadableAnswerIsRedacted() {
    HttpTransport transport = transport();
    answer("{\"ok\":true}");
    transport.execute(ApiRequest.get("/warm").build()); // the key is registered once it is sent
    answer("not json " + KEY);

    assertThatThrownBy(() -> transport.call(ApiRequest.get("/jobs/j1").build(), AnswersAndLifecycleTest::id))
        .isInstanceOfSatisfying(InvalidResponseException.class, e -> {
          assertThat(e.body()).doesNotContain(KEY);
          assertThat(e.getMessage()).doesNotContain(KEY);
        });
  }

  @Test
  void callsAfterCloseFailWithAClearErrorAndSendNothing() {
    HttpTransport transport = transport();
    transport.close();
    transport.close();

    assertThat(transport.isClosed()).isTrue();
    assertThatThrownBy(() -> transport.execute(ApiRequest.get("/models").build()))
        .isInstanceOf(ClientClosedException.class).hasMessageContaining("test client has been closed");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void derivedTransportsShareTheConnectionsAndAreClosedWithThem() throws Exception {
    HttpTransport hub = transport();
    HttpTransport other = hub.toBuilder().baseUrl(server.url("/other").toString()).build();
    answer("{}");

    other.execute(ApiRequest.get("/ping").build());
    hub.close();

    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/other/ping");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(other.isClosed()).isTrue();
    assertThatThrownBy(() -> other.execute(ApiRequest.get("/ping").build()))
        .isInstanceOf(ClientClosedException.class);
  }

  @Test
  void anOkHttpClientOfTheApplicationIsNotShutDownByClose() {
    OkHttpClient shared = new OkHttpClient();
    HttpTransport transport = HttpTransport.builder().provider("test").baseUrl(server.url("/").toString())
        .options(ClientOptions.builder().okHttpClient(shared).build()).build();

    transport.close();

    assertThat(transport.isClosed()).isTrue();
    assertThat(shared.dispatcher().executorService().isShutdown()).isFalse();
    shared.dispatcher().executorService().shutdown();
  }

  @Test
  void aDefaultQueryParameterIsSentUnlessTheRequestHasIt() throws Exception {
    HttpTransport transport = transport().toBuilder().defaultQueryParameter("api-version", "2024-10-21").build();
    answer("{}");
    answer("{}");

    transport.execute(ApiRequest.get("/files").build());
    transport.execute(ApiRequest.get(server.url("/v1/files?api-version=preview").toString()).build());

    assertThat(server.takeRequest().getUrl().queryParameter("api-version")).isEqualTo("2024-10-21");
    assertThat(server.takeRequest().getUrl().queryParameterValues("api-version")).containsExactly("preview");
  }

  @Test
  void credentialsGoOnlyToTheBaseUrlsOriginNotToAnotherPortOrScheme() throws Exception {
    try (MockWebServer other = new MockWebServer()) {
      other.start();
      other.enqueue(new MockResponse.Builder().body("{}").build());
      other.enqueue(new MockResponse.Builder().body("{}").build());
      answer("{}");
      HttpTransport transport = transport();

      transport.execute(ApiRequest.get(other.url("/next").toString()).build());
      transport.execute(ApiRequest.get(server.url("/v1/next").toString()).build());
      transport.execute(ApiRequest.get(other.url("/again").toString()).build());

      assertThat(other.takeRequest().getHeaders().get("Authorization")).isNull();
      assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
      assertThat(other.takeRequest().getHeaders().get("Authorization")).isNull();
    }
  }

  @Test
  void aKeyEchoedUpperCasedEscapedOrInHeadersIsRedactedEverywhereInTheError() {
    String escaped = KEY.replace("-", "\\u002d");
    server.enqueue(new MockResponse.Builder().code(400)
        .addHeader("x-request-id", "req-" + KEY)
        .addHeader("Content-Type", "application/json")
        .body("{\"error\":{\"message\":\"bad key " + KEY.toUpperCase(java.util.Locale.ROOT) + "\",\"type\":\""
            + escaped + "\",\"param\":\"" + KEY + "\",\"code\":\"" + KEY + "\"}}")
        .build());

    assertThatThrownBy(() -> transport().execute(ApiRequest.get("/models").build()))
        .isInstanceOfSatisfying(dev.finetune4j.error.ApiException.class, e -> {
          String everything = e.getMessage() + e.body() + e.code().orElse("") + e.type().orElse("")
              + e.param().orElse("") + e.requestId().orElse("");
          assertThat(everything).doesNotContainIgnoringCase(KEY).doesNotContain(escaped)
              .doesNotContain("Secret0123456789".substring(2)).contains("[REDACTED]");
        });
  }
}
