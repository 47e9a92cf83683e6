package dev.finetune4j.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs every benchmark of this module and writes the figures to {@code benchmarks/target/jmh-results.json}
 * (JMH's JSON format). An optional first argument is a regular expression selecting benchmarks.
 */
public final class RunBenchmarks {
  private RunBenchmarks() {}

  public static void main(String[] args) throws RunnerException, java.io.IOException {
    Path out = Path.of("target", "jmh-results.json").toAbsolutePath();
    Files.createDirectories(out.getParent());
    Options options = new OptionsBuilder()
        .include(args.length > 0 ? args[0] : RunBenchmarks.class.getPackageName() + ".*Benchmark")
        .forks(1)
        .warmupIterations(2)
        .measurementIterations(3)
        .resultFormat(ResultFormatType.JSON)
        .result(out.toString())
        .build();
    new Runner(options).run();
    System.out.println("Figures written to " + out);
  }
}
