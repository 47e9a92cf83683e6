package dev.finetune4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.finetune4j.error.TransportException;
import dev.finetune4j.eval.internal.GradeParser;
import dev.finetune4j.model.ChatRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelGradedScorerTest {
  private static final EvalCase CASE = EvalCase.of("7", "How long to boil an egg?", "About 7 minutes.");

  @ParameterizedTest(name = "\"{0}\" reads as {1}")
  @CsvSource(delimiter = '|', value = {
      "The answer matches the reference. Grade: 4/5|0.8",
      "Reasoning...\\nGrade: 5/5|1.0",
      "**Grade:** 3|0.6",
      "score: 0.8|0.8",
      "Score = 1.0|1.0",
      "{\"score\": 4}|0.8",
      "```json\\n{\"reasoning\": \"close\", \"grade\": \"2/5\"}\\n```|0.4",
      "4|0.8",
      "0|0.0",
      "I would rate it 7 out of 10.|0.7",
      "Rating: 90%|0.9",
      "Grade: 2/5. On reflection, Grade: 3/5|0.6"
  })
  void readsTheGradeOfManyReplyStylesOnAScaleOfFive(String reply, double expected) {
    GradeParser.Result result = GradeParser.parse(reply.replace("\\n", "\n"), 5);

    assertThat(result.error()).isEmpty();
    assertThat(result.grade().getAsDouble()).isCloseTo(expected, within(1e-12));
  }

  @Test
  void aReplyWithoutAGradeIsAScoreErrorNotAnException() {
    ModelGradedScorer scorer = ModelGradedScorer.builder()
        .grader(FakeModel.answering("grader", q -> "The answer looks fine to me.")).build();

    Score score = scorer.score(CASE, "7 minutes");

    assertThat(score.value()).isEmpty();
    assertThat(score.error()).hasValueSatisfying(e -> assertThat(e).contains("no grade found"));
  }

  @Test
  void aGradeAboveTheScaleIsAScoreError() {
    assertThat(GradeParser.parse("Grade: 9", 5).error()).hasValueSatisfying(e -> assertThat(e).contains("outside"));
  }

  @Test
  void aFailingGraderIsAScoreError() {
    ModelGradedScorer scorer = ModelGradedScorer.builder().grader(new FakeModel("grader", r -> {
      throw new TransportException("connection reset", null);
    })).build();

    Score score = scorer.score(CASE, "7 minutes");

    assertThat(score.error()).hasValueSatisfying(e -> assertThat(e).contains("the grader grader failed"));
  }

  @Test
  void sendsQuestionReferenceAnswerAndRubricAndKeepsTheReplyAsExplanation() {
    FakeModel grader = FakeModel.answering("grader", q -> "Close enough.\nGrade: 3/4");
    ModelGradedScorer scorer = ModelGradedScorer.builder().grader(grader).rubric("Times must agree within a minute.")
        .maxGrade(4).temperature(0).timeout(Duration.ofSeconds(30)).build();

    Score score = scorer.score(CASE, "Six to seven minutes.");

    assertThat(score.value().getAsDouble()).isEqualTo(0.75);
    assertThat(score.explanation()).hasValue("Close enough.\nGrade: 3/4");
    ChatRequest sent = grader.requests.get(0);
    String prompt = sent.messages().get(1).text();
    assertThat(prompt).contains("Times must agree within a minute.", "How long to boil an egg?", "About 7 minutes.",
        "Six to seven minutes.");
    assertThat(sent.messages().get(0).text()).contains("Grade: N/4");
    assertThat(sent.temperature().getAsDouble()).isEqualTo(0);
    assertThat(sent.timeout()).hasValue(Duration.ofSeconds(30));
  }
}
