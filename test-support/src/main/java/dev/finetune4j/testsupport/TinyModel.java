package dev.finetune4j.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A tiny random-initialised causal language model made on this machine by {@code build/python/make-tiny-model.py}
 * (a 2-layer Llama of about 250,000 parameters and a byte-level BPE tokenizer trained on
 * {@code examples/data/recipes-*.jsonl}, with a ChatML chat template). It is made once, in
 * {@code target/tiny-model} at the repository's root, and reused by every test and build after that; no network.
 */
public final class TinyModel {
  private static Path model;

  private TinyModel() {}

  /**
   * Returns the model's folder, making it on first use; skips (or fails in CI) without the Python environment.
   *
   * @return a normal model folder ({@code config.json}, {@code model.safetensors}, tokenizer files)
   */
  public static synchronized Path path() {
    if (model != null) {
      return model;
    }
    Path python = PythonEnvironment.python();
    Path root = PythonEnvironment.repositoryRoot();
    Path out = root.resolve("target/tiny-model");
    if (!Files.isRegularFile(out.resolve("config.json"))) {
      List<String> command = new ArrayList<>(List.of(python.toString(),
          root.resolve("build/python/make-tiny-model.py").toString(), out.toString()));
      try (var files = Files.list(root.resolve("examples/data"))) {
        files.filter(f -> f.getFileName().toString().matches("recipes-.*\\.jsonl")).sorted()
            .forEach(f -> command.add(f.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        offline(builder);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
          fail("make-tiny-model.py failed: " + output);
        }
      } catch (IOException e) {
        fail("make-tiny-model.py could not run: " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted while making the tiny model");
      }
    }
    model = out;
    return model;
  }

  /**
   * Sets the variables that keep the Hugging Face libraries off the network on a process.
   *
   * @param builder the process
   */
  public static void offline(ProcessBuilder builder) {
    builder.environment().put("HF_HUB_OFFLINE", "1");
    builder.environment().put("HF_DATASETS_OFFLINE", "1");
    builder.environment().put("TRANSFORMERS_OFFLINE", "1");
    builder.environment().put("HF_HUB_DISABLE_TELEMETRY", "1");
  }
}
