package dev.finetune4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.error.ApiErrorDetails;
import dev.finetune4j.error.ServerException;
import dev.finetune4j.error.TransportException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationTest {
  private static final EvalSet SET = EvalSet.of("arith", List.of(
      EvalCase.of("1", "q1", "r1"), EvalCase.of("2", "q2", "r2"), EvalCase.of("3", "q3", "r3"),
      EvalCase.of("4", "q4", "r4"), EvalCase.of("5", "q5", "r5")));

  @TempDir
  Path dir;

  /** Answers q<i> with r<i> after a latency of i * 100 ms. */
  private static FakeModel perfect(String name) {
    return new FakeModel(name, request -> {
      String q = FakeModel.lastUser(request);
      int i = Integer.parseInt(q.substring(1));
      return FakeModel.response("r" + i, 10, 2, Duration.ofMillis(i * 100L));
    });
  }

  private static Evaluation.Builder evaluation(Candidate... candidates) {
    return Evaluation.builder().evalSet(SET).candidates(List.of(candidates)).scorer(Scorers.exactMatch());
  }

  @Test
  void sendsEveryCaseToEveryCandidateAndScoresEachAnswer() {
    FakeModel tuned = perfect("ft:tuned");
    FakeModel base = FakeModel.answering("base", q -> q.equals("q1") ? "r1" : "no idea");

    EvalReport report = evaluation(Candidate.zeroShot("tuned", tuned), Candidate.zeroShot("base", base))
        .scorer(Scorers.tokenF1()).build().run();

    assertThat(tuned.calls()).isEqualTo(5);
    assertThat(base.calls()).isEqualTo(5);
    assertThat(report.results()).hasSize(10);
    assertThat(report.resultsOf("base")).extracting(CaseResult::caseId).containsExactly("1", "2", "3", "4", "5");
    assertThat(report.resultsOf("base").get(1).answer()).hasValue("no idea");
    assertThat(report.resultsOf("base").get(1).score("exact_match").orElseThrow().value().getAsDouble()).isZero();
    assertThat(report.candidate("tuned").orElseThrow().score("exact_match").orElseThrow().mean()).isEqualTo(1);
    assertThat(report.candidate("base").orElseThrow().score("exact_match").orElseThrow().mean()).isEqualTo(0.2);
    assertThat(report.scorers()).containsExactly("exact_match", "token_f1");
    assertThat(report.evalSet()).isEqualTo("arith");
    assertThat(report.caseCount()).isEqualTo(5);
  }

  @Test
  void summarisesLatencyPercentilesTokensAndCost() {
    Candidate tuned = Candidate.builder().name("tuned").model(perfect("ft:tuned"))
        .prices(new BigDecimal("2.50"), new BigDecimal("10.00")).build();

    CandidateSummary s = evaluation(tuned).build().run().candidate("tuned").orElseThrow();

    // latencies 100..500 ms: p50 = 300; p90: h = 3.6 -> 400 + 0.6 * 100; p99: h = 3.96 -> 400 + 0.96 * 100
    assertThat(s.latency()).isEqualTo(new LatencySummary(Duration.ofMillis(300), Duration.ofMillis(460),
        Duration.ofMillis(496), Duration.ofMillis(300)));
    assertThat(s.tokens()).isEqualTo(new TokenSummary(10, 2, 50, 10));
    // 50 input tokens at 2.50 per million and 10 output at 10.00: 0.000225; per 1,000 answers 0.045
    assertThat(s.cost().orElseThrow().total()).isEqualByComparingTo("0.000225");
    assertThat(s.cost().orElseThrow().perThousandAnswers()).isEqualByComparingTo("0.045");
    assertThat(s.model()).isEqualTo("ft:tuned");
  }

  @Test
  void aCandidateWithoutPricesHasNoCost() {
    assertThat(evaluation(Candidate.zeroShot("t", perfect("t"))).build().run().candidate("t").orElseThrow().cost())
        .isEmpty();
  }

  @Test
  void neverHasMoreRequestsInFlightThanTheConcurrency() throws Exception {
    int concurrency = 3;
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    CountDownLatch firstWave = new CountDownLatch(concurrency);
    FakeModel model = new FakeModel("m", request -> {
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        firstWave.countDown();
        // the first calls wait until `concurrency` of them are in flight together, so the bound is reached
        if (!firstWave.await(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("fewer than " + concurrency + " calls ran at once");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        inFlight.decrementAndGet();
      }
      return FakeModel.response("r", 1, 1, Duration.ofMillis(1));
    });
    List<EvalCase> cases = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      cases.add(EvalCase.of("c" + i, "q", "r"));
    }

    EvalReport report = Evaluation.builder().evalSet(EvalSet.of("s", cases))
        .candidate(Candidate.zeroShot("a", model)).scorer(Scorers.exactMatch()).concurrency(concurrency).build()
        .run();

    assertThat(report.candidate("a").orElseThrow().errors()).isZero();
    assertThat(maxInFlight.get()).isEqualTo(concurrency);
    assertThat(model.calls()).isEqualTo(20);
  }

  @Test
  void aFailedRequestIsRecordedForItsCaseAndTheRunGoesOn() {
    FakeModel flaky = new FakeModel("m", request -> {
      if (FakeModel.lastUser(request).equals("q2")) {
        throw new TransportException("connection reset after 3 retries", null);
      }
      return FakeModel.response("r" + FakeModel.lastUser(request).substring(1), 10, 2, Duration.ofMillis(5));
    });

    EvalReport report = evaluation(Candidate.zeroShot("a", flaky)).build().run();

    CaseResult failed = report.resultsOf("a").get(1);
    assertThat(failed.succeeded()).isFalse();
    assertThat(failed.error()).hasValue("TransportException: connection reset after 3 retries");
    assertThat(failed.scores()).isEmpty();
    CandidateSummary s = report.candidate("a").orElseThrow();
    assertThat(s.cases()).isEqualTo(5);
    assertThat(s.errors()).isEqualTo(1);
    assertThat(s.score("exact_match").orElseThrow().count()).isEqualTo(4);
    assertThat(s.score("exact_match").orElseThrow().mean()).isEqualTo(1);
    assertThat(s.tokens().totalInput()).isEqualTo(40);
  }

  @Test
  void aScorerThatThrowsGivesAScoreErrorForThatAnswer() {
    Scorer broken = Scorer.of("broken", (c, a) -> {
      throw new IllegalStateException("boom");
    });

    EvalReport report = evaluation(Candidate.zeroShot("a", perfect("m"))).scorer(broken).build().run();

    Score s = report.resultsOf("a").get(0).score("broken").orElseThrow();
    assertThat(s.error()).hasValue("the scorer broken failed: IllegalStateException: boom");
    assertThat(report.candidate("a").orElseThrow().score("broken").orElseThrow().errors()).isEqualTo(5);
    assertThat(report.candidate("a").orElseThrow().score("exact_match").orElseThrow().mean()).isEqualTo(1);
  }

  @Test
  void sendsThePerCaseTimeoutWithEachRequest() {
    FakeModel model = perfect("m");

    evaluation(Candidate.zeroShot("a", model)).timeoutPerCase(Duration.ofSeconds(12)).build().run();

    assertThat(model.requests).allSatisfy(r -> assertThat(r.timeout()).hasValue(Duration.ofSeconds(12)));
  }

  @Test
  void writesEachResultToTheFileBeforeReportingProgress() throws Exception {
    Path file = dir.resolve("results.jsonl");
    List<String> observed = new CopyOnWriteArrayList<>();

    evaluation(Candidate.zeroShot("a", perfect("m"))).resultsFile(file).concurrency(1)
        .progress(p -> observed.add(p.completed() + "/" + p.total() + " lines=" + lines(file))).build().run();

    assertThat(observed).containsExactly("1/5 lines=1", "2/5 lines=2", "3/5 lines=3", "4/5 lines=4",
        "5/5 lines=5");
    assertThat(Files.readAllLines(file).get(0)).contains("\"candidate\":\"a\"", "\"caseId\":\"1\"",
        "\"answer\":\"r1\"");
  }

  private static long lines(Path file) {
    try {
      return Files.readAllLines(file).size();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void anInterruptedRunIsResumedByRequestingOnlyTheMissingCases() throws Exception {
    Path file = dir.resolve("results.jsonl");
    FakeModel first = perfect("m");
    Evaluation.builder().evalSet(SET.limit(3)).candidate(Candidate.zeroShot("a", first))
        .scorer(Scorers.exactMatch()).resultsFile(file).build().run();
    // a write cut short by the interruption
    Files.writeString(file, "{\"candidate\":\"a\",\"caseId\":\"4\",\"ans", StandardOpenOption.APPEND);
    FakeModel second = perfect("m");
    List<EvalProgress> progress = new CopyOnWriteArrayList<>();

    EvalReport report = evaluation(Candidate.zeroShot("a", second)).resultsFile(file).progress(progress::add)
        .build().run();

    assertThat(first.calls()).isEqualTo(3);
    assertThat(second.calls()).isEqualTo(2);
    assertThat(second.requests).extracting(FakeModel::lastUser).containsExactlyInAnyOrder("q4", "q5");
    assertThat(report.resultsOf("a")).extracting(CaseResult::caseId).containsExactly("1", "2", "3", "4", "5");
    assertThat(report.candidate("a").orElseThrow().score("exact_match").orElseThrow().mean()).isEqualTo(1);
    assertThat(progress.stream().filter(EvalProgress::resumed).count()).isEqualTo(3);
    assertThat(progress).extracting(EvalProgress::completed).contains(5);
    // and a third run finds everything done
    FakeModel third = perfect("m");
    evaluation(Candidate.zeroShot("a", third)).resultsFile(file).build().run();
    assertThat(third.calls()).isZero();
  }

  @Test
  void failedResultsAreRequestedAgainOnResumeUnlessAskedNotTo() throws Exception {
    Path file = dir.resolve("results.jsonl");
    FakeModel down = new FakeModel("m", r -> {
      throw new TransportException("down", null);
    });
    evaluation(Candidate.zeroShot("a", down)).resultsFile(file).build().run();

    FakeModel keep = perfect("m");
    EvalReport kept = evaluation(Candidate.zeroShot("a", keep)).resultsFile(file).retryFailedOnResume(false)
        .build().run();
    FakeModel retry = perfect("m");
    EvalReport retried = evaluation(Candidate.zeroShot("a", retry)).resultsFile(file).build().run();

    assertThat(keep.calls()).isZero();
    assertThat(kept.candidate("a").orElseThrow().errors()).isEqualTo(5);
    assertThat(retry.calls()).isEqualTo(5);
    assertThat(retried.candidate("a").orElseThrow().errors()).isZero();
  }

  @Test
  void aScorerAddedOnResumeScoresTheLoadedAnswersWithoutAskingTheModel() throws Exception {
    Path file = dir.resolve("results.jsonl");
    evaluation(Candidate.zeroShot("a", perfect("m"))).resultsFile(file).build().run();
    FakeModel again = perfect("m");

    EvalReport report = evaluation(Candidate.zeroShot("a", again)).scorer(Scorers.tokenF1()).resultsFile(file)
        .build().run();

    assertThat(again.calls()).isZero();
    assertThat(report.candidate("a").orElseThrow().score("token_f1").orElseThrow().count()).isEqualTo(5);
  }

  @Test
  void scoresOfAScorerNoLongerInTheEvaluationAreLeftOutOnResume() throws Exception {
    Path file = dir.resolve("results.jsonl");
    evaluation(Candidate.zeroShot("a", perfect("m"))).scorer(Scorers.tokenF1()).resultsFile(file).build().run();

    EvalReport report = evaluation(Candidate.zeroShot("a", perfect("m"))).resultsFile(file).build().run();

    assertThat(report.results()).allSatisfy(r -> assertThat(r.scores()).containsOnlyKeys("exact_match"));
  }

  @Test
  void aResultsFileWrittenBeforeTheFormatWasVersionedStillResumes() throws Exception {
    Path file = dir.resolve("results.jsonl");
    try (var in = EvaluationTest.class.getResourceAsStream("internal/results-unversioned.jsonl")) {
      Files.copy(in, file);
    }
    FakeModel tuned = perfect("ft:m");
    FakeModel base = perfect("base");
    Scorer explained = Scorer.of("explained", (c, a) -> Score.of(0.25));
    Scorer broken = Scorer.of("broken", (c, a) -> Score.of(0.25));

    EvalReport report = Evaluation.builder().evalSet(SET.limit(3)).candidate(Candidate.zeroShot("tuned", tuned))
        .candidate(Candidate.zeroShot("base", base)).scorer(Scorers.exactMatch()).scorer(explained).scorer(broken)
        .resultsFile(file).retryFailedOnResume(false).build().run();

    assertThat(tuned.calls()).isZero();
    assertThat(base.calls()).isZero();
    CaseResult third = report.resultsOf("tuned").get(2);
    assertThat(third.answer()).hasValue("\u00dcn\u00efcode \"quoted\"\nline");
    assertThat(third.latency()).isEqualTo(Duration.ofMillis(1234));
    assertThat(third.inputTokens()).isEqualTo(12);
    assertThat(third.finishReason()).hasValue("stop");
    assertThat(third.score("explained").orElseThrow().explanation()).hasValue("half right");
    assertThat(third.score("broken").orElseThrow().error()).hasValue("grader said nonsense");
    assertThat(report.candidate("base").orElseThrow().errors()).isEqualTo(3);
    assertThat(report.resultsOf("base").get(0).error()).hasValue("TransportException: connection refused");
  }

  @Test
  void aResultsFileOfANewerVersionStopsTheRunBeforeAnyRequest() throws Exception {
    Path file = dir.resolve("results.jsonl");
    Files.writeString(file, "{\"format\":\"finetune4j-eval-results\",\"version\":99,\"candidate\":\"a\"}\n");
    FakeModel model = perfect("m");

    assertThatThrownBy(() -> evaluation(Candidate.zeroShot("a", model)).resultsFile(file).build().run())
        .isInstanceOf(dev.finetune4j.error.LocalValidationException.class)
        .hasMessageContaining(file + " cannot be resumed: line 1 is version 99");
    assertThat(model.calls()).isZero();
    assertThat(Files.readAllLines(file)).hasSize(1);
  }

  @Test
  void requestsPerMinuteAreKeptWithoutSleepingInRealTime() {
    ManualClock clock = new ManualClock();
    List<Long> callTimes = new CopyOnWriteArrayList<>();
    FakeModel model = new FakeModel("m", r -> {
      callTimes.add(clock.millis());
      return FakeModel.response("r", 1, 1, Duration.ofMillis(1));
    });
    Candidate limited = Candidate.builder().name("a").model(model).requestsPerMinute(2).build();

    evaluation(limited).concurrency(1).clock(clock).sleeper(clock::advance).build().run();

    // two at once (a full bucket), then one every 30 s
    assertThat(callTimes).containsExactly(0L, 0L, 30_000L, 60_000L, 90_000L);
  }

  @Test
  void tokensPerMinuteChargeTheTokensTheProviderCounted() {
    ManualClock clock = new ManualClock();
    List<Long> callTimes = new CopyOnWriteArrayList<>();
    FakeModel model = new FakeModel("m", r -> {
      callTimes.add(clock.millis());
      return FakeModel.response("r", 50, 10, Duration.ofMillis(1));
    });
    Candidate limited = Candidate.builder().name("a").model(model).tokensPerMinute(100).build();

    evaluation(limited).concurrency(1).clock(clock).sleeper(clock::advance).build().run();

    // each call is estimated at 1 token ("q1" is 2 characters) and charged 60: 100 -> 40 -> -20, then the third
    // call waits until 1 token is back: 21 tokens at 100 a minute = 12.6 s
    assertThat(callTimes).hasSize(5);
    assertThat(callTimes.subList(0, 2)).containsExactly(0L, 0L);
    assertThat(callTimes.get(2)).isBetween(12_600L, 12_601L);
    // from then on one call per 60 tokens' refill: 36 s apart
    assertThat(callTimes.get(3) - callTimes.get(2)).isBetween(36_000L, 36_001L);
  }

  @Test
  void theReportHoldsTheComparisonsAskedFor() {
    FakeModel base = FakeModel.answering("base", q -> "no idea");

    EvalReport report = evaluation(Candidate.zeroShot("tuned", perfect("t")), Candidate.zeroShot("base", base))
        .scorer(Scorers.tokenF1()).compare("tuned", "base").build().run();

    assertThat(report.comparisons()).extracting(Comparison::scorer).containsExactly("exact_match", "token_f1");
    Comparison em = report.comparisons().get(0);
    assertThat(em.wins()).isEqualTo(5);
    assertThat(em.outcome()).isEqualTo(Comparison.Outcome.CANDIDATE_BETTER);
    assertThat(em.verdict()).startsWith("tuned beats base on exact_match by 100.0 points");
    assertThat(report.compare("tuned", "base", "exact_match")).isEqualTo(em);
  }

  @Test
  void theBuilderSaysWhatIsMissingOrWrong() {
    Candidate a = Candidate.zeroShot("a", perfect("m"));
    assertThatThrownBy(() -> Evaluation.builder().candidate(a).scorer(Scorers.exactMatch()).build())
        .hasMessageContaining("needs an evaluation set");
    assertThatThrownBy(() -> Evaluation.builder().evalSet(SET).scorer(Scorers.exactMatch()).build())
        .hasMessageContaining("at least one candidate");
    assertThatThrownBy(() -> Evaluation.builder().evalSet(SET).candidate(a).build())
        .hasMessageContaining("at least one scorer");
    assertThatThrownBy(() -> Evaluation.builder().candidate(a).candidate(Candidate.zeroShot("a", perfect("n"))))
        .hasMessageContaining("two candidates are named 'a'");
    assertThatThrownBy(() -> Evaluation.builder().scorer(Scorers.exactMatch()).scorer(Scorers.exactMatch()))
        .hasMessageContaining("Scorer.named");
    assertThatThrownBy(() -> evaluation(a).compare("a", "b").build()).hasMessageContaining("unknown candidate 'b'");
    assertThatThrownBy(() -> Evaluation.builder().concurrency(0)).hasMessageContaining("between 1 and 256");
  }

  @Test
  void theReportRoundTripsThroughJson() {
    Candidate priced = Candidate.builder().name("tuned").model(perfect("t"))
        .prices(new BigDecimal("0.30"), new BigDecimal("1.20")).build();
    FakeModel flaky = new FakeModel("base", r -> {
      if (FakeModel.lastUser(r).equals("q3")) {
        throw new ServerException(new ApiErrorDetails("openai", "POST", "chat/completions", 503, "overloaded",
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("req_1"), Optional.empty(), "{}"));
      }
      return FakeModel.response("x", 5, 5, Duration.ofMillis(7));
    });
    EvalReport report = evaluation(priced, Candidate.zeroShot("base", flaky)).compare("tuned", "base").build().run();

    EvalReport read = EvalReport.fromJson(report.toJson());

    assertThat(read).isEqualTo(report);
    assertThat(Map.of("json", report.toJson())).hasEntrySatisfying("json",
        json -> assertThat(json).contains("\"verdict\":\"tuned beats base"));
  }
}
