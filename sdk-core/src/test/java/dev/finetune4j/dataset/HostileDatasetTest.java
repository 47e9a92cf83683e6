package dev.finetune4j.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs that used to throw from the validator; each must become findings. */
class HostileDatasetTest {
  @TempDir
  Path dir;

  private ValidationReport validate(String content) throws IOException {
    Path file = dir.resolve("train.jsonl");
    Files.write(file, content.getBytes(StandardCharsets.UTF_8));
    return DatasetValidator.builder().rules(DatasetRules.builder().tokenCounter(TokenCounters.o200k()).build())
        .build().validate(file);
  }

  @Test
  void numberExtremesInTheWeightAreFindingsNotExceptions() throws IOException {
    String chat = "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":\"a\","
        + "\"weight\":%s}]}\n";
    ValidationReport report = validate(chat.formatted("1e-2147483648") + chat.formatted("100e2147483647")
        + chat.formatted("100e2147483647") + chat.formatted("-0e-2147483647"));

    assertThat(report.count(FindingCode.INVALID_JSON)).isEqualTo(1);
    assertThat(report.count(FindingCode.INVALID_WEIGHT)).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aCarriageReturnInsideALineKeepsEveryLineNumber() throws IOException {
    String line = "{\"messages\":[{\"role\":\"user\",\"content\":\"q%d\"},\r{\"role\":\"assistant\",\"content\":\"a\"}]}\n";
    ValidationReport report = validate(line.formatted(1) + line.formatted(2) + "{\"oops\n");

    assertThat(report.findings()).extracting(Finding::line).containsExactly(3L);
  }

  @Test
  void aFourMegabyteRunOfOneTokenIsCountedWithoutExhaustingTheHeap() {
    String run = "a".repeat(4 << 20);

    int tokens = TokenCounters.o200k().count(run);

    assertThat(tokens).isBetween(run.length() / 64, run.length());
  }
}
