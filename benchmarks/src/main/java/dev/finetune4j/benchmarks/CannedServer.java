package dev.finetune4j.benchmarks;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A local OpenAI server that answers every call with a canned body shaped like the examples of OpenAI's published
 * description (fine-tuning jobs, their events, uploads). It runs in a process of its own, started by {@link #start()},
 * so that its CPU and allocation are not counted against the clients the benchmarks measure.
 *
 * <p>It is a plain HTTP/1.1 server over blocking sockets, one thread per connection, each answer prepared once as
 * bytes: what it adds to a round trip is one read and one write. The JDK's {@code com.sun.net.httpserver}, used
 * before, hands each request from its selector thread to a worker and back (five thread switches per call on this
 * machine against one) and took about 120 µs of a 180 µs call, which every client paid alike: it hid the
 * differences between the clients the benchmarks are there to show.
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
    Process process = new ProcessBuilder(List.of(java.toString(), "-Xmx256m", "-XX:+UseSerialGC", "-cp",
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

  static String upload(String status) {
    String file = status.equals("completed")
        ? ",\"file\":{\"id\":\"file-xyz321\",\"object\":\"file\",\"bytes\":0"
            + ",\"created_at\":1719186911,\"filename\":\"train.jsonl\",\"purpose\":\"fine-tune\"}"
        : "";
    return "{\"id\":\"upload_abc123\",\"object\":\"upload\",\"bytes\":0,\"created_at\":1719184911,"
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
    Map<String, byte[]> answers = Map.of(
        "POST /v1/fine_tuning/jobs", answer(job(JOB_ID)),
        "GET /v1/fine_tuning/jobs", answer(jobs(20)),
        "GET /v1/fine_tuning/jobs/" + JOB_ID, answer(job(JOB_ID)),
        "GET /v1/fine_tuning/jobs/" + JOB_ID + "/events", answer(events(100)),
        "POST /v1/uploads", answer(upload("pending")),
        "POST /v1/uploads/upload_abc123/parts", answer(
            "{\"id\":\"part_def456\",\"object\":\"upload.part\",\"created_at\":1719185911,\"upload_id\":\"upload_abc123\"}"),
        "POST /v1/uploads/upload_abc123/complete", answer(upload("completed")),
        "POST /v1/uploads/upload_abc123/cancel", answer(upload("cancelled")));
    ServerSocket listener = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
    System.out.println("port " + listener.getLocalPort());
    System.out.flush();
    while (true) {
      Socket socket = listener.accept();
      Thread connection = new Thread(() -> serve(socket, answers), "connection-" + socket.getPort());
      connection.setDaemon(true);
      connection.start();
    }
  }

  /** The whole answer, head and body, as sent for every request of its route. */
  private static byte[] answer(String body) {
    byte[] json = body.getBytes(StandardCharsets.UTF_8);
    byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nx-request-id: req_abc123\r\n"
        + "Content-Length: " + json.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] whole = Arrays.copyOf(head, head.length + json.length);
    System.arraycopy(json, 0, whole, head.length, json.length);
    return whole;
  }

  /**
   * Answers one connection's requests in turn (HTTP/1.1 with keep-alive) until the client closes it. Each request's
   * head is read and its body, sized or chunked, is read and dropped; the answer is looked up by method and path.
   */
  private static void serve(Socket socket, Map<String, byte[]> answers) {
    try (socket) {
      socket.setTcpNoDelay(true);
      RequestReader in = new RequestReader(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      for (String request = in.line(); request != null; request = in.line()) {
        long length = 0;
        boolean chunked = false;
        boolean close = false;
        for (String header = in.line(); header != null && !header.isEmpty(); header = in.line()) {
          int colon = header.indexOf(':');
          String name = header.substring(0, colon).trim();
          String value = header.substring(colon + 1).trim();
          if (name.equalsIgnoreCase("Content-Length")) {
            length = Long.parseLong(value);
          } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
            chunked = value.equalsIgnoreCase("chunked");
          } else if (name.equalsIgnoreCase("Connection")) {
            close = value.equalsIgnoreCase("close");
          }
        }
        if (chunked) {
          in.skipChunked();
        } else {
          in.skip(length);
        }
        String[] line = request.split(" ");
        int query = line[1].indexOf('?');
        String route = line[0] + " " + (query < 0 ? line[1] : line[1].substring(0, query));
        byte[] answer = answers.get(route);
        out.write(answer != null ? answer
            : "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        if (close) {
          return;
        }
      }
    } catch (IOException e) {
      // the client closed the connection
    }
  }

  /** Reads a request's lines and drops its body through one buffer of 256 KiB. */
  private static final class RequestReader {
    private final InputStream in;
    private final byte[] buffer = new byte[256 * 1024];
    private int position;
    private int limit;

    RequestReader(InputStream in) {
      this.in = in;
    }

    /** @return the next line without its CR LF, or null at the end of the stream before a line starts */
    String line() throws IOException {
      StringBuilder line = new StringBuilder();
      while (true) {
        for (; position < limit; position++) {
          byte b = buffer[position];
          if (b == '\n') {
            position++;
            int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
            return line.substring(0, end);
          }
          line.append((char) (b & 0xff));
        }
        if (!fill()) {
          if (line.length() == 0) {
            return null;
          }
          throw new EOFException("the stream ended inside a line");
        }
      }
    }

    /** Drops {@code count} bytes. */
    void skip(long count) throws IOException {
      while (count > 0) {
        if (position == limit && !fill()) {
          throw new EOFException(count + " bytes of the body are missing");
        }
        int taken = (int) Math.min(count, limit - position);
        position += taken;
        count -= taken;
      }
    }

    /** Drops a chunked body: each chunk, the last one of size zero, and the trailer. */
    void skipChunked() throws IOException {
      while (true) {
        String size = line();
        int extension = size.indexOf(';');
        long count = Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
        if (count == 0) {
          for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
            // trailers are dropped
          }
          return;
        }
        skip(count);
        line();
      }
    }

    private boolean fill() throws IOException {
      int read = in.read(buffer);
      if (read < 0) {
        return false;
      }
      position = 0;
      limit = read;
      return true;
    }
  }
}
