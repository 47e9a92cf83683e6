package dev.finetune4j.testkit.huggingface;

import dev.finetune4j.testkit.VirtualClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.testkit.Fault;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FaultsTest {

  private final HuggingFaceEmulator emulator = HuggingFaceEmulator.builder().clock(VirtualClock.manual())
      .build().start();
  private final HfClient client = new HfClient(emulator);
  private final String jobs = "/api/jobs/" + emulator.user();

  @AfterEach
  void stop() {
    emulator.close();
  }

  private Map<String, Object> job(String label) {
    return Map.of("dockerImage", "huggingface/trl", "command", List.of("trl", "sft"),
        "labels", Map.of("finetune4j-job", label));
  }

  @Test
  void rateLimitCarriesTheHubsRateLimitHeadersAndPassesAfterwards() {
    emulator.faults().inject(HuggingFaceFaults.rateLimited(Duration.ofSeconds(42)).forRequests("POST", jobs));

    HfClient.Result limited = client.post(jobs, job("a"));
    HfClient.Result next = client.post(jobs, job("a"));

    assertThat(limited.code()).isEqualTo(429);
    assertThat(limited.header("RateLimit")).isEqualTo("\"api\";r=0;t=42");
    assertThat(limited.header("Retry-After")).isEqualTo("42");
    assertThat(limited.json().path("error").asText()).contains("quotas");
    assertThat(next.code()).isEqualTo(200);
  }

  @Test
  void serverErrorIsAnsweredWithoutCreatingTheJob() {
    emulator.faults().inject(HuggingFaceFaults.serverError().forRequests("POST", jobs));

    assertThat(client.post(jobs, job("a")).code()).isEqualTo(500);
    assertThat(client.get(jobs).json()).isEmpty();
  }

  @Test
  void lostResponseStillCreatesTheJobSoALabelLookupFindsIt() {
    emulator.faults().inject(Fault.dropResponseAfterProcessing().forRequests("POST", jobs));

    assertThatThrownBy(() -> client.post(jobs, job("sdk-1"))).isInstanceOf(UncheckedIOException.class);

    assertThat(client.get(jobs + "?label=finetune4j-job=sdk-1").json()).hasSize(1);
  }

  @Test
  void droppedLogConnectionCanBeReopened() {
    String id = client.post(jobs, job("a")).json().path("id").asText();
    emulator.faults().inject(Fault.dropConnection().forRequests("GET", jobs + "/" + id + "/logs"));

    assertThatThrownBy(() -> client.get(jobs + "/" + id + "/logs")).isInstanceOf(UncheckedIOException.class);
    assertThat(emulator.requests("GET", jobs + "/" + id + "/logs")).hasSize(1);
  }

  @Test
  void conflictingOperationIsA409WithTheHubsWording() {
    emulator.faults().inject(HuggingFaceFaults.conflictingOperation().forRequests("POST", "/api/repos/create"));

    HfClient.Result r = client.post("/api/repos/create", Map.of("name", "x", "type", "dataset"));

    assertThat(r.code()).isEqualTo(409);
    assertThat(r.body()).contains("another conflicting operation is in progress");
  }
}
