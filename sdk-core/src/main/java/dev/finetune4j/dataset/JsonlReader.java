package dev.finetune4j.dataset;

import dev.finetune4j.error.LocalIoException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.dataset.internal.Bytes;
import dev.finetune4j.dataset.internal.Json;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
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
 * <p>Lines end with {@code \n} or {@code \r\n}; a lone {@code \r} is whitespace inside a line, as JSON has it. A byte
 * order mark at the start is skipped. A line whose bytes are not valid UTF-8, or whose text holds a lone UTF-16
 * surrogate, is marked {@link FindingCode#INVALID_ENCODING}; a line longer than {@link #MAX_LINE_BYTES} is skipped
 * unread and marked {@link FindingCode#LINE_TOO_LONG}; a number beyond what Java can hold is invalid JSON. Whatever
 * the input, reading yields lines, never an exception other than a {@link LocalIoException} when the file cannot be
 * read. A reader is iterated once and must be closed:
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
  /** The longest line read, in bytes (UTF-8) or characters (from a {@link Reader}): 16 MiB. */
  public static final int MAX_LINE_BYTES = 16 << 20;

  private static final int SHOWN = 200;

  private final LineSource source;
  private boolean iterated;

  private JsonlReader(LineSource source) {
    this.source = source;
  }

  /**
   * Opens a file for reading.
   *
   * @param file the JSONL file
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
   * Reads UTF-8 JSONL from a stream; closing the reader closes the stream.
   *
   * @param in the stream
   * @return the reader
   */
  public static JsonlReader of(InputStream in) {
    return of(in, MAX_LINE_BYTES);
  }

  static JsonlReader of(InputStream in, int maxLineBytes) {
    Objects.requireNonNull(in, "in");
    return new JsonlReader(new ByteLines(in, maxLineBytes, true));
  }

  /**
   * Opens a file for the validator, which needs the JSON of each line but not its text: a line of valid UTF-8 that
   * parses is parsed from its bytes, without making a string of it, and its {@link JsonlLine#text()} is empty. Every
   * other line is read as {@link #open(Path)} reads it.
   *
   * @param file the JSONL file
   * @return the reader
   * @throws LocalIoException if the file cannot be opened
   */
  static JsonlReader openWithoutText(Path file) {
    try {
      return new JsonlReader(new ByteLines(Files.newInputStream(file), MAX_LINE_BYTES, false));
    } catch (IOException e) {
      throw new LocalIoException("cannot open " + file + ": " + e.getMessage(), null, e);
    }
  }

  /**
   * Reads JSONL from characters; closing the reader closes the source.
   *
   * @param reader the characters
   * @return the reader
   */
  public static JsonlReader of(Reader reader) {
    Objects.requireNonNull(reader, "reader");
    return new JsonlReader(new CharLines(reader, MAX_LINE_BYTES));
  }

  /**
   * Returns the lines; a reader can be iterated once.
   *
   * @return an iterator over the lines, in order
   * @throws IllegalStateException on a second call
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
   * Returns the lines as a stream; closing the stream closes the reader.
   *
   * @return the lines, in order
   */
  public Stream<JsonlLine> stream() {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(),
        Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(this::close);
  }

  /** Closes the underlying file or stream. */
  @Override
  public void close() {
    try {
      source.close();
    } catch (IOException e) {
      throw new LocalIoException(String.valueOf(e.getMessage()), null, e);
    }
  }

  static JsonlLine parse(long number, String text) {
    return parse(number, text, false);
  }

  /**
   * Parses one line; {@code fromUtf8} says the text was decoded from valid UTF-8, which holds no lone surrogate
   * (only a {@code \\u} escape can then make one).
   */
  private static JsonlLine parse(long number, String text, boolean fromUtf8) {
    if (text.isBlank()) {
      return new JsonlLine(number, text, Optional.empty(), Optional.empty());
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      String message = e.getOriginalMessage();
      if (e.getLocation() != null && e.getLocation().getColumnNr() > 0) {
        message = message + " (column " + e.getLocation().getColumnNr() + ")";
      }
      return new JsonlLine(number, text, Optional.empty(), Optional.of(message));
    } catch (RuntimeException e) {
      // BigDecimal refuses exponents beyond an int (1e-2147483648) with NumberFormatException, and so on
      return new JsonlLine(number, text, Optional.empty(),
          Optional.of("a value Java cannot hold: " + e.getClass().getSimpleName() + " " + e.getMessage()));
    }
    int bad = fromUtf8 ? -1 : loneSurrogate(text);
    if (bad < 0 && text.indexOf("\\u") >= 0) {
      String where = firstLoneSurrogatePath(node, "");
      if (where != null) {
        return invalid(number, text, FindingCode.INVALID_ENCODING,
            "a lone UTF-16 surrogate (a \\u escape without its pair) in " + (where.isEmpty() ? "a key" : where));
      }
    } else if (bad >= 0) {
      return invalid(number, text, FindingCode.INVALID_ENCODING, "a lone UTF-16 surrogate at column " + (bad + 1));
    }
    return new JsonlLine(number, text, Optional.of(node), Optional.empty());
  }

  private static JsonlLine invalid(long number, String text, FindingCode code, String message) {
    return new JsonlLine(number, text, Optional.empty(), Optional.of(message), Optional.of(code));
  }

  /** Returns the index of the first unpaired surrogate in the text, or -1. */
  private static int loneSurrogate(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      } else if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /** Finds a string or key with a lone surrogate (only a {@code \\u} escape can make one in valid text). */
  private static String firstLoneSurrogatePath(JsonNode node, String path) {
    if (node.isTextual()) {
      return loneSurrogate(node.textValue()) >= 0 ? (path.isEmpty() ? "the value" : path) : null;
    }
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        if (loneSurrogate(field.getKey()) >= 0) {
          return "the key of " + (path.isEmpty() ? "the object" : path);
        }
        String found = firstLoneSurrogatePath(field.getValue(), at);
        if (found != null) {
          return found;
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String found = firstLoneSurrogatePath(node.get(i), path + "[" + i + "]");
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /**
   * One line as the source found it: its text, or why it has none; {@code utf8} when decoded from valid UTF-8. A line
   * left as bytes has a null text and its valid UTF-8 in {@code bytes} (the source's buffer, valid until the next
   * line is read).
   */
  private record RawLine(String text, FindingCode problem, String message, boolean utf8, byte[] bytes, int length) {
    RawLine(String text, FindingCode problem, String message) {
      this(text, problem, message, false, null, 0);
    }

    RawLine(String text) {
      this(text, null, null, true, null, 0);
    }
  }

  /** Splits input into lines at {@code \n}, dropping a {@code \r} just before it. */
  private interface LineSource extends Closeable {
    /** @return the next line, or null at the end */
    RawLine next() throws IOException;
  }

  /** Lines from UTF-8 bytes: split on the byte {@code \n} (never part of a longer UTF-8 sequence), decoded strictly. */
  private static final class ByteLines implements LineSource {
    private final InputStream in;
    private final int max;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private byte[] line = new byte[256];
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final boolean text;

    ByteLines(InputStream in, int max, boolean text) {
      this.in = in;
      this.max = max;
      this.text = text;
    }

    @Override
    public RawLine next() throws IOException {
      int length = 0;
      long total = 0;
      boolean any = false;
      while (true) {
        if (position == limit) {
          limit = in.read(buffer);
          position = 0;
          if (limit <= 0) {
            limit = 0;
            return any ? finish(length, total) : null;
          }
        }
        any = true;
        int end = Bytes.indexOf(buffer, position, limit, (byte) '\n');
        int chunk = end - position;
        if (total + chunk <= max) {
          if (length + chunk > line.length) {
            line = Arrays.copyOf(line, (int) Math.min(max + 1L, Math.max(line.length * 2L, length + chunk)));
          }
          System.arraycopy(buffer, position, line, length, chunk);
          length += chunk;
        }
        total += chunk;
        if (end < limit) {
          position = end + 1;
          return finish(length, total);
        }
        position = limit;
      }
    }

    private RawLine finish(int length, long total) {
      if (total > 0 && total <= max && line[length - 1] == '\r') {
        length--;
        total--;
      }
      if (total > max) {
        if (line.length > 1 << 16) {
          line = new byte[256];
        }
        return new RawLine("", FindingCode.LINE_TOO_LONG,
            "the line has " + total + " bytes, more than the " + max + " a line may have; it was skipped");
      }
      if (!text && length > 0 && line[0] != (byte) 0xEF && isUtf8(line, length)) {
        return new RawLine(null, null, null, true, line, length);
      }
      // the JDK's decoder is fastest; it replaces malformed input with U+FFFD, so only a line that holds U+FFFD
      // is decoded again strictly, to tell a real U+FFFD from bytes that are not UTF-8
      String fast = new String(line, 0, length, StandardCharsets.UTF_8);
      if (fast.indexOf('\uFFFD') < 0) {
        if (line.length > 1 << 16) {
          line = new byte[256];
        }
        return new RawLine(fast);
      }
      ByteBuffer bytes = ByteBuffer.wrap(line, 0, length);
      CharBuffer chars = CharBuffer.allocate(length);
      decoder.reset();
      CoderResult result = decoder.decode(bytes, chars, true);
      if (result.isError()) {
        int at = bytes.position();
        return new RawLine(new String(line, 0, length, StandardCharsets.UTF_8), FindingCode.INVALID_ENCODING,
            "bytes that are not valid UTF-8 at byte " + (at + 1) + " of the line");
      }
      decoder.flush(chars);
      chars.flip();
      String text = chars.toString();
      if (line.length > 1 << 16) {
        line = new byte[256];
      }
      return new RawLine(text);
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /**
   * Says whether bytes are UTF-8 as strictly as the JDK's decoder has it: no overlong form, no surrogate, nothing
   * beyond U+10FFFF, no cut sequence.
   */
  static boolean isUtf8(byte[] bytes, int length) {
    int i = 0;
    while ((i = Bytes.skipAscii(bytes, i, length)) < length) {
      int c = bytes[i] & 0xFF;
      if (c < 0xC2 || c > 0xF4) {
        return false;
      }
      int more = c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
      if (i + more >= length) {
        return false;
      }
      int next = bytes[i + 1] & 0xFF;
      if ((c == 0xE0 && next < 0xA0) || (c == 0xED && next > 0x9F) || (c == 0xF0 && next < 0x90)
          || (c == 0xF4 && next > 0x8F)) {
        return false;
      }
      for (int k = 1; k <= more; k++) {
        if ((bytes[i + k] & 0xC0) != 0x80) {
          return false;
        }
      }
      i += more + 1;
    }
    return true;
  }

  /**
   * Parses a line of valid UTF-8 from its bytes; a line that is not a JSON value there, or holds a lone surrogate,
   * is parsed from its text instead, so that its finding is the same.
   */
  private static JsonlLine parse(long number, byte[] bytes, int length) {
    try {
      JsonNode node = Json.MAPPER.readTree(bytes, 0, length);
      if (node != null && !node.isMissingNode() && (!hasEscape(bytes, length)
          || firstLoneSurrogatePath(node, "") == null)) {
        return new JsonlLine(number, "", Optional.of(node), Optional.empty());
      }
    } catch (IOException | RuntimeException e) {
      // parsed again from the text below, for the same message
    }
    return parse(number, new String(bytes, 0, length, StandardCharsets.UTF_8), true);
  }

  /** Says whether the bytes hold a backslash followed by {@code u}. */
  private static boolean hasEscape(byte[] bytes, int length) {
    for (int i = Bytes.indexOf(bytes, 0, length, (byte) '\\'); i + 1 < length;
        i = Bytes.indexOf(bytes, i + 1, length, (byte) '\\')) {
      if (bytes[i + 1] == 'u') {
        return true;
      }
    }
    return false;
  }

  /** Lines from characters. */
  private static final class CharLines implements LineSource {
    private final Reader in;
    private final int max;
    private final char[] buffer = new char[1 << 15];
    private int position;
    private int limit;

    CharLines(Reader in, int max) {
      this.in = in;
      this.max = max;
    }

    @Override
    public RawLine next() throws IOException {
      StringBuilder line = new StringBuilder();
      long total = 0;
      boolean any = false;
      while (true) {
        if (position == limit) {
          limit = in.read(buffer);
          position = 0;
          if (limit <= 0) {
            limit = 0;
            return any ? finish(line, total) : null;
          }
        }
        any = true;
        int end = position;
        while (end < limit && buffer[end] != '\n') {
          end++;
        }
        int chunk = end - position;
        if (total + chunk <= max) {
          line.append(buffer, position, chunk);
        }
        total += chunk;
        if (end < limit) {
          position = end + 1;
          return finish(line, total);
        }
        position = limit;
      }
    }

    private RawLine finish(StringBuilder line, long total) {
      if (total > max) {
        return new RawLine("", FindingCode.LINE_TOO_LONG,
            "the line has " + total + " characters, more than the " + max + " a line may have; it was skipped");
      }
      if (line.length() > 0 && line.charAt(line.length() - 1) == '\r') {
        line.setLength(line.length() - 1);
      }
      return new RawLine(line.toString(), null, null);
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  private final class LineIterator implements Iterator<JsonlLine> {
    private long number;
    private RawLine next;
    private boolean done;

    @Override
    public boolean hasNext() {
      if (next == null && !done) {
        try {
          next = source.next();
        } catch (IOException e) {
          throw new LocalIoException("cannot read line " + (number + 1) + ": " + e.getMessage(), null, e);
        }
        if (next == null) {
          done = true;
        } else if (number == 0 && next.problem() == null && next.text() != null && !next.text().isEmpty()
            && next.text().charAt(0) == '\uFEFF') {
          String stripped = next.text().substring(1);
          next = next.utf8() ? new RawLine(stripped) : new RawLine(stripped, null, null);
        }
      }
      return next != null;
    }

    @Override
    public JsonlLine next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      RawLine raw = next;
      next = null;
      number++;
      if (raw.problem() != null) {
        String shown = raw.text().length() > SHOWN ? raw.text().substring(0, SHOWN) : raw.text();
        return invalid(number, shown, raw.problem(), raw.message());
      }
      return raw.bytes() != null ? parse(number, raw.bytes(), raw.length()) : parse(number, raw.text(), raw.utf8());
    }
  }
}
