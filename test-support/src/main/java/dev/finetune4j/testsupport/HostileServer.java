package dev.finetune4j.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/**
 * A local HTTP server with hostile success answers that are generated while they are sent, so that the JVM serving
 * them holds none of them: for the memory tests that run a client in a small heap ({@link SmallHeapProbe}). Each
 * answer is served under a path prefix (the longest matching prefix wins) with status 200.
 */
public final class HostileServer implements AutoCloseable {
  /** A mebibyte, the unit of the hostile answers' sizes. */
  public static final long MB = 1024 * 1024;

  private final HttpServer server;

  private HostileServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts a server on a free port of the loopback address.
   *
   * @return the running server; close it when done
   */
  public static HostileServer start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.start();
      return new HostileServer(server);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the hostile server", e);
    }
  }

  /** Writes a body as it is generated; a client that stops reading ends the exchange. */
  @FunctionalInterface
  public interface Body {
    /**
     * Writes the body.
     *
     * @param out where it goes
     * @throws IOException when the client stops reading
     */
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Serves a body under a path prefix.
   *
   * @param path the path prefix, such as {@code /v1/fine_tuning/jobs/string}
   * @param body the body
   * @return this server
   */
  public HostileServer serve(String path, Body body) {
    server.createContext(path, exchange -> send(exchange, false, body));
    return this;
  }

  /**
   * Serves a body under a path prefix with {@code Content-Encoding: gzip}, compressed while it is sent.
   *
   * @param path the path prefix
   * @param body the body before compression
   * @return this server
   */
  public HostileServer serveGzipped(String path, Body body) {
    server.createContext(path, exchange -> send(exchange, true, body));
    return this;
  }

  /**
   * Serves the answers {@link SmallHeapProbe#probeJsonAnswers} reads, each under {@code prefix} and its id:
   * {@code string}, a 200 MB string field; {@code gzip}, a gzip bomb (300 MB inflated); {@code fields}, 4 million
   * object fields (over the 32 MiB size cap); {@code fields-under-cap}, 3 million (about 28 MB, under it).
   *
   * @param prefix the path the ids follow, such as {@code /v1/fine_tuning/jobs/}
   * @return this server
   */
  public HostileServer serveJsonAnswers(String prefix) {
    return serve(prefix + "string", stringField('x', 200 * MB))
        .serveGzipped(prefix + "gzip", stringField('0', 300 * MB))
        .serve(prefix + "fields", out -> fields(out, 4_000_000))
        .serve(prefix + "fields-under-cap", out -> fields(out, 3_000_000));
  }

  /**
   * A fixed body.
   *
   * @param text the body's text, sent as UTF-8
   * @return the body
   */
  public static Body text(String text) {
    return out -> out.write(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A text that never ends its line: the prefix, then {@code bytes} letters {@code x}, and no newline.
   *
   * @param prefix what comes first, such as {@code data: {"data":"}
   * @param bytes how many letters follow it
   * @return the body
   */
  public static Body unendedLine(String prefix, long bytes) {
    return out -> {
      out.write(prefix.getBytes(StandardCharsets.UTF_8));
      repeat(out, (byte) 'x', bytes);
    };
  }

  /**
   * The URL of the server's root.
   *
   * @return such as {@code http://127.0.0.1:54321}
   */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Stops the server at once. */
  @Override
  public void close() {
    server.stop(0);
  }

  private static Body stringField(char letter, long bytes) {
    return out -> {
      out.write("{\"id\":\"".getBytes(StandardCharsets.UTF_8));
      repeat(out, (byte) letter, bytes);
      out.write("\"}".getBytes(StandardCharsets.UTF_8));
    };
  }

  private static void send(HttpExchange exchange, boolean gzip, Body body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    if (gzip) {
      exchange.getResponseHeaders().set("Content-Encoding", "gzip");
    }
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = gzip ? new GZIPOutputStream(exchange.getResponseBody(), 1 << 16)
        : exchange.getResponseBody()) {
      body.writeTo(out);
    } catch (IOException e) {
      // the client stopped reading, as it should
    } finally {
      exchange.close();
    }
  }

  private static void fields(OutputStream out, int count) throws IOException {
    out.write('{');
    StringBuilder fields = new StringBuilder();
    for (int i = 0; i < count; i++) {
      fields.append(i == 0 ? "" : ",").append('"').append(Integer.toString(i, 36)).append("\":0");
      if (fields.length() > 60_000) {
        out.write(fields.toString().getBytes(StandardCharsets.UTF_8));
        fields.setLength(0);
      }
    }
    out.write((fields + "}").getBytes(StandardCharsets.UTF_8));
  }

  private static void repeat(OutputStream out, byte value, long count) throws IOException {
    byte[] chunk = new byte[1 << 16];
    Arrays.fill(chunk, value);
    for (long sent = 0; sent < count; sent += chunk.length) {
      out.write(chunk, 0, (int) Math.min(chunk.length, count - sent));
    }
  }
}
