package dev.finetune4j.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The results of a fault-injection suite: for each kind of call and each fault, what came of it. Renders them as a
 * Markdown table (kinds as rows, faults as columns, in the order first recorded) and keeps a marked section of a
 * document equal to that table, so that a document such as {@code docs/RELIABILITY.md} is generated from the suite's
 * own results and cannot go stale:
 *
 * <pre>{@code
 * <!-- fault-matrix:openai -->
 * ...the generated table...
 * <!-- /fault-matrix:openai -->
 * }</pre>
 *
 * <p>Not thread-safe; a suite records its cells in order.
 */
public final class FaultMatrix {
  /** The pause after each byte of a trickling body: shorter than the suites' read timeouts. */
  public static final java.time.Duration TRICKLE = java.time.Duration.ofMillis(100);
  /** The call timeout of a cell whose body trickles: the deadline ends the call, so a short one keeps it fast. */
  public static final java.time.Duration TRICKLE_DEADLINE = java.time.Duration.ofSeconds(1);
  /** How many reads a lagging listing stays behind creation. */
  public static final int LAG = 2;
  /** The call timeout of a cell whose fault does not need its own. */
  public static final java.time.Duration CALL_TIMEOUT = java.time.Duration.ofSeconds(5);
  /** The longest a cell's call may take, in real time. */
  public static final java.time.Duration CELL_BOUND = java.time.Duration.ofSeconds(8);

  /**
   * One fault of a suite.
   *
   * @param name its column in the table
   * @param fault makes the fault, given the emulator's current time (for {@code Retry-After} dates)
   * @param transientFault whether a retried call must recover from it
   * @param callTimeout the call timeout the cell's client is built with, when the fault needs its own
   */
  public record Case(String name, java.util.function.Function<java.time.Instant, Fault> fault,
      boolean transientFault, java.util.Optional<java.time.Duration> callTimeout) {
    /**
     * A fault whose cells use the suite's call timeout.
     *
     * @param name its column in the table
     * @param fault makes the fault, given the emulator's current time
     * @param transientFault whether a retried call must recover from it
     */
    public Case(String name, java.util.function.Function<java.time.Instant, Fault> fault, boolean transientFault) {
      this(name, fault, transientFault, java.util.Optional.empty());
    }
  }

  /**
   * One kind of call of a suite: a row of its table.
   *
   * @param name its row in the table
   * @param method the method of the requests the fault targets
   * @param path the path prefix of the requests the fault targets, given the cell
   * @param call makes the call on the cell's client
   * @param made how many of what the call creates exist after it (ignored unless {@code creates})
   * @param creates whether the call creates something
   * @param notRetried the faults after which the call is meant not to be sent again
   * @param listing the path of the listing the call reads (a create's lookup, or a list itself), for the
   *     {@linkplain #laggingListing lagging listing}; empty when it reads none
   * @param <C> the suite's cell
   */
  public record Call<C>(String name, String method, java.util.function.Function<C, String> path,
      java.util.function.Function<C, ?> call, java.util.function.ToLongFunction<C> made, boolean creates,
      java.util.Set<String> notRetried, java.util.Optional<String> listing) {}

  /** A cell of a suite: an emulator and a client of it, made fresh for each cell and closed after it. */
  public interface Cell extends AutoCloseable {
    /** @return the cell's emulator */
    Emulator emulator();

    @Override
    void close();
  }

  /**
   * Makes a cell.
   *
   * @param <C> the suite's cell
   */
  @FunctionalInterface
  public interface Cells<C extends Cell> {
    /**
     * Starts an emulator and builds a client of it.
     *
     * @param callTimeout the client's call timeout
     * @return the cell
     * @throws Exception if the cell cannot be set up
     */
    C open(java.time.Duration callTimeout) throws Exception;
  }

  private final String name;
  private final okhttp3.OkHttpClient client = new okhttp3.OkHttpClient();
  private final Map<String, Map<String, String>> outcomes = new LinkedHashMap<>();
  private final List<String> faults = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();

