package dev.finetune4j.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * The figures and targets of a run. After the benchmarks have run, {@link RunBenchmarks} calls the
 * {@code public static void targets(Targets targets)} method of every benchmark class that has one and ran; there
 * the class reads its results by name ({@code "SimpleClassName.method"}, with {@code "param=value"} pairs for
 * parameterised benchmarks), records derived figures ({@link #figure}) and checks targets ({@link #atLeast},
 * {@link #atMost}). A target whose value is absent (its benchmark was not selected) is listed as not measured.
 * Adding a target never needs a change to the runner.
 */
public final class Targets {
  /**
   * A derived figure.
   *
   * @param name what it measures
   * @param value the value
   * @param unit the unit
   */
  public record Figure(String name, double value, String unit) {}

  /**
   * A target and, when measured, whether it was met.
   *
   * @param name what it measures
   * @param comparison {@code ">="} or {@code "<="}
   * @param threshold the threshold
   * @param unit the unit
   * @param value the measured value; empty when not measured
   * @param met whether the value is on the right side of the threshold; empty when not measured
   */
  public record Target(String name, String comparison, double threshold, String unit, OptionalDouble value,
      Optional<Boolean> met) {}

  private final Collection<RunResult> results;
  private final List<Figure> figures = new ArrayList<>();
  private final List<Target> targets = new ArrayList<>();

  Targets(Collection<RunResult> results) {
    this.results = results;
  }

  /**
   * Returns the result of a benchmark.
   *
   * @param benchmark {@code "SimpleClassName.method"}
   * @param params {@code "name=value"} pairs the benchmark's parameters must have; none for any
   * @return the result, if that benchmark ran
   */
  public Optional<RunResult> result(String benchmark, String... params) {
    for (RunResult result : results) {
      BenchmarkParams p = result.getParams();
      String name = p.getBenchmark();
      int method = name.lastIndexOf('.');
      int type = name.lastIndexOf('.', method - 1);
      if (name.substring(type + 1).equals(benchmark) && Arrays.stream(params).allMatch(pair -> {
        String[] kv = pair.split("=", 2);
        return kv[1].equals(p.getParam(kv[0]));
      })) {
        return Optional.of(result);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns a benchmark's primary score, in its own unit (such as s/op or ops/ms).
   *
   * @param benchmark {@code "SimpleClassName.method"}
   * @param params {@code "name=value"} pairs
   * @return the score, if the benchmark ran
   */
  public OptionalDouble score(String benchmark, String... params) {
    return result(benchmark, params).map(r -> OptionalDouble.of(r.getPrimaryResult().getScore()))
        .orElse(OptionalDouble.empty());
  }

  /**
   * Returns a secondary result of a benchmark, such as the GC profiler's {@code "gc.alloc.rate.norm"} (bytes per
   * operation, averaged) or {@code "gc.time"} (ms, summed over the measurement iterations).
   *
   * @param benchmark {@code "SimpleClassName.method"}
   * @param label the secondary result's label
   * @param params {@code "name=value"} pairs
   * @return the value, if measured
   */
  public OptionalDouble secondary(String benchmark, String label, String... params) {
    return result(benchmark, params).map(r -> r.getSecondaryResults().get(label))
        .map(r -> OptionalDouble.of(r.getScore())).orElse(OptionalDouble.empty());
  }

  /**
   * Returns how many measurement iterations a benchmark ran (over all forks).
   *
   * @param benchmark {@code "SimpleClassName.method"}
   * @param params {@code "name=value"} pairs
   * @return the number, if the benchmark ran
   */
  public OptionalDouble iterations(String benchmark, String... params) {
    return result(benchmark, params).map(r -> OptionalDouble.of(r.getPrimaryResult().getStatistics().getN()))
        .orElse(OptionalDouble.empty());
  }

  /**
   * Divides two values.
   *
   * @param numerator the numerator
   * @param denominator the denominator
   * @return the ratio; empty when either is absent
   */
  public static OptionalDouble ratio(OptionalDouble numerator, OptionalDouble denominator) {
    return numerator.isPresent() && denominator.isPresent()
        ? OptionalDouble.of(numerator.getAsDouble() / denominator.getAsDouble()) : OptionalDouble.empty();
  }

  /**
   * Records a derived figure, such as a throughput in MB/s.
   *
   * @param name what it measures
   * @param value the value
   * @param unit the unit
   */
  public void figure(String name, double value, String unit) {
    figures.add(new Figure(name, value, unit));
  }

  /**
   * Records a target that a value must reach.
   *
   * @param name what it measures
   * @param value the value; empty when not measured
   * @param threshold the least value that meets it
   * @param unit the unit
   */
  public void atLeast(String name, OptionalDouble value, double threshold, String unit) {
    targets.add(new Target(name, ">=", threshold, unit, value,
        value.isPresent() ? Optional.of(value.getAsDouble() >= threshold) : Optional.empty()));
  }

  /**
   * Records a target that a value must not exceed.
   *
   * @param name what it measures
   * @param value the value; empty when not measured
   * @param threshold the greatest value that meets it
   * @param unit the unit
   */
  public void atMost(String name, OptionalDouble value, double threshold, String unit) {
    targets.add(new Target(name, "<=", threshold, unit, value,
        value.isPresent() ? Optional.of(value.getAsDouble() <= threshold) : Optional.empty()));
  }

  List<Figure> figures() {
    return figures;
  }

  List<Target> targets() {
    return targets;
  }

  /** Results as plain maps, for the JSON file. */
  static Map<String, Object> describe(RunResult result) {
    Map<String, Object> out = new LinkedHashMap<>();
    BenchmarkParams p = result.getParams();
    out.put("benchmark", p.getBenchmark());
    out.put("mode", p.getMode().shortLabel());
    Map<String, String> params = new LinkedHashMap<>();
    for (String key : p.getParamsKeys()) {
      params.put(key, p.getParam(key));
    }
    out.put("params", params);
    out.put("forks", result.getBenchmarkResults().size());
    out.put("warmupIterations", p.getWarmup().getCount());
    out.put("measurementIterations", p.getMeasurement().getCount());
    out.put("jvmArgs", p.getJvmArgs());
    out.put("primary", describe(result.getPrimaryResult()));
    Map<String, Object> secondary = new LinkedHashMap<>();
    for (Map.Entry<String, Result> entry : result.getSecondaryResults().entrySet()) {
      secondary.put(entry.getKey(), describe(entry.getValue()));
    }
    out.put("secondary", secondary);
    return out;
  }

  private static Map<String, Object> describe(Result<?> result) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("score", finite(result.getScore()));
    out.put("error", finite(result.getScoreError()));
    out.put("unit", result.getScoreUnit());
    return out;
  }

  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
