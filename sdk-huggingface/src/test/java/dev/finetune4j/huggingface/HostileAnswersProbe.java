package dev.finetune4j.huggingface;

import dev.finetune4j.ClientOptions;
import dev.finetune4j.RetryPolicy;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Run in a child JVM with a small heap by {@code HostileAnswersInASmallHeapTest}: makes each call against the
 * hostile server given as the argument and prints one line per call, {@code name -> outcome}, the outcome being the
 * simple name of what it threw (an {@link OutOfMemoryError} included) or what it returned.
 */
final class HostileAnswersProbe {
  private HostileAnswersProbe() {}

  public static void main(String[] args) {
    try (HuggingFace hf = HuggingFace.builder().apiKey("hf_probe_token_0123456789").hubUrl(args[0])
        .namespace("alice")
        .options(ClientOptions.builder().retryPolicy(RetryPolicy.none())
            .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2)).build())
        .build()) {
      probe("200 MB string field", () -> hf.jobs().retrieve("string"));
      probe("gzip bomb", () -> hf.jobs().retrieve("gzip"));
      probe("4 M object fields", () -> hf.jobs().retrieve("fields"));
      probe("3 M object fields", () -> hf.jobs().retrieve("fields-under-cap"));
      probe("200 MB log line", () -> {
        java.util.List<dev.finetune4j.job.JobEvent> events = hf.jobs().events("line");
        return "returned " + events.size() + " event(s), the longest of "
            + events.stream().mapToInt(e -> e.message().length()).max().orElse(0) + " characters";
      });
    }
  }

  private static void probe(String name, Supplier<Object> call) {
    String outcome;
    try {
      Object result = call.get();
      outcome = result instanceof String text ? text : "returned";
    } catch (Throwable e) {
      outcome = e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }
    System.out.println(name + " -> " + outcome);
  }
}
