package dev.finetune4j.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Validates a large generated file in a child JVM limited to a 64 MB heap: memory must not grow with the file's size.
 * The file is 200 MB by default; set the system property {@code finetune4j.bigFileMb} to change it.
 */
class ValidatorMemoryTest {

  private static final String WORDS = "the quick brown fox jumps over the lazy dog while a careful engineer checks "
      + "every line of the training data before it is uploaded to the provider and billed per token ";

  @Test
  void aLargeFileIsValidatedWithA64MegabyteHeap(@TempDir Path dir) throws IOException, InterruptedException {
    long targetBytes = Long.getLong("finetune4j.bigFileMb", 200L) * 1024 * 1024;
    Path file = dir.resolve("big.jsonl");
    long lines = writeFile(file, targetBytes);
    Path output = dir.resolve("child.out");

    Process child = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx64m",
        "-cp", System.getProperty("java.class.path"),
        BigFileValidation.class.getName(),
        file.toString()))
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
    boolean finished = child.waitFor(1, TimeUnit.HOURS);
    if (!finished) {
      child.destroyForcibly();
    }
    String printed = Files.readString(output);
    System.out.println("file=" + Files.size(file) + " bytes, lines=" + lines + "; child: " + printed.strip());

    assertThat(finished).as("child JVM finished").isTrue();
    assertThat(child.exitValue()).as(printed).isZero();
    assertThat(printed).contains("examples=" + lines + " valid=true findings=0");
  }

  private static long writeFile(Path file, long targetBytes) throws IOException {
    long written = 0;
    long lines = 0;
    try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      while (written < targetBytes) {
        String line = "{\"messages\":[{\"role\":\"system\",\"content\":\"You are support agent number " + lines
            + ". Answer briefly.\"},{\"role\":\"user\",\"content\":\"Question " + lines + ": " + WORDS + WORDS
            + "\"},{\"role\":\"assistant\",\"content\":\"Answer " + lines + ": " + WORDS + WORDS + WORDS + "\"}]}";
        writer.write(line);
        writer.write('\n');
        written += line.length() + 1;
        lines++;
      }
    }
    return lines;
  }
}
