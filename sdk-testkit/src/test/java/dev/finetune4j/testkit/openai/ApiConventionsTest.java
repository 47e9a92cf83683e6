package dev.finetune4j.testkit.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.testkit.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ApiConventionsTest extends EmulatorTest {

  @Test
  void baseUrlEndsWithV1() {
    assertThat(openai.baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+/v1");
  }

  @Test
  void requestWithoutKeyIsRejectedWith401() {
    Api.Reply reply = new Api(openai.baseUrl(), null).send("GET", "/models", null);
    assertThat(reply.code()).isEqualTo(401);
    assertThat(reply.headers().get("x-request-id")).startsWith("req_");
    assertThat(reply.json().path("error").path("code").asText()).isEqualTo("invalid_api_key");
    assertThat(reply.json().path("error").path("type").asText()).isEqualTo("invalid_request_error");
  }

  @Test
  void requestWithWrongKeyIsRejectedWithoutEchoingTheKey() {
    Api.Reply reply = new Api(openai.baseUrl(), "sk-wrong-secret-123456").send("GET", "/models", null);
    assertThat(reply.code()).isEqualTo(401);
    assertThat(reply.json().path("error").path("code").asText()).isEqualTo("invalid_api_key");
    assertThat(reply.text()).doesNotContain("wrong-secret").contains("3456");
  }

  @Test
  void everyResponseCarriesADistinctRequestId() {
    Api.Reply a = api.send("GET", "/models", null);
    Api.Reply b = api.send("GET", "/nope", null);
    assertThat(a.headers().get("x-request-id")).matches("req_[0-9a-f]{32}");
    assertThat(b.headers().get("x-request-id")).matches("req_[0-9a-f]{32}")
        .isNotEqualTo(a.headers().get("x-request-id"));
    assertThat(b.code()).isEqualTo(404);
    assertThat(b.json().path("error").path("message").asText()).isEqualTo("Invalid URL (GET /v1/nope)");
  }

  @Test
  void pathsOutsideV1AreNotFound() {
    String root = openai.baseUrl().substring(0, openai.baseUrl().length() - 3);
    Api.Reply reply = new Api(root, openai.apiKey()).send("GET", "/models", null);
    assertThat(reply.code()).isEqualTo(404);
    assertThat(reply.json().path("error").path("message").asText()).isEqualTo("Invalid URL (GET /models)");
  }

  @Test
  void fineTunedModelCanBeMadeToAnswer404ForAWhileAfterSuccess() {
    try (OpenAiEmulator slow = OpenAiEmulator.builder().clock(VirtualClock.manual())
        .fineTunedModelReadyAfter(Duration.ofMinutes(3)).build()
        .start()) {
      Api client = new Api(slow);
      String job = client.post("/fine_tuning/jobs", "{\"model\":\"gpt-4o-mini-2024-07-18\",\"training_file\":\""
          + client.uploadTraining(Fixtures.training(10)) + "\"}").path("id").asText();
      slow.clock().advance(Duration.ofMinutes(6));
      JsonNode done = client.get("/fine_tuning/jobs/" + job);
      assertThat(done.path("status").asText()).isEqualTo("succeeded");
      String chat = "{\"model\":\"" + done.path("fine_tuned_model").asText() + "\",\"messages\":[{\"role\":"
          + "\"user\",\"content\":\"Capital of Italy?\"}]}";
      long readyAt = done.path("finished_at").asLong() + 180;
      slow.clock().advance(Duration.ofSeconds(readyAt - slow.clock().epochSecond() - 1));
      assertThat(client.send("POST", "/chat/completions", chat).code()).isEqualTo(404);
      slow.clock().advance(Duration.ofSeconds(1));
      assertThat(client.send("POST", "/chat/completions", chat).code()).isEqualTo(200);
    }
  }

  @Test
  void malformedJsonIsA400() {
    Api.Reply reply = api.send("POST", "/fine_tuning/jobs", "{oops");
    assertThat(reply.code()).isEqualTo(400);
    assertThat(reply.json().path("error").path("message").asText()).contains("could not parse the JSON body");
  }

  @Test
  void invalidLimitIsA400() {
    Api.Reply reply = api.send("GET", "/fine_tuning/jobs?limit=0", null);
    assertThat(reply.code()).isEqualTo(400);
    assertThat(reply.json().path("error").path("code").asText()).isEqualTo("integer_below_min_value");
  }

  @Test
  void rateLimitFaultsCarryTheirRetryHeadersAndOpenAiBodies() {
    openai.faults().inject(OpenAiFaults.rateLimited(Duration.ofSeconds(3)).forRequests("GET", "/v1/models"))
        .inject(OpenAiFaults.rateLimitedMillis(Duration.ofMillis(250)))
        .inject(OpenAiFaults.rateLimitedUntil(Instant.parse("2026-01-05T09:01:00Z")))
        .inject(OpenAiFaults.quotaExhausted())
        .inject(OpenAiFaults.serviceUnavailable());

    Api.Reply seconds = api.send("GET", "/models", null);
    assertThat(seconds.code()).isEqualTo(429);
    assertThat(seconds.headers().get("Retry-After")).isEqualTo("3");
    assertThat(seconds.json().path("error").path("code").asText()).isEqualTo("rate_limit_exceeded");
    assertThat(seconds.headers().get("x-request-id")).startsWith("req_");

    assertThat(api.send("GET", "/models", null).headers().get("retry-after-ms")).isEqualTo("250");
    assertThat(api.send("GET", "/models", null).headers().get("Retry-After"))
        .isEqualTo("Mon, 05 Jan 2026 09:01:00 GMT");
    Api.Reply quota = api.send("GET", "/models", null);
    assertThat(quota.code()).isEqualTo(429);
    assertThat(quota.headers().get("Retry-After")).isNull();
    assertThat(quota.json().path("error").path("type").asText()).isEqualTo("insufficient_quota");
    assertThat(api.send("GET", "/models", null).code()).isEqualTo(503);
    assertThat(api.send("GET", "/models", null).code()).isEqualTo(200);
    assertThat(openai.faults().fired()).hasSize(5);
  }

  @Test
  void modelsListRetrieveAndDeleteOfAFineTune() {
    JsonNode list = api.get("/models");
    assertThat(list.path("object").asText()).isEqualTo("list");
    JsonNode mini = api.get("/models/gpt-4o-mini-2024-07-18");
    assertThat(mini.path("object").asText()).isEqualTo("model");
    assertThat(mini.path("owned_by").asText()).isEqualTo("system");
    assertThat(mini.path("shutdown_date").asText()).isEqualTo("2027-01-14");
    assertThat(api.send("DELETE", "/models/gpt-4o-mini-2024-07-18", null).code()).isEqualTo(403);
    assertThat(api.send("GET", "/models/gpt-17", null).json().path("error").path("code").asText())
        .isEqualTo("model_not_found");

    String job = api.post("/fine_tuning/jobs", "{\"model\":\"gpt-4o-mini-2024-07-18\",\"training_file\":\""
        + api.uploadTraining(Fixtures.training(10)) + "\"}").path("id").asText();
    openai.clock().advance(Duration.ofMinutes(10));
    String model = api.get("/fine_tuning/jobs/" + job).path("fine_tuned_model").asText();
    assertThat(model).matches("ft:gpt-4o-mini-2024-07-18:emulator-org::[A-Za-z0-9]{8}");
    assertThat(api.get("/models").path("data")).extracting(m -> m.path("id").asText()).contains(model);
    assertThat(api.get("/models/" + model).path("shutdown_date").asText()).isEqualTo("2027-01-14");

    JsonNode deleted = api.ok(api.send("DELETE", "/models/" + model, null));
    assertThat(deleted.path("deleted").asBoolean()).isTrue();
    assertThat(api.send("POST", "/chat/completions", "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"hi\"}]}").code()).isEqualTo(404);
  }

  @Test
  void aPollingLoopWithTheClockAsSleeperFinishesAJobWithoutRealWaiting() {
    String job = api.post("/fine_tuning/jobs", "{\"model\":\"gpt-4.1-mini-2025-04-14\",\"training_file\":\""
        + api.uploadTraining(Fixtures.training(20)) + "\"}").path("id").asText();
    Consumer<Duration> sleeper = openai.clock()::sleep;
    List<String> statuses = new ArrayList<>();
    String status;
    do {
      sleeper.accept(Duration.ofSeconds(15));
      status = api.get("/fine_tuning/jobs/" + job).path("status").asText();
      statuses.add(status);
    } while (!status.equals("succeeded"));
    assertThat(statuses).startsWith("validating_files").contains("queued", "running").endsWith("succeeded");
    assertThat(statuses.size()).isLessThan(30);
  }

  @Test
  void concurrentRequestsAreAllServed() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> ids = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        ids.add(pool.submit(() -> api.uploadTraining(Fixtures.training(10))));
      }
      List<String> created = new ArrayList<>();
      for (Future<String> f : ids) {
        created.add(f.get());
      }
      assertThat(created).doesNotHaveDuplicates().hasSize(40);
      assertThat(api.get("/files").path("data")).hasSize(40);
      assertThat(openai.requests("POST", "/v1/files")).hasSize(40);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void idsAreDeterministicForTheSameSeedAndRequests() {
    try (OpenAiEmulator a = OpenAiEmulator.builder().clock(VirtualClock.manual())
        .seed(5).clock(VirtualClock.manual()).build().start();
         OpenAiEmulator b = OpenAiEmulator.builder().clock(VirtualClock.manual()).seed(5).build().start()) {
      String first = new Api(a).uploadTraining(Fixtures.training(10));
      String second = new Api(b).uploadTraining(Fixtures.training(10));
      assertThat(first).isEqualTo(second);
    }
  }
}
