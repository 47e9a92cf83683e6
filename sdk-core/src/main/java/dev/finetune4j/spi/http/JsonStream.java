package dev.finetune4j.spi.http;

import com.fasterxml.jackson.core.JsonParser;
import dev.finetune4j.RawJson;
import dev.finetune4j.spi.http.internal.RawJsonAccess;
import java.io.IOException;
import java.util.Objects;

/**
 * A JSON answer read token by token with Jackson's streaming parser, for a long list whose items are mapped field by
 * field rather than through a tree (a job's events, polled again and again): what
 * {@link ApiResponse#readStreaming(Reader)} hands its reader. An item keeps its provider's JSON as a {@link RawJson}
 * made with {@link #view(long)}, which is parsed only if it is read and until then keeps the answer's bytes.
 * Part of the provider kit.
 */
public final class JsonStream {
  private final byte[] body;
  private final JsonParser parser;

  private JsonStream(byte[] body, JsonParser parser) {
    this.body = body;
    this.parser = parser;
  }

  /**
   * Reads JSON bytes with a reader; {@link ApiResponse#readStreaming(Reader)} reads an answer so.
   *
   * @param json the bytes, which must not change while a view made from them is unread
   * @param reader reads them
   * @param <T> what it reads
   * @return what the reader returned
   * @throws IOException if the bytes are not JSON
   */
  public static <T> T read(byte[] json, Reader<T> reader) throws IOException {
    Objects.requireNonNull(reader, "reader");
    try (JsonParser parser = Json.reader().createParser(Objects.requireNonNull(json, "json"))) {
      return reader.read(new JsonStream(json, parser));
    }
  }

  /**
   * Reads a JSON answer from a stream.
   *
   * @param <T> what it reads
   */
  @FunctionalInterface
  public interface Reader<T> {
    /**
     * Reads the answer.
     *
     * @param json the answer, its parser before the first token
     * @return what was read
     * @throws IOException if the answer is not JSON
     */
    T read(JsonStream json) throws IOException;
  }

  /**
   * Returns the parser, with the SDK's settings and limits ({@link Json#reader()}); the reader moves it.
   *
   * @return the parser
   */
  public JsonParser parser() {
    return parser;
  }

  /**
   * Returns where the parser's current token starts, to give {@link #view(long)} once the value it begins is read.
   *
   * @return the token's offset in the answer, in bytes
   */
  public long start() {
    return parser.currentTokenLocation().getByteOffset();
  }

  /**
   * Returns a read-only view of the value that begins at {@code start} and ends with the parser's current token: a
   * scalar, or an object or array whose closing bracket the parser is at.
   *
   * @param start what {@link #start()} returned at the value's first token
   * @return the view, parsed when it is first read
   * @throws IOException if the current token cannot be read to its end
   * @throws IllegalArgumentException if {@code start} is not before the end of the current token
   */
  public RawJson view(long start) throws IOException {
    parser.finishToken(); // a string is read lazily: until it is, the parser stands just past its opening quote
    long end = parser.currentLocation().getByteOffset();
    if (start < 0 || start >= end || end > body.length) {
      throw new IllegalArgumentException("no value from byte " + start + " to byte " + end + " of the answer");
    }
    return RawJsonAccess.get().view(body, (int) start, (int) (end - start));
  }
}
