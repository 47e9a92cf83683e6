package dev.finetune4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultsTest {

  private long sequence;

  private ReceivedRequest request(String method, String path) {
    return new ReceivedRequest(sequence++, Instant.EPOCH, method, path, Map.of(), Map.of(), new byte[0]);
  }

  @Test
  void faultAppliesOnlyToMatchingRequestsAndIsUsedUpAfterItsTimes() {
    Faults faults = new Faults();
    faults.inject(Fault.status(503, "{}").forRequests("POST", "/v1/fine_tuning/jobs").times(2));

    assertThat(faults.take(request("GET", "/v1/fine_tuning/jobs"))).isEmpty();
    assertThat(faults.take(request("POST", "/v1/files"))).isEmpty();
    assertThat(faults.take(request("post", "/v1/fine_tuning/jobs"))).map(Fault::status).contains(503);
    assertThat(faults.take(request("POST", "/v1/fine_tuning/jobs/ftjob-1/cancel"))).isPresent();
    assertThat(faults.take(request("POST", "/v1/fine_tuning/jobs"))).isEmpty();
    assertThat(faults.pending()).isEmpty();
  }

  @Test
  void faultsAreConsumedInInjectionOrderAndFiredOnesAreRecorded() {
    Faults faults = new Faults();
    Fault first = Fault.status(429, "{}");
    Fault second = Fault.dropConnection();
    faults.inject(first).inject(second);

    ReceivedRequest a = request("GET", "/v1/models");
    ReceivedRequest b = request("GET", "/v1/models");
    assertThat(faults.take(a)).contains(first);
    assertThat(faults.take(b)).contains(second);

    List<Faults.Fired> fired = faults.fired();
    assertThat(fired).extracting(Faults.Fired::fault).containsExactly(first, second);
    assertThat(fired).extracting(Faults.Fired::request).containsExactly(a, b);

    faults.clear();
    assertThat(faults.fired()).isEmpty();
  }

  @Test
  void faultsAreImmutableValuesWithCheckedArguments() {
    Fault base = Fault.status(429, "{}");
    Fault withHeader = base.withHeader("Retry-After", "3");
    assertThat(base.headers()).isEmpty();
    assertThat(withHeader.headers()).containsExactly(new Fault.Header("Retry-After", "3"));
    assertThat(base.forRequests("*", "").method()).isEmpty();

    assertThatThrownBy(() -> Fault.status(42, "{}")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> base.times(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Fault.dropConnection().withHeader("a", "b")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Fault.delay(java.time.Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Fault.trickle(java.time.Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThat(Fault.trickle(java.time.Duration.ofMillis(5)).toString()).contains("trickle a byte per PT0.005S");
    assertThat(Fault.truncate().kind()).isEqualTo(Fault.Kind.TRUNCATE);
  }
}
