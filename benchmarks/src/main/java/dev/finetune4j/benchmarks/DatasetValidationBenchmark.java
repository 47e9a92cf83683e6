package dev.finetune4j.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.finetune4j.dataset.DatasetRules;
import dev.finetune4j.dataset.DatasetValidator;
import dev.finetune4j.dataset.TokenCounter;
import dev.finetune4j.dataset.TokenCounters;
import dev.finetune4j.dataset.ValidationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Validation of a generated chat JSONL file ({@link ChatData}: 1 GiB, 64 MiB in a short run), one pass per operation,
 * side by side with the tokenizer alone over the same contents:
 *
 * <ul>
 *   <li>{@code tokenizerAlone}: o200k_base counts of every message content, read with Jackson's streaming parser on
 *       one thread (the parse costs a few percent of it) — the tokenizer's limit;
 *   <li>{@code jtokkitAlone}: the same with JTokkit's o200k_base encoding, for comparison;
 *   <li>{@code validateExact}: the validator with exact o200k_base counts and its defaults (a worker per processor,
 *       repeated texts counted once), in a JVM with a 64 MB heap;
 *   <li>{@code validateExactOneThread}: the same on the calling thread only (the cache of repeated texts alone);
 *   <li>{@code validateEstimated}: the validator with estimated counts, in a JVM with a 64 MB heap.
 * </ul>
 *
 * <p>Each operation reads the whole file, so a few iterations take a while: the counts are this class's own.
 * {@link #targets} turns the times into MB/s and checks the targets.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx64m")
@Warmup(iterations = 2)
@Measurement(iterations = 2)
public class DatasetValidationBenchmark {
  private static final TokenCounter O200K = TokenCounters.o200k();
  private static final DatasetRules EXACT = DatasetRules.builder().tokenCounter(O200K).build();

  private Path file;
  private DatasetValidator exact;
  private DatasetValidator exactOneThread;
  private DatasetValidator estimated;
  private Encoding jtokkit;

  /**
   * Writes the file on the first run, and loads the tokenizer's tables before the first iteration of the benchmarks
   * that count exactly (only those: estimated validation never loads them).
   *
   * @param params the benchmark about to run
   */
  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) {
    file = ChatData.file();
    exact = DatasetValidator.builder().rules(EXACT).build();
    exactOneThread = exact.toBuilder().threads(1).build();
    estimated = DatasetValidator.builder().build();
    if (params.getBenchmark().endsWith(".jtokkitAlone")) {
      jtokkit = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    } else if (!params.getBenchmark().endsWith(".validateEstimated")) {
      O200K.count("warm up");
    }
  }

  /**
   * Counts the o200k_base tokens of every message content in the file.
   *
   * @return the tokens
   */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = "-Xmx256m")
  public long tokenizerAlone() {
    return countContents(O200K::count);
  }

  /**
   * Counts the same with JTokkit's o200k_base encoding, which {@link TokenCounters#o200k()} is checked against.
   *
   * @return the tokens
   */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = "-Xmx256m")
  public long jtokkitAlone() {
    return countContents(jtokkit::countTokensOrdinary);
  }

  private long countContents(ToIntFunction<String> counter) {
    long tokens = 0;
    try (JsonParser parser = new JsonFactory().createParser(file.toFile())) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.FIELD_NAME && "content".equals(parser.currentName())
            && parser.nextToken() == JsonToken.VALUE_STRING) {
          tokens += counter.applyAsInt(parser.getText());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return tokens;
  }

  /**
   * Validates the file with exact counts.
   *
   * @return the report
   */
  @Benchmark
  public ValidationReport validateExact() {
    return checked(exact.validate(file));
  }

  /**
   * Validates the file with exact counts on the calling thread.
   *
   * @return the report
   */
  @Benchmark
  public ValidationReport validateExactOneThread() {
    return checked(exactOneThread.validate(file));
  }

  /**
   * Validates the file with estimated counts. A pass takes a fraction of the exact one's time, so it gets more
   * warm-ups: the JIT compiles the reading loop only after a few passes over the short run's file.
   *
   * @return the report
   */
  @Benchmark
  @Warmup(iterations = 6)
  public ValidationReport validateEstimated() {
    return checked(estimated.validate(file));
  }

  private static ValidationReport checked(ValidationReport report) {
    if (!report.isValid()) {
      throw new IllegalStateException("the generated file should be valid: " + report.summary());
    }
    return report;
  }

  /**
   * The figures and targets of the validation benchmarks: MB/s of each, the ratio of exact validation to the
   * tokenizer alone (at least 0.9), estimated validation (at least 150 MB/s), and GC time in the 64 MB heap (at most
   * 5% of the validation's time: no GC storm).
   *
   * @param targets the run's results
   */
  public static void targets(Targets targets) {
    Path file = ChatData.file();
    double megabytes;
    try {
      megabytes = Files.size(file) / 1e6;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    targets.figure("validation file", megabytes, "MB");
    String self = DatasetValidationBenchmark.class.getSimpleName() + ".";
    OptionalDouble tokenizer = mbPerSecond(targets, self + "tokenizerAlone", megabytes);
    mbPerSecond(targets, self + "jtokkitAlone", megabytes);
    OptionalDouble exact = mbPerSecond(targets, self + "validateExact", megabytes);
    mbPerSecond(targets, self + "validateExactOneThread", megabytes);
    OptionalDouble estimated = mbPerSecond(targets, self + "validateEstimated", megabytes);
    targets.atLeast("exact validation / tokenizer alone, same run", Targets.ratio(exact, tokenizer), 0.9, "x");
    targets.atLeast("estimated validation", estimated, 150, "MB/s");
    for (String name : new String[] {"validateExact", "validateEstimated"}) {
      // gc.time is summed over the measurement iterations, the score is the time of one
      OptionalDouble gcSeconds = Targets.ratio(targets.secondary(self + name, "gc.time"), OptionalDouble.of(1000));
      OptionalDouble runSeconds = targets.score(self + name).isPresent()
          ? OptionalDouble.of(targets.score(self + name).getAsDouble() * targets.iterations(self + name).getAsDouble())
          : OptionalDouble.empty();
      OptionalDouble share = Targets.ratio(gcSeconds, runSeconds);
      targets.atMost(name + " GC time / run time in -Xmx64m", share, 0.05, "x");
    }
  }

  private static OptionalDouble mbPerSecond(Targets targets, String benchmark, double megabytes) {
    OptionalDouble seconds = targets.score(benchmark);
    OptionalDouble rate = seconds.isPresent() ? OptionalDouble.of(megabytes / seconds.getAsDouble())
        : OptionalDouble.empty();
    rate.ifPresent(value -> targets.figure(benchmark, value, "MB/s"));
    return rate;
  }
}
