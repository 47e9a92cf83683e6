package dev.finetune4j.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.ClientOptions;
import dev.finetune4j.spi.http.Json;
import dev.finetune4j.RetryPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;

/** A mock OpenAI server and a client pointed at it, with retries that record their pauses instead of sleeping. */
abstract class WireTestSupport {
  static final String KEY = "sk-test-secret-key-123";

  @StartStop
  final MockWebServer server = new MockWebServer();

  final List<Duration> sleeps = new ArrayList<>();

  OpenAi client() {
    return builder().build();
  }

  OpenAi.Builder builder() {
    return OpenAi.builder()
        .apiKey(KEY)
        .baseUrl(server.url("/v1").toString())
        .organization("org-test")
        .project("proj_test")
        .options(options());
  }

  ClientOptions options() {
    return ClientOptions.builder()
        .retryPolicy(RetryPolicy.builder().sleeper(sleeps::add).build())
        .sleeper(sleeps::add)
        .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10))
        .build();
  }

  void enqueue(String json) {
    enqueue(200, json);
  }

  void enqueue(int status, String json) {
    server.enqueue(new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json")
        .addHeader("x-request-id", "req_" + status).body(json).build());
  }

  /** Queues an answer lost after the server acted: the connection closes as the answer starts. */
  void dropAnswer() {
    server.enqueue(new MockResponse.Builder().onResponseStart(mockwebserver3.SocketEffect.ShutdownConnection.INSTANCE)
        .build());
  }

  /** Takes every request the server received and counts the POSTs among them. */
  long posts() {
    long posts = 0;
    for (int i = server.getRequestCount(); i > 0; i--) {
      posts += take().getMethod().equals("POST") ? 1 : 0;
    }
    return posts;
  }

  RecordedRequest take() {
    try {
      RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
      assertThat(request).as("a request reached the server").isNotNull();
      return request;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  static String body(RecordedRequest request) {
    return request.getBody() == null ? "" : request.getBody().string(StandardCharsets.UTF_8);
  }

  static JsonNode json(String text) {
    try {
      return Json.parse(text);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  static void assertJsonBody(RecordedRequest request, String expected) {
    assertThat(json(body(request))).isEqualTo(json(expected));
  }

  static void assertCall(RecordedRequest request, String method, String pathAndQuery) {
    assertThat(request.getMethod()).isEqualTo(method);
    assertThat(request.getTarget()).isEqualTo(pathAndQuery);
  }

  /** Writes {@code count} valid chat examples, numbered from {@code first}. */
  static Path chatData(Path dir, String name, int first, int count) {
    StringBuilder lines = new StringBuilder();
    for (int i = first; i < first + count; i++) {
      lines.append("{\"messages\":[{\"role\":\"system\",\"content\":\"You are a cook.\"},")
          .append("{\"role\":\"user\",\"content\":\"Recipe number ").append(i).append("?\"},")
          .append("{\"role\":\"assistant\",\"content\":\"Soup number ").append(i).append(".\"}]}\n");
    }
    try {
      return Files.writeString(dir.resolve(name), lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final String FILE = """
      {"id":"file-abc123","object":"file","bytes":120000,"created_at":1677610602,"expires_at":null,
       "filename":"train.jsonl","purpose":"fine-tune","status":"processed","status_details":null,
       "some_new_field":{"nested":true}}""";

  static String job(String id, String status) {
    return """
        {"object":"fine_tuning.job","id":"%s","model":"gpt-4o-mini-2024-07-18","created_at":1721764800,
         "finished_at":null,"fine_tuned_model":null,"organization_id":"org-123","result_files":[],
         "status":"%s","validation_file":null,"training_file":"file-abc123","trained_tokens":null,
         "error":{},"seed":42,"estimated_finish":null,"integrations":[],
         "metadata":{"team":"kitchen","finetune4j_idempotency_key":"key-1"},
         "method":{"type":"supervised","supervised":{"hyperparameters":{"batch_size":"auto",
           "learning_rate_multiplier":"auto","n_epochs":"auto"}}},
         "user_provided_suffix":"recipes","usage_metrics":null,"shared_with_openai":false}"""
        .formatted(id, status);
  }
}
