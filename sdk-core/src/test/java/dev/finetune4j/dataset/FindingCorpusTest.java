package dev.finetune4j.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One bad case per finding code, in {@code src/test/resources/dataset/findings/CODE.jsonl}: the validator must
 * report the code on the expected line and field.
 */
class FindingCorpusTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(FindingCode.INVALID_JSON, 2, null),
        Arguments.of(FindingCode.INVALID_ENCODING, 2, null),
        Arguments.of(FindingCode.LINE_TOO_LONG, 2, null),
        Arguments.of(FindingCode.BLANK_LINE, 2, null),
        Arguments.of(FindingCode.NOT_AN_OBJECT, 2, null),
        Arguments.of(FindingCode.WRONG_TYPE, 2, "messages[1].content"),
        Arguments.of(FindingCode.FORMAT_MISMATCH, 2, null),
        Arguments.of(FindingCode.UNKNOWN_KEY, 2, "metadata"),
        Arguments.of(FindingCode.MISSING_MESSAGES, 2, "messages"),
        Arguments.of(FindingCode.EMPTY_MESSAGES, 2, "messages"),
        Arguments.of(FindingCode.MISSING_ROLE, 2, "messages[0].role"),
        Arguments.of(FindingCode.UNKNOWN_ROLE, 2, "messages[1].role"),
        Arguments.of(FindingCode.MISSING_CONTENT, 2, "messages[1].content"),
        Arguments.of(FindingCode.INVALID_TOOL_CALL, 2, "messages[1].tool_calls[0].function.arguments"),
        Arguments.of(FindingCode.NO_ASSISTANT_MESSAGE, 2, "messages"),
        Arguments.of(FindingCode.INVALID_WEIGHT, 2, "messages[1].weight"),
        Arguments.of(FindingCode.MISSING_FIELD, 2, "non_preferred_output"),
        Arguments.of(FindingCode.EMPTY_PROMPT, 2, "prompt"),
        Arguments.of(FindingCode.EMPTY_COMPLETION, 2, "completion"),
        Arguments.of(FindingCode.INVALID_PREFERENCE_OUTPUT, 2, "preferred_output"),
        Arguments.of(FindingCode.OVER_TOKEN_LIMIT, 2, null),
        Arguments.of(FindingCode.EXAMPLE_TOO_LONG, 2, null),
        Arguments.of(FindingCode.TOO_FEW_EXAMPLES, 0, null),
        Arguments.of(FindingCode.DUPLICATE_EXAMPLE, 3, null),
        Arguments.of(FindingCode.TRAIN_VALIDATION_OVERLAP, 2, null));
  }

  @ParameterizedTest(name = "{0} is reported on line {1}, field {2}")
  @MethodSource("cases")
  void eachCodeIsReportedOnItsLineAndField(FindingCode code, int line, String field) {
    ValidationReport report = validate(code);

    List<Finding> findings = report.findings(code);
    assertThat(findings).as(report.findings().toString()).hasSize(1);
    Finding finding = findings.get(0);
    assertThat(finding.line()).isEqualTo(line);
    assertThat(finding.field()).isEqualTo(Optional.ofNullable(field));
    assertThat(finding.severity()).isEqualTo(code.severity());
    assertThat(finding.message()).isNotBlank();
    assertThat(report.count(code)).isEqualTo(1);
  }

  @Test
  void everyFindingCodeHasACaseInTheCorpus() {
    Set<FindingCode> covered = cases().map(arguments -> (FindingCode) arguments.get()[0]).collect(Collectors.toSet());

    assertThat(covered).containsExactlyInAnyOrder(FindingCode.values());
  }

  @Test
  void aDuplicateNamesTheLineItRepeats() {
    Finding finding = validate(FindingCode.DUPLICATE_EXAMPLE).findings(FindingCode.DUPLICATE_EXAMPLE).get(0);

    assertThat(finding.message()).contains("line 1");
  }

  @Test
  void anOverlapNamesTheValidationFileAndTheTrainingLine() {
    Finding finding =
        validate(FindingCode.TRAIN_VALIDATION_OVERLAP).findings(FindingCode.TRAIN_VALIDATION_OVERLAP).get(0);

    assertThat(finding.file()).isEqualTo("TRAIN_VALIDATION_OVERLAP.validation.jsonl");
    assertThat(finding.message()).contains("line 1 of the training file");
  }

  @Test
  void onlyTheCodesOfBadLinesAreErrors() {
    Set<FindingCode> warnings = Arrays.stream(FindingCode.values())
        .filter(code -> code.severity() == Finding.Severity.WARNING).collect(Collectors.toSet());

    assertThat(warnings).containsExactlyInAnyOrder(FindingCode.UNKNOWN_KEY, FindingCode.OVER_TOKEN_LIMIT,
        FindingCode.DUPLICATE_EXAMPLE, FindingCode.TRAIN_VALIDATION_OVERLAP);
  }

  private static ValidationReport validate(FindingCode code) {
    DatasetRules.Builder rules = DatasetRules.builder();
    if (code == FindingCode.OVER_TOKEN_LIMIT) {
      rules.maxTokensPerExample(30, DatasetRules.OverLimit.TRUNCATED);
    } else if (code == FindingCode.EXAMPLE_TOO_LONG) {
      rules.maxTokensPerExample(30, DatasetRules.OverLimit.REJECTED);
    } else if (code == FindingCode.TOO_FEW_EXAMPLES) {
      rules.minExamples(10);
    }
    DatasetValidator validator = DatasetValidator.builder().rules(rules.build()).build();
    Path file = code == FindingCode.LINE_TOO_LONG ? tooLongLineFile() : resource(code.name() + ".jsonl");
    if (code == FindingCode.TRAIN_VALIDATION_OVERLAP) {
      return validator.validate(file, resource(code.name() + ".validation.jsonl"));
    }
    return validator.validate(file);
  }

  /** A file whose second line is one byte longer than a line may be (written at run time, not kept in the repo). */
  private static Path tooLongLineFile() {
    try {
      Path file = Files.createTempFile("LINE_TOO_LONG", ".jsonl");
      file.toFile().deleteOnExit();
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
        out.write("{\"prompt\":\"a\",\"completion\":\"b\"}\n".getBytes(StandardCharsets.UTF_8));
        byte[] run = new byte[1 << 16];
        Arrays.fill(run, (byte) 'x');
        for (int i = 0; i < JsonlReader.MAX_LINE_BYTES / run.length; i++) {
          out.write(run);
        }
        out.write("x\n".getBytes(StandardCharsets.UTF_8));
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path resource(String name) {
    try {
      return Path.of(FindingCorpusTest.class.getResource("/dataset/findings/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
