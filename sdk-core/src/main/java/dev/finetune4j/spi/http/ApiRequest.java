package dev.finetune4j.spi.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;

/**
 * One HTTP request for {@link HttpTransport}: method, path, query, headers, body and per-call settings.
 *
 * <pre>{@code
 * ApiRequest request = ApiRequest.post("/fine_tuning/jobs").json(body).build();
 * JsonNode job = transport.execute(request).json();
 * }</pre>
 */
public final class ApiRequest {
  private static final MediaType JSON = MediaType.get("application/json");

  private final String method;
  private final String path;
  private final List<Map.Entry<String, String>> query;
  private final Map<String, String> headers;
  private final RequestBody body;
  private final boolean replayable;
  private final Set<Integer> retriedStatuses;
  private final Duration timeout;
  private final Duration readTimeout;
  private final Long maxResponseBytes;
  private final boolean authenticated;
  private final Supplier<Optional<JsonNode>> retryGuard;

  private ApiRequest(Builder b) {
    this.method = b.method;
    this.path = b.path;
    this.query = List.copyOf(b.query);
    this.headers = Map.copyOf(b.headers);
    this.body = b.body;
    this.replayable = b.replayable;
    this.retriedStatuses = Set.copyOf(b.retriedStatuses);
    this.timeout = b.timeout;
    this.readTimeout = b.readTimeout;
    this.maxResponseBytes = b.maxResponseBytes;
    this.authenticated = b.authenticated;
    this.retryGuard = b.retryGuard;
  }

  /**
   * Starts a GET request.
   *
   * @param path the path below the base URL, or an absolute URL
   * @return the builder
   */
  public static Builder get(String path) {
    return new Builder("GET", path);
  }

  /**
   * Starts a POST request.
   *
   * @param path the path below the base URL, or an absolute URL
   * @return the builder
   */
  public static Builder post(String path) {
    return new Builder("POST", path);
  }

  /**
   * Starts a PUT request.
   *
   * @param path the path below the base URL, or an absolute URL
   * @return the builder
   */
  public static Builder put(String path) {
    return new Builder("PUT", path);
  }

  /**
   * Starts a DELETE request.
   *
   * @param path the path below the base URL, or an absolute URL
   * @return the builder
   */
  public static Builder delete(String path) {
    return new Builder("DELETE", path);
  }

  /**
   * Returns a body that streams a file from disk; it can be sent again, so requests with it are retried.
   *
   * @param file the file
   * @param contentType its media type, such as {@code application/jsonl}
   * @return the body
   */
  public static RequestBody fileBody(Path file, String contentType) {
    return new FileBody(file, MediaType.get(contentType));
  }

  /**
   * Returns a body of one byte range of a file, read from disk at every send: it can be sent again (a retried part
   * of a multipart upload), and memory stays flat whatever its size. Its media type is
   * {@code application/octet-stream}.
   *
   * @param file the file
   * @param offset where the range starts
   * @param length how many bytes it has
   * @return the body
   */
  public static RequestBody fileRegion(Path file, long offset, long length) {
    return new dev.finetune4j.spi.http.internal.FileRegionBody(file, offset, length);
  }

  /**
   * Returns a body that streams from an input stream; it can be sent once only, so requests with it are not
   * retried. The stream is closed once sent.
   *
   * @param in the stream
   * @param length the number of bytes it holds, or -1 if unknown
   * @param contentType its media type
   * @return the body
   */
  public static RequestBody streamBody(InputStream in, long length, String contentType) {
    return new StreamBody(in, length, MediaType.get(contentType));
  }

  /** @return the HTTP method */
  public String method() {
    return method;
  }

  /** @return the path below the base URL, or an absolute URL */
  public String path() {
    return path;
  }

  /** @return the query parameters in order; a name may repeat */
  public List<Map.Entry<String, String>> query() {
    return query;
  }

  /** @return the extra headers of this request */
  public Map<String, String> headers() {
    return headers;
  }

  /** @return the body, if any */
  public Optional<RequestBody> body() {
    return Optional.ofNullable(body);
  }

  /** @return whether the body can be sent again, so that the request can be retried */
  public boolean replayable() {
    return replayable;
  }

  /**
   * @return the statuses after which a request that is otherwise not {@link #replayable()} may still be sent again,
   *     because they say the server did not act on it
   */
  public Set<Integer> retriedStatuses() {
    return retriedStatuses;
  }

  /** @return the whole-call timeout of this request, if it differs from the client's */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  /** @return the read timeout of this request, if it differs from the client's */
  public Optional<Duration> readTimeout() {
    return Optional.ofNullable(readTimeout);
  }

  /**
   * @return the most a success answer read whole may have, decompressed, if it differs from
   *     {@link HttpTransport#MAX_BODY}
   */
  public Optional<Long> maxResponseBytes() {
    return Optional.ofNullable(maxResponseBytes);
  }

  /** @return whether the client's credentials are sent */
  public boolean authenticated() {
    return authenticated;
  }

  /** @return the check made before a retry, if any; see {@link Builder#retryGuard(Supplier)} */
  public Optional<Supplier<Optional<JsonNode>>> retryGuard() {
    return Optional.ofNullable(retryGuard);
  }

