package dev.finetune4j.huggingface;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile answers against a client in a child JVM limited to a 256 MB heap: a 200 MB string field, a gzip bomb
 * (300 MB inflated), 4 million object fields (over the size cap), 3 million (under it, over the token cap) and a
 * 200 MB log line without a newline. Each ends in a typed error (the log line in a snapshot whose line is cut to
 * its first mebicharacter), never in an
 * {@link OutOfMemoryError}. The answers are generated while they are sent, so this JVM holds none of them.
 */
class HostileAnswersInASmallHeapTest {
  private static final long MB = 1024 * 1024;
  private static final String JOB = "{\"id\":\"line\",\"createdAt\":\"2026-11-24T10:00:00.000Z\",\"dockerImage\":"
      + "\"huggingface/trl\",\"command\":[\"trl\",\"sft\"],\"status\":{\"stage\":\"RUNNING\"},"
      + "\"owner\":{\"name\":\"alice\"}}";

  private final HttpServer server = start();

  @TempDir
  Path dir;

  private static HttpServer start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/api/jobs/alice/string", exchange -> send(exchange, false, out -> {
        out.write("{\"id\":\"".getBytes(StandardCharsets.UTF_8));
        repeat(out, (byte) 'x', 200 * MB);
        out.write("\"}".getBytes(StandardCharsets.UTF_8));
      }));
      server.createContext("/api/jobs/alice/gzip", exchange -> send(exchange, true, out -> {
        out.write("{\"id\":\"".getBytes(StandardCharsets.UTF_8));
        repeat(out, (byte) '0', 300 * MB);
        out.write("\"}".getBytes(StandardCharsets.UTF_8));
      }));
      // 4 M fields pass the size cap; 3 M (about 28 MB) stay under it and meet the token cap instead
      server.createContext("/api/jobs/alice/fields", exchange -> send(exchange, false, out -> fields(out, 4_000_000)));
      server.createContext("/api/jobs/alice/fields-under-cap", exchange -> send(exchange, false,
          out -> fields(out, 3_000_000)));
      server.createContext("/api/jobs/alice/line", exchange -> {
        if (exchange.getRequestURI().getPath().endsWith("/logs")) {
          send(exchange, false, out -> {
            out.write("data: {\"data\":\"".getBytes(StandardCharsets.UTF_8));
            repeat(out, (byte) 'x', 200 * MB);
          });
        } else {
          send(exchange, false, out -> out.write(JOB.getBytes(StandardCharsets.UTF_8)));
        }
      });
      server.start();
      return server;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Writes a body as it is generated; a client that stops reading ends the exchange. */
  private interface Body {
    void writeTo(OutputStream out) throws IOException;
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

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void hostileAnswersEndInTypedErrorsNotOutOfMemoryInA256MegabyteHeap() throws Exception {
    Path output = dir.resolve("child.out");
    Process child = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), HostileAnswersProbe.class.getName(),
        "http://127.0.0.1:" + server.getAddress().getPort()))
        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    boolean finished = child.waitFor(3, TimeUnit.MINUTES);
    if (!finished) {
      child.destroyForcibly();
    }
    String printed = Files.readString(output);

    assertThat(finished).as("child JVM finished: " + printed).isTrue();
    assertThat(child.exitValue()).as(printed).isZero();
    assertThat(printed).doesNotContain("OutOfMemoryError")
        .contains("200 MB string field -> InvalidResponseException: ")
        .contains("gzip bomb -> InvalidResponseException: ")
        .contains("4 M object fields -> InvalidResponseException: ").contains("larger than 33554432 bytes")
        .containsPattern("3 M object fields -> InvalidResponseException: .*[Tt]oken count")
        .contains("200 MB log line -> returned 1 event(s), the longest of 1048570 characters");
  }
}
