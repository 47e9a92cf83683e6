package dev.finetune4j.eval.internal;

import dev.finetune4j.error.LocalIoException;
import dev.finetune4j.Sleeper;
import dev.finetune4j.error.FineTuningException;
import dev.finetune4j.eval.Candidate;
import dev.finetune4j.eval.CandidateSummary;
import dev.finetune4j.eval.CaseResult;
import dev.finetune4j.eval.Comparison;
import dev.finetune4j.eval.EvalCase;
import dev.finetune4j.eval.EvalProgress;
import dev.finetune4j.eval.EvalReport;
import dev.finetune4j.eval.EvalSet;
import dev.finetune4j.eval.Evaluation;
import dev.finetune4j.eval.Score;
import dev.finetune4j.eval.Scorer;
import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.model.ChatRequest;
import dev.finetune4j.model.ChatResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of an {@link Evaluation}: sends the cases not yet answered to the candidates within their rate limits,
 * scores the answers, keeps the results file and builds the report. The rules are those described on
 * {@link Evaluation}; an instance keeps no state between runs.
 */
public final class EvaluationRun {
  /** Logs under the public class's name, where users look for the evaluation's messages. */
  private static final Logger LOG = LoggerFactory.getLogger(Evaluation.class);

  /**
   * What an evaluation runs, as its builder checked it.
   *
   * @param evalSet the cases
   * @param candidates the candidates, with distinct names
   * @param scorers the scorers, with distinct names
   * @param concurrency the most requests in flight at once
   * @param timeoutPerCase the timeout sent with each request, if any
   * @param resultsFile the file results are appended to and resumed from, if any
   * @param progress told of each result; exceptions it throws are logged and ignored
   * @param comparisons the paired comparisons asked for, naming known candidates
   * @param resamples the bootstrap's resamples
   * @param seed the bootstrap's seed
   * @param confidenceLevel the level of the confidence intervals
   * @param clock the clock of rate limits and of the report's times
   * @param sleeper how rate limits wait
   * @param retryFailedOnResume whether failed results in the results file are requested again
   */
  public record Plan(EvalSet evalSet, List<Candidate> candidates, List<Scorer> scorers, int concurrency,
      Optional<Duration> timeoutPerCase, Optional<Path> resultsFile, Consumer<EvalProgress> progress,
      List<Pair> comparisons, int resamples, long seed, double confidenceLevel, Clock clock, Sleeper sleeper,
      boolean retryFailedOnResume) {

    /** Copies the lists and checks that nothing is null. */
    public Plan {
      Objects.requireNonNull(evalSet, "evalSet");
      candidates = List.copyOf(candidates);
      scorers = List.copyOf(scorers);
      Objects.requireNonNull(timeoutPerCase, "timeoutPerCase");
      Objects.requireNonNull(resultsFile, "resultsFile");
      Objects.requireNonNull(progress, "progress");
      comparisons = List.copyOf(comparisons);
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(sleeper, "sleeper");
    }
  }

  /**
   * A paired comparison asked for.
   *
   * @param candidate the candidate under test
   * @param baseline the candidate it should beat
   */
  public record Pair(String candidate, String baseline) {
    /** Checks that no name is null. */
    public Pair {
      Objects.requireNonNull(candidate, "candidate");
      Objects.requireNonNull(baseline, "baseline");
    }
  }

  private final Plan plan;

  /**
   * Prepares a run.
   *
   * @param plan what to run
   */
  public EvaluationRun(Plan plan) {
    this.plan = Objects.requireNonNull(plan, "plan");
  }

