package dev.finetune4j.eval.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.error.LocalValidationException;
import dev.finetune4j.eval.CaseResult;
import dev.finetune4j.eval.Score;
import dev.finetune4j.spi.http.Json;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsFileTest {
  @TempDir
  Path dir;

  private static CaseResult answered() {
    Map<String, Score> scores = new LinkedHashMap<>();
    scores.put("exact_match", Score.of(1));
    scores.put("grader", Score.of(0.5, "half right"));
    scores.put("broken", Score.error("unreadable grade"));
    return new CaseResult("tuned", "q7", Optional.of("Ünïcode \"quoted\"\nanswer"), scores, 12, 3,
        Duration.ofNanos(1_234_567_891), Optional.of("length"), Optional.empty());
  }

  private static CaseResult failed() {
    return new CaseResult("base", "q7", Optional.empty(), Map.of(), 0, 0, Duration.ofMillis(5), Optional.empty(),
        Optional.of("TransportException: down"));
  }

  private Path written(CaseResult... results) {
    Path file = dir.resolve("results.jsonl");
    try (ResultsFile out = ResultsFile.openForAppend(file)) {
      for (CaseResult r : results) {
        out.append(r);
      }
    }
    return file;
  }

  private Path fixture() throws Exception {
    Path file = dir.resolve("old.jsonl");
    try (InputStream in = ResultsFileTest.class.getResourceAsStream("results-unversioned.jsonl")) {
      Files.copy(in, file);
    }
    return file;
  }

  @Test
  void eachLineStartsWithTheFormatNameAndVersion() throws Exception {
    Path file = written(answered(), failed());

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2).allSatisfy(line -> {
      JsonNode json = Json.parse(line);
      List<String> names = new ArrayList<>();
      json.fieldNames().forEachRemaining(names::add);
      assertThat(names.subList(0, 2)).containsExactly("format", "version");
      assertThat(json.path("format").asText()).isEqualTo("finetune4j-eval-results");
      assertThat(json.path("version").asInt()).isEqualTo(1);
    });
  }

  @Test
  void aLineHoldsTheDocumentedFieldsInOrder() throws Exception {
    Path file = written(answered());

    JsonNode json = Json.parse(Files.readAllLines(file).get(0));
    List<String> names = new ArrayList<>();
    json.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly("format", "version", "candidate", "caseId", "answer", "scores", "inputTokens",
        "outputTokens", "latency", "finishReason");
    assertThat(json.path("latency").asText()).isEqualTo("PT1.234567891S");
    assertThat(json.path("scores").path("grader").path("explanation").asText()).isEqualTo("half right");
  }

  @Test
  void resultsWrittenAreLoadedBackEqualInFileOrder() {
    Path file = written(answered(), failed());

    Map<String, CaseResult> loaded = ResultsFile.load(file);

    assertThat(loaded.values()).containsExactly(answered(), failed());
    assertThat(loaded.get(ResultsFile.key("tuned", "q7")).scores()).containsOnlyKeys("exact_match", "grader",
        "broken");
  }

  @Test
  void aFileWrittenBeforeTheFormatWasVersionedIsLoaded() throws Exception {
    Map<String, CaseResult> loaded = ResultsFile.load(fixture());

    assertThat(loaded).hasSize(6);
    CaseResult first = loaded.get(ResultsFile.key("tuned", "1"));
    assertThat(first.answer()).hasValue("r1");
    assertThat(first.latency()).isEqualTo(Duration.ofMillis(250));
    assertThat(first.scores().keySet()).containsExactly("exact_match", "explained", "broken");
    assertThat(first.score("exact_match").orElseThrow().value().getAsDouble()).isEqualTo(1.0);
    CaseResult failedOne = loaded.get(ResultsFile.key("base", "1"));
    assertThat(failedOne.succeeded()).isFalse();
    assertThat(failedOne.latency()).isEqualTo(Duration.ofNanos(28_883));
  }

  @Test
  void newLinesAppendedToAnUnversionedFileAreLoadedWithTheOldOnes() throws Exception {
    Path file = fixture();
    try (ResultsFile out = ResultsFile.openForAppend(file)) {
      out.append(answered());
    }

    Map<String, CaseResult> loaded = ResultsFile.load(file);

    assertThat(loaded).hasSize(7);
    assertThat(loaded.get(ResultsFile.key("tuned", "q7"))).isEqualTo(answered());
  }

  @Test
  void aLineOfANewerVersionIsRefusedNamingTheFileAndLine() throws Exception {
    Path file = written(answered());
    Files.writeString(file, "{\"format\":\"finetune4j-eval-results\",\"version\":2,\"candidate\":\"a\"}\n",
        StandardOpenOption.APPEND);

    assertThatThrownBy(() -> ResultsFile.load(file))
        .isInstanceOfSatisfying(LocalValidationException.class, e -> {
          assertThat(e.getMessage()).contains(file.toString(), "line 2", "version 2", "reads up to version 1");
          assertThat(e.problems()).singleElement().asString().startsWith(file + ":2: line is version 2");
        });
  }

  @Test
  void aLineOfAnotherFormatIsRefused() throws Exception {
    Path file = dir.resolve("other.jsonl");
    Files.writeString(file, "{\"format\":\"finetune4j-report\",\"version\":1}\n");

    assertThatThrownBy(() -> ResultsFile.load(file))
        .isInstanceOf(LocalValidationException.class)
        .hasMessageContaining("line 1 has the format \"finetune4j-report\"");
  }

  @Test
  void aLineThatIsNotAResultIsSkipped() throws Exception {
    Path file = written(answered());
    Files.writeString(file, "{\"format\":\"finetune4j-eval-results\",\"version\":1,\"caseId\":\"x\"}\n"
        + "{\"candidate\":\"a\",\"caseId\":\"1\",\"answer\":\"x\",\"latency\":\"soon\"}\n", StandardOpenOption.APPEND);

    assertThat(ResultsFile.load(file).values()).containsExactly(answered());
  }
}
