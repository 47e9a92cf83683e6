package dev.finetune4j.testsupport;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Python environment of the tests that run real engines (TRL, transformers) and the providers' official clients
 * ({@code openai}, {@code huggingface_hub}): made by {@code build/python/ensure-env.sh} from the pinned
 * {@code build/python/requirements.txt} into {@code target/python-env}, once per change of the requirements.
 *
 * <p>Where it cannot be made, a test that needs it fails when {@code CI=true} (CI must run it) and is skipped with the
 * reason elsewhere. Used by every module's tests through the unpublished test-support module.
 */
public final class PythonEnvironment {
  private static final long INSTALL_MINUTES = 15;
  private static Path python;
  private static String unavailable;

  private PythonEnvironment() {}

  /**
   * Returns the environment's {@code python}, making the environment first if needed.
   *
   * @return the path of the python executable
   */
  public static synchronized Path python() {
    if (python == null && unavailable == null) {
      make();
    }
    if (python == null) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI must run the Python tests, but the Python environment is unavailable: " + unavailable);
      }
      assumeTrue(false, "Python tests skipped: " + unavailable);
    }
    return python;
  }

  /**
   * Returns an executable the environment installed, such as {@code trl}.
   *
   * @param name the executable's name
   * @return its path
   */
  public static Path executable(String name) {
    return python().getParent().resolve(name);
  }

  /**
   * Returns the repository's root: the nearest folder above the working directory holding {@code build/python}.
   *
   * @return the root
   */
  public static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("build/python/ensure-env.sh"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("build/python/ensure-env.sh not found above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  private static void make() {
    try {
      Path script = repositoryRoot().resolve("build/python/ensure-env.sh");
      Path log = Files.createTempFile("finetune4j-python-env", ".log");
      Process process = new ProcessBuilder(List.of("bash", script.toString()))
          .redirectError(log.toFile())
          .start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!process.waitFor(INSTALL_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        unavailable = "ensure-env.sh did not finish within " + INSTALL_MINUTES + " minutes (log: " + log + ")";
      } else if (process.exitValue() != 0 || out.isEmpty()) {
        unavailable = "ensure-env.sh failed with exit code " + process.exitValue() + ": " + tail(log);
      } else {
        python = Path.of(out.lines().reduce((a, b) -> b).orElseThrow());
      }
    } catch (IOException | IllegalStateException e) {
      unavailable = e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      unavailable = "interrupted while making the Python environment";
    }
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
  }
}
