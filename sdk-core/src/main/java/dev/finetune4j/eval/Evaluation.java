package dev.finetune4j.eval;

import dev.finetune4j.Sleeper;
import dev.finetune4j.error.FineTuningException;
import dev.finetune4j.eval.internal.Comparisons;
import dev.finetune4j.eval.internal.ResultsFile;
import dev.finetune4j.eval.internal.Summaries;
import dev.finetune4j.eval.internal.TokenBucket;
import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.model.ChatRequest;
import dev.finetune4j.model.ChatResponse;
import dev.finetune4j.model.internal.RequestChecks;
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
 * Sends every case of an {@link EvalSet} to every {@link Candidate}, scores the answers and returns the
 * {@link EvalReport}. Build one with {@link #builder()} and call {@link #run()}; an evaluation can be run again.
 *
 * <ul>
 *   <li>At most {@code concurrency} requests are in flight at once, over all candidates; each candidate's own
 *       requests-per-minute and tokens-per-minute limits are kept.
 *   <li>A request that fails (after the transport's retries) is recorded as that case's error; the run goes on.
 *   <li>With a results file, each result is appended as one JSON line and flushed when it completes. Run again
 *       with the same file and the results already there are loaded, not requested again: an interrupted run pays
 *       only for the missing cases. Failed results are requested again unless {@link
 *       Builder#retryFailedOnResume(boolean)} says not to. Loaded answers missing a scorer's score are scored
 *       (no model is called), and scores of scorers no longer in the evaluation are left out. Results are matched
 *       by candidate name and case id: use a new file when a candidate's model or prompt changes.
 * </ul>
 */
public final class Evaluation {
  private static final Logger LOG = LoggerFactory.getLogger(Evaluation.class);

  private final EvalSet evalSet;
  private final List<Candidate> candidates;
  private final List<Scorer> scorers;
  private final int concurrency;
  private final Duration timeoutPerCase;
  private final Path resultsFile;
  private final Consumer<EvalProgress> progress;
  private final List<String[]> comparisons;
  private final int resamples;
  private final long seed;
  private final double confidenceLevel;
  private final Clock clock;
  private final Sleeper sleeper;
  private final boolean retryFailedOnResume;

  private Evaluation(Builder b) {
    this.evalSet = b.evalSet;
    this.candidates = List.copyOf(b.candidates);
    this.scorers = List.copyOf(b.scorers);
    this.concurrency = b.concurrency;
    this.timeoutPerCase = b.timeoutPerCase;
    this.resultsFile = b.resultsFile;
    this.progress = b.progress;
    this.comparisons = List.copyOf(b.comparisons);
    this.resamples = b.resamples;
    this.seed = b.seed;
    this.confidenceLevel = b.confidenceLevel;
    this.clock = b.clock;
    this.sleeper = b.sleeper;
    this.retryFailedOnResume = b.retryFailedOnResume;
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs the evaluation and waits for it to finish.
   *
   * @return the report
   * @throws FineTuningException if the calling thread is interrupted (results written so far stay in the results
   *     file)
   * @throws java.io.UncheckedIOException if the results file cannot be read or written
   */
  public EvalReport run() {
    Instant startedAt = clock.instant();
    List<String> scorerNames = scorers.stream().map(Scorer::name).toList();
    int total = evalSet.size() * candidates.size();
    Map<String, CaseResult> done = new HashMap<>();
    AtomicInteger completed = new AtomicInteger();
    ResultsFile file = null;
    ExecutorService executor = null;
    try {
      if (resultsFile != null) {
        Map<String, CaseResult> loaded = ResultsFile.load(resultsFile);
        file = ResultsFile.openForAppend(resultsFile);
        resume(loaded, done, file, completed, total);
      }
      Map<String, Limits> limits = new HashMap<>();
      for (Candidate c : candidates) {
        limits.put(c.name(), new Limits(c, clock, sleeper));
      }
      executor = Executors.newFixedThreadPool(concurrency, threads());
      List<Future<CaseResult>> futures = new ArrayList<>();
      ResultsFile out = file;
      for (EvalCase evalCase : evalSet.cases()) {
        for (Candidate candidate : candidates) {
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
          + " results" + (resultsFile == null ? "" : "; run it again with " + resultsFile + " to resume"), e);
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
    evalSet.cases().forEach(c -> cases.put(c.id(), c));
    Set<String> names = new HashSet<>();
    candidates.forEach(c -> names.add(c.name()));
    for (CaseResult r : loaded.values()) {
      EvalCase evalCase = cases.get(r.caseId());
      if (evalCase == null || !names.contains(r.candidate()) || (!r.succeeded() && retryFailedOnResume)) {
        continue;
      }
      CaseResult result = r;
      if (r.succeeded()) {
        boolean scored = false;
        Map<String, Score> scores = new LinkedHashMap<>();
        for (Scorer s : scorers) {
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
      LOG.info("resuming the evaluation of {}: {} of {} results loaded from {}", evalSet.name(), done.size(), total,
          resultsFile);
    }
  }

  private CaseResult ask(Candidate candidate, Limits limits, EvalCase evalCase) throws InterruptedException {
    ChatRequest request = candidate.requestFor(evalCase, Optional.ofNullable(timeoutPerCase));
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
    for (Scorer scorer : scorers) {
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
    if (progress == null) {
      return;
    }
    try {
      progress.accept(p);
    } catch (RuntimeException e) {
      LOG.warn("the progress callback failed; ignored", e);
    }
  }

  private EvalReport report(List<String> scorerNames, Map<String, CaseResult> done, Instant startedAt) {
    List<CaseResult> results = new ArrayList<>();
    List<CandidateSummary> summaries = new ArrayList<>();
    Map<String, List<CaseResult>> byCandidate = new HashMap<>();
    for (Candidate candidate : candidates) {
      List<CaseResult> mine = new ArrayList<>();
      for (EvalCase evalCase : evalSet.cases()) {
        CaseResult r = done.get(ResultsFile.key(candidate.name(), evalCase.id()));
        if (r != null) {
          mine.add(r);
        }
      }
      results.addAll(mine);
      byCandidate.put(candidate.name(), mine);
      summaries.add(Summaries.summarise(candidate.name(), candidate.model().model(), mine, scorerNames,
          candidate.inputPricePerMillion(), candidate.outputPricePerMillion(), resamples, seed, confidenceLevel));
    }
    List<Comparison> compared = new ArrayList<>();
    for (String[] pair : comparisons) {
      CandidateSummary a = summaries.get(indexOf(pair[0]));
      CandidateSummary b = summaries.get(indexOf(pair[1]));
      for (String scorer : scorerNames) {
        compared.add(Comparisons.compare(a, byCandidate.get(pair[0]), b, byCandidate.get(pair[1]), scorer,
            resamples, seed, confidenceLevel));
      }
    }
    return new EvalReport(evalSet.name(), evalSet.size(), scorerNames, summaries, compared, results, resamples, seed,
        confidenceLevel, startedAt, clock.instant());
  }

  private int indexOf(String name) {
    for (int i = 0; i < candidates.size(); i++) {
      if (candidates.get(i).name().equals(name)) {
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

  /** Builds an {@link Evaluation}; an evaluation set, at least one candidate and one scorer are required. */
  public static final class Builder {
    private EvalSet evalSet;
    private final List<Candidate> candidates = new ArrayList<>();
    private final List<Scorer> scorers = new ArrayList<>();
    private int concurrency = 4;
    private Duration timeoutPerCase;
    private Path resultsFile;
    private Consumer<EvalProgress> progress;
    private final List<String[]> comparisons = new ArrayList<>();
    private int resamples = 2_000;
    private long seed = 42;
    private double confidenceLevel = 0.95;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.THREAD;
    private boolean retryFailedOnResume = true;

    private Builder() {}

    /**
     * Sets the cases.
     *
     * @param evalSet the evaluation set
     * @return this builder
     */
    public Builder evalSet(EvalSet evalSet) {
      this.evalSet = Objects.requireNonNull(evalSet, "evalSet");
      return this;
    }

    /**
     * Adds a candidate.
     *
     * @param candidate the candidate; its name must differ from the others'
     * @return this builder
     */
    public Builder candidate(Candidate candidate) {
      Objects.requireNonNull(candidate, "candidate");
      if (candidates.stream().anyMatch(c -> c.name().equals(candidate.name()))) {
        throw new IllegalArgumentException("two candidates are named '" + candidate.name()
            + "'; candidate names must be distinct");
      }
      candidates.add(candidate);
      return this;
    }

    /**
     * Adds candidates.
     *
     * @param candidates the candidates
     * @return this builder
     */
    public Builder candidates(List<Candidate> candidates) {
      candidates.forEach(this::candidate);
      return this;
    }

    /**
     * Adds a scorer.
     *
     * @param scorer the scorer; its name must differ from the others'
     * @return this builder
     */
    public Builder scorer(Scorer scorer) {
      Objects.requireNonNull(scorer, "scorer");
      if (scorers.stream().anyMatch(s -> s.name().equals(scorer.name()))) {
        throw new IllegalArgumentException("two scorers are named '" + scorer.name()
            + "'; rename one with Scorer.named(...)");
      }
      scorers.add(scorer);
      return this;
    }

    /**
     * Adds scorers.
     *
     * @param scorers the scorers
     * @return this builder
     */
    public Builder scorers(List<Scorer> scorers) {
      scorers.forEach(this::scorer);
      return this;
    }

    /**
     * Sets how many requests may be in flight at once, over all candidates; 4 by default.
     *
     * @param concurrency 1 to 256
     * @return this builder
     */
    public Builder concurrency(int concurrency) {
      if (concurrency < 1 || concurrency > 256) {
        throw new IllegalArgumentException("concurrency must be between 1 and 256, was " + concurrency);
      }
      this.concurrency = concurrency;
      return this;
    }

    /**
     * Sets a timeout for each request (sent as the chat request's timeout).
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder timeoutPerCase(Duration timeout) {
      this.timeoutPerCase = RequestChecks.positive("timeoutPerCase", timeout);
      return this;
    }

    /**
     * Sets the JSONL file results are appended to as they complete, and loaded from to resume.
     *
     * @param file the file; created when absent
     * @return this builder
     */
    public Builder resultsFile(Path file) {
      this.resultsFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * Sets a callback told of each result as it completes, from the evaluation's threads. An exception it throws is
     * logged and ignored.
     *
     * @param progress the callback
     * @return this builder
     */
    public Builder progress(Consumer<EvalProgress> progress) {
      this.progress = Objects.requireNonNull(progress, "progress");
      return this;
    }

    /**
     * Asks for a paired comparison of two candidates on every scorer, in the report's
     * {@link EvalReport#comparisons()}.
     *
     * @param candidate the candidate under test, such as the tuned model
     * @param baseline the candidate it should beat, such as the base model
     * @return this builder
     */
    public Builder compare(String candidate, String baseline) {
      Objects.requireNonNull(candidate, "candidate");
      Objects.requireNonNull(baseline, "baseline");
      if (candidate.equals(baseline)) {
        throw new IllegalArgumentException("compare needs two different candidates, got '" + candidate + "' twice");
      }
      comparisons.add(new String[] {candidate, baseline});
      return this;
    }

    /**
     * Sets the bootstrap of the confidence intervals; 2,000 resamples and seed 42 by default.
     *
     * @param resamples 100 to 1,000,000
     * @param seed the random seed, so that the same results give the same intervals
     * @return this builder
     */
    public Builder bootstrap(int resamples, long seed) {
      if (resamples < 100 || resamples > 1_000_000) {
        throw new IllegalArgumentException("resamples must be between 100 and 1000000, was " + resamples);
      }
      this.resamples = resamples;
      this.seed = seed;
      return this;
    }

    /**
     * Sets the level of the confidence intervals; 0.95 by default.
     *
     * @param level between 0.5 and 0.999
     * @return this builder
     */
    public Builder confidenceLevel(double level) {
      if (!(level >= 0.5 && level <= 0.999)) {
        throw new IllegalArgumentException("confidenceLevel must be between 0.5 and 0.999, was " + level);
      }
      this.confidenceLevel = level;
      return this;
    }

    /**
     * Sets the clock for rate limits and the report's times; the system clock by default.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets how rate limits wait; sleeping the thread by default. Tests pass one that advances a virtual clock.
     *
     * @param sleeper the sleeper
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Sets whether failed results in the results file are requested again on resume; true by default.
     *
     * @param retry true to request them again, false to keep them as failures
     * @return this builder
     */
    public Builder retryFailedOnResume(boolean retry) {
      this.retryFailedOnResume = retry;
      return this;
    }

    /**
     * Builds the evaluation.
     *
     * @return the evaluation
     * @throws IllegalStateException if the set, candidates or scorers are missing, or a comparison names an unknown
     *     candidate
     */
    public Evaluation build() {
      if (evalSet == null) {
        throw new IllegalStateException("an evaluation needs an evaluation set: call evalSet(...)");
      }
      if (candidates.isEmpty()) {
        throw new IllegalStateException("an evaluation needs at least one candidate: call candidate(...)");
      }
      if (scorers.isEmpty()) {
        throw new IllegalStateException("an evaluation needs at least one scorer: call scorer(...), for example "
            + "scorer(Scorers.normalizedMatch())");
      }
      List<String> names = candidates.stream().map(Candidate::name).toList();
      for (String[] pair : comparisons) {
        for (String name : pair) {
          if (!names.contains(name)) {
            throw new IllegalStateException("compare names the unknown candidate '" + name + "'; candidates: "
                + names);
          }
        }
      }
      return new Evaluation(this);
    }
  }
}
