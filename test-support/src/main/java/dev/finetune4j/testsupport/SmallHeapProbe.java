package dev.finetune4j.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Runs a client's calls against a {@link HostileServer} in a child JVM limited to a 256 MB heap. The child is a
 * class with a {@code main} that makes each call through {@link #probe}, which prints one line per call,
 * {@code name -> outcome}: the simple name and first message line of what it threw (an {@link OutOfMemoryError}
 * included), or what it returned. The test starts it with {@link #run} and checks the lines.
 */
public final class SmallHeapProbe {
  /** The child JVM's heap. */
  public static final String HEAP = "-Xmx256m";

  private SmallHeapProbe() {}

  /**
   * In the child: makes one call and prints its outcome.
   *
   * @param name the cell's name
   * @param call the call; a returned {@code String} is printed as the outcome, anything else as {@code returned}
   */
  public static void probe(String name, Supplier<Object> call) {
    String outcome;
    try {
      Object result = call.get();
      outcome = result instanceof String text ? text : "returned";
    } catch (Throwable e) {
      outcome = e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }
    System.out.println(name + " -> " + outcome);
  }

  /**
   * In the child: reads each answer of {@link HostileServer#serveJsonAnswers} by its id.
   *
   * @param retrieve reads the answer with the given id, such as a job's retrieve
   */
  public static void probeJsonAnswers(Function<String, Object> retrieve) {
    probe("200 MB string field", () -> retrieve.apply("string"));
    probe("gzip bomb", () -> retrieve.apply("gzip"));
    probe("4 M object fields", () -> retrieve.apply("fields"));
    probe("3 M object fields", () -> retrieve.apply("fields-under-cap"));
  }

  /**
   * In the test: runs a probe in a child JVM with a 256 MB heap and this JVM's class path, and waits for it (three
   * minutes at most), and repeats what it printed on this JVM's standard output. Fails unless it finished, exited
   * normally and printed no {@link OutOfMemoryError}.
   *
   * @param probe the class whose {@code main} makes the calls
   * @param args its arguments, such as the server's URL
   * @return what it printed
   */
  public static String run(Class<?> probe, String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP,
        "-cp", System.getProperty("java.class.path"), probe.getName()));
    command.addAll(List.of(args));
    try {
      Path output = Files.createTempFile("small-heap-probe", ".out");
      try {
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
            .start();
        boolean finished = child.waitFor(3, TimeUnit.MINUTES);
        if (!finished) {
          child.destroyForcibly().waitFor();
        }
        String printed = Files.readString(output);
        System.out.print(printed);
        assertTrue(finished, "the child JVM did not finish in 3 minutes: " + printed);
        assertEquals(0, child.exitValue(), printed);
        assertFalse(printed.contains("OutOfMemoryError"), printed);
        return printed;
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + probe.getName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while " + probe.getName() + " ran", e);
    }
  }

  /**
   * In the test: checks that each answer of {@link #probeJsonAnswers} ended in {@code InvalidResponseException}:
   * the first three at the 32 MiB size cap, the 3 million fields at the JSON token cap.
   *
   * @param printed what the probe printed
   */
  public static void assertJsonAnswersRefused(String printed) {
    assertLine(printed, "200 MB string field -> InvalidResponseException: .*larger than 33554432 bytes.*");
    assertLine(printed, "gzip bomb -> InvalidResponseException: .*larger than 33554432 bytes.*");
    assertLine(printed, "4 M object fields -> InvalidResponseException: .*larger than 33554432 bytes.*");
    assertLine(printed, "3 M object fields -> InvalidResponseException: .*[Tt]oken count.*");
  }

  /**
   * In the test: checks that the probe printed a line matching a pattern.
   *
   * @param printed what the probe printed
   * @param line a regular expression for one whole line
   */
  public static void assertLine(String printed, String line) {
    Pattern pattern = Pattern.compile(line);
    assertTrue(printed.lines().anyMatch(l -> pattern.matcher(l).matches()),
        "no line matches " + line + " in:\n" + printed);
  }
}
