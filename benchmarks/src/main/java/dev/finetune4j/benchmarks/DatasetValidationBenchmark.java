package dev.finetune4j.benchmarks;

import dev.finetune4j.dataset.DatasetRules;
import dev.finetune4j.dataset.DatasetValidator;
import dev.finetune4j.dataset.TokenCounters;
import dev.finetune4j.dataset.ValidationReport;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Validation of a chat JSONL file with exact token counting: time per file of a given number of examples. Divide the
 * file size (printed at set-up) by the time for the throughput.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DatasetValidationBenchmark {
  @Param({"10000"})
  public int examples;

  private Path file;
  private DatasetValidator validator;

  @Setup(Level.Trial)
  public void writeFile() throws IOException {
    file = Files.createTempFile("finetune4j-bench", ".jsonl");
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < examples; i++) {
        out.write("{\"messages\":[{\"role\":\"system\",\"content\":\"You are a concise recipe assistant.\"},"
            + "{\"role\":\"user\",\"content\":\"How long should I simmer lentil soup number " + i + "?\"},"
            + "{\"role\":\"assistant\",\"content\":\"Simmer red lentils for 20 to 25 minutes, brown ones for 30 to 35,"
            + " stirring now and then and adding water if it thickens too much (batch " + i + ").\"}]}\n");
      }
    }
    // exact counts with o200k_base, the tokenizer of gpt-4o-mini-2024-07-18
    validator = DatasetValidator.builder()
        .rules(DatasetRules.builder().tokenCounter(TokenCounters.o200k()).build())
        .build();
  }

  @TearDown(Level.Trial)
  public void deleteFile() throws IOException {
    Files.deleteIfExists(file);
  }

  @Benchmark
  public ValidationReport validate() {
    return validator.validate(file);
  }
}
