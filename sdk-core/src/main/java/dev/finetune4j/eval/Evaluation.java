package dev.finetune4j.eval;

import dev.finetune4j.error.LocalIoException;
import dev.finetune4j.Sleeper;
import dev.finetune4j.error.FineTuningException;
import dev.finetune4j.eval.internal.EvaluationRun;
import dev.finetune4j.model.internal.RequestChecks;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

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
  private final EvaluationRun.Plan plan;

  private Evaluation(EvaluationRun.Plan plan) {
    this.plan = plan;
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
   * @throws LocalIoException if the results file cannot be read or written
   * @throws dev.finetune4j.error.LocalValidationException if the results file has a line of another format or of a
   *     newer version
   */
  public EvalReport run() {
    return new EvaluationRun(plan).run();
  }

  /** Builds an {@link Evaluation}; an evaluation set, at least one candidate and one scorer are required. */
  public static final class Builder {
    private EvalSet evalSet;
    private final List<Candidate> candidates = new ArrayList<>();
    private final List<Scorer> scorers = new ArrayList<>();
    private int concurrency = 4;
    private Duration timeoutPerCase;
    private Path resultsFile;
    private Consumer<EvalProgress> progress = p -> { };
    private final List<EvaluationRun.Pair> comparisons = new ArrayList<>();
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
     * Sets the JSONL file results are appended to as they complete, and loaded from to resume. Each line is one
     * result that names its layout first, {@code {"format":"finetune4j-eval-results","version":1,...}}, followed by
     * {@code candidate}, {@code caseId}, {@code answer} or {@code error}, {@code scores}, {@code inputTokens},
     * {@code outputTokens}, {@code latency} (ISO-8601) and {@code finishReason}. Files written by releases before the
     * layout was versioned are resumed as they are. A file with a line of another format or of a newer version is
     * refused, when {@link Evaluation#run()} starts and before any request, with a
     * {@link dev.finetune4j.error.LocalValidationException} naming the file and the line.
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
      comparisons.add(new EvaluationRun.Pair(candidate, baseline));
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
      for (EvaluationRun.Pair pair : comparisons) {
        for (String name : List.of(pair.candidate(), pair.baseline())) {
          if (!names.contains(name)) {
            throw new IllegalStateException("compare names the unknown candidate '" + name + "'; candidates: "
                + names);
          }
        }
      }
      return new Evaluation(new EvaluationRun.Plan(evalSet, candidates, scorers, concurrency,
          Optional.ofNullable(timeoutPerCase), Optional.ofNullable(resultsFile), progress, comparisons, resamples, seed,
          confidenceLevel, clock, sleeper, retryFailedOnResume));
    }
  }
}
