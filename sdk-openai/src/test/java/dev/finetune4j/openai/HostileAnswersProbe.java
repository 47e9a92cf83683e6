package dev.finetune4j.openai;

import dev.finetune4j.ClientOptions;
import dev.finetune4j.RetryPolicy;
import dev.finetune4j.dataset.JsonlLine;
import dev.finetune4j.dataset.JsonlReader;
import dev.finetune4j.testsupport.SmallHeapProbe;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Run in a child JVM with a small heap by {@code HostileAnswersInASmallHeapTest}: makes each call against the
 * hostile server given as the argument and prints its outcome ({@link SmallHeapProbe#probe}).
 */
final class HostileAnswersProbe {
  private HostileAnswersProbe() {}

  public static void main(String[] args) {
    try (OpenAi openai = OpenAi.builder().apiKey("sk-probe-key-0123456789").baseUrl(args[0] + "/v1")
        .options(ClientOptions.builder().retryPolicy(RetryPolicy.none())
            .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2)).build())
        .build()) {
      SmallHeapProbe.probeJsonAnswers(id -> openai.jobs().retrieve(id));
      SmallHeapProbe.probe("200 MB file line", () -> {
        try (JsonlReader reader = JsonlReader.of(openai.files().content("line"))) {
          List<JsonlLine> lines = reader.stream().collect(Collectors.toList());
          return "read " + lines.size() + " line(s): " + lines.stream()
              .map(l -> l.errorCode().map(Enum::name).orElse("valid") + " (" + l.text().length() + " characters)")
              .collect(Collectors.joining(", "));
        }
      });
    }
  }
}
