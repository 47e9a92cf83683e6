package dev.finetune4j.testkit;

import dev.finetune4j.error.LocalIoException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finetune4j.testkit.internal.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ServerSocketFactory;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okio.ByteString;

/**
 * Base of the in-process emulators: a {@link MockWebServer} on a local port whose requests are recorded, checked
 * against the queued {@link Faults} and then handed to the provider-specific {@link #handle(ReceivedRequest)}.
 *
 * <p>Requests are handled one at a time (under one lock), so a subclass keeps its state in plain collections. Time
 * comes from the emulator's {@link VirtualClock}; nothing runs in the background.
 *
 * <pre>{@code
 * try (OpenAiEmulator emulator = OpenAiEmulator.create()) {
 *   emulator.start();
 *   String baseUrl = emulator.baseUrl();     // http://localhost:PORT/v1
 *   ...                                      // call it
 *   emulator.clock().advance(Duration.ofMinutes(10));
 * }
 * }</pre>
 *
 * <p>Subclasses supply the base path their API lives under, the handling, and any headers every response carries.
 */
public abstract class Emulator implements AutoCloseable {

  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH);

  private final VirtualClock clock;
  private final Faults faults = new Faults();
  private final List<ReceivedRequest> received = new ArrayList<>();
  private final Object stateLock = new Object();
  private final MockWebServer server = new MockWebServer();
  private long sequence;
  private boolean started;

  /**
   * Creates an emulator that is not started yet.
   *
   * @param clock the clock the emulated API lives by
   */
  protected Emulator(VirtualClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    server.setDispatcher(new Handler());
    server.setServerSocketFactory(new NoDelayServerSocketFactory());
  }

  /**
   * Starts serving on a free local port.
   *
   * @return this emulator
   * @throws LocalIoException if the server socket cannot be opened
   */
  public Emulator start() {
    return start(0);
  }

  /**
   * Starts serving on the given local port.
   *
   * @param port a port number, or 0 for any free port
   * @return this emulator
   * @throws IllegalStateException if the emulator was already started
   * @throws LocalIoException if the server socket cannot be opened
   */
  public synchronized Emulator start(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
    }
    if (started) {
      throw new IllegalStateException("emulator already started at " + baseUrl());
    }
    try {
      server.start(InetAddress.getByName("127.0.0.1"), port);
    } catch (java.net.BindException e) {
      throw new LocalIoException("cannot start the emulator: port " + port + " is already in use (choose another"
          + " one, or 0 for any free port)", null, e);
    } catch (IOException e) {
      throw new LocalIoException("cannot start emulator on port " + port + ": " + e.getMessage(), null, e);
    }
    started = true;
    return this;
  }

  /**
   * Returns the URL clients use as their base URL, such as {@code http://127.0.0.1:54321/v1}; no trailing slash.
   *
   * @return the base URL
   * @throws IllegalStateException if the emulator is not started
   */
  public synchronized String baseUrl() {
    if (!started) {
      throw new IllegalStateException("emulator not started; call start() first");
    }
    String url = server.url(basePath()).newBuilder().host("127.0.0.1").build().toString();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /**
   * Returns the port the emulator listens on.
   *
   * @return the port
   * @throws IllegalStateException if the emulator is not started
   */
  public synchronized int port() {
    if (!started) {
      throw new IllegalStateException("emulator not started; call start() first");
    }
    return server.getPort();
  }

  /**
   * Returns the clock the emulated API lives by; advance it to make jobs progress.
   *
   * @return the clock
   */
  public VirtualClock clock() {
    return clock;
  }

  /**
   * Returns the registry of faults to serve to the next matching requests.
   *
   * @return the fault registry
   */
  public Faults faults() {
    return faults;
  }

  /**
   * Returns every request received so far, in arrival order, including those a fault applied to.
   *
   * @return an immutable list of requests
   */
  public List<ReceivedRequest> requests() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /**
   * Returns the requests with the given method and path prefix, in arrival order.
   *
   * @param method an HTTP method such as {@code POST}, or {@code "*"} for any
   * @param pathPrefix the start of the path as sent, such as {@code /v1/files}
   * @return an immutable list of matching requests
   */
  public List<ReceivedRequest> requests(String method, String pathPrefix) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(pathPrefix, "pathPrefix");
    return requests().stream().filter(r -> r.matches(method, pathPrefix)).toList();
  }

  /**
   * Returns the most recent request.
   *
   * @return the last request received, or empty when none arrived yet
   */
  public Optional<ReceivedRequest> lastRequest() {
    synchronized (received) {
      return received.isEmpty() ? Optional.empty() : Optional.of(received.get(received.size() - 1));
    }
  }

  /** Forgets the requests recorded so far; the emulated state is kept. */
  public void clearRequests() {
    synchronized (received) {
      received.clear();
    }
  }

  /** Stops serving and releases the port. Safe to call more than once. */
  @Override
  public void close() {
    server.close();
  }

  /**
   * Returns the path every endpoint of the emulated API lives under, such as {@code /v1}, or {@code /} for none.
   *
   * @return the base path, starting with a slash
   */
  protected abstract String basePath();

  /**
   * Handles one request that no fault stopped. Called under the emulator's state lock, one request at a time.
   *
   * @param request the request
   * @return the response to send
   */
  protected abstract MockResponse handle(ReceivedRequest request);

  /**
   * Adds the headers every response carries, including fault responses, such as a request id. Does nothing by
   * default.
   *
   * @param response the response being built
   * @param request the request it answers
   */
  protected void addCommonHeaders(MockResponse.Builder response, ReceivedRequest request) {
  }

  /**
   * Builds the response for a request whose handling threw; by default a 500 with a small JSON error.
   *
   * @param request the request
   * @param failure what {@link #handle(ReceivedRequest)} threw
   * @return the response to send
   */
  protected MockResponse unexpectedFailure(ReceivedRequest request, RuntimeException failure) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", "emulator failure: " + failure);
    return jsonResponse(500, Map.of("error", error)).build();
  }

  /**
   * Returns the JSON mapper emulators use for request and response bodies.
   *
   * @return a shared, configured mapper
   */
  protected static ObjectMapper json() {
    return Json.MAPPER;
  }

  /**
   * Starts a JSON response.
   *
   * @param status the HTTP status
   * @param body an object Jackson can write (maps, lists, records, {@code JsonNode}s)
   * @return a response builder with status, content type and body set
   */
  protected static MockResponse.Builder jsonResponse(int status, Object body) {
    return Json.response(status, body);
  }

  private ReceivedRequest record(RecordedRequest recorded) {
    HttpUrl url = recorded.getUrl();
    Map<String, List<String>> query = new LinkedHashMap<>();
    for (String name : url.queryParameterNames()) {
      List<String> values = new ArrayList<>();
      for (String value : url.queryParameterValues(name)) {
        values.add(value == null ? "" : value);
      }
      query.put(name, values);
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    Headers h = recorded.getHeaders();
    for (String name : h.names()) {
      headers.put(name, h.values(name));
    }
    ByteString body = recorded.getBody();
    String path = "/" + String.join("/", url.pathSegments());
    synchronized (received) {
      ReceivedRequest request = new ReceivedRequest(sequence++, clock.now(), recorded.getMethod(), path, query,
          headers, body == null ? new byte[0] : body.toByteArray());
      received.add(request);
      return request;
    }
  }

  private MockResponse finish(MockResponse.Builder builder, ReceivedRequest request) {
    builder.setHeader("Date", HTTP_DATE.format(clock.now().atOffset(ZoneOffset.UTC)));
    addCommonHeaders(builder, request);
    if (request.method().equals("HEAD") && builder.getBody() != null) {
      // a HEAD answer has headers only; it keeps the length the GET body would have
      String length = builder.getHeaders().get("Content-Length");
      builder.body(new okio.Buffer());
      if (length != null) {
        builder.setHeader("Content-Length", length);
      }
    }
    builder.status("HTTP/1.1 " + builder.getCode() + " " + reason(builder.getCode()));
    return builder.build();
  }

  private static String reason(int code) {
    return switch (code) {
      case 200 -> "OK";
      case 201 -> "Created";
      case 204 -> "No Content";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 408 -> "Request Timeout";
      case 409 -> "Conflict";
      case 422 -> "Unprocessable Entity";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> code < 400 ? "OK" : code < 500 ? "Client Error" : "Server Error";
    };
  }

  /**
   * Accepts connections with {@code TCP_NODELAY}, so small responses written in pieces are not held back by Nagle's
   * algorithm against the client's delayed acknowledgements (about 40 ms per request otherwise).
   */
  private static final class NoDelayServerSocketFactory extends ServerSocketFactory {
    @Override
    public ServerSocket createServerSocket() throws IOException {
      return new NoDelayServerSocket();
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
      ServerSocket socket = createServerSocket();
      socket.bind(new InetSocketAddress(port));
      return socket;
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
      ServerSocket socket = createServerSocket();
      socket.bind(new InetSocketAddress(port), backlog);
      return socket;
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
      ServerSocket socket = createServerSocket();
      socket.bind(new InetSocketAddress(address, port), backlog);
      return socket;
    }
  }

  private static final class NoDelayServerSocket extends ServerSocket {
    NoDelayServerSocket() throws IOException {
      super();
    }

    @Override
    public Socket accept() throws IOException {
      Socket socket = super.accept();
      socket.setTcpNoDelay(true);
      return socket;
    }
  }

  private final class Handler extends Dispatcher {
    @Override
    public MockResponse dispatch(RecordedRequest recorded) {
      ReceivedRequest request = record(recorded);
      Optional<Fault> fault = faults.take(request);
      if (fault.isPresent()) {
        Fault f = fault.get();
        switch (f.kind()) {
          case STATUS -> {
            MockResponse.Builder b = new MockResponse.Builder().code(f.status())
                .setHeader("Content-Type", "application/json").body(f.body());
            f.headers().forEach(header -> b.addHeader(header.name(), header.value()));
            return finish(b, request);
          }
          case DROP_CONNECTION -> {
            return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
          }
          default -> {
            // Handled below.
          }
        }
      }
      MockResponse response;
      synchronized (stateLock) {
        try {
          response = handle(request);
        } catch (RuntimeException e) {
          response = unexpectedFailure(request, e);
        }
      }
      MockResponse.Builder builder = response.newBuilder();
      if (fault.isPresent() && fault.get().kind() == Fault.Kind.DROP_RESPONSE_AFTER_PROCESSING) {
        return builder.onResponseStart(new SocketEffect.CloseSocket()).build();
      }
      if (fault.isPresent() && fault.get().kind() == Fault.Kind.DELAY) {
        builder.headersDelay(fault.get().delay().toNanos(), TimeUnit.NANOSECONDS);
      }
      if (fault.isPresent() && fault.get().kind() == Fault.Kind.TRICKLE) {
        builder.throttleBody(1, fault.get().delay().toNanos(), TimeUnit.NANOSECONDS);
      }
      if (fault.isPresent() && fault.get().kind() == Fault.Kind.TRUNCATE) {
        builder.onResponseBody(SocketEffect.ShutdownConnection.INSTANCE);
      }
      return finish(builder, request);
    }
  }
}
