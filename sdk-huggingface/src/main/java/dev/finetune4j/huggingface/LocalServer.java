package dev.finetune4j.huggingface;

import dev.finetune4j.ClientOptions;
import dev.finetune4j.RetryPolicy;
import dev.finetune4j.error.FineTuningException;
import dev.finetune4j.error.LocalIoException;
import dev.finetune4j.error.LocalProcessException;
import dev.finetune4j.error.WaitTimeoutException;
import dev.finetune4j.model.OpenAiCompatibleChatModel;
import dev.finetune4j.spi.http.ApiRequest;
import dev.finetune4j.spi.http.HttpTransport;
import dev.finetune4j.wait.Acceptor;
import dev.finetune4j.wait.Backoff;
import dev.finetune4j.wait.WaitSettings;
import dev.finetune4j.wait.Waiter;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model served on this machine with {@code transformers serve}, reached through its OpenAI-compatible {@code /v1}
 * API: the local counterpart of an Inference Endpoint. {@link #start()} returns once the server's {@code /health}
 * route answers, so the first chat does not meet a server that is still loading; {@link #close()} stops the server
 * and every process it started.
 *
 * <pre>{@code
 * try (LocalServer server = LocalServer.builder().model("/models/tuned").build().start()) {
 *   server.chat().complete(List.of(ChatMessage.user("A quick vegetarian dinner for two?")));
 * }
 * }</pre>
 *
 * <p>A LoRA adapter folder is not served as it is: merge it into its base model first with
 * {@link LocalTraining#mergeAdapter(Path, Path)}.
 */
public final class LocalServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalServer.class);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final String model;
  private final List<String> command;
  private final Map<String, String> environment;
  private final Duration startupTimeout;
  private final Path logFile;
  private final int port;
  private volatile Process process;

  private LocalServer(Builder b) {
    this.model = b.model;
    this.port = b.port == 0 ? freePort() : b.port;
    this.command = List.of(b.executable, "serve", "--host", "127.0.0.1", "--port", Integer.toString(port),
        "--device", b.device, "--log-level", "warning", model);
    this.environment = Map.copyOf(b.environment);
    this.startupTimeout = b.startupTimeout;
    this.logFile = b.logFile;
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts the server and waits until it answers on {@code /health}.
   *
   * @return this server, running
   * @throws LocalProcessException if the program cannot start or exits before it is ready
   * @throws WaitTimeoutException if it is not ready within the startup timeout (it is stopped then)
   */
  public synchronized LocalServer start() {
    if (process != null) {
      throw new IllegalStateException("the server for " + model + " is started already");
    }
    try {
      Path log = logFile != null ? logFile : Files.createTempFile("finetune4j-serve", ".log");
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile());
      builder.environment().putAll(environment);
      process = builder.start();
      LOG.info("local server: started {} for {} on port {} (pid {}, log {})", command.get(0), model, port,
          process.pid(), log);
      awaitHealthy(log);
      return this;
    } catch (IOException e) {
      throw new LocalProcessException("Cannot start " + command.get(0) + ": " + e.getMessage(), command, null, e);
    }
  }

  private void awaitHealthy(Path log) {
    ClientOptions options = ClientOptions.builder().retryPolicy(RetryPolicy.none())
        .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10)).build();
    try (HttpTransport health = HttpTransport.builder().provider("transformers-serve").baseUrl(root())
        .options(options).build()) {
      Waiter.<Boolean>builder(() -> {
        if (!process.isAlive()) {
          throw new LocalProcessException("transformers serve exited with code " + process.exitValue()
              + " before it was ready: " + tail(log), command, process.exitValue(), null);
        }
        health.execute(ApiRequest.get("/health").build());
        return true;
      })
          .waitingFor("transformers serve for " + model + " to answer on /health")
          .acceptor(Acceptor.successWhen(ok -> ok))
          // refused connections and 5xx while it loads; any other error answer means it will not become healthy
          .acceptor(Acceptor.retryOnException(e -> e instanceof dev.finetune4j.error.TransportException
              || e instanceof dev.finetune4j.error.ServerException
              || e instanceof dev.finetune4j.error.RequestTimeoutException))
          .settings(WaitSettings.builder().timeout(startupTimeout)
              .backoff(Backoff.builder().floor(Duration.ofMillis(100))
                  .intervals(Duration.ofMillis(250), Duration.ofSeconds(2)).factor(1.5).build())
              .build())
          .build()
          .run();
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
  }

  /**
   * Returns the base URL of the OpenAI-compatible API.
   *
   * @return {@code http://127.0.0.1:<port>/v1}
   */
  public String baseUrl() {
    return root() + "/v1";
  }

  private String root() {
    return "http://127.0.0.1:" + port;
  }

  /**
   * Returns the model name requests carry: the folder or Hub id the server was started with.
   *
   * @return the model
   */
  public String model() {
    return model;
  }

  /**
   * Returns a chat client for the served model.
   *
   * @return an OpenAI-compatible chat model on {@link #baseUrl()}
   */
  public OpenAiCompatibleChatModel chat() {
    return OpenAiCompatibleChatModel.builder().baseUrl(baseUrl()).model(model).legacyMaxTokens(true).build();
  }

  /**
   * Returns whether the server process is running.
   *
   * @return true between {@link #start()} and {@link #close()}
   */
  public boolean isRunning() {
    Process p = process;
    return p != null && p.isAlive();
  }

  /** Stops the server and the processes it started: politely first, forcibly after 10 seconds. */
  @Override
  public synchronized void close() {
    stop();
  }

  private void stop() {
    Process p = process;
    if (p == null || !p.isAlive()) {
      return;
    }
    List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
    tree.forEach(ProcessHandle::destroy);
    p.destroy();
    try {
      if (!p.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
      }
      tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new FineTuningException("Interrupted while stopping the server for " + model, e);
    }
    LOG.info("local server: stopped the server for {}", model);
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
    } catch (IOException e) {
      return "(log " + log + " unreadable: " + e.getMessage() + ")";
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new LocalIoException("cannot find a free local port: " + e.getMessage(), null, e);
    }
  }

  @Override
  public String toString() {
    return "LocalServer{model=" + model + ", url=" + baseUrl() + ", running=" + isRunning() + '}';
  }

  /** Builds a {@link LocalServer}; the model is required. */
  public static final class Builder {
    private String model;
    private String executable = "transformers";
    private String device = "cpu";
    private int port;
    private Duration startupTimeout = Duration.ofMinutes(5);
    private Path logFile;
    private final Map<String, String> environment = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets the model to serve.
     *
     * @param model a model folder or a Hub model id
     * @return this builder
     */
    public Builder model(String model) {
      Objects.requireNonNull(model, "model");
      if (model.isBlank()) {
        throw new IllegalArgumentException("model must be a model folder or a Hub model id, was blank");
      }
      this.model = model;
      return this;
    }

    /**
     * Sets the {@code transformers} program.
     *
     * @param executable a name on the PATH or a path; default {@code transformers}
     * @return this builder
     */
    public Builder executable(String executable) {
      this.executable = Objects.requireNonNull(executable, "executable");
      return this;
    }

    /**
     * Sets the device the model runs on.
     *
     * @param device such as {@code cpu} (the default), {@code cuda:0} or {@code auto}
     * @return this builder
     */
    public Builder device(String device) {
      this.device = Objects.requireNonNull(device, "device");
      return this;
    }

    /**
     * Sets the port.
     *
     * @param port 1 to 65535, or 0 for a free one (the default)
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0 (any free port) or 1 to 65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Sets how long {@link LocalServer#start()} waits for the server to answer.
     *
     * @param timeout positive; default 5 minutes
     * @return this builder
     */
    public Builder startupTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("startupTimeout must be positive, was " + timeout);
      }
      this.startupTimeout = timeout;
      return this;
    }

    /**
     * Sets the file the server's output goes to.
     *
     * @param file the log file; default a new temporary file
     * @return this builder
     */
    public Builder logFile(Path file) {
      this.logFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * Adds an environment variable for the server, such as {@code HF_HUB_OFFLINE}.
     *
     * @param name the name
     * @param value the value
     * @return this builder
     */
    public Builder environment(String name, String value) {
      environment.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Builds it (not started).
     *
     * @return the server
     * @throws IllegalStateException if no model was set
     */
    public LocalServer build() {
      if (model == null) {
        throw new IllegalStateException("model is required: a model folder or a Hub model id");
      }
      return new LocalServer(this);
    }
  }
}
