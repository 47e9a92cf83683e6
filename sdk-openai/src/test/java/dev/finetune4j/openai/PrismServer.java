package dev.finetune4j.openai;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prism on the published OpenAI description ({@code ../shared/specs/openai-openapi.yaml}), started for a test class:
 * as a mock server ({@code prism mock}) or as a validating proxy in front of another server ({@code prism proxy}).
 *
 * <p>Skipped with a message when the description or Prism is missing, unless {@code FINETUNE4J_REQUIRE_CONTRACT=true}.
 * Prism is found through {@code PRISM_BIN}, else {@code <root>/.tools/node_modules/.bin/prism}
 * ({@code npm install --prefix .tools @stoplight/prism-cli@5}; the build does this when it is missing).
 */
final class PrismServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PrismServer.class);
  private static final Duration STARTUP_LIMIT = Duration.ofSeconds(180);

  private final Process process;
  private final String url;

  private PrismServer(Process process, String url) {
    this.process = process;
    this.url = url;
  }

  /** Starts {@code prism mock} on the description; its log goes to {@code sdk-openai/target/<logName>}. */
  static PrismServer mock(String logName) throws IOException, InterruptedException {
    return start(logName, List.of("mock"), List.of());
  }

  /**
   * Starts {@code prism proxy} on the description in front of {@code upstream}, which receives every request;
   * Prism reports what does not match the description in an {@code sl-violations} response header.
   */
  static PrismServer proxy(String upstream, String logName) throws IOException, InterruptedException {
    return start(logName, List.of("proxy"), List.of(upstream));
  }

  /** The URL clients use as their base URL: the description's paths live directly below it. */
  String url() {
    return url;
  }

  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("sdk-core")) && Files.isRegularFile(p.resolve("pom.xml"))) {
        return p;
      }
    }
    return dir.getParent() == null ? dir : dir.getParent();
  }

  private static PrismServer start(String logName, List<String> mode, List<String> after)
      throws IOException, InterruptedException {
    Path root = repositoryRoot();
    Path spec = root.resolve("../shared/specs/openai-openapi.yaml").normalize();
    Path bin = Optional.ofNullable(System.getenv("PRISM_BIN")).filter(s -> !s.isBlank()).map(Path::of)
        .orElse(root.resolve(".tools/node_modules/.bin/prism"));
    boolean required = "true".equalsIgnoreCase(System.getenv("FINETUNE4J_REQUIRE_CONTRACT"));
    if (!Files.isRegularFile(spec)) {
      skipOrFail(required, "the OpenAI OpenAPI description is not at " + spec + " (../shared is absent)");
    }
    if (!Files.isExecutable(bin)) {
      skipOrFail(required, "Prism is not installed at " + bin + "; run `npm install --prefix .tools "
          + "@stoplight/prism-cli@5` in the repository root or set PRISM_BIN");
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = root.resolve("sdk-openai/target/" + logName);
    Files.createDirectories(log.getParent());
    List<String> command = new ArrayList<>(List.of(bin.toString()));
    command.addAll(mode);
    command.add(spec.toString());
    command.addAll(after);
    command.addAll(List.of("-h", "127.0.0.1", "-p", String.valueOf(port)));
    long started = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = started + STARTUP_LIMIT.toNanos();
    while (!listening(port)) {
      if (!process.isAlive()) {
        fail("Prism exited with " + process.exitValue() + " before listening; see " + log);
      }
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        fail("Prism did not listen on port " + port + " within " + STARTUP_LIMIT + "; see " + log);
      }
      process.waitFor(200, TimeUnit.MILLISECONDS);
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    LOG.warn("Prism {} started on the OpenAI spec in {} ms", mode.get(0), millis);
    return new PrismServer(process, "http://127.0.0.1:" + port);
  }

  private static void skipOrFail(boolean required, String why) {
    if (required) {
      fail("FINETUNE4J_REQUIRE_CONTRACT=true but " + why);
    }
    LOG.warn("OpenAI contract test skipped: {}", why);
    Assumptions.abort("OpenAI contract test skipped: " + why);
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
