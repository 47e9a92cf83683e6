package dev.finetune4j.azure;

import dev.finetune4j.ClientOptions;
import dev.finetune4j.RetryPolicy;
import dev.finetune4j.testsupport.SmallHeapProbe;
import java.time.Duration;

/**
 * Run in a child JVM with a small heap by {@code HostileAnswersInASmallHeapTest}: makes each call against the
 * hostile server given as the argument and prints its outcome ({@link SmallHeapProbe#probe}).
 */
final class HostileAnswersProbe {
  private HostileAnswersProbe() {}

  public static void main(String[] args) {
    try (AzureOpenAi azure = AzureOpenAi.builder().endpoint(args[0]).apiKey("azure-probe-key-0123456789")
        .options(ClientOptions.builder().retryPolicy(RetryPolicy.none())
            .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2)).build())
        .build()) {
      SmallHeapProbe.probeJsonAnswers(id -> azure.jobs().retrieve(id));
    }
  }
}