  /**
   * Creates an empty matrix.
   *
   * @param name the name of the document section, such as {@code openai}
   */
  public FaultMatrix(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  /**
   * The OkHttp client every cell's SDK client must share ({@code ClientOptions.okHttpClient}), so that the suite
   * sees the connections a call leaves in use; {@link #verify} shuts it down at the end.
   *
   * @return the client
   */
  public okhttp3.OkHttpClient client() {
    return client;
  }

  /**
   * Runs the suite and says what is wrong with it: every kind of call against every fault, each in a fresh cell,
   * and the {@linkplain #laggingListing lagging listing} against the calls that read a listing (where a create also
   * loses its answer, so that its lookup matters; the other cells of that column are {@code n/a}), checking each
   * outcome; then {@linkplain #publish() publishes} the table.
   *
   * @param calls the kinds of call, in row order
   * @param faults the faults, in column order
   * @param lag the lagging listing, in the provider's shape
   * @param cells makes a cell, with {@link #CALL_TIMEOUT} unless the fault needs its own
   * @param <C> the suite's cell
   * @return the problems, and whether the document is stale; empty when all is well
   * @throws Exception if a cell cannot be set up
   */
  public <C extends Cell> List<String> verify(List<Call<C>> calls, List<Case> faults, Case lag, Cells<C> cells)
      throws Exception {
    try {
      int ran = runAll(calls, faults, lag, cells);
      long expected = calls.size() * (long) faults.size() + calls.stream().filter(c -> c.listing().isPresent()).count();
      if (ran != expected || cells() != expected) {
        problem("the suite", ran + " cells ran and " + cells() + " were recorded, " + expected + " expected");
      }
      List<String> all = new ArrayList<>(problems);
      String stale = publish();
      if (!stale.isEmpty()) {
        all.add(stale);
      }
      return all;
    } finally {
      client.connectionPool().evictAll();
      client.dispatcher().executorService().shutdown();
    }
  }

  private <C extends Cell> int runAll(List<Call<C>> calls, List<Case> faults, Case lag, Cells<C> cells)
      throws Exception {
    int ran = 0;
    for (Call<C> call : calls) {
      List<Case> columns = new ArrayList<>(faults);
      call.listing().ifPresent(listing -> columns.add(lag));
      for (Case fault : columns) {
        try (C cell = cells.open(fault.callTimeout().orElse(CALL_TIMEOUT))) {
          Faults queue = cell.emulator().faults();
          java.time.Instant now = cell.emulator().clock().now();
          if (fault == lag) {
            if (call.creates()) {
              queue.inject(Fault.dropResponseAfterProcessing().forRequests(call.method(), call.path().apply(cell)));
            }
            queue.inject(fault.fault().apply(now).forRequests("GET", call.listing().get()));
          } else {
            queue.inject(fault.fault().apply(now).forRequests(call.method(), call.path().apply(cell)));
          }
          String outcome = run(call.name(), fault.name(), CELL_BOUND, client.connectionPool(),
              () -> call.call().apply(cell));
          check(call.name(), fault, outcome, !call.notRetried().contains(fault.name()), call.creates(),
              call.made().applyAsLong(cell));
          ran++;
        }
      }
    }
    return ran;
  }

  /**
   * Writes the table to {@code target/fault-matrix-<name>.md} and compares the section of
   * {@code ../docs/RELIABILITY.md} with it, or writes it there when the system property
   * {@code finetune4j.writeFaultMatrix} is {@code true}.
   *
   * @return empty if the document is the suite's result (or was written), else what to run
   */
  public String publish() {
    try {
      Files.createDirectories(Path.of("target"));
      Files.writeString(Path.of("target", "fault-matrix-" + name + ".md"), table());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return syncSection(Path.of("..", "docs", "RELIABILITY.md"), Boolean.getBoolean("finetune4j.writeFaultMatrix"));
  }

  /**
   * Runs one cell and records what it came to: {@code recovered} when the call returned, else the simple name of
   * the {@link dev.finetune4j.error.FineTuningException} it threw. A problem is noted when the call threw anything
   * else, took longer than the bound, left a connection of the pool in use, or left an SDK thread
   * ({@code finetune4j-*}) alive a second after it returned.
   *
   * @param kind the kind of call
   * @param fault the fault
   * @param bound the longest the call may take
   * @param pool the connection pool the call used
   * @param call the call
   * @return the outcome, as recorded
   */
  public String run(String kind, String fault, java.time.Duration bound, okhttp3.ConnectionPool pool,
      Runnable call) {
    String cell = kind + " x " + fault;
    long started = System.nanoTime();
    String outcome;
    try {
      call.run();
      outcome = "recovered";
    } catch (dev.finetune4j.error.FineTuningException e) {
      outcome = e.getClass().getSimpleName();
    } catch (RuntimeException e) {
      problem(cell, "untyped " + e);
      outcome = "UNTYPED " + e.getClass().getSimpleName();
    }
    java.time.Duration took = java.time.Duration.ofNanos(System.nanoTime() - started);
    if (took.compareTo(bound) > 0) {
      problem(cell, "took " + took.toMillis() + " ms, more than " + bound.toMillis());
    }
    int inUse = pool.connectionCount() - pool.idleConnectionCount();
    if (inUse != 0) {
      problem(cell, inUse + " connection(s) left in use");
    }
    List<String> threads = new ArrayList<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith("finetune4j-")) {
        try {
          thread.join(1000); // a pool's worker may still be on its way out when the call returns
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
          threads.add(thread.getName());
        }
      }
    }
    if (!threads.isEmpty()) {
      problem(cell, "threads left behind " + threads);
    }
    record(kind, fault, outcome);
    return outcome;
  }

