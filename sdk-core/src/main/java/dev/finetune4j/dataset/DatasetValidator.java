package dev.finetune4j.dataset;

import dev.finetune4j.error.LocalIoException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.dataset.internal.ExampleTokens;
import dev.finetune4j.dataset.internal.Hashing;
import dev.finetune4j.dataset.internal.LineChecker;
import dev.finetune4j.dataset.internal.LongHashSet;
import dev.finetune4j.dataset.internal.StatisticsAccumulator;
import dev.finetune4j.dataset.internal.TokenCountingQueue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks JSONL training data before it is uploaded, reporting every problem with its file, line and field rather
 * than stopping at the first, and computing token statistics in the same pass.
 *
 * <pre>{@code
 * DatasetValidator validator = DatasetValidator.builder()
 *     .rules(client.datasets().rules("gpt-4o-mini-2024-07-18"))  // tokenizer, token limit, fewest examples
 *     .format(DatasetFormat.OPENAI_CHAT)      // optional: detected from the first example otherwise
 *     .build();
 * ValidationReport report = validator.validate(Path.of("train.jsonl"), Path.of("validation.jsonl"));
 * }</pre>
 *
 * <p>Files are streamed: the calling thread reads and checks the lines while worker threads read them into examples and
 * count their tokens (a few thousand lines in flight at most), and findings are added in line order, so the report is
 * the same whatever the number of threads ({@link Builder#threads(int)}). A text seen before on the same thread, such
 * as a system prompt repeated on every line, is not tokenized again: its count comes from a table of 4,096 128-bit
 * hashes per thread (86 KB). What grows with the data is a 64-bit hash of each example, for duplicate and overlap
 * detection: 10 to 12.5 bytes per example (8 bytes per slot of a table kept 64% to 80% full), so at most 12.5 MB per
 * million examples, whatever the size of the examples. When duplicates or overlaps are found, the file is read a second
 * time to name the line each one repeats; the files must not change during validation. Token statistics are a histogram
 * whose size depends on the longest example, not on their number. An exact tokenizer's tables are loaded once per JVM
 * (about 6.5 MB for {@code o200k_base}, 13 MB for {@code cl100k_base}).
 *
 * <p>A line is an exact duplicate of another when they are equal as JSON, whatever their key order, white space or
 * number spelling; the 64-bit hashes make a false match vanishingly unlikely (about 1 in 37 million for a million
 * examples). Immutable and thread-safe.
 */
public final class DatasetValidator {
  private final Optional<DatasetFormat> format;
  private final DatasetRules rules;
  private final int maxFindings;
  private final boolean reinforcement;
  private final int threads;
  private final boolean cacheCounts;

  private DatasetValidator(Builder builder) {
    this.format = builder.format;
    this.rules = builder.rules;
    this.maxFindings = builder.maxFindings;
    this.reinforcement = builder.reinforcement;
    this.threads = builder.threads;
    this.cacheCounts = builder.cacheCounts;
  }

  /**
   * Returns a builder with the defaults: format detected, the provider-neutral rules {@link DatasetRules#estimate()}
   * (estimated token counts, no per-example token limit, at least one example), 1,000 findings kept.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this validator's settings.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.format = format;
    builder.rules = rules;
    builder.maxFindings = maxFindings;
    builder.reinforcement = reinforcement;
    builder.threads = threads;
    builder.cacheCounts = cacheCounts;
    return builder;
  }

  /**
   * Returns the rules the data is checked against.
   *
   * @return the rules
   */
  public DatasetRules rules() {
    return rules;
  }

  /**
   * Validates a training file.
   *
   * @param training the JSONL file
   * @return the report; never throws for problems in the data
   * @throws LocalIoException if the file cannot be read
   */
  public ValidationReport validate(Path training) {
    Objects.requireNonNull(training, "training");
    Run run = new Run();
    DatasetStatistics stats = run.scan(training, false);
    run.checkMinimum(training, stats);
    run.resolvePending(training, Optional.empty());
    return run.report(training, stats, Optional.empty());
  }

  /**
   * Validates a training file and a validation file, and reports validation examples that are also training
   * examples ({@link FindingCode#TRAIN_VALIDATION_OVERLAP}).
   *
   * @param training the training JSONL file
   * @param validation the validation JSONL file
   * @return the report; {@link ValidationReport#statistics()} is the training file's
   * @throws LocalIoException if a file cannot be read
   */
  public ValidationReport validate(Path training, Path validation) {
    Objects.requireNonNull(training, "training");
    Objects.requireNonNull(validation, "validation");
    Run run = new Run();
    DatasetStatistics stats = run.scan(training, false);
    run.checkMinimum(training, stats);
    DatasetStatistics validationStats = run.scan(validation, true);
    run.resolvePending(training, Optional.of(validation));
    return run.report(training, stats, Optional.of(validationStats));
  }

  /**
   * Validates the files of an upload: its training file, and its validation file when it has one.
   *
   * @param upload the upload
   * @return the report, as {@link #validate(Path)} or {@link #validate(Path, Path)} returns it
   * @throws LocalIoException if a file cannot be read
   */
  public ValidationReport validate(DatasetUpload upload) {
    Objects.requireNonNull(upload, "upload");
    return upload.validation().isPresent()
        ? validate(upload.training(), upload.validation().get())
        : validate(upload.training());
  }

  /** A kept duplicate or overlap finding whose message waits for the line it repeats. */
  private record Pending(int findingIndex, long hash, boolean inValidationFile) {}

  /** A finding of one line before it is added. */
  private record Note(FindingCode code, String field, String message) {}

  private static Note couldNotCheck(Throwable e) {
    // a safety net: whatever a line holds, it becomes a finding, never an exception
    return new Note(FindingCode.INVALID_JSON, "", "the line could not be checked (" + e.getClass().getSimpleName()
        + ")");
  }

  /**
   * What one line adds to the report: its findings, and the checked line, hashed for duplicate detection and, when
   * it has no error, read into an example and counted. Kept until the count is known, so that findings are added in
   * line order whichever thread hashes and counts.
   */
  private static final class LineResult {
    final long number;
    List<Note> notes = List.of();
    boolean hasError;
    JsonNode json;
    DatasetFormat format;
    long hash;
    boolean hashed;

    LineResult(long number) {
      this.number = number;
    }

    /** Hashes the line, on the thread that counts it; duplicates are then looked for in line order. */
    void hash() {
      if (json != null) {
        hash = Hashing.hash(json);
        hashed = true;
      }
    }

    void note(FindingCode code, String field, String message) {
      note(new Note(code, field, message));
    }

    void note(Note note) {
      if (notes.isEmpty()) {
        notes = new ArrayList<>(2);
      }
      notes.add(note);
      hasError |= note.code.severity() == Finding.Severity.ERROR;
    }
  }

  /** The state of one validation: findings, counts, the hashes seen, and the format in force. */
  private final class Run {
    private final List<Finding> findings = new ArrayList<>();
    private final long[] counts = new long[FindingCode.values().length];
    private final LongHashSet trainingHashes = new LongHashSet();
    private final LongHashSet validationHashes = new LongHashSet();
    private final List<Pending> pending = new ArrayList<>();
    private Optional<DatasetFormat> established = format;
    private long establishedLine;

    void add(String file, long line, FindingCode code, String field, String message) {
      counts[code.ordinal()]++;
      if (findings.size() < maxFindings) {
        findings.add(new Finding(file, line, code, code.severity(),
            field.isEmpty() ? Optional.empty() : Optional.of(field), message));
      }
    }

    DatasetStatistics scan(Path path, boolean validationFile) {
      String file = path.getFileName() == null ? path.toString() : path.getFileName().toString();
      StatisticsAccumulator stats = new StatisticsAccumulator(rules.maxTokensPerExample(), rules.exactCounts());
      TokenCounter counter = rules.tokenCounter();
      boolean cache = cacheCounts && counter != TokenCounters.estimate();
      try (JsonlReader reader = JsonlReader.openWithoutText(path);
           TokenCountingQueue<LineResult> queue = new TokenCountingQueue<>(path, counter, cache, threads(),
               LineResult::hash,
               (line, count, failure) -> commit(file, line, count, failure, stats, validationFile))) {
        for (JsonlLine line : reader) {
          LineResult result = new LineResult(line.number());
          try {
            checkLine(line, result);
          } catch (LocalIoException e) {
            throw e;
          } catch (RuntimeException | StackOverflowError e) {
            result.json = null;
            result.note(couldNotCheck(e));
          }
          queue.submit(result, result.hasError ? null : result.json, result.format);
        }
        queue.flush();
      }
      return stats.toStatistics();
    }

    /** Adds one line's findings and counts to the report, in line order. */
    private void commit(String file, LineResult line, ExampleTokens.Count count, Throwable failure,
        StatisticsAccumulator stats, boolean validationFile) {
      for (Note note : line.notes) {
        add(file, line.number, note.code, note.field, note.message);
      }
      if (line.hashed) {
        checkDuplicate(file, line.number, line.hash, validationFile);
      }
      if (failure instanceof InvalidExampleException e) {
        add(file, line.number, FindingCode.WRONG_TYPE, e.field(), e.getMessage());
      } else if (failure != null) {
        Note note = couldNotCheck(failure);
        add(file, line.number, note.code, note.field, note.message);
      } else if (count != null) {
        stats.add(count.total(), count.assistant());
        checkLength(file, line.number, count.total());
      }
    }

    private void checkLine(JsonlLine line, LineResult result) {
      if (line.error().isPresent()) {
        FindingCode code = line.errorCode().orElse(FindingCode.INVALID_JSON);
        result.note(code, "", (code == FindingCode.INVALID_JSON ? "not valid JSON: " : "") + line.error().get());
        return;
      }
      if (line.json().isEmpty()) { // blank: a line read without its text is never blank
        result.note(FindingCode.BLANK_LINE, "", "blank line; every line must hold one JSON object");
        return;
      }
      JsonNode json = line.json().get();
      if (!json.isObject()) {
        result.note(FindingCode.NOT_AN_OBJECT, "", "each line must be a JSON object, this one is "
            + dev.finetune4j.dataset.internal.Json.typeName(json));
        return;
      }
      Optional<DatasetFormat> detected = DatasetFormat.detect(json);
      if (detected.isPresent() && established.isPresent() && !established.get().accepts(detected.get())) {
        result.note(FindingCode.FORMAT_MISMATCH, "", "the line is " + detected.get() + " but the data is "
            + established.get() + (format.isPresent() ? " (the format expected)"
                : " (the format of the first example, line " + establishedLine + ")"));
        return;
      }
      if (established.isEmpty() && detected.isPresent()) {
        established = detected;
        establishedLine = line.number();
      }
      DatasetFormat lineFormat = established.orElse(DatasetFormat.OPENAI_CHAT);
      LineChecker.check(json, lineFormat, reinforcement, result::note);
      result.json = json; // hashed, and counted unless it has an error, by the queue
      result.format = lineFormat;
    }

    private void checkLength(String file, long number, int tokens) {
      if (rules.maxTokensPerExample().isEmpty() || tokens <= rules.maxTokensPerExample().getAsInt()) {
        return;
      }
      String length = "the example has " + tokens + " tokens" + (rules.exactCounts() ? "" : " (estimated)")
          + ", more than the " + rules.maxTokensPerExample().getAsInt() + " an example may have";
      if (rules.overLimit().get() == DatasetRules.OverLimit.REJECTED) {
        add(file, number, FindingCode.EXAMPLE_TOO_LONG, "", length + "; the provider refuses longer examples");
      } else {
        add(file, number, FindingCode.OVER_TOKEN_LIMIT, "", length + "; the provider truncates it");
      }
    }

    private void checkDuplicate(String file, long number, long hash, boolean validationFile) {
      if (!validationFile) {
        if (!trainingHashes.add(hash)) {
          addPending(file, number, FindingCode.DUPLICATE_EXAMPLE, hash, false);
        }
      } else if (trainingHashes.contains(hash)) {
        addPending(file, number, FindingCode.TRAIN_VALIDATION_OVERLAP, hash, false);
      } else if (!validationHashes.add(hash)) {
        addPending(file, number, FindingCode.DUPLICATE_EXAMPLE, hash, true);
      }
    }

    /** Adds a finding whose message names a line found later by {@link #resolvePending}. */
    private void addPending(String file, long number, FindingCode code, long hash, boolean inValidationFile) {
      boolean kept = findings.size() < maxFindings;
      add(file, number, code, "", "");
      if (kept) {
        pending.add(new Pending(findings.size() - 1, hash, inValidationFile));
      }
    }

    /**
     * Finds the first line of each hash that kept duplicate and overlap findings refer to, by reading the file
     * again (only when there are such findings), and writes their messages.
     */
    void resolvePending(Path training, Optional<Path> validation) {
      if (pending.isEmpty()) {
        return;
      }
      Map<Long, Long> trainingLines = firstLines(training, pending, false);
      Map<Long, Long> validationLines =
          validation.map(path -> firstLines(path, pending, true)).orElse(Map.of());
      for (Pending p : pending) {
        Finding finding = findings.get(p.findingIndex);
        String message;
        if (finding.code() == FindingCode.TRAIN_VALIDATION_OVERLAP) {
          message = "the same example is on line " + trainingLines.get(p.hash) + " of the training file";
        } else {
          message = "same example as line " + (p.inValidationFile ? validationLines : trainingLines).get(p.hash);
        }
        findings.set(p.findingIndex, new Finding(finding.file(), finding.line(), finding.code(), finding.severity(),
            finding.field(), message));
      }
    }

    private Map<Long, Long> firstLines(Path path, List<Pending> wanted, boolean inValidationFile) {
      Map<Long, Long> lines = new HashMap<>();
      for (Pending p : wanted) {
        if (p.inValidationFile == inValidationFile) {
          lines.put(p.hash, 0L);
        }
      }
      int unresolved = lines.size();
      try (JsonlReader reader = JsonlReader.openWithoutText(path)) {
        for (JsonlLine line : reader) {
          if (unresolved == 0) {
            break;
          }
          if (line.json().isPresent() && line.json().get().isObject()) {
            long hash = Hashing.hash(line.json().get());
            Long first = lines.get(hash);
            if (first != null && first == 0L) {
              lines.put(hash, line.number());
              unresolved--;
            }
          }
        }
      }
      return lines;
    }

    private int threads() {
      return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    void checkMinimum(Path path, DatasetStatistics stats) {
      if (stats.exampleCount() < rules.minExamples()) {
        String file = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        add(file, 0, FindingCode.TOO_FEW_EXAMPLES, "", "the file has " + stats.exampleCount()
            + " valid examples; at least " + rules.minExamples() + " are required");
      }
    }

    ValidationReport report(Path training, DatasetStatistics stats, Optional<DatasetStatistics> validationStats) {
      Map<FindingCode, Long> byCode = new EnumMap<>(FindingCode.class);
      for (FindingCode code : FindingCode.values()) {
        byCode.put(code, counts[code.ordinal()]);
      }
      String file = training.getFileName() == null ? training.toString() : training.getFileName().toString();
      return new ValidationReport(file, findings, byCode, stats, validationStats, established);
    }
  }

  /** Settings of a {@link DatasetValidator}. Each setter checks its input at once. */
  public static final class Builder {
    private Optional<DatasetFormat> format = Optional.empty();
    private DatasetRules rules = DatasetRules.estimate();
    private int maxFindings = 1000;
    private boolean reinforcement;
    private int threads;
    private boolean cacheCounts = true;

    private Builder() {}

    /**
     * Says whether chat data is for reinforcement fine-tuning, whose conversations end with the user's turn and
     * whose extra top-level keys (such as {@code reference_answer}) are passed to graders. When true, chat examples
     * need no assistant message and extra top-level keys are not reported. Default false.
     *
     * @param reinforcement true for reinforcement fine-tuning data
     * @return this builder
     */
    public Builder reinforcement(boolean reinforcement) {
      this.reinforcement = reinforcement;
      return this;
    }

    /**
     * Sets the format every line must be in. Without it, the first example's format is expected of the rest.
     *
     * @param format the format
     * @return this builder
     */
    public Builder format(DatasetFormat format) {
      this.format = Optional.of(Objects.requireNonNull(format, "format"));
      return this;
    }

    /**
     * Sets the rules of the provider and target model: the token counter (and whether its counts are exact), the
     * per-example token limit and what happens above it, and the fewest examples. Get a provider's rules from
     * {@link Datasets#rules(String)}. Default {@link DatasetRules#estimate()}.
     *
     * @param rules the rules
     * @return this builder
     */
    public Builder rules(DatasetRules rules) {
      this.rules = Objects.requireNonNull(rules, "rules");
      return this;
    }

    /**
     * Sets how many findings the report keeps; more are counted but not kept. Default 1,000.
     *
     * @param maxFindings 0 or more
     * @return this builder
     */
    public Builder maxFindings(int maxFindings) {
      if (maxFindings < 0) {
        throw new IllegalArgumentException("maxFindings must be 0 or more, was " + maxFindings);
      }
      this.maxFindings = maxFindings;
      return this;
    }

    /**
     * Sets how many threads read checked lines into examples and count their tokens while the calling thread reads
     * and checks the next lines. Default: the number of processors available to the JVM. With 1, everything runs on
     * the calling thread. Findings, statistics and their order are the same whatever the number. The workers are
     * started for each file and stopped before {@code validate} returns.
     *
     * @param threads 1 or more
     * @return this builder
     */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be 1 or more, was " + threads);
      }
      this.threads = threads;
      return this;
    }

    /** Turns the cache of texts' token counts off, for tests that compare with the plain count. Default on. */
    Builder cacheCounts(boolean cacheCounts) {
      this.cacheCounts = cacheCounts;
      return this;
    }

    /**
     * Builds the validator.
     *
     * @return the validator
     */
    public DatasetValidator build() {
      return new DatasetValidator(this);
    }
  }
}
