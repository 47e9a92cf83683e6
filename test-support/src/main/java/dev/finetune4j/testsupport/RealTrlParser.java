package dev.finetune4j.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code trl} command-line parser, run without training by {@code build/python/trl-check.py}: TRL's own
 * entry point with its {@code TrlParser}, configs and {@code accelerate launch}'s parser, only the launch itself
 * replaced by a no-op. Many command lines are checked in one Python process.
 */
public final class RealTrlParser {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RealTrlParser() {}

  /**
   * One command line to check.
   *
   * @param argv what follows {@code trl}, such as {@code ["sft", "--model_name_or_path", "m", ...]}
   * @param gpu whether the command is meant for a GPU with bfloat16 (the bf16 hardware check then passes)
   */
  public record Request(List<String> argv, boolean gpu) {
    /** Copies the arguments. */
    public Request {
      argv = List.copyOf(argv);
    }
  }

  /**
   * The parser's verdict on one command line.
   *
   * @param ok whether {@code trl} would start training
   * @param exit its exit code (2 for a command-line error)
   * @param error the last error line it printed, empty when ok
   */
  public record Verdict(boolean ok, int exit, String error) {}

  /**
   * Checks command lines; skips (or fails in CI) when the Python environment is unavailable.
   *
   * @param requests the command lines
   * @return one verdict per request, in order
   * @throws IOException if the checker cannot run
   * @throws InterruptedException if interrupted
   */
  public static List<Verdict> check(List<Request> requests) throws IOException, InterruptedException {
    String script = PythonEnvironment.repositoryRoot().resolve("build/python/trl-check.py").toString();
    ProcessBuilder builder = new ProcessBuilder(PythonEnvironment.python().toString(), script);
    builder.environment().put("HF_HUB_OFFLINE", "1");
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process process = builder.start();
    try (Writer in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
      for (Request r : requests) {
        ObjectNode line = JSON.createObjectNode().put("gpu", r.gpu());
        r.argv().forEach(line.putArray("argv")::add);
        in.write(JSON.writeValueAsString(line) + "\n");
      }
    }
    List<Verdict> verdicts = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        JsonNode v = JSON.readTree(line);
        verdicts.add(new Verdict(v.path("ok").asBoolean(), v.path("exit").asInt(), v.path("error").asText()));
      }
    }
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IOException("trl-check.py did not finish within 5 minutes");
    }
    if (process.exitValue() != 0 || verdicts.size() != requests.size()) {
      throw new IOException("trl-check.py exited with " + process.exitValue() + " after " + verdicts.size() + " of "
          + requests.size() + " verdicts");
    }
    return verdicts;
  }
}
