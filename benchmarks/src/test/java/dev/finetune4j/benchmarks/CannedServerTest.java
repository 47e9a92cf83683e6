package dev.finetune4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The benchmarks' server answers each route over one kept-alive connection, whatever the shape of the body. */
class CannedServerTest {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static CannedServer server;
  /** Connections opened by {@link #http}: one for a whole test while the server keeps them alive. */
  private final AtomicInteger connections = new AtomicInteger();
  private final OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false)
      .eventListener(new EventListener() {
        @Override
        public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
          connections.incrementAndGet();
        }
      }).build();

  @BeforeAll
  static void start() throws IOException {
    server = CannedServer.start();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    server.close();
  }

  @AfterEach
  void closeClient() {
    http.connectionPool().evictAll();
  }

  private Response call(String path, RequestBody body) throws IOException {
    Request.Builder request = new Request.Builder().url(server.baseUrl() + path);
    return http.newCall(body == null ? request.build() : request.post(body).build()).execute();
  }

  private JsonNode json(String path, RequestBody body) throws IOException {
    try (Response response = call(path, body)) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.header("Content-Type")).isEqualTo("application/json");
      assertThat(response.header("x-request-id")).isEqualTo("req_abc123");
      return MAPPER.readTree(response.body().byteStream());
    }
  }

  @Test
  void answersEachRouteByMethodAndPathIgnoringTheQuery() throws IOException {
    assertThat(json("/fine_tuning/jobs/" + CannedServer.JOB_ID, null).path("id").asText())
        .isEqualTo(CannedServer.JOB_ID);
    assertThat(json("/fine_tuning/jobs?limit=20", null).path("data")).hasSize(20);
    assertThat(json("/fine_tuning/jobs/" + CannedServer.JOB_ID + "/events?limit=100", null).path("data"))
        .hasSize(100);
    assertThat(json("/fine_tuning/jobs", RequestBody.create("{\"model\":\"m\"}", JSON)).path("object").asText())
        .isEqualTo("fine_tuning.job");
    assertThat(json("/uploads", RequestBody.create("{}", JSON)).path("status").asText()).isEqualTo("pending");
    assertThat(json("/uploads/upload_abc123/complete", RequestBody.create("{}", JSON)).path("status").asText())
        .isEqualTo("completed");
    try (Response unknown = call("/models", null)) {
      assertThat(unknown.code()).isEqualTo(404);
    }
    assertThat(connections).hasValue(1);
  }

  @Test
  void readsSizedAndChunkedBodiesWholeBeforeTheNextRequest() throws IOException {
    byte[] part = new byte[3 * 256 * 1024 + 17];
    assertThat(json("/uploads/upload_abc123/parts", RequestBody.create(part, JSON)).path("id").asText())
        .isEqualTo("part_def456");
    RequestBody chunked = new RequestBody() {
      @Override
      public MediaType contentType() {
        return JSON;
      }

      @Override
      public long contentLength() {
        return -1;
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        for (int i = 0; i < 40; i++) {
          sink.write(new byte[10_000 + i]);
          sink.flush();
        }
      }
    };
    assertThat(json("/uploads/upload_abc123/parts", chunked).path("id").asText()).isEqualTo("part_def456");
    // had a body been left unread, this answer would be out of step with its request
    assertThat(json("/fine_tuning/jobs/" + CannedServer.JOB_ID, null).path("id").asText())
        .isEqualTo(CannedServer.JOB_ID);
    assertThat(connections).hasValue(1);
  }

  @Test
  void closesTheConnectionWhenTheClientAsks() throws IOException {
    try (Response response = http.newCall(new Request.Builder().url(server.baseUrl() + "/fine_tuning/jobs")
        .header("Connection", "close").build()).execute()) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(MAPPER.readTree(response.body().byteStream()).path("data")).hasSize(20);
    }
    assertThat(json("/fine_tuning/jobs/" + CannedServer.JOB_ID, null).path("status").asText()).isEqualTo("running");
    assertThat(connections).hasValue(2);
  }
}
