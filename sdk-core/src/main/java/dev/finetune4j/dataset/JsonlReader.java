package dev.finetune4j.dataset;

import dev.finetune4j.error.LocalIoException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.dataset.internal.Json;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads a JSONL file line by line, parsing each line on its own, so that memory use does not depend on the file's
 * size. Blank lines and lines that are not valid JSON are returned too, marked as such ({@link JsonlLine#isBlank()},
 * {@link JsonlLine#error()}), so one bad line never stops the reading.
 *
 * <p>Lines end with {@code \n}, {@code \r\n} or {@code \r}; a byte order mark at the start is skipped; bytes that are
 * not valid UTF-8 become U+FFFD. A reader is iterated once and must be closed:
 *
 * <pre>{@code
 * try (JsonlReader reader = JsonlReader.open(Path.of("train.jsonl"))) {
 *   for (JsonlLine line : reader) {
 *     line.json().ifPresent(json -> ...);
 *   }
 * }
 * }</pre>
 *
 * <p>Not thread-safe. I/O errors are thrown as {@link LocalIoException}.
 */
public final class JsonlReader implements Closeable, Iterable<JsonlLine> {
  private final BufferedReader reader;
  private boolean iterated;

  private JsonlReader(Reader reader) {
    this.reader = reader instanceof BufferedReader buffered ? buffered : new BufferedReader(reader, 1 << 16);
  }

  /**
   * Opens a UTF-8 JSONL file.
   *
   * @param file the file
   * @return the reader
   * @throws LocalIoException if the file cannot be opened
   */
  public static JsonlReader open(Path file) {
    Objects.requireNonNull(file, "file");
    try {
      return of(Files.newInputStream(file));
    } catch (IOException e) {
      throw new LocalIoException("cannot open " + file + ": " + e.getMessage(), null, e);
    }
  }

  /**
   * Reads UTF-8 JSONL from a stream. Closing the reader closes the stream.
   *
   * @param in the stream
   * @return the reader
   */
  public static JsonlReader of(InputStream in) {
    Objects.requireNonNull(in, "in");
    return new JsonlReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  /**
   * Reads JSONL from text already decoded, such as a {@link java.io.StringReader}. Closing the JSONL reader closes
   * {@code reader}.
   *
   * @param reader the text
   * @return the JSONL reader
   */
  public static JsonlReader of(Reader reader) {
    Objects.requireNonNull(reader, "reader");
    return new JsonlReader(reader);
  }

  /**
   * Returns the lines, in order. Can be called once.
   *
   * @return an iterator over the lines
   * @throws IllegalStateException if the lines were already iterated
   */
  @Override
  public Iterator<JsonlLine> iterator() {
    if (iterated) {
      throw new IllegalStateException("a JsonlReader can be iterated once");
    }
    iterated = true;
    return new LineIterator();
  }

  /**
   * Returns the lines as a sequential stream. Can be called once; closing the stream closes this reader.
   *
   * @return the lines, in order
   */
  public Stream<JsonlLine> stream() {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(),
        Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(this::close);
  }

  /**
   * Closes the file.
   *
   * @throws LocalIoException if closing fails
   */
  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      throw new LocalIoException(String.valueOf(e.getMessage()), null, e);
    }
  }

  static JsonlLine parse(long number, String text) {
    if (text.isBlank()) {
      return new JsonlLine(number, text, Optional.empty(), Optional.empty());
    }
    try {
      JsonNode node = Json.MAPPER.readTree(text);
      return new JsonlLine(number, text, Optional.of(node), Optional.empty());
    } catch (JsonProcessingException e) {
      String message = e.getOriginalMessage();
      if (e.getLocation() != null && e.getLocation().getColumnNr() > 0) {
        message = message + " (column " + e.getLocation().getColumnNr() + ")";
      }
      return new JsonlLine(number, text, Optional.empty(), Optional.of(message));
    }
  }

  private final class LineIterator implements Iterator<JsonlLine> {
    private long number;
    private String next;
    private boolean done;

    @Override
    public boolean hasNext() {
      if (next == null && !done) {
        try {
          next = reader.readLine();
        } catch (IOException e) {
          throw new LocalIoException("cannot read line " + (number + 1) + ": " + e.getMessage(), null, e);
        }
        if (next == null) {
          done = true;
        } else if (number == 0 && !next.isEmpty() && next.charAt(0) == '\uFEFF') {
          next = next.substring(1);
        }
      }
      return next != null;
    }

    @Override
    public JsonlLine next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      String text = next;
      next = null;
      return parse(++number, text);
    }
  }
}
