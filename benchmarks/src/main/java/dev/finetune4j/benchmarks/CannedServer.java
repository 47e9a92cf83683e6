package dev.finetune4j.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A local OpenAI server that answers every call with a canned body shaped like the examples of OpenAI's published
 * description (fine-tuning jobs, their events, uploads). It runs in a process of its own, started by {@link #start()},
 * so that its CPU and allocation are not counted against the clients the benchmarks measure.
 */
public final class CannedServer implements AutoCloseable {
  static final String JOB_ID = "ftjob-abc123";
  static final String KEY = "sk-benchmark-key-0123456789";

  private final Process process;
  private final String baseUrl;

  private CannedServer(Process process, String baseUrl) {
    this.process = process;
    this.baseUrl = baseUrl;
  }

  /**
   * Starts the server in a child JVM on the benchmark's class path and waits for its port.
   *
   * @return the running server
   * @throws IOException if it cannot be started
   */
  public static CannedServer start() throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process = new ProcessBuilder(List.of(java.toString(), "-Xmx256m", "-XX:+UseSerialGC", "-Dsun.net.httpserver.nodelay=true", "-cp",
        System.getProperty("java.class.path"), CannedServer.class.getName()))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null || !line.startsWith("port ")) {
      process.destroyForcibly();
      throw new IOException("the canned server did not start: " + line);
    }
    return new CannedServer(process, "http://127.0.0.1:" + line.substring(5) + "/v1");
  }

  /** @return the base URL, such as {@code http://127.0.0.1:40123/v1} */
  public String baseUrl() {
    return baseUrl;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  static String job(String id) {
    return """
        {"object":"fine_tuning.job","id":"%s","model":"gpt-4o-mini-2024-07-18","created_at":1721764800,
         "finished_at":null,"fine_tuned_model":null,"organization_id":"org-123","result_files":[],
         "status":"running","validation_file":null,"training_file":"file-abc123","trained_tokens":null,
         "error":null,"seed":42,"estimated_finish":1721768400,"integrations":[],"metadata":{"team":"kitchen"},
         "hyperparameters":{"batch_size":"auto","learning_rate_multiplier":"auto","n_epochs":"auto"},
         "method":{"type":"supervised","supervised":{"hyperparameters":{"batch_size":"auto",
           "learning_rate_multiplier":"auto","n_epochs":"auto"}}},"user_provided_suffix":"recipes"}"""
        .formatted(id);
  }

  static String jobs(int count) {
    StringBuilder data = new StringBuilder();
    for (int i = 0; i < count; i++) {
      data.append(i == 0 ? "" : ",").append(job("ftjob-" + (1000 + i)));
    }
    return "{\"object\":\"list\",\"data\":[" + data + "],\"has_more\":false}";
  }

  static String events(int count) {
    StringBuilder data = new StringBuilder();
    for (int i = count; i > 0; i--) {
      data.append(i == count ? "" : ",").append("""
          {"object":"fine_tuning.job.event","id":"ftevent-%d","created_at":%d,"level":"info",
           "message":"Step %d/%d: training loss=0.%d","type":"metrics",
           "data":{"step":%d,"total_steps":%d,"train_loss":0.%d,"train_mean_token_accuracy":0.9}}"""
          .formatted(i, 1721764800 + i, i, count, 100 + i, i, count, 100 + i));
    }
    return "{\"object\":\"list\",\"data\":[" + data + "],\"has_more\":false}";
  }

  static String upload(String status, long bytes) {
    String file = status.equals("completed")
        ? ",\"file\":{\"id\":\"file-xyz321\",\"object\":\"file\",\"bytes\":" + bytes
            + ",\"created_at\":1719186911,\"filename\":\"train.jsonl\",\"purpose\":\"fine-tune\"}"
        : "";
    return "{\"id\":\"upload_abc123\",\"object\":\"upload\",\"bytes\":" + bytes + ",\"created_at\":1719184911,"
        + "\"filename\":\"train.jsonl\",\"purpose\":\"fine-tune\",\"status\":\"" + status + "\","
        + "\"expires_at\":1719127296" + file + "}";
  }

  /**
   * Serves until killed; prints {@code port <n>} when ready.
   *
   * @param args none
   * @throws IOException if the port cannot be opened
   */
  public static void main(String[] args) throws IOException {
    byte[] job = job(JOB_ID).getBytes(StandardCharsets.UTF_8);
    byte[] jobs = jobs(20).getBytes(StandardCharsets.UTF_8);
    byte[] events = events(100).getBytes(StandardCharsets.UTF_8);
    byte[] part = "{\"id\":\"part_def456\",\"object\":\"upload.part\",\"created_at\":1719185911,\"upload_id\":\"upload_abc123\"}"
        .getBytes(StandardCharsets.UTF_8);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext("/v1/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      drain(exchange.getRequestBody());
      byte[] answer;
      if (path.equals("/v1/fine_tuning/jobs")) {
        answer = exchange.getRequestMethod().equals("POST") ? job : jobs;
      } else if (path.endsWith("/events")) {
        answer = events;
      } else if (path.startsWith("/v1/fine_tuning/jobs/")) {
        answer = job;
      } else if (path.equals("/v1/uploads")) {
        answer = upload("pending", 0).getBytes(StandardCharsets.UTF_8);
      } else if (path.endsWith("/parts")) {
        answer = part;
      } else if (path.endsWith("/complete")) {
        answer = upload("completed", 0).getBytes(StandardCharsets.UTF_8);
      } else {
        answer = upload("cancelled", 0).getBytes(StandardCharsets.UTF_8);
      }
      send(exchange, answer);
    });
    server.start();
    System.out.println("port " + server.getAddress().getPort());
    System.out.flush();
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[256 * 1024];
    while (in.read(buffer) >= 0) {
      // the request body is read and dropped
    }
  }

  private static void send(HttpExchange exchange, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("x-request-id", "req_abc123");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
