package dev.finetune4j.huggingface;

import dev.finetune4j.ClientOptions;
import dev.finetune4j.RetryPolicy;
import dev.finetune4j.job.JobEvent;
import dev.finetune4j.testsupport.SmallHeapProbe;
import java.time.Duration;
import java.util.List;

/**
 * Run in a child JVM with a small heap by {@code HostileAnswersInASmallHeapTest}: makes each call against the
 * hostile server given as the argument and prints its outcome ({@link SmallHeapProbe#probe}).
 */
final class HostileAnswersProbe {
  private HostileAnswersProbe() {}

  public static void main(String[] args) {
    try (HuggingFace hf = HuggingFace.builder().apiKey("hf_probe_token_0123456789").hubUrl(args[0])
        .namespace("alice")
        .options(ClientOptions.builder().retryPolicy(RetryPolicy.none())
            .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2)).build())
        .build()) {
      SmallHeapProbe.probeJsonAnswers(id -> hf.jobs().retrieve(id));
      SmallHeapProbe.probe("200 MB log line", () -> {
        List<JobEvent> events = hf.jobs().events("line");
        return "returned " + events.size() + " event(s), the longest of "
            + events.stream().mapToInt(e -> e.message().length()).max().orElse(0) + " characters";
      });
    }
  }
}
