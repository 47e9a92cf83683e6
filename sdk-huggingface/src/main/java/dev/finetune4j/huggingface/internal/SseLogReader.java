package dev.finetune4j.huggingface.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.spi.http.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Reads the Jobs log stream: server-sent events whose data is {@code {"data": "<line>", "timestamp": "..."}},
 * with {@code : keep-alive} comment lines in between.
 */
public final class SseLogReader {
  private SseLogReader() {}

  /** What to do with each log line. */
  @FunctionalInterface
  public interface LineHandler {
    /**
     * Receives a line.
     *
     * @param index the line's position in the stream, 0 for the first
     * @param line the log text
     * @param timestamp when it was printed
     */
    void line(long index, String line, Instant timestamp);
  }

  /**
   * Reads until the stream ends; a read timeout or a broken connection is thrown as the {@link IOException} it is.
   *
   * @param in the body
   * @param now the time for lines without a timestamp
   * @param handler receives each line
   * @throws IOException when reading fails or times out
   */
  public static void read(InputStream in, Supplier<Instant> now, LineHandler handler) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    StringBuilder data = new StringBuilder();
    long index = 0;
    for (String line; (line = readLine(reader)) != null; ) {
      if (line.isEmpty()) {
        if (data.length() > 0) {
          deliver(index++, data.toString(), now, handler);
          data.setLength(0);
        }
      } else if (line.startsWith(":")) {
        continue; // comment, such as ": keep-alive"
      } else if (line.startsWith("data:")) {
        if (data.length() >= MAX_LINE) {
          continue; // an event of more data lines than a line may hold keeps its first MAX_LINE characters
        }
        if (data.length() > 0) {
          data.append('\n');
        }
        data.append(line, line.startsWith("data: ") ? 6 : 5, line.length());
      }
    }
    if (data.length() > 0) {
      deliver(index, data.toString(), now, handler);
    }
  }

  /** The longest log line kept, in characters; the rest of a longer line is skipped unread. */
  public static final int MAX_LINE = 1 << 20;

  /** Reads a line ending in LF, CRLF or CR, keeping at most {@link #MAX_LINE} characters of it. */
  private static String readLine(BufferedReader reader) throws IOException {
    StringBuilder line = new StringBuilder();
    int c = reader.read();
    if (c < 0) {
      return null;
    }
    while (c >= 0 && c != '\n' && c != '\r') {
      if (line.length() < MAX_LINE) {
        line.append((char) c);
      }
      c = reader.read();
    }
    if (c == '\r') {
      reader.mark(1);
      if (reader.read() != '\n') {
        reader.reset();
      }
    }
    return line.toString();
  }

  private static void deliver(long index, String data, Supplier<Instant> now, LineHandler handler) {
    String text = data;
    Instant timestamp = null;
    if (data.startsWith("{")) {
      try {
        JsonNode json = Json.parse(data);
        if (json.has("data")) {
          text = json.path("data").asText();
          timestamp = Json.text(json, "timestamp").map(SseLogReader::instant).orElse(null);
        }
      } catch (IOException notJson) {
        // a plain text line
      }
    }
    handler.line(index, text, timestamp != null ? timestamp : now.get());
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (RuntimeException e) {
      try {
        return java.time.OffsetDateTime.parse(text).toInstant();
      } catch (RuntimeException ignored) {
        return null;
      }
    }
  }
}
