package dev.finetune4j.eval;

import dev.finetune4j.error.LocalIoException;
import dev.finetune4j.dataset.JsonlLine;
import dev.finetune4j.dataset.JsonlReader;
import dev.finetune4j.error.LocalValidationException;
import dev.finetune4j.eval.internal.CaseParser;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The held-out cases an {@link Evaluation} sends to every candidate.
 *
 * <p>Read from JSONL, one case a line, in either form:
 *
 * <pre>{@code
 * {"messages": [{"role": "user", "content": "2+2?"}, {"role": "assistant", "content": "4"}]}
 * {"id": "q7", "messages": [{"role": "user", "content": "2+3?"}], "reference": "5", "metadata": {"topic": "sums"}}
 * }</pre>
 *
 * In the first, the final assistant message is the reference answer and is not sent; this is the chat format of a
 * training file, so a held-out split of one can be evaluated as it is. The id is the {@code id} field or else the
 * line number. The file is read line by line; only the cases are kept.
 */
public final class EvalSet {
  /** The most bad lines listed in one exception. */
  private static final int MAX_PROBLEMS = 50;

  private final String name;
  private final List<EvalCase> cases;

  private EvalSet(String name, List<EvalCase> cases) {
    this.name = name;
    this.cases = cases;
  }

  /**
   * Returns a set of cases built in code.
   *
   * @param name the set's name, shown in reports
   * @param cases the cases, at least one, with distinct ids
   * @return the set
   * @throws IllegalArgumentException if there is no case or two cases share an id
   */
  public static EvalSet of(String name, List<EvalCase> cases) {
    Objects.requireNonNull(name, "name");
    List<EvalCase> copy = List.copyOf(cases);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("an evaluation set needs at least one case");
    }
    Set<String> ids = new HashSet<>();
    for (EvalCase c : copy) {
      if (!ids.add(c.id())) {
        throw new IllegalArgumentException("two cases have the id '" + c.id() + "'; case ids must be distinct");
      }
    }
    return new EvalSet(name, copy);
  }

  /**
   * Reads a JSONL file; its file name is the set's name. The file is read by the dataset package's
   * {@link JsonlReader}, with the rules of {@link dev.finetune4j.dataset.DatasetValidator}: a byte order mark at the
   * start is skipped, and a line with a duplicate key is not valid JSON.
   *
   * @param file the file, UTF-8
   * @return the set
   * @throws LocalValidationException if any line is not a case, listing each as {@code file:line: reason}
   * @throws LocalIoException if the file cannot be read
   */
  public static EvalSet fromJsonl(Path file) {
    Objects.requireNonNull(file, "file");
    try (JsonlReader reader = JsonlReader.open(file)) {
      return read(reader, file.getFileName() == null ? file.toString() : file.getFileName().toString(),
          file.toString());
    } catch (LocalIoException e) {
      throw new LocalIoException("Could not read the evaluation set " + file
          + ": " + e.getCause().getMessage(), file, e.getCause());
    }
  }

  /**
   * Reads JSONL from a reader, which is not closed, with the same rules as {@link #fromJsonl(Path)}.
   *
   * @param reader the JSONL text
   * @param name the set's name, also used in error messages
   * @return the set
   * @throws LocalValidationException if any line is not a case, listing each as {@code name:line: reason}
   * @throws LocalIoException if the text cannot be read
   */
  public static EvalSet fromJsonl(Reader reader, String name) {
    Objects.requireNonNull(reader, "reader");
    Objects.requireNonNull(name, "name");
    try {
      return read(JsonlReader.of(reader), name, name);
    } catch (LocalIoException e) {
      throw new LocalIoException("Could not read the evaluation set " + name
          + ": " + e.getCause().getMessage(), null, e.getCause());
    }
  }

  private static EvalSet read(JsonlReader reader, String name, String source) {
    List<EvalCase> cases = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    int badLines = 0;
    Set<String> ids = new HashSet<>();
    for (JsonlLine line : reader) {
      if (line.isBlank()) {
        continue;
      }
      try {
        EvalCase c = CaseParser.parseCase(line);
        if (!ids.add(c.id())) {
          throw new CaseParser.BadLine("repeats the id '" + c.id() + "'; case ids must be distinct");
        }
        cases.add(c);
      } catch (CaseParser.BadLine e) {
        badLines++;
        if (problems.size() < MAX_PROBLEMS) {
          problems.add(source + ":" + line.number() + ": line " + e.getMessage());
        }
      }
    }
    if (badLines > 0) {
      if (badLines > problems.size()) {
        problems.add("... and " + (badLines - problems.size()) + " more bad lines");
      }
      throw new LocalValidationException(
          "the evaluation set " + source + " has " + badLines + " bad line" + (badLines == 1 ? "" : "s"), problems);
    }
    if (cases.isEmpty()) {
      throw new LocalValidationException("the evaluation set " + source + " has no cases",
          List.of(source + ": no non-blank line"));
    }
    return new EvalSet(name, List.copyOf(cases));
  }

  /**
   * Returns the set's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the cases, in file order.
   *
   * @return the cases, never empty
   */
  public List<EvalCase> cases() {
    return cases;
  }

  /**
   * Returns how many cases the set has.
   *
   * @return the count
   */
  public int size() {
    return cases.size();
  }

  /**
   * Returns the first cases only, for a cheap trial run.
   *
   * @param count how many, at least 1
   * @return a set with at most {@code count} cases and the same name
   */
  public EvalSet limit(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, was " + count);
    }
    return count >= cases.size() ? this : new EvalSet(name, cases.subList(0, count));
  }

  @Override
  public String toString() {
    return "EvalSet{name=" + name + ", cases=" + cases.size() + '}';
  }
}
