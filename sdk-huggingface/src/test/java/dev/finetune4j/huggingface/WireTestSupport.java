package dev.finetune4j.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.ClientOptions;
import dev.finetune4j.spi.http.Json;
import dev.finetune4j.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/** A mock server and a client pointed at it, with waits recorded instead of slept. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
abstract class WireTestSupport {
  static final String TOKEN = "hf_TestSecretToken0123456789";

  MockWebServer server;
  HuggingFace hf;
  final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startServer() throws IOException {
    server = new MockWebServer();
    server.start();
    hf = client().build();
  }

  HuggingFace.Builder client() {
    return HuggingFace.builder()
        .apiKey(TOKEN)
        .hubUrl(server.url("/").toString())
        .endpointsUrl(server.url("/v2").toString())
        .routerUrl(server.url("/router/v1").toString())
        .namespace("alice")
        .options(options())
        .logReadTimeouts(Duration.ofMillis(500), Duration.ofMillis(500));
  }

  ClientOptions options() {
    return ClientOptions.builder()
        .retryPolicy(RetryPolicy.builder().maxRetries(2).sleeper(sleeps::add).build())
        .sleeper(sleeps::add)
        .build();
  }

  @AfterEach
  void stopServer() {
    hf.close();
    server.close();
  }

  void enqueueJson(int code, String body) {
    server.enqueue(new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json")
        .body(body).build());
  }

  void enqueueJson(String body) {
    enqueueJson(200, body);
  }

  RecordedRequest take() throws InterruptedException {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    if (request == null) {
      throw new AssertionError("no request arrived");
    }
    return request;
  }

  static JsonNode json(RecordedRequest request) throws IOException {
    return Json.parse(request.getBody().utf8());
  }

  static JsonNode json(String text) throws IOException {
    return Json.parse(text);
  }
}