  /**
   * Runs the evaluation and waits for it to finish.
   *
   * @return the report
   * @throws FineTuningException if the calling thread is interrupted (results written so far stay in the results
   *     file)
   * @throws LocalIoException if the results file cannot be read or written
   */
  public EvalReport run() {
    Instant startedAt = plan.clock().instant();
    List<String> scorerNames = new ArrayList<>(plan.scorers().size());
    for (Scorer scorer : plan.scorers()) {
      scorerNames.add(scorer.name()); // a loop: a stream's first use would hold up the first cases of a fresh JVM
    }
    int total = plan.evalSet().size() * plan.candidates().size();
    Map<String, CaseResult> done = new HashMap<>();
    AtomicInteger completed = new AtomicInteger();
    ResultsFile file = null;
    ExecutorService executor = null;
    try {
      if (plan.resultsFile().isPresent()) {
        Map<String, CaseResult> loaded = ResultsFile.load(plan.resultsFile().get());
        file = ResultsFile.openForAppend(plan.resultsFile().get());
        resume(loaded, done, file, completed, total);
      }
      Map<String, Limits> limits = new HashMap<>();
      for (Candidate c : plan.candidates()) {
        limits.put(c.name(), new Limits(c, plan.clock(), plan.sleeper()));
      }
      executor = Executors.newFixedThreadPool(plan.concurrency(), threads());
      List<Future<CaseResult>> futures = new ArrayList<>();
      ResultsFile out = file;
      for (EvalCase evalCase : plan.evalSet().cases()) {
        for (Candidate candidate : plan.candidates()) {
          if (done.containsKey(ResultsFile.key(candidate.name(), evalCase.id()))) {
            continue;
          }
          futures.add(executor.submit(() -> {
            CaseResult result = ask(candidate, limits.get(candidate.name()), evalCase);
            if (out != null) {
              out.append(result);
            }
            report(new EvalProgress(result, completed.incrementAndGet(), total, false));
            return result;
          }));
        }
      }
      for (Future<CaseResult> future : futures) {
        CaseResult r = future.get();
        done.put(ResultsFile.key(r.candidate(), r.caseId()), r);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FineTuningException("the evaluation was interrupted after " + completed.get() + " of " + total
          + " results" + plan.resultsFile().map(f -> "; run it again with " + f + " to resume").orElse(""), e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new FineTuningException("the evaluation failed: " + cause, cause);
    } finally {
      if (executor != null) {
        executor.shutdownNow();
      }
      if (file != null) {
        file.close();
      }
    }
    return report(scorerNames, done, startedAt);
  }

  private void resume(Map<String, CaseResult> loaded, Map<String, CaseResult> done, ResultsFile file,
      AtomicInteger completed, int total) {
    Map<String, EvalCase> cases = new HashMap<>();
    plan.evalSet().cases().forEach(c -> cases.put(c.id(), c));
    Set<String> names = new HashSet<>();
    plan.candidates().forEach(c -> names.add(c.name()));
    for (CaseResult r : loaded.values()) {
      EvalCase evalCase = cases.get(r.caseId());
      if (evalCase == null || !names.contains(r.candidate()) || (!r.succeeded() && plan.retryFailedOnResume())) {
        continue;
      }
      CaseResult result = r;
      if (r.succeeded()) {
        boolean scored = false;
        Map<String, Score> scores = new LinkedHashMap<>();
        for (Scorer s : plan.scorers()) {
          Score existing = r.scores().get(s.name());
          if (existing == null) {
            existing = score(s, evalCase, r.answer().orElseThrow());
            scored = true;
          }
          scores.put(s.name(), existing);
        }
        result = new CaseResult(r.candidate(), r.caseId(), r.answer(), scores, r.inputTokens(), r.outputTokens(),
            r.latency(), r.finishReason(), r.error());
        if (scored) {
          file.append(result);
        }
      }
      done.put(ResultsFile.key(r.candidate(), r.caseId()), result);
      report(new EvalProgress(result, completed.incrementAndGet(), total, true));
    }
    if (!done.isEmpty()) {
      LOG.info("resuming the evaluation of {}: {} of {} results loaded from {}", plan.evalSet().name(), done.size(), total,
          plan.resultsFile().orElseThrow());
    }
  }

  private CaseResult ask(Candidate candidate, Limits limits, EvalCase evalCase) throws InterruptedException {
    ChatRequest request = candidate.requestFor(evalCase, plan.timeoutPerCase());
    long estimate = limits.acquire(request);
    long started = System.nanoTime();
    ChatResponse response;
    try {
      response = candidate.model().complete(request);
    } catch (RuntimeException e) {
      limits.settle(estimate, 0);
      Duration latency = Duration.ofNanos(System.nanoTime() - started);
      LOG.debug("candidate {} failed on case {}", candidate.name(), evalCase.id(), e);
      return new CaseResult(candidate.name(), evalCase.id(), Optional.empty(), Map.of(), 0, 0, latency,
          Optional.empty(), Optional.of(describe(e)));
    }
    limits.settle(estimate, response.usage().promptTokens() + response.usage().completionTokens());
    String answer = response.text();
    Map<String, Score> scores = new LinkedHashMap<>();
    for (Scorer scorer : plan.scorers()) {
      scores.put(scorer.name(), score(scorer, evalCase, answer));
    }
    return new CaseResult(candidate.name(), evalCase.id(), Optional.of(answer), scores,
        response.usage().promptTokens(), response.usage().completionTokens(), response.latency(),
        Optional.of(response.finishReason()), Optional.empty());
  }

  private static Score score(Scorer scorer, EvalCase evalCase, String answer) {
    try {
      return Objects.requireNonNull(scorer.score(evalCase, answer), "the scorer returned null");
    } catch (RuntimeException e) {
      LOG.debug("scorer {} failed on case {}", scorer.name(), evalCase.id(), e);
      return Score.error("the scorer " + scorer.name() + " failed: " + describe(e));
    }
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
  }

  private void report(EvalProgress p) {
    try {
      plan.progress().accept(p);
    } catch (RuntimeException e) {
      LOG.warn("the progress callback failed; ignored", e);
    }
  }

  private EvalReport report(List<String> scorerNames, Map<String, CaseResult> done, Instant startedAt) {
    List<CaseResult> results = new ArrayList<>();
    List<CandidateSummary> summaries = new ArrayList<>();
    Map<String, List<CaseResult>> byCandidate = new HashMap<>();
    for (Candidate candidate : plan.candidates()) {
      List<CaseResult> mine = new ArrayList<>();
      for (EvalCase evalCase : plan.evalSet().cases()) {
        CaseResult r = done.get(ResultsFile.key(candidate.name(), evalCase.id()));
        if (r != null) {
          mine.add(r);
        }
      }
      results.addAll(mine);
      byCandidate.put(candidate.name(), mine);
      summaries.add(Summaries.summarise(candidate.name(), candidate.model().model(), mine, scorerNames,
          candidate.inputPricePerMillion(), candidate.outputPricePerMillion(), plan.resamples(), plan.seed(), plan.confidenceLevel()));
    }
    List<Comparison> compared = new ArrayList<>();
    for (Pair pair : plan.comparisons()) {
      CandidateSummary a = summaries.get(indexOf(pair.candidate()));
      CandidateSummary b = summaries.get(indexOf(pair.baseline()));
      for (String scorer : scorerNames) {
        compared.add(Comparisons.compare(a, byCandidate.get(pair.candidate()), b, byCandidate.get(pair.baseline()), scorer,
            plan.resamples(), plan.seed(), plan.confidenceLevel()));
      }
    }
    return new EvalReport(plan.evalSet().name(), plan.evalSet().size(), scorerNames, summaries, compared, results, plan.resamples(), plan.seed(),
        plan.confidenceLevel(), startedAt, plan.clock().instant());
  }

  private int indexOf(String name) {
    for (int i = 0; i < plan.candidates().size(); i++) {
      if (plan.candidates().get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalStateException("no candidate " + name);
  }

  private static ThreadFactory threads() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread t = new Thread(task, "finetune4j-eval-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** The rate limits of one candidate. */
  private static final class Limits {
    private final TokenBucket requests;
    private final TokenBucket tokens;
    private final int maxCompletionTokens;

    Limits(Candidate c, Clock clock, Sleeper sleeper) {
      this.requests = c.requestsPerMinute().isPresent()
          ? new TokenBucket(c.requestsPerMinute().getAsInt(), clock, sleeper) : null;
      this.tokens = c.tokensPerMinute().isPresent()
          ? new TokenBucket(c.tokensPerMinute().getAsLong(), clock, sleeper) : null;
      this.maxCompletionTokens = c.maxCompletionTokens().orElse(0);
    }

    long acquire(ChatRequest request) throws InterruptedException {
      if (requests != null) {
        requests.acquire(1);
      }
      long estimate = 0;
      if (tokens != null) {
        long chars = 0;
        for (ChatMessage m : request.messages()) {
          chars += m.text().length();
        }
        estimate = (chars + 3) / 4 + maxCompletionTokens;
        tokens.acquire(estimate);
      }
      return estimate;
    }

    void settle(long estimate, long actual) {
      if (tokens != null) {
        tokens.adjust(actual - estimate);
      }
    }
  }
}