  /** Builds an {@link ApiRequest}. */
  public static final class Builder {
    private final String method;
    private final String path;
    private final List<Map.Entry<String, String>> query = new ArrayList<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private RequestBody body;
    private boolean replayable = true;
    private final Set<Integer> retriedStatuses = new java.util.HashSet<>();
    private Duration timeout;
    private Duration readTimeout;
    private Long maxResponseBytes;
    private boolean authenticated = true;
    private Supplier<Optional<JsonNode>> retryGuard;

    private Builder(String method, String path) {
      this.method = method;
      this.path = Objects.requireNonNull(path, "path");
    }

    /**
     * Adds a query parameter; adding the same name twice sends it twice.
     *
     * @param name the name
     * @param value the value; nothing is added when null
     * @return this builder
     */
    public Builder query(String name, Object value) {
      if (value != null) {
        query.add(Map.entry(Objects.requireNonNull(name, "name"), String.valueOf(value)));
      }
      return this;
    }

    /**
     * Sets a header.
     *
     * @param name the name
     * @param value the value
     * @return this builder
     */
    public Builder header(String name, String value) {
      headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Sets a JSON body, serialised now with {@link Json#writer()}.
     *
     * @param value a Jackson tree or any object Jackson can write
     * @return this builder
     */
    public Builder json(Object value) {
      try {
        return body(RequestBody.create(Json.writer().writeValueAsBytes(value), JSON), true);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("cannot write the request body as JSON: " + e.getMessage(), e);
      }
    }

    /**
     * Sets a body.
     *
     * @param body the body
     * @param replayable whether it can be sent again; a request whose body cannot is never retried
     * @return this builder
     */
    public Builder body(RequestBody body, boolean replayable) {
      this.body = Objects.requireNonNull(body, "body");
      this.replayable = replayable;
      return this;
    }

    /**
     * Lets a request that must not be sent twice blindly (a commit, say) be retried after answers that say the server
     * did not act on it, such as 429 and 503. A lost answer is still not retried.
     *
     * @param statuses the HTTP statuses
     * @return this builder
     */
    public Builder retriedAfter(int... statuses) {
      for (int status : statuses) {
        retriedStatuses.add(status);
      }
      return this;
    }

    /**
     * Sets the deadline of the whole call, its retries and the pauses between them included, instead of the
     * client's call timeout.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = positive("timeout", timeout);
      return this;
    }

    /**
     * Sets how long a read may wait for data, for slow streams such as logs.
     *
     * @param readTimeout positive
     * @return this builder
     */
    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = positive("readTimeout", readTimeout);
      return this;
    }

    /**
     * Sets the most a success answer may have, decompressed; a larger one fails with an
     * {@link dev.finetune4j.error.InvalidResponseException} before it fills the heap.
     *
     * @param maxResponseBytes positive
     * @return this builder
     */
    public Builder maxResponseBytes(long maxResponseBytes) {
      if (maxResponseBytes <= 0) {
        throw new IllegalArgumentException("maxResponseBytes must be positive, was " + maxResponseBytes);
      }
      this.maxResponseBytes = maxResponseBytes;
      return this;
    }

    /**
     * Sends no credentials: for presigned URLs and other hosts.
     *
     * @return this builder
     */
    public Builder withoutAuthentication() {
      this.authenticated = false;
      return this;
    }

    /**
     * Makes a request that creates something safe to retry. Before each retry the guard is asked whether an earlier
     * attempt already took effect (its answer lost to a dropped connection, say); if it finds the created resource
     * that becomes the result and the request is not sent again. While every earlier attempt was refused with 429,
     * which a server answers without carrying the request out, it is sent again without asking.
     *
     * @param findExisting looks up what an earlier attempt may have created
     * @return this builder
     */
    public Builder retryGuard(Supplier<Optional<JsonNode>> findExisting) {
      this.retryGuard = Objects.requireNonNull(findExisting, "findExisting");
      return this;
    }

    /** @return the request */
    public ApiRequest build() {
      if (body == null && (method.equals("POST") || method.equals("PUT"))) {
        body = RequestBody.create(new byte[0], null);
      }
      return new ApiRequest(this);
    }

    private static Duration positive(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }
  }

  private static final class FileBody extends RequestBody {
    private final Path file;
    private final MediaType type;

    FileBody(Path file, MediaType type) {
      this.file = Objects.requireNonNull(file, "file");
      this.type = type;
    }

    @Override
    public MediaType contentType() {
      return type;
    }

    @Override
    public long contentLength() throws IOException {
      return Files.size(file);
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      try (Source source = Okio.source(file)) {
        sink.writeAll(source);
      }
    }
  }

  private static final class StreamBody extends RequestBody {
    private final InputStream in;
    private final long length;
    private final MediaType type;

    StreamBody(InputStream in, long length, MediaType type) {
      this.in = Objects.requireNonNull(in, "in");
      this.length = length;
      this.type = type;
    }

    @Override
    public MediaType contentType() {
      return type;
    }

    @Override
    public long contentLength() {
      return length;
    }

    @Override
    public boolean isOneShot() {
      return true;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      try (Source source = Okio.source(in)) {
        sink.writeAll(source);
      }
    }
  }

  @Override
  public String toString() {
    return method.toUpperCase(Locale.ROOT) + " " + path;
  }
}
