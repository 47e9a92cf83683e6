package dev.finetune4j.eval.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.finetune4j.eval.CandidateSummary;
import dev.finetune4j.eval.CaseResult;
import dev.finetune4j.eval.Comparison;
import dev.finetune4j.eval.ConfidenceInterval;
import dev.finetune4j.eval.Score;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ComparisonsTest {

  private static List<CaseResult> results(String candidate, double[] scores, long tokensIn) {
    List<CaseResult> list = new ArrayList<>();
    for (int i = 0; i < scores.length; i++) {
      list.add(new CaseResult(candidate, "c" + i, Optional.of("a"), Map.of("em", Score.of(scores[i])), tokensIn, 0,
          Duration.ofMillis(1), Optional.of("stop"), Optional.empty()));
    }
    return list;
  }

  private static CandidateSummary summary(String name, List<CaseResult> results) {
    return Summaries.summarise(name, name, results, List.of("em"), Optional.empty(), Optional.empty(), 2_000, 42,
        0.95);
  }

  private static Comparison compare(double[] a, long aTokens, double[] b, long bTokens) {
    List<CaseResult> ra = results("tuned", a, aTokens);
    List<CaseResult> rb = results("base", b, bTokens);
    return Comparisons.compare(summary("tuned", ra), ra, summary("base", rb), rb, "em", 2_000, 42, 0.95);
  }

  @Test
  void countsWinsTiesAndLossesCaseByCase() {
    Comparison c = compare(new double[] {1, 1, 0, 0, 0.5}, 10, new double[] {0, 1, 1, 0, 0.25}, 10);

    assertThat(c.pairs()).isEqualTo(5);
    assertThat(c.wins()).isEqualTo(2);
    assertThat(c.ties()).isEqualTo(2);
    assertThat(c.losses()).isEqualTo(1);
    assertThat(c.meanDifference()).isCloseTo((1 + 0 - 1 + 0 + 0.25) / 5, within(1e-12));
  }

  @Test
  void theDifferenceIntervalIsTheBootstrapOfThePairedDifferences() {
    double[] a = new double[40];
    double[] b = new double[40];
    double[] d = new double[40];
    for (int i = 0; i < 40; i++) {
      a[i] = i % 4 == 0 ? 0 : 1;
      b[i] = i % 2 == 0 ? 0 : 1;
      d[i] = a[i] - b[i];
    }

    Comparison c = compare(a, 10, b, 10);

    assertThat(c.interval()).isEqualTo(Statistics.bootstrapMean(d, 2_000, 42, 0.95));
  }

  @Test
  void aClearWinWithFewerTokensReadsAsOneLine() {
    double[] tuned = new double[20];
    double[] base = new double[20];
    java.util.Arrays.fill(tuned, 1);
    for (int i = 0; i < 20; i++) {
      base[i] = i < 15 ? 0 : 1;
    }

    Comparison c = compare(tuned, 65, base, 100);

    assertThat(c.outcome()).isEqualTo(Comparison.Outcome.CANDIDATE_BETTER);
    assertThat(c.tokenChange()).isCloseTo(-0.35, within(1e-12));
    assertThat(c.verdict()).startsWith("tuned beats base on em by 75.0 points (95% CI ")
        .endsWith(") and uses 35% fewer tokens per answer");
  }

  @Test
  void aClearLossNamesTheBaselineAsWinner() {
    double[] tuned = new double[20];
    double[] base = new double[20];
    java.util.Arrays.fill(base, 1);

    Comparison c = compare(tuned, 120, base, 100);

    assertThat(c.outcome()).isEqualTo(Comparison.Outcome.BASELINE_BETTER);
    assertThat(c.verdict()).isEqualTo("base beats tuned on em by 100.0 points (95% CI 100.0..100.0); "
        + "tuned uses 20% more tokens per answer");
  }

  @Test
  void anIntervalAcrossZeroIsNoSignificantDifference() {
    Comparison c = compare(new double[] {1, 0, 1, 0}, 50, new double[] {0, 1, 0, 1}, 100);

    assertThat(c.outcome()).isEqualTo(Comparison.Outcome.NO_SIGNIFICANT_DIFFERENCE);
    assertThat(c.verdict()).startsWith("no significant difference between tuned and base on em (mean difference 0.0 "
        + "points, 95% CI -").endsWith("); tuned uses 50% fewer tokens per answer");
  }

  @Test
  void verdictWordsTheCaseWithNothingToCompare() {
    String verdict = Comparisons.verdict("tuned", "base", "em", 0, 0, new ConfidenceInterval(0, 0, 0.95), 0,
        Comparison.Outcome.NO_SIGNIFICANT_DIFFERENCE);

    assertThat(verdict).isEqualTo("no answers of both tuned and base to compare on em");
  }

  @Test
  void onlyCasesBothCandidatesAnsweredArePaired() {
    List<CaseResult> ra = new ArrayList<>(results("tuned", new double[] {1, 1}, 10));
    ra.set(1, new CaseResult("tuned", "c1", Optional.empty(), Map.of(), 0, 0, Duration.ZERO, Optional.empty(),
        Optional.of("ServerException: 500")));
    List<CaseResult> rb = results("base", new double[] {0, 0}, 10);

    Comparison c = Comparisons.compare(summary("tuned", ra), ra, summary("base", rb), rb, "em", 2_000, 42, 0.95);

    assertThat(c.pairs()).isEqualTo(1);
  }
}
