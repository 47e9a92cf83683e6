package dev.finetune4j.eval;

import dev.finetune4j.RawJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScorersTest {
  private static EvalCase ref(String reference) {
    return EvalCase.of("1", "q", reference);
  }

  private static double score(Scorer scorer, String reference, String answer) {
    Score s = scorer.score(ref(reference), answer);
    assertThat(s.error()).isEmpty();
    return s.value().getAsDouble();
  }

  @Test
  void exactMatchIgnoresOnlySurroundingWhitespace() {
    assertThat(score(Scorers.exactMatch(), "Paris", "  Paris\n")).isEqualTo(1);
    assertThat(score(Scorers.exactMatch(), "Paris", "paris")).isEqualTo(0);
    assertThat(score(Scorers.exactMatch(), "Paris", "Paris.")).isEqualTo(0);
  }

  @Test
  void normalizedMatchIgnoresCasePunctuationArticlesAndSpacing() {
    assertThat(score(Scorers.normalizedMatch(), "The Eiffel Tower", "eiffel   tower!")).isEqualTo(1);
    assertThat(score(Scorers.normalizedMatch(), "an apple", "Apple.")).isEqualTo(1);
    assertThat(score(Scorers.normalizedMatch(), "an apple", "a pear")).isEqualTo(0);
  }

  @Test
  void containsLooksForTheReferenceAsWholeNormalisedWords() {
    assertThat(score(Scorers.contains(), "Paris", "The answer is PARIS.")).isEqualTo(1);
    assertThat(score(Scorers.contains(), "Paris", "Parisian food")).isEqualTo(0);
  }

  @Test
  void containsReportsAnErrorForAReferenceThatNormalisesToNothing() {
    assertThat(Scorers.contains().score(ref("the"), "anything").error()).isPresent();
  }

  @Test
  void regexPassesWhenThePatternIsFoundAnywhere() {
    Scorer scorer = Scorers.regex("\\b\\d{2} minutes\\b");
    assertThat(score(scorer, "", "Simmer for 20 minutes, then serve.")).isEqualTo(1);
    assertThat(score(scorer, "", "Simmer for a while.")).isEqualTo(0);
  }

  @Test
  void regexRejectsAnInvalidExpressionAtOnce() {
    assertThatThrownBy(() -> Scorers.regex("(")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a valid regular expression");
  }

  @Test
  void validJsonAcceptsOneValueAlsoInsideACodeFence() {
    assertThat(score(Scorers.validJson(), "", "{\"a\": 1}")).isEqualTo(1);
    assertThat(score(Scorers.validJson(), "", "```json\n{\"a\": [1, 2]}\n```")).isEqualTo(1);
    assertThat(score(Scorers.validJson(), "", "{\"a\": 1} trailing")).isEqualTo(0);
    assertThat(score(Scorers.validJson(), "", "Sure! {\"a\": 1")).isEqualTo(0);
    assertThat(score(Scorers.validJson(), "", "")).isEqualTo(0);
  }

  @Test
  void jsonFieldsGivesTheShareOfPathsHoldingTheExpectedValue() {
    Scorer scorer = Scorers.jsonFields(Map.of("/dish", "soup", "servings", 4, "items[1].name", "salt",
        "vegan", true));
    String answer = "{\"dish\":\"soup\",\"servings\":4.0,\"vegan\":false,"
        + "\"items\":[{\"name\":\"water\"},{\"name\":\"salt\"}]}";

    Score s = scorer.score(ref(""), answer);

    assertThat(s.value().getAsDouble()).isEqualTo(0.75);
    assertThat(s.explanation()).contains("fields that differ: vegan");
  }

  @Test
  void jsonFieldsGivesZeroWhenTheAnswerIsNotJson() {
    assertThat(score(Scorers.jsonFields(Map.of("a", 1)), "", "a is 1")).isEqualTo(0);
  }

  @Test
  void jsonFieldsRejectsAMalformedPath() {
    assertThatThrownBy(() -> Scorers.jsonFields(Map.of("a..b", 1))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a..b");
  }

  @Test
  void jsonFieldsOfReferenceComparesTheSamePathsOfAnswerAndReference() {
    Scorer scorer = Scorers.jsonFieldsOfReference("name", "/qty", "unit");
    String reference = "{\"name\":\"flour\",\"qty\":200,\"unit\":\"g\"}";

    assertThat(score(scorer, reference, "{\"name\":\"flour\",\"qty\":200,\"unit\":\"oz\"}"))
        .isCloseTo(2.0 / 3, within(1e-12));
    assertThat(scorer.score(ref("not json"), "{}").error()).isPresent();
  }

  @Test
  void tokenF1MatchesTheSquadDefinition() {
    // answer tokens [cat, sat]; reference tokens [cat, sat, on, mat]: precision 1, recall 1/2, F1 2/3
    assertThat(score(Scorers.tokenF1(), "A cat sat on the mat.", "The cat sat")).isCloseTo(2.0 / 3, within(1e-12));
    // repeated tokens count once per occurrence: answer [go, go, go], reference [go]: p 1/3, r 1, F1 1/2
    assertThat(score(Scorers.tokenF1(), "go", "go go go")).isCloseTo(0.5, within(1e-12));
    assertThat(score(Scorers.tokenF1(), "red", "blue")).isEqualTo(0);
    assertThat(score(Scorers.tokenF1(), "the", "a")).isEqualTo(1);
  }

  @Test
  void rougeLIsTheFMeasureOfTheLongestCommonSubsequenceOfWords() {
    // answer 7 words, reference 6, LCS "the cat was under the bed" = 6: P 6/7, R 1, F 12/13
    assertThat(score(Scorers.rougeL(), "the cat was under the bed", "The cat was found under the bed."))
        .isCloseTo(12.0 / 13, within(1e-12));
    // order matters: LCS of [a b c d] and [d c b a] is 1, so P = R = 1/4
    assertThat(score(Scorers.rougeL(), "w x y z", "z y x w")).isCloseTo(0.25, within(1e-12));
  }

  @Test
  void passIfTurnsAPredicateIntoAPassFailScore() {
    Scorer shortAnswer = Scorers.passIf("short", (c, answer) -> answer.length() <= 10);
    assertThat(shortAnswer.name()).isEqualTo("short");
    assertThat(score(shortAnswer, "", "yes")).isEqualTo(1);
    assertThat(score(shortAnswer, "", "a very long answer")).isEqualTo(0);
  }

  @Test
  void aCustomScorerCanUseTheCaseMetadata() {
    Scorer byTopic = Scorer.of("topic_len", (c, answer) ->
        Score.pass(answer.contains(c.metadata().text("topic").orElseThrow())));
    EvalCase c = new EvalCase("1", List.of(dev.finetune4j.model.ChatMessage.user("q")), "r",
        RawJson.parse("{\"topic\":\"soup\"}"));
    assertThat(byTopic.score(c, "a soup recipe").value().getAsDouble()).isEqualTo(1);
  }

  @Test
  void aScorerCanBeRenamed() {
    assertThat(Scorers.exactMatch().named("em_strict").name()).isEqualTo("em_strict");
  }

  @Test
  void aScoreOutsideZeroToOneIsRejected() {
    assertThatThrownBy(() -> Score.of(1.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 0 and 1");
  }
}
