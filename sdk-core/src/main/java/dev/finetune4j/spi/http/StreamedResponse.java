package dev.finetune4j.spi.http;

import java.io.Closeable;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;
import okhttp3.Response;

/**
 * A successful answer whose body is read as a stream (file contents, server-sent events). Close it when done;
 * closing releases the connection.
 */
public final class StreamedResponse implements Closeable {
  private final Response response;

  StreamedResponse(Response response) {
    this.response = Objects.requireNonNull(response, "response");
  }

  /** @return the HTTP status */
  public int statusCode() {
    return response.code();
  }

  /**
   * Returns a header's value.
   *
   * @param name the name, any case
   * @return the value, if present
   */
  public Optional<String> header(String name) {
    return Optional.ofNullable(response.header(name));
  }

  /**
   * Returns the body as a stream. Closing the stream closes this response and releases its connection, so the
   * stream can be handed to a caller on its own.
   *
   * @return the body
   */
  public InputStream body() {
    return response.body().byteStream();
  }

  @Override
  public void close() {
    response.close();
  }
}
