package dev.finetune4j.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prism on a published API description, for the contract tests of every provider: as a mock with request validation
 * ({@link #mock}: a request Prism rejects is answered 422, and one it flags is listed by {@link #violations()}), or as
 * a validating proxy in front of an emulator ({@link #proxy}).
 *
 * <p>The description is read from {@code ../shared/specs/} beside the repository; Prism is found through
 * {@code PRISM_BIN}, else at {@code <root>/.tools/node_modules/.bin/prism} (installed by sdk-openai's build with npm).
 * When either is missing the test is skipped with the reason, unless {@code FINETUNE4J_REQUIRE_CONTRACT=true}, which
 * makes it fail. Used by every provider's tests through the unpublished test-support module.
 */
public final class Prism implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Prism.class);
  private static final Duration STARTUP_LIMIT = Duration.ofSeconds(180);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final String baseUrl;
  private final List<String> violations = new CopyOnWriteArrayList<>();

  private Prism(Process process, String baseUrl) {
    this.process = process;
    this.baseUrl = baseUrl;
  }

  /**
   * Starts Prism mocking a description.
   *
   * @param specPath the description's path below {@code ../shared/specs/}, such as {@code openai-openapi.yaml}
   * @param logName the name of the log written under the calling module's {@code target/}
   * @return the running mock
   * @throws Exception if it cannot start
   */
  public static Prism mock(String specPath, String logName) throws Exception {
    return mock(specs().resolve(specPath), logName);
  }

  /**
   * Returns the folder of the published API descriptions, {@code ../shared/specs} beside the repository.
   *
   * @return the folder; the test is skipped (or fails when contract tests are required) if it is absent
   */
  public static Path specs() {
    Path specs = repositoryRoot().resolve("../shared/specs").normalize();
    if (!Files.isDirectory(specs)) {
      skipOrFail(required(), "the API descriptions are not at " + specs + " (../shared is absent)");
    }
    return specs;
  }

  /**
   * Reads a published description (JSON or YAML) as a tree to adjust before mocking it, without its documentation
   * examples ({@code x-ms-examples}: Azure's descriptions refer to them as files of which only some are published,
   * so Prism could not load the description; they are not part of the contract). Reading YAML needs
   * {@code jackson-dataformat-yaml} on the test class path.
   *
   * @param specPath the description's path below {@code ../shared/specs/}
   * @return the description
   * @throws IOException if it cannot be read
   */
  public static ObjectNode description(String specPath) throws IOException {
    Path spec = specs().resolve(specPath);
    ObjectMapper reader = specPath.endsWith(".json") ? JSON
        : new com.fasterxml.jackson.dataformat.yaml.YAMLMapper();
    ObjectNode description = (ObjectNode) reader.readTree(spec.toFile());
    description.findParents("x-ms-examples").forEach(parent -> ((ObjectNode) parent).remove("x-ms-examples"));
    return description;
  }

  /**
   * Starts Prism mocking a description given as a tree, written as JSON to a folder first.
   *
   * @param description the description
   * @param dir where to write it
   * @param logName the name of the log written under the calling module's {@code target/}
   * @return the running mock
   * @throws Exception if it cannot start
   */
  public static Prism mock(JsonNode description, Path dir, String logName) throws Exception {
    Path spec = dir.resolve(logName + ".json");
    JSON.writeValue(spec.toFile(), description);
    return mock(spec, logName);
  }

  /**
   * Starts Prism mocking a description file.
   *
   * @param spec the description
   * @param logName the name of the log written under the calling module's {@code target/}
   * @return the running mock
   * @throws Exception if it cannot start
   */
  public static Prism mock(Path spec, String logName) throws Exception {
    return start(List.of("mock", spec.toString()), spec, logName);
  }

  /**
   * Starts Prism as a validating proxy in front of a server: every request reaches {@code upstream}, and what does
   * not match the description (requests or responses) is reported in an {@code sl-violations} response header.
   *
   * @param specPath the description's path below {@code ../shared/specs/}
   * @param upstream the server's base URL, such as an emulator's
   * @param logName the name of the log written under the calling module's {@code target/}
   * @return the running proxy
   * @throws Exception if it cannot start
   */
  public static Prism proxy(String specPath, String upstream, String logName) throws Exception {
    Path spec = specs().resolve(specPath);
    return start(List.of("proxy", spec.toString(), upstream), spec, logName);
  }

  private static Prism start(List<String> arguments, Path spec, String logName) throws Exception {
    Path root = repositoryRoot();
    Path bin = Optional.ofNullable(System.getenv("PRISM_BIN")).filter(s -> !s.isBlank()).map(Path::of)
        .orElse(root.resolve(".tools/node_modules/.bin/prism"));
    boolean required = required();
    if (!Files.isRegularFile(spec)) {
      skipOrFail(required, "the API description is not at " + spec + " (../shared is absent)");
    }
    if (!Files.isExecutable(bin)) {
      skipOrFail(required, "Prism is not installed at " + bin + "; run `npm install --prefix .tools "
          + "@stoplight/prism-cli@5` in the repository root or set PRISM_BIN");
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = Path.of("target", logName + ".log").toAbsolutePath();
    Files.createDirectories(log.getParent());
    long started = System.nanoTime();
    List<String> command = new java.util.ArrayList<>(List.of(bin.toString()));
    command.addAll(arguments);
    command.addAll(List.of("-h", "127.0.0.1", "-p", String.valueOf(port)));
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
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
    LOG.info("Prism {} started on {} in {} ms", arguments.get(0), spec.getFileName(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    return new Prism(process, "http://127.0.0.1:" + port);
  }

  /** @return the mock's address, such as {@code http://127.0.0.1:4010} */
  public String baseUrl() {
    return baseUrl;
  }

  /**
   * Returns an OkHttp client that records the requests Prism flags in its {@code sl-violations} header (violations
   * about Prism's own example responses are not the SDK's and are left out), and rewrites each request's path first,
   * for descriptions whose paths lack a prefix the SDK sends (Azure's {@code /openai}).
   *
   * @param rewritePath maps the path the SDK sends to the path in the description
   * @return the client
   */
  public OkHttpClient checkingClient(UnaryOperator<String> rewritePath) {
    Interceptor rewrite = chain -> {
      Request request = chain.request();
      String path = rewritePath.apply(request.url().encodedPath());
      return chain.proceed(request.newBuilder().url(request.url().newBuilder().encodedPath(path).build()).build());
    };
    Interceptor record = chain -> {
      Response response = chain.proceed(chain.request());
      String flagged = response.header("sl-violations");
      if (flagged != null) {
        for (JsonNode violation : JSON.readTree(flagged)) {
          if ("request".equals(violation.path("location").path(0).asText())) {
            violations.add(chain.request().method() + " " + chain.request().url().encodedPath() + ": " + violation);
          }
        }
      }
      return response;
    };
    return new OkHttpClient.Builder().addInterceptor(rewrite).addNetworkInterceptor(record).build();
  }

  /** @return the requests Prism flagged since the last {@link #clearViolations()} */
  public List<String> violations() {
    return List.copyOf(violations);
  }

  /** Forgets the flagged requests, before the next test. */
  public void clearViolations() {
    violations.clear();
  }

  /** Stops Prism. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static boolean required() {
    return "true".equalsIgnoreCase(System.getenv("FINETUNE4J_REQUIRE_CONTRACT"));
  }

  private static void skipOrFail(boolean required, String why) {
    if (required) {
      fail("FINETUNE4J_REQUIRE_CONTRACT=true but " + why);
    }
    LOG.warn("Contract test skipped: {}", why);
    Assumptions.abort("Contract test skipped: " + why);
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("sdk-core")) && Files.isRegularFile(p.resolve("pom.xml"))) {
        return p;
      }
    }
    return dir.getParent() == null ? dir : dir.getParent();
  }
}
