package dev.finetune4j.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The validator counts tokens on worker threads and from a cache of repeated texts: its reports must be those of
 * the plain path (one thread, no cache), findings in the same order with the same lines, on varied data.
 */
class ParallelValidationTest {
  @TempDir Path dir;

  private static final String[] SYSTEM = {"You are a concise recipe assistant.",
      "You answer questions about invoices. Be brief and polite, and never guess an amount."};

  private Path write(String name, List<String> lines) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, lines);
    return file;
  }

  /** Chat lines with repeated system prompts and answers, duplicates, bad lines, tools and other formats. */
  private static List<String> variedLines(long seed, int count) {
    Random random = new Random(seed);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int kind = i == 0 ? 39 : random.nextInt(40);
      String user = "Question " + random.nextInt(count) + ": " + "how long ".repeat(random.nextInt(30));
      String answer = random.nextInt(4) == 0 ? "Twenty minutes." : "Answer " + i + " " + "simmer ".repeat(
          random.nextInt(60));
      String system = SYSTEM[random.nextInt(SYSTEM.length)];
      switch (kind) {
        case 0 -> lines.add("{\"messages\":[");
        case 1 -> lines.add("");
        case 2 -> lines.add("[1,2]");
        case 3 -> lines.add("{\"prompt\":\"" + user + "\",\"completion\":\"" + answer + "\"}");
        case 4 -> lines.add("{\"messages\":[{\"role\":\"user\",\"content\":\"" + user + "\"}]}");
        case 5 -> lines.add("{\"messages\":[{\"role\":\"wizard\",\"content\":\"" + user + "\"}]}");
        case 6, 7 -> lines.add(lines.isEmpty() ? "{}" : lines.get(random.nextInt(lines.size())));
        case 8 -> lines.add("{\"messages\":[{\"role\":\"system\",\"content\":\"" + system + "\"},"
            + "{\"role\":\"user\",\"content\":\"" + user + "\",\"name\":\"ann\"},"
            + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c" + i + "\",\"type\":\"function\","
            + "\"function\":{\"name\":\"lookup\",\"arguments\":\"{\\\"q\\\":" + i + "}\"}}]},"
            + "{\"role\":\"tool\",\"tool_call_id\":\"c" + i + "\",\"content\":\"" + answer + "\"},"
            + "{\"role\":\"assistant\",\"content\":\"" + answer + "\"}],"
            + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"parameters\":{}}}]}");
        default -> lines.add("{\"messages\":[{\"role\":\"system\",\"content\":\"" + system + "\"},"
            + "{\"role\":\"user\",\"content\":\"" + user + "\"},"
            + "{\"role\":\"assistant\",\"content\":\"" + answer + "\"}]}");
      }
    }
    return lines;
  }

  private static void assertSameReport(ValidationReport actual, ValidationReport expected) {
    assertThat(actual.findings()).containsExactlyElementsOf(expected.findings());
    assertThat(actual.countsByCode()).isEqualTo(expected.countsByCode());
    assertThat(actual.statistics()).isEqualTo(expected.statistics());
    assertThat(actual.validationStatistics()).isEqualTo(expected.validationStatistics());
    assertThat(actual.format()).isEqualTo(expected.format());
  }

  private static List<DatasetValidator> fastValidators(DatasetValidator plain) {
    return List.of(plain.toBuilder().cacheCounts(true).build(),
        plain.toBuilder().threads(2).build(),
        plain.toBuilder().threads(3).cacheCounts(true).build());
  }

  @Test
  void threadsAndTheCacheGiveThePlainReportOnVariedChatData() throws IOException {
    List<String> trainingLines = variedLines(1, 3000);
    List<String> validationLines = new ArrayList<>(variedLines(2, 700));
    for (int i = 0; i < validationLines.size(); i += 50) {
      validationLines.set(i, trainingLines.get(i * 3));
    }
    Path training = write("train.jsonl", trainingLines);
    Path validation = write("validation.jsonl", validationLines);
    DatasetRules rules = DatasetRules.builder().tokenCounter(TokenCounters.o200k())
        .maxTokensPerExample(90, DatasetRules.OverLimit.TRUNCATED).minExamples(10).build();
    for (int maxFindings : new int[] {5000, 37}) {
      DatasetValidator plain = DatasetValidator.builder().rules(rules).maxFindings(maxFindings).threads(1)
          .cacheCounts(false).build();
      ValidationReport expected = plain.validate(training, validation);
      assertThat(expected.findingCount()).isGreaterThan(300);
      assertThat(expected.count(FindingCode.OVER_TOKEN_LIMIT)).isPositive();
      assertThat(expected.count(FindingCode.DUPLICATE_EXAMPLE)).isPositive();
      assertThat(expected.count(FindingCode.TRAIN_VALIDATION_OVERLAP)).isPositive();
      assertThat(expected.statistics().exampleCount()).isGreaterThan(2000);
      for (DatasetValidator fast : fastValidators(plain)) {
        assertSameReport(fast.validate(training, validation), expected);
      }
    }
  }

  @Test
  void threadsGiveThePlainReportWithEstimatedCounts() throws IOException {
    Path training = write("train.jsonl", variedLines(5, 2000));
    DatasetValidator plain = DatasetValidator.builder().maxFindings(50).threads(1).build();
    ValidationReport expected = plain.validate(training);
    assertThat(expected.isTruncated()).isTrue();
    assertThat(expected.statistics().exampleCount()).isGreaterThan(1500);
    for (DatasetValidator fast : fastValidators(plain)) {
      assertSameReport(fast.validate(training), expected);
    }
  }

  @Test
  void threadsAndTheCacheGiveThePlainReportOnPreferenceData() throws IOException {
    Random random = new Random(3);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      String input = "{\"messages\":[{\"role\":\"system\",\"content\":\"" + SYSTEM[i % 2] + "\"},"
          + "{\"role\":\"user\",\"content\":\"Say hi " + random.nextInt(300) + "\"},"
          + "{\"role\":\"assistant\",\"content\":\"Hi.\"},{\"role\":\"user\",\"content\":\"Again\"}]}";
      lines.add(i % 97 == 5 ? "{\"input\":{}}" : "{\"input\":" + input + ",\"preferred_output\":[{\"role\":"
          + "\"assistant\",\"content\":\"Hello " + "there ".repeat(random.nextInt(20)) + "\"}],"
          + "\"non_preferred_output\":[{\"role\":\"assistant\",\"content\":\"What.\"}]}");
    }
    Path training = write("pref.jsonl", lines);
    DatasetValidator plain = DatasetValidator.builder()
        .rules(DatasetRules.builder().tokenCounter(TokenCounters.cl100k())
            .maxTokensPerExample(40, DatasetRules.OverLimit.REJECTED).build())
        .threads(1).cacheCounts(false).build();
    ValidationReport expected = plain.validate(training);
    assertThat(expected.format()).contains(DatasetFormat.OPENAI_PREFERENCE);
    assertThat(expected.count(FindingCode.EXAMPLE_TOO_LONG)).isPositive();
    assertThat(expected.statistics().assistantTokens()).isPositive();
    for (DatasetValidator fast : fastValidators(plain)) {
      assertSameReport(fast.validate(training), expected);
    }
  }

  @Test
  void aCounterThatFailsOnOneTextGivesTheSameFindingInTheSamePlaceOnWorkerThreads() throws IOException {
    TokenCounter failing = TestTokenCounters.exact("fails on boom", text -> {
      if (text.contains("boom")) {
        throw new IllegalArgumentException("cannot count");
      }
      return text.length();
    });
    List<String> lines = new ArrayList<>(variedLines(4, 500));
    lines.set(200, "{\"messages\":[{\"role\":\"user\",\"content\":\"boom\"},"
        + "{\"role\":\"assistant\",\"content\":\"ok\",\"extra\":1}]}");
    Path training = write("train.jsonl", lines);
    DatasetValidator plain = DatasetValidator.builder()
        .rules(DatasetRules.builder().tokenCounter(failing).minExamples(0).build()).threads(1).cacheCounts(false)
        .build();
    ValidationReport expected = plain.validate(training);
    assertThat(expected.findings()).anySatisfy(finding -> {
      assertThat(finding.line()).isEqualTo(201);
      assertThat(finding.message()).isEqualTo("the line could not be checked (IllegalArgumentException)");
    });
    for (DatasetValidator fast : fastValidators(plain)) {
      assertSameReport(fast.validate(training), expected);
    }
  }

  @Test
  void aCounterWithItsOwnConversationCountIsAskedForIt() throws IOException {
    TokenCounter own = new TokenCounter() {
      @Override
      public int count(String text) {
        return text.length();
      }

      @Override
      public int countMessages(List<dev.finetune4j.model.ChatMessage> messages) {
        return 1000 * messages.size();
      }

      @Override
      public boolean isExact() {
        return true;
      }

      @Override
      public String name() {
        return "own conversations";
      }
    };
    Path training = write("train.jsonl", List.of("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},"
        + "{\"role\":\"assistant\",\"content\":\"Hello\"}]}"));
    DatasetValidator validator = DatasetValidator.builder()
        .rules(DatasetRules.builder().tokenCounter(own).minExamples(0).build()).build();

    DatasetStatistics stats = validator.validate(training).statistics();

    assertThat(stats.totalTokens()).isEqualTo(2000);
    assertThat(stats.assistantTokens()).isEqualTo(5);
  }

  @Test
  void threadsBelowOneAreRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DatasetValidator.builder().threads(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threads must be 1 or more, was 0");
  }
}
