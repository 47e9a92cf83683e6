package dev.finetune4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.error.FineTuningException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalReportTest {
  private static final EvalSet SET = EvalSet.of("s", List.of(EvalCase.of("1", "q", "r"), EvalCase.of("2", "q", "r")));

  private static EvalReport report() {
    return Evaluation.builder().evalSet(SET)
        .candidate(Candidate.zeroShot("tuned", FakeModel.answering("t", q -> "r")))
        .candidate(Candidate.zeroShot("base", FakeModel.answering("b", q -> "x")))
        .scorer(Scorers.exactMatch()).build().run();
  }

  @Test
  void comparesAnyTwoCandidatesOnDemand() {
    Comparison c = report().compare("base", "tuned", "exact_match");

    assertThat(c.losses()).isEqualTo(2);
    assertThat(c.meanDifference()).isEqualTo(-1);
  }

  @Test
  void comparingAnUnknownCandidateOrScorerSaysWhatExists() {
    EvalReport report = report();

    assertThatThrownBy(() -> report.compare("tuned", "gpt", "exact_match"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[tuned, base]");
    assertThatThrownBy(() -> report.compare("tuned", "base", "f1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[exact_match]");
  }

  @Test
  void writesJsonThatReadsBackAsTheSameReport(@TempDir Path dir) throws Exception {
    EvalReport report = report();
    Path file = dir.resolve("report.json");

    report.writeJson(file);

    assertThat(EvalReport.fromJson(java.nio.file.Files.readString(file))).isEqualTo(report);
  }

  @Test
  void readingSomethingElseFailsWithAClearMessage() {
    assertThatThrownBy(() -> EvalReport.fromJson("[1,2]")).isInstanceOf(FineTuningException.class)
        .hasMessageStartingWith("not an evaluation report");
  }

  @Test
  void resultsOfOneCandidateComeInCaseOrder() {
    assertThat(report().resultsOf("base")).extracting(CaseResult::caseId).containsExactly("1", "2");
  }

  @Test
  void aCaseResultHasEitherAnAnswerOrAnError() {
    assertThatThrownBy(() -> new CaseResult("a", "1", java.util.Optional.empty(), java.util.Map.of(), 0, 0,
        Duration.ZERO, java.util.Optional.empty(), java.util.Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("either an answer or an error");
  }
}
