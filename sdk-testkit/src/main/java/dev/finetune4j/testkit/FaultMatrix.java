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
  private final String name;
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
