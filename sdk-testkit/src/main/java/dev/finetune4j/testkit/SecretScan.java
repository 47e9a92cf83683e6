package dev.finetune4j.testkit;

import dev.finetune4j.error.ApiException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * Looks for secrets in whatever text an SDK lets out: exception messages and stack traces, an
 * {@link ApiException}'s body and echoed fields, log lines, {@code toString()} of anything. A secret counts as
 * leaked in any letter case, and so does a long enough piece of it (the middle 12 characters). Also makes the hostile
 * forms a server may echo a key in: raw, upper-cased, JSON-escaped character by character.
 *
 * <p>Not thread-safe.
 */
public final class SecretScan {
  private final List<String> secrets;
  private final List<String> leaks = new ArrayList<>();
  private int texts;

  /**
   * Creates a scan for the given secrets.
   *
   * @param secrets the keys and tokens that must not appear, each at least 16 characters long
   */
  public SecretScan(String... secrets) {
    for (String secret : secrets) {
      if (Objects.requireNonNull(secret, "secret").length() < 16) {
        throw new IllegalArgumentException("a secret to scan for must have at least 16 characters");
      }
    }
    this.secrets = List.of(secrets);
  }

  /**
   * Returns the forms a hostile server may echo a secret in.
   *
   * @param secret the secret
   * @return the secret raw, upper-cased, lower-cased and with every character as a JSON {@code \}{@code u} escape
   */
  public static List<String> hostileForms(String secret) {
    StringBuilder escaped = new StringBuilder();
    secret.chars().forEach(c -> escaped.append(String.format(Locale.ROOT, "\\u%04x", c)));
    StringBuilder dashEscaped = new StringBuilder(secret.replace("-", "\\u002d"));
    return List.of(secret, secret.toUpperCase(Locale.ROOT), secret.toLowerCase(Locale.ROOT), escaped.toString(),
        dashEscaped.toString());
  }

  /** How many hostile answers {@link #hostileAnswer(String, int)} makes: five kinds for each of five forms. */
  public static final int HOSTILE_ANSWERS = 25;

  /**
   * Makes one of {@link #HOSTILE_ANSWERS} answers that echo a secret: in each of the {@link #hostileForms} forms, in
   * the request id and {@code X-Error-Code} headers and in a 401 whose error fields all hold it, a 500 whose body is
   * not JSON, a 200 that is not JSON, a 400 in another error shape, and a 429 whose {@code Retry-After} is the secret.
   *
   * @param secret the secret
   * @param variant from 0 to {@link #HOSTILE_ANSWERS} - 1
   * @return the answer
   */
  public static MockResponse hostileAnswer(String secret, int variant) {
    List<String> forms = hostileForms(secret);
    String form = forms.get(variant % forms.size());
    MockResponse.Builder b = new MockResponse.Builder()
        .addHeader("x-request-id", "req_" + form).addHeader("X-Error-Code", form)
        .addHeader("Content-Type", "application/json");
    return switch (variant / forms.size()) {
      case 0 -> b.code(401).body("{\"error\":{\"message\":\"Incorrect API key provided: " + form
          + "\",\"type\":\"" + form + "\",\"param\":\"" + form + "\",\"code\":\"" + form + "\"}}").build();
      case 1 -> b.code(500).body("<html>proxy error for Authorization: Bearer " + form + "</html>").build();
      case 2 -> b.code(200).body("not json, but the key: " + form).build();
      case 3 -> b.code(400).body("{\"error\":\"" + form + "\",\"detail\":[\"" + form + "\"]}").build();
      default -> b.code(429).addHeader("Retry-After", form)
          .body("{\"error\":{\"message\":\"" + form + "\"}}").build();
    };
  }

  /**
   * Makes a server answer every request with one of the {@link #hostileAnswer hostile answers}, echoing the secret
   * the request carried.
   *
   * @param server the server
   * @param secretOf the secret a request carried
   * @return what picks the answer, from 0 to {@link #HOSTILE_ANSWERS} - 1 (0 at first); hand it to {@link #runFlows}
   */
  public static IntConsumer answerHostilely(MockWebServer server, Function<RecordedRequest, String> secretOf) {
    AtomicInteger variant = new AtomicInteger();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return hostileAnswer(secretOf.apply(request), variant.get());
      }
    });
    return variant::set;
  }

  /**
   * Scans a text.
   *
   * @param where what the text is, for the report
   * @param text the text; null is skipped
   */
  public void text(String where, String text) {
    if (text == null) {
      return;
    }
    texts++;
    String lower = text.toLowerCase(Locale.ROOT);
    for (String secret : secrets) {
      String piece = secret.substring((secret.length() - 12) / 2, (secret.length() - 12) / 2 + 12);
      if (lower.contains(secret.toLowerCase(Locale.ROOT)) || lower.contains(piece.toLowerCase(Locale.ROOT))) {
        leaks.add(where + ": " + (text.length() > 300 ? text.substring(0, 300) + "..." : text));
      }
    }
  }

  /**
   * Scans a throwable: its message, {@code toString()}, stack trace with causes, and for an {@link ApiException} its
   * body, code, type, parameter and request id.
   *
   * @param where what raised it, for the report
   * @param thrown the throwable; null is skipped
   */
  public void thrown(String where, Throwable thrown) {
    if (thrown == null) {
      return;
    }
    StringWriter trace = new StringWriter();
    thrown.printStackTrace(new PrintWriter(trace));
    text(where + " stack trace", trace.toString());
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      text(where + " message", t.getMessage());
      text(where + " toString", t.toString());
      if (t instanceof ApiException api) {
        text(where + " body()", api.body());
        text(where + " code()", api.code().orElse(null));
        text(where + " type()", api.type().orElse(null));
        text(where + " param()", api.param().orElse(null));
        text(where + " requestId()", api.requestId().orElse(null));
      }
      if (t.getCause() == t) {
        break;
      }
    }
  }

  /**
   * Runs every flow against every hostile answer: for each variant, tells the server which answer to give, makes a
   * client, runs the flow, and scans what it threw and the client's {@code toString()}; then closes the client.
   *
   * @param flows the flows by name
   * @param client makes a client pointed at the hostile server
   * @param variant tells the server which of the {@link #HOSTILE_ANSWERS} answers to give
   * @param <C> the client type
   */
  public <C extends AutoCloseable> void runFlows(Map<String, Consumer<C>> flows,
      Supplier<C> client, IntConsumer variant) {
    for (int v = 0; v < HOSTILE_ANSWERS; v++) {
      variant.accept(v);
      for (Map.Entry<String, Consumer<C>> flow : flows.entrySet()) {
        C c = client.get();
        try {
          flow.getValue().accept(c);
        } catch (RuntimeException e) {
          thrown(flow.getKey() + " answer " + v, e);
        }
        text(flow.getKey() + " client toString", c.toString());
        try {
          c.close();
        } catch (Exception e) {
          thrown(flow.getKey() + " close", e);
        }
      }
    }
  }

  /** @return how many texts were scanned */
  public int scanned() {
    return texts;
  }

  /** @return where a secret was found, with the text around it; empty when nothing leaked */
  public List<String> leaks() {
    return List.copyOf(leaks);
  }
}