  /**
   * The faults every provider's suite runs: 429 with {@code Retry-After} in seconds, with the provider's own wait
   * header and as an HTTP date; 500, 502, 503, 504; a reset before any answer; an answer lost after the server acted;
   * an answer held back past the read timeout; a body that trickles a byte per {@link #TRICKLE} (ended by the call's
   * deadline, {@link #TRICKLE_DEADLINE}); a body cut off half-way after the server acted; and an empty, a malformed
   * and a wrong-typed 200.
   *
   * @param errorBody the provider's error body
   * @param ownWait the name of the column for the provider's own wait header, such as {@code 429 retry-after-ms}
   * @param ownWaitHeader that header, asking for a short wait
   * @param wrongTypes a JSON object whose fields have the wrong types for the provider's answers
   * @param heldBack how long the held-back answer waits, longer than the read timeout
   * @return the faults, in column order
   */
  public static List<Case> standardCases(String errorBody, String ownWait, Fault.Header ownWaitHeader,
      String wrongTypes, java.time.Duration heldBack) {
    return List.of(
        new Case("429 Retry-After s", t -> Fault.status(429, errorBody).withHeader("Retry-After", "2"), true),
        new Case(ownWait, t -> Fault.status(429, errorBody).withHeader(ownWaitHeader.name(), ownWaitHeader.value()),
            true),
        new Case("429 Retry-After date", t -> Fault.status(429, errorBody).withHeader("Retry-After",
            java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                t.plusSeconds(3).atOffset(java.time.ZoneOffset.UTC))), true),
        new Case("500", t -> Fault.status(500, errorBody), true),
        new Case("502", t -> Fault.status(502, errorBody), true),
        new Case("503", t -> Fault.status(503, errorBody), true),
        new Case("504", t -> Fault.status(504, errorBody), true),
        new Case("reset before", t -> Fault.dropConnection(), true),
        new Case("lost after acting", t -> Fault.dropResponseAfterProcessing(), true),
        new Case("read timeout", t -> Fault.delay(heldBack), true),
        new Case("trickling body", t -> Fault.trickle(TRICKLE), false, java.util.Optional.of(TRICKLE_DEADLINE)),
        new Case("truncated body", t -> Fault.truncate(), true),
        new Case("empty 200", t -> Fault.status(200, ""), false),
        new Case("malformed 200", t -> Fault.status(200, "<html>upstream says hi"), false),
        new Case("wrong types 200", t -> Fault.status(200, wrongTypes), false));
  }

  /**
   * The eventually consistent listing: the listing a call reads (a create's lookup before it sends again, or a list
   * itself) lags behind creation for {@link #LAG} reads, answering as it was before. Aim it at the listing's path;
   * for a create, lose the create's answer too, so that the lookup matters.
   *
   * @param staleListing the listing as it was before, in the provider's shape
   * @return the fault, for the column {@code listing lags 2 reads}
   */
  public static Case laggingListing(String staleListing) {
    return new Case("listing lags " + LAG + " reads", t -> Fault.laggingListing(staleListing).times(LAG), true);
  }

  /**
   * Checks a cell's outcome against the rules: a fault the call is meant to retry must be recovered from, one it
   * must not send again must not be, a bad answer to a create is never a success, and a create makes its resource
   * once when it recovered and at most once otherwise.
   *
   * @param kind the kind of call
   * @param fault the fault
   * @param outcome what {@link #run} returned
   * @param retried whether the call is meant to be retried after this fault
   * @param creates whether the call creates something
   * @param made how many of it exist after the call (ignored unless {@code creates})
   */
  public void check(String kind, Case fault, String outcome, boolean retried, boolean creates, long made) {
    String cell = kind + " x " + fault.name();
    boolean recovered = outcome.equals("recovered");
    if (fault.transientFault() && retried && !recovered) {
      problem(cell, "a transient fault was not recovered from: " + outcome);
    }
    if (fault.transientFault() && !retried && recovered) {
      problem(cell, "a call that must not be sent twice was retried blindly");
    }
    if (!fault.transientFault() && recovered && creates) {
      problem(cell, "a bad answer to a create was taken for success");
    }
    if (creates && (made > 1 || (recovered && made != 1))) {
      problem(cell, outcome + " and created " + made + " times");
    }
  }

  /**
   * Notes a problem with a cell: the suite fails if there is any.
   *
   * @param cell the cell, such as {@code create x 503}
   * @param problem what is wrong
   */
  public void problem(String cell, String problem) {
    problems.add(cell + ": " + problem);
  }

  /** @return the problems noted, in order */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  /**
   * Records what one cell came to.
   *
   * @param kind the kind of call, such as {@code create}
   * @param fault the fault, such as {@code 503}
   * @param outcome a short, deterministic description, such as {@code recovered} or {@code InvalidResponseException}
   */
  public void record(String kind, String fault, String outcome) {
    if (!faults.contains(fault)) {
      faults.add(fault);
    }
    outcomes.computeIfAbsent(kind, k -> new LinkedHashMap<>()).put(fault, outcome);
  }

  /** @return how many cells were recorded */
  public int cells() {
    return outcomes.values().stream().mapToInt(Map::size).sum();
  }

  /** @return the results as a Markdown table, kinds as rows and faults as columns */
  public String table() {
    StringBuilder out = new StringBuilder("| call \\ fault |");
    faults.forEach(f -> out.append(' ').append(f).append(" |"));
    out.append("\n|---|");
    faults.forEach(f -> out.append("---|"));
    out.append('\n');
    outcomes.forEach((kind, row) -> {
      out.append("| ").append(kind).append(" |");
      faults.forEach(f -> out.append(' ').append(row.getOrDefault(f, "n/a")).append(" |"));
      out.append('\n');
    });
    return out.toString();
  }

  /**
   * Compares the document's section with the table, or writes the table into it.
   *
   * @param document the Markdown file holding the section's markers
   * @param write whether to write the table into the section rather than compare
   * @return empty if the section equals the table (or was written), else a message saying what to run
   */
  public String syncSection(Path document, boolean write) {
    String start = "<!-- fault-matrix:" + name + " -->\n";
    String end = "<!-- /fault-matrix:" + name + " -->";
    try {
      String text = Files.exists(document) ? Files.readString(document, StandardCharsets.UTF_8) : "";
      int from = text.indexOf(start);
      int to = text.indexOf(end);
      if (from < 0 || to < from) {
        return document + " has no section " + start.strip() + " ... " + end;
      }
      String current = text.substring(from + start.length(), to);
      if (current.equals(table())) {
        return "";
      }
      if (!write) {
        return "the fault matrix in " + document + " is not the suite's result; run the suite with "
            + "-Dfinetune4j.writeFaultMatrix=true to write it";
      }
      Files.writeString(document, text.substring(0, from + start.length()) + table() + text.substring(to),
          StandardCharsets.UTF_8);
      return "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
