package dev.finetune4j.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Python script from the test class path in the {@link PythonEnvironment}, within a deadline, its parameters
 * in environment variables: the conformance scripts under {@code conformance/} (official clients driving an emulator,
 * one printed line per check, a non-zero exit when one failed) and the other witnesses, such as tiktoken's counts.
 */
public final class ClientScript {

  /** The module every script imports its check helpers from. */
  private static final String HELPERS = "conformance/checks.py";

  private ClientScript() {}

  private static Path copy(String resource, Path dir) throws IOException {
    Path target = dir.resolve(Path.of(resource).getFileName().toString());
    try (InputStream in = ClientScript.class.getClassLoader().getResourceAsStream(resource)) {
      Objects.requireNonNull(in, () -> "no script " + resource + " on the class path");
      Files.copy(in, target);
    }
    return target;
  }

  /**
   * The outcome of a run.
   *
   * @param exitCode the script's exit code, or -1 when it was stopped at the timeout
   * @param output what it printed, standard error included
   */
  public record Result(int exitCode, String output) {
    /**
     * Tells whether every check passed.
     *
     * @return {@code true} when the script exited with 0
     */
    public boolean passed() {
      return exitCode == 0;
    }

    /**
     * Counts the checks that passed.
     *
     * @return the number of lines starting with {@code ok}
     */
    public long passedChecks() {
      return output.lines().filter(line -> line.startsWith("ok   ")).count();
    }
  }

  /**
   * Runs a script from the test class path with extra environment variables.
   *
   * @param resource the script's class-path name, such as {@code conformance/openai_conformance.py}
   * @param environment variables added to the script's environment
   * @param timeout how long the script may run before it is stopped
   * @return the result
   */
  public static Result run(String resource, Map<String, String> environment, Duration timeout) {
    Path python = PythonEnvironment.python();
    try {
      Path dir = Files.createTempDirectory("finetune4j-conformance");
      Path script = copy(resource, dir);
      copy(HELPERS, dir);
      Path log = dir.resolve("output.txt");
      ProcessBuilder builder = new ProcessBuilder(List.of(python.toString(), "-u", script.toString()))
          .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
      Map<String, String> env = builder.environment();
      env.keySet().removeIf(name -> name.startsWith("OPENAI_") || name.startsWith("HF_")
          || name.startsWith("HUGGING_FACE_"));
      env.put("HF_HUB_DISABLE_TELEMETRY", "1");
      env.put("HF_HUB_DISABLE_XET", "1"); // the emulators speak Git LFS, not Xet
      env.put("HF_HUB_CACHE", dir.resolve("hf-cache").toString());
      env.put("HF_HOME", dir.resolve("hf-home").toString());
      env.putAll(environment);
      Process process = builder.start();
      int exit;
      if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        exit = process.exitValue();
      } else {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        exit = -1;
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      return new Result(exit, exit == -1 ? output + "\n(stopped after " + timeout + ")" : output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + resource, e);
    }
  }
}
