package dev.finetune4j.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetValidatorTest {
  @TempDir Path dir;

  /** Counts one token per character, so that example sizes can be computed by hand. */
  private static final TokenCounter ONE_PER_CHAR = new TokenCounter() {
    @Override
    public int count(String text) {
      return text.length();
    }

    @Override
    public boolean isExact() {
      return true;
    }

    @Override
    public String name() {
      return "chars";
    }
  };

  /** Rules that count one token per character, without a limit or a minimum. */
  private static final DatasetRules CHARS =
      DatasetRules.builder().tokenCounter(ONE_PER_CHAR).minExamples(0).build();

  private Path write(String name, List<String> lines) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, lines);
    return file;
  }

  private static String chat(String user, String assistant) {
    return "{\"messages\":[{\"role\":\"user\",\"content\":\"" + user + "\"},"
        + "{\"role\":\"assistant\",\"content\":\"" + assistant + "\"}]}";
  }

  private static List<String> goodLines(int count) {
    return IntStream.range(0, count).mapToObj(i -> chat("question " + i, "answer " + i)).collect(Collectors.toList());
  }

  @Test
  void aCleanFileIsValidAndHasNoFindings() throws IOException {
    ValidationReport report = DatasetValidator.builder().build().validate(write("train.jsonl", goodLines(12)));

    assertThat(report.isValid()).isTrue();
    assertThat(report.findings()).isEmpty();
    assertThat(report.statistics().exampleCount()).isEqualTo(12);
    assertThat(report.format()).contains(DatasetFormat.OPENAI_CHAT);
  }

  @Test
  void statisticsMatchHandComputedFigures() throws IOException {
    // user "x"*a and assistant "yyyyy": 3+4+a + 3+9+5 + 3 = 27+a tokens; a = 3, 13, 23, 33, 93
    List<String> lines = new ArrayList<>();
    for (int a : new int[] {23, 3, 93, 13, 33}) {
      lines.add(chat("x".repeat(a), "yyyyy"));
    }
    DatasetValidator validator = DatasetValidator.builder()
        .rules(CHARS.toBuilder().maxTokensPerExample(100, DatasetRules.OverLimit.TRUNCATED).build()).build();

    DatasetStatistics stats = validator.validate(write("train.jsonl", lines)).statistics();

    // tokens per example: 30, 40, 50, 60, 120
    assertThat(stats.exampleCount()).isEqualTo(5);
    assertThat(stats.minTokens()).isEqualTo(30);
    assertThat(stats.maxTokens()).isEqualTo(120);
    assertThat(stats.meanTokens()).isEqualTo(60.0);
    assertThat(stats.medianTokens()).isEqualTo(50.0);
    assertThat(stats.p90Tokens()).isCloseTo(96.0, within(1e-9));
    assertThat(stats.totalTokens()).isEqualTo(300);
    assertThat(stats.assistantTokens()).isEqualTo(25);
    assertThat(stats.examplesOverLimit()).isEqualTo(1);
    assertThat(stats.billableTokens()).isEqualTo(280);
    assertThat(stats.tokenLimit()).hasValue(100);
  }

  @Test
  void promptCompletionTokensAreTheTextsWithoutMessageOverhead() throws IOException {
    DatasetStatistics stats = DatasetValidator.builder().rules(CHARS).build()
        .validate(write("train.jsonl", List.of("{\"prompt\":\"abc\",\"completion\":\"de\"}"))).statistics();

    assertThat(stats.totalTokens()).isEqualTo(5);
    assertThat(stats.assistantTokens()).isEqualTo(2);
  }

  @Test
  void preferenceTokensCountTheInputAndBothAnswersAsMessages() throws IOException {
    String line = "{\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"abc\"}]},"
        + "\"preferred_output\":[{\"role\":\"assistant\",\"content\":\"de\"}],"
        + "\"non_preferred_output\":[{\"role\":\"assistant\",\"content\":\"f\"}]}";

    DatasetStatistics stats = DatasetValidator.builder().rules(CHARS).build()
        .validate(write("train.jsonl", List.of(line))).statistics();

    // (3+4+3) + (3+9+2) + (3+9+1) + 3
    assertThat(stats.totalTokens()).isEqualTo(40);
    assertThat(stats.assistantTokens()).isEqualTo(3);
  }

  @Test
  void toolCallsAndToolDefinitionsAreCounted() throws IOException {
    String line = "{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\","
        + "\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"fn\","
        + "\"arguments\":\"{}\"}}]}],\"tools\":[{\"type\":\"function\"}]}";

    DatasetStatistics stats = DatasetValidator.builder().rules(CHARS).build()
        .validate(write("train.jsonl", List.of(line))).statistics();

    // (3+4+1) + (3+9+0+2+2) + 3 + {"type":"function"} (19 characters)
    assertThat(stats.totalTokens()).isEqualTo(8 + 16 + 3 + 19);
    assertThat(stats.assistantTokens()).isEqualTo(4);
  }

  @Test
  void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() throws IOException {
    List<String> lines = List.of(chat("x".repeat(3), "yyyyy"), chat("x".repeat(13), "yyyyy"));

    DatasetStatistics stats = DatasetValidator.builder().rules(CHARS).build()
        .validate(write("train.jsonl", lines)).statistics();

    assertThat(stats.medianTokens()).isEqualTo(35.0);
  }

  @Test
  void everyProblemIsCountedButOnlyTheCapIsKept() throws IOException {
    List<String> lines = new ArrayList<>(goodLines(10));
    for (int i = 0; i < 25; i++) {
      lines.add("not json " + i);
    }
    ValidationReport report = DatasetValidator.builder().maxFindings(5).build().validate(write("train.jsonl", lines));

    assertThat(report.findings()).hasSize(5);
    assertThat(report.count(FindingCode.INVALID_JSON)).isEqualTo(25);
    assertThat(report.findingCount()).isEqualTo(25);
    assertThat(report.isTruncated()).isTrue();
    assertThat(report.findings()).extracting(Finding::line).containsExactly(11L, 12L, 13L, 14L, 15L);
  }

  @Test
  void aBadLineDoesNotHideTheProblemsOfLaterLines() throws IOException {
    List<String> lines = new ArrayList<>(goodLines(10));
    lines.add("{");
    lines.add("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    lines.add("{\"messages\":[{\"role\":\"bot\",\"content\":\"Hi\"},{\"role\":\"assistant\"}]}");

    ValidationReport report = DatasetValidator.builder().build().validate(write("train.jsonl", lines));

    assertThat(report.findings()).extracting(Finding::line, Finding::code).containsExactly(
        org.assertj.core.groups.Tuple.tuple(11L, FindingCode.INVALID_JSON),
        org.assertj.core.groups.Tuple.tuple(12L, FindingCode.NO_ASSISTANT_MESSAGE),
        org.assertj.core.groups.Tuple.tuple(13L, FindingCode.UNKNOWN_ROLE),
        org.assertj.core.groups.Tuple.tuple(13L, FindingCode.MISSING_CONTENT));
    assertThat(report.statistics().exampleCount()).isEqualTo(10);
  }

  @Test
  void toolCallsContentPartsDeveloperRoleAndWeightsAreAccepted() throws IOException {
    List<String> lines = new ArrayList<>(goodLines(10));
    lines.add("{\"messages\":[{\"role\":\"developer\",\"content\":\"Use tools.\"},"
        + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is this?\"},"
        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AAAA\"}}]},"
        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
        + "\"function\":{\"name\":\"lookup\",\"arguments\":\"{}\"}}],\"weight\":0},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"a cat\"},"
        + "{\"role\":\"assistant\",\"content\":\"A cat.\",\"weight\":1}],"
        + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"parameters\":{}}}],"
        + "\"parallel_tool_calls\":false}");

    ValidationReport report = DatasetValidator.builder().build().validate(write("train.jsonl", lines));

    assertThat(report.findings()).isEmpty();
    assertThat(report.statistics().exampleCount()).isEqualTo(11);
  }

  @Test
  void extraTopLevelKeysAreWarningsSoReinforcementDataStaysValid() throws IOException {
    List<String> lines = goodLines(10).stream()
        .map(line -> line.substring(0, line.length() - 1) + ",\"reference_answer\":\"42\"}")
        .collect(Collectors.toList());

    ValidationReport report = DatasetValidator.builder().build().validate(write("train.jsonl", lines));

    assertThat(report.isValid()).isTrue();
    assertThat(report.count(FindingCode.UNKNOWN_KEY)).isEqualTo(10);
    assertThat(report.findings().get(0).field()).contains("reference_answer");
  }

  @Test
  void reinforcementDataNeedsNoAssistantAnswerAndKeepsGraderKeysQuietly() throws IOException {
    List<String> lines = IntStream.range(0, 10).mapToObj(i -> "{\"messages\":[{\"role\":\"developer\","
        + "\"content\":\"Solve.\"},{\"role\":\"user\",\"content\":\"" + i + "+1?\"}],"
        + "\"reference_answer\":\"" + (i + 1) + "\"}").collect(Collectors.toList());

    ValidationReport report = DatasetValidator.builder().reinforcement(true).build()
        .validate(write("train.jsonl", lines));

    assertThat(report.findings()).isEmpty();
    assertThat(report.statistics().exampleCount()).isEqualTo(10);
  }

  @Test
  void trlPreferenceDataIsValidated() throws IOException {
    List<String> lines = IntStream.range(0, 10).mapToObj(i -> "{\"prompt\":[{\"role\":\"user\",\"content\":\"q" + i
        + "\"}],\"chosen\":[{\"role\":\"assistant\",\"content\":\"good\"}],"
        + "\"rejected\":[{\"role\":\"user\",\"content\":\"bad\"}]}").collect(Collectors.toList());

    ValidationReport report = DatasetValidator.builder().format(DatasetFormat.TRL_PREFERENCE).build()
        .validate(write("train.jsonl", lines));

    assertThat(report.count(FindingCode.INVALID_PREFERENCE_OUTPUT)).isEqualTo(10);
    assertThat(report.findings().get(0).field()).contains("rejected[0].role");
  }

  @Test
  void linesOfAnotherFormatThanTheExpectedOneAreMismatches() throws IOException {
    ValidationReport report = DatasetValidator.builder().format(DatasetFormat.OPENAI_PREFERENCE).build()
        .validate(write("train.jsonl", goodLines(10)));

    assertThat(report.count(FindingCode.FORMAT_MISMATCH)).isEqualTo(10);
    assertThat(report.findings().get(0).message()).contains("OPENAI_CHAT").contains("OPENAI_PREFERENCE");
  }

  @Test
  void trlMessagesAcceptsTheSharedChatShape() throws IOException {
    ValidationReport report = DatasetValidator.builder().format(DatasetFormat.TRL_MESSAGES).build()
        .validate(write("train.jsonl", goodLines(10)));

    assertThat(report.isValid()).isTrue();
  }

  @Test
  void withoutRulesTokensAreEstimatedWithoutALimitAndTheStatisticsSaySo() throws IOException {
    List<String> lines = new ArrayList<>(goodLines(1));
    lines.add(chat("word ".repeat(100_000), "ok"));

    DatasetValidator validator = DatasetValidator.builder().build();
    ValidationReport report = validator.validate(write("train.jsonl", lines));

    assertThat(validator.rules()).isEqualTo(DatasetRules.estimate());
    assertThat(report.isValid()).isTrue();
    assertThat(report.findings()).isEmpty();
    assertThat(report.statistics().exactCounts()).isFalse();
    assertThat(report.statistics().tokenLimit()).isEmpty();
    assertThat(report.statistics().billableTokens()).isEqualTo(report.statistics().totalTokens());
  }

  @Test
  void theStatisticsOfBothFilesFollowTheExactnessOfTheCounter() throws IOException {
    Path train = write("train.jsonl", goodLines(2));
    Path validation = write("validation.jsonl", List.of(chat("other", "answer")));

    ValidationReport report = DatasetValidator.builder().rules(CHARS).build().validate(train, validation);

    assertThat(report.statistics().exactCounts()).isTrue();
    assertThat(report.validationStatistics()).hasValueSatisfying(s -> assertThat(s.exactCounts()).isTrue());
  }

  @Test
  void examplesOverALimitTheProviderTruncatesAreWarnings() throws IOException {
    List<String> lines = new ArrayList<>(goodLines(10));
    lines.add(chat("word ".repeat(5000), "ok"));
    DatasetRules rules = DatasetRules.builder().tokenCounter(TokenCounters.cl100k())
        .maxTokensPerExample(4_096, DatasetRules.OverLimit.TRUNCATED).build();

    ValidationReport report = DatasetValidator.builder().rules(rules).build().validate(write("train.jsonl", lines));

    assertThat(report.isValid()).isTrue();
    assertThat(report.findings(FindingCode.OVER_TOKEN_LIMIT)).singleElement().satisfies(f -> {
      assertThat(f.line()).isEqualTo(11L);
      assertThat(f.message()).contains("more than the 4096").contains("truncates").doesNotContain("estimated");
    });
    assertThat(report.statistics().tokenLimit()).hasValue(4_096);
    assertThat(report.statistics().billableTokens())
        .isEqualTo(report.statistics().totalTokens() - report.statistics().maxTokens() + 4_096);
  }

  @Test
  void anEstimatedLengthOverTheLimitSaysItIsEstimated() throws IOException {
    DatasetRules rules = DatasetRules.builder().maxTokensPerExample(50, DatasetRules.OverLimit.TRUNCATED).build();

    ValidationReport report = DatasetValidator.builder().rules(rules).build()
        .validate(write("train.jsonl", List.of(chat("x".repeat(400), "ok"))));

    assertThat(report.findings(FindingCode.OVER_TOKEN_LIMIT)).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("(estimated)"));
  }

  @Test
  void examplesOverALimitTheProviderRejectsAreErrors() throws IOException {
    DatasetRules rules = CHARS.toBuilder().maxTokensPerExample(30, DatasetRules.OverLimit.REJECTED).build();

    ValidationReport report = DatasetValidator.builder().rules(rules).build()
        .validate(write("train.jsonl", List.of(chat("x", "y"), chat("x".repeat(50), "y"))));

    assertThat(report.isValid()).isFalse();
    assertThat(report.findings(FindingCode.EXAMPLE_TOO_LONG)).extracting(Finding::line).containsExactly(2L);
    assertThat(report.count(FindingCode.OVER_TOKEN_LIMIT)).isZero();
  }

  @Test
  void theRulesSetTheFewestExamples() throws IOException {
    DatasetRules rules = DatasetRules.builder().minExamples(10).build();

    ValidationReport report = DatasetValidator.builder().rules(rules).build()
        .validate(write("train.jsonl", goodLines(9)));

    assertThat(report.findings(FindingCode.TOO_FEW_EXAMPLES)).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("at least 10"));
  }

  @Test
  void theExceptionListsEachFindingOnOneLine() throws IOException {
    List<String> lines = new ArrayList<>(goodLines(10));
    lines.add("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\"}]}");
    ValidationReport report = DatasetValidator.builder().build().validate(write("train.jsonl", lines));

    assertThatThrownBy(report::throwIfInvalid)
        .isInstanceOfSatisfying(DatasetValidationException.class, e -> {
          assertThat(e.report()).isSameAs(report);
          assertThat(e.problems()).hasSize(1);
          assertThat(e.problems().get(0))
              .startsWith("train.jsonl:11: messages[1].content: MISSING_CONTENT (ERROR) ");
          assertThat(e.getMessage()).isEqualTo("train.jsonl: 1 error, 0 warnings, 10 examples");
        });
  }

  @Test
  void aValidReportDoesNotThrow() throws IOException {
    DatasetValidator.builder().build().validate(write("train.jsonl", goodLines(10))).throwIfInvalid();
  }

  @Test
  void theValidationFileGetsItsOwnStatistics() throws IOException {
    Path train = write("train.jsonl", goodLines(10));
    Path validation = write("validation.jsonl", List.of(chat("other", "answer")));

    ValidationReport report = DatasetValidator.builder().build().validate(train, validation);

    assertThat(report.statistics().exampleCount()).isEqualTo(10);
    assertThat(report.validationStatistics()).hasValueSatisfying(s -> assertThat(s.exampleCount()).isEqualTo(1));
    assertThat(report.isValid()).isTrue();
  }

  @Test
  void duplicatesIgnoreKeyOrderWhiteSpaceAndNumberSpelling() throws IOException {
    List<String> lines = new ArrayList<>(goodLines(10));
    lines.add("{\"messages\":[{\"role\":\"user\",\"content\":\"w\"},{\"role\":\"assistant\",\"content\":\"x\","
        + "\"weight\":1}]}");
    lines.add("{ \"messages\" : [ {\"content\":\"w\", \"role\":\"user\"}, {\"weight\":1.0, \"role\":\"assistant\","
        + " \"content\":\"x\"} ] }");

    ValidationReport report = DatasetValidator.builder().build().validate(write("train.jsonl", lines));

    assertThat(report.findings(FindingCode.DUPLICATE_EXAMPLE)).singleElement()
        .satisfies(f -> assertThat(f.line()).isEqualTo(12))
        .satisfies(f -> assertThat(f.message()).contains("line 11"));
  }

  @Test
  void aDuplicateInsideTheValidationFileNamesItsValidationLine() throws IOException {
    Path train = write("train.jsonl", goodLines(10));
    Path validation = write("validation.jsonl", List.of(chat("v1", "a"), chat("v2", "b"), chat("v1", "a")));

    ValidationReport report = DatasetValidator.builder().build().validate(train, validation);

    assertThat(report.findings(FindingCode.DUPLICATE_EXAMPLE)).singleElement().satisfies(f -> {
      assertThat(f.file()).isEqualTo("validation.jsonl");
      assertThat(f.line()).isEqualTo(3);
      assertThat(f.message()).isEqualTo("same example as line 1");
    });
  }

  @Test
  void duplicatesBeyondTheCapAreCountedWithoutBeingKept() throws IOException {
    List<String> lines = new ArrayList<>(goodLines(10));
    lines.addAll(goodLines(10));

    ValidationReport report = DatasetValidator.builder().maxFindings(3).build().validate(write("train.jsonl", lines));

    assertThat(report.count(FindingCode.DUPLICATE_EXAMPLE)).isEqualTo(10);
    assertThat(report.findings()).extracting(Finding::message)
        .containsExactly("same example as line 1", "same example as line 2", "same example as line 3");
  }

  @Test
  void aMissingFileIsAnIoError() {
    assertThatThrownBy(() -> DatasetValidator.builder().build().validate(dir.resolve("absent.jsonl")))
        .isInstanceOf(dev.finetune4j.error.LocalIoException.class).hasMessageContaining("absent.jsonl");
  }

  @Test
  void builderSettersRejectBadValuesWithClearMessages() {
    assertThatThrownBy(() -> DatasetValidator.builder().maxFindings(-1))
        .hasMessage("maxFindings must be 0 or more, was -1");
    assertThatThrownBy(() -> DatasetValidator.builder().rules(null)).hasMessage("rules");
  }

  @Test
  void toBuilderKeepsTheSettings() throws IOException {
    DatasetRules rules = DatasetRules.builder().minExamples(20)
        .maxTokensPerExample(7, DatasetRules.OverLimit.TRUNCATED).build();
    DatasetValidator validator = DatasetValidator.builder().rules(rules).build();

    ValidationReport report = validator.toBuilder().build().validate(write("train.jsonl", goodLines(10)));

    assertThat(report.count(FindingCode.TOO_FEW_EXAMPLES)).isEqualTo(1);
    assertThat(report.statistics().tokenLimit()).hasValue(7);
  }
}
