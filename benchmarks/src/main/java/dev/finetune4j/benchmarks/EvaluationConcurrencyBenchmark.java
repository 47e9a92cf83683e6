package dev.finetune4j.benchmarks;

import dev.finetune4j.RawJson;
import dev.finetune4j.eval.Candidate;
import dev.finetune4j.eval.EvalCase;
import dev.finetune4j.eval.EvalReport;
import dev.finetune4j.eval.EvalSet;
import dev.finetune4j.eval.Evaluation;
import dev.finetune4j.eval.Scorers;
import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.model.ChatModel;
import dev.finetune4j.model.ChatRequest;
import dev.finetune4j.model.ChatResponse;
import dev.finetune4j.model.TokenUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * An evaluation of 2,000 cases against a model that answers each call in 20 ms, 64 calls at once: the ideal is
 * 2,000 / 64 x 20 ms = 625 ms. Each fork runs one single shot with no warm-up, so every figure is the first run of
 * a fresh JVM (thread start-up, class loading, code not yet compiled); the target is within 1.15x of the ideal.
 * {@link #bareThreadPool} is the floor on this machine at this moment: the same 2,000 sleeps of 20 ms on a plain
 * pool of 64 threads, nothing else. Each fork prints its run's ratio to the ideal.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(8)
public class EvaluationConcurrencyBenchmark {
  private static final int CASES = 2000;
  private static final Duration CALL = Duration.ofMillis(20);
  private static final double IDEAL_MILLIS = CASES / 64.0 * CALL.toMillis();

  private final Evaluation evaluation = evaluation();

  /**
   * Checks the evaluation target: the mean first run at most 1.15 of the ideal 625 ms; the bare pool's ratio is
   * recorded beside it as this machine's floor.
   *
   * @param targets the run's figures and targets
   */
  public static void targets(Targets targets) {
    String self = EvaluationConcurrencyBenchmark.class.getSimpleName() + ".";
    OptionalDouble ideal = OptionalDouble.of(IDEAL_MILLIS);
    Targets.ratio(targets.score(self + "bareThreadPool"), ideal)
        .ifPresent(ratio -> targets.figure("bare pool of 64 threads, first run / ideal", ratio, "x"));
    targets.atMost("evaluation, first run / ideal (625 ms)",
        Targets.ratio(targets.score(self + "evaluate2000CallsOf20MsAt64"), ideal), 1.15, "x");
  }

  private static Evaluation evaluation() {
    List<EvalCase> cases = new ArrayList<>(CASES);
    for (int i = 0; i < CASES; i++) {
      cases.add(EvalCase.of("case-" + i, "What is " + i + " + 1?", String.valueOf(i + 1)));
    }
    // One answer, made before the run: a model's own work is not the runner's. (Made per call, its first RawJson
    // initialised Jackson's mapper while all 64 threads waited on that class, about 80 ms of the first run.)
    ChatResponse answer = new ChatResponse("chatcmpl-1", "twenty-ms", ChatMessage.assistant("42"), "stop",
        new TokenUsage(12, 1, 13), CALL, RawJson.of(Map.of("id", "chatcmpl-1")));
    ChatModel model = new ChatModel() {
      @Override
      public String model() {
        return "twenty-ms";
      }

      @Override
      public ChatResponse complete(ChatRequest request) {
        try {
          Thread.sleep(CALL.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
        return answer;
      }
    };
    return Evaluation.builder().evalSet(EvalSet.of("sums", cases)).candidate(Candidate.zeroShot("model", model))
        .scorer(Scorers.exactMatch()).concurrency(64).build();
  }

  private long startedAt;

  /** Notes when the run starts, for the ratio printed after it. */
  @Setup(Level.Iteration)
  public void start() {
    startedAt = System.nanoTime();
  }

  /** Prints the run's time and its ratio to the ideal. */
  @TearDown(Level.Iteration)
  public void printRatio() {
    double millis = (System.nanoTime() - startedAt) / 1e6;
    System.out.printf("%n  first run: %.0f ms, %.2fx the ideal of %.0f ms%n", millis, millis / IDEAL_MILLIS,
        IDEAL_MILLIS);
  }

  /** @return the report of one evaluation run */
  @Benchmark
  public EvalReport evaluate2000CallsOf20MsAt64() {
    return evaluation.run();
  }

  /** @return how many sleeps ran @throws Exception if one fails */
  @Benchmark
  public int bareThreadPool() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(64);
    try {
      List<Future<?>> calls = new ArrayList<>(CASES);
      for (int i = 0; i < CASES; i++) {
        calls.add(pool.submit(() -> {
          Thread.sleep(CALL.toMillis());
          return null;
        }));
      }
      for (Future<?> call : calls) {
        call.get();
      }
      return calls.size();
    } finally {
      pool.shutdown();
    }
  }
}
