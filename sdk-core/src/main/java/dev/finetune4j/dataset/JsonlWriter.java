package dev.finetune4j.dataset;

import dev.finetune4j.error.LocalIoException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.dataset.internal.Json;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes JSONL: one compact JSON object per line, UTF-8, lines ended by {@code \n}.
 *
 * <pre>{@code
 * try (JsonlWriter writer = JsonlWriter.open(Path.of("train.jsonl"))) {
 *   writer.write(ChatExample.of(ChatMessage.user("Hi"), ChatMessage.assistant("Hello!")), DatasetFormat.OPENAI_CHAT);
 * }
 * }</pre>
 *
 * <p>Not thread-safe. I/O errors are thrown as {@link LocalIoException}.
 */
public final class JsonlWriter implements Closeable, Flushable {
  private final Writer writer;
  private long lines;

  private JsonlWriter(Writer writer) {
    this.writer = writer;
  }

  /**
   * Creates or replaces a file and opens it for writing.
   *
   * @param file the file
   * @return the writer
   * @throws LocalIoException if the file cannot be created
   */
  public static JsonlWriter open(Path file) {
    Objects.requireNonNull(file, "file");
    try {
      return of(Files.newOutputStream(file));
    } catch (IOException e) {
      throw new LocalIoException("cannot create " + file + ": " + e.getMessage(), null, e);
    }
  }

  /**
   * Writes to a stream. Closing the writer closes the stream.
   *
   * @param out the stream
   * @return the writer
   */
  public static JsonlWriter of(OutputStream out) {
    Objects.requireNonNull(out, "out");
    return new JsonlWriter(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16));
  }

  /**
   * Writes one JSON object as one line.
   *
   * @param object the object
   * @throws IllegalArgumentException if the value is not a JSON object
   */
  public void write(JsonNode object) {
    Objects.requireNonNull(object, "object");
    if (!object.isObject()) {
      throw new IllegalArgumentException("each JSONL line must be a JSON object, got " + Json.typeName(object));
    }
    writeLine(Json.write(object));
  }

  /**
   * Writes one example as one line in a format of its kind.
   *
   * @param example the example
   * @param format the format
   * @throws InvalidExampleException if the format cannot hold the example
   */
  public void write(TrainingExample example, DatasetFormat format) {
    write(example.toJson(format));
  }

  void writeLine(String line) {
    try {
      writer.write(line);
      writer.write('\n');
      lines++;
    } catch (IOException e) {
      throw new LocalIoException(String.valueOf(e.getMessage()), null, e);
    }
  }

  /**
   * Returns how many lines were written.
   *
   * @return the count
   */
  public long linesWritten() {
    return lines;
  }

  /**
   * Flushes buffered lines to the file.
   *
   * @throws LocalIoException if writing fails
   */
  @Override
  public void flush() {
    try {
      writer.flush();
    } catch (IOException e) {
      throw new LocalIoException(String.valueOf(e.getMessage()), null, e);
    }
  }

  /**
   * Flushes and closes the file.
   *
   * @throws LocalIoException if writing fails
   */
  @Override
  public void close() {
    try {
      writer.close();
    } catch (IOException e) {
      throw new LocalIoException(String.valueOf(e.getMessage()), null, e);
    }
  }
}
