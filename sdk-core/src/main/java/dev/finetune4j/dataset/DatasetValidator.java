package dev.finetune4j.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.dataset.internal.ExampleMapper;
import dev.finetune4j.dataset.internal.ExampleTokens;
import dev.finetune4j.dataset.internal.Hashing;
import dev.finetune4j.dataset.internal.LineChecker;
import dev.finetune4j.dataset.internal.LongIntHashMap;
import dev.finetune4j.dataset.internal.StatisticsAccumulator;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
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
 *     .model("gpt-4o-mini-2024-07-18")       // tokenizer and per-example token limit
 *     .format(DatasetFormat.OPENAI_CHAT)      // optional: detected from the first example otherwise
 *     .build();
 * ValidationReport report = validator.validate(Path.of("train.jsonl"), Path.of("validation.jsonl"));
 * }</pre>
 *
 * <p>Files are streamed: memory grows by about 20 bytes per example (a 64-bit hash for duplicate and overlap
 * detection, the line it came from, and the example's token count), whatever the size of the examples. A line is
 * an exact duplicate of another when they are equal as JSON, whatever their key order or white space. Immutable and
 * thread-safe.
 */
public final class DatasetValidator {
  private final Optional<DatasetFormat> format;
  private final TokenCounter tokenCounter;
  private final int tokenLimit;
  private final int maxFindings;
  private final int minExamples;
  private final Optional<String> model;
  private final boolean tokenCounterSet;
  private final boolean tokenLimitSet;

  private DatasetValidator(Builder builder) {
    this.format = builder.format;
    this.model = builder.model;
    this.tokenCounterSet = builder.tokenCounter != null;
    this.tokenLimitSet = builder.tokenLimit != null;
    String modelName = builder.model.orElse(DEFAULT_MODEL);
    this.tokenCounter = tokenCounterSet ? builder.tokenCounter : TokenCounters.forModel(modelName);
    this.tokenLimit = tokenLimitSet ? builder.tokenLimit : TokenCounters.trainingTokenLimit(modelName);
    this.maxFindings = builder.maxFindings;
    this.minExamples = builder.minExamples;
  }

  private static final String DEFAULT_MODEL = "gpt-4o-mini-2024-07-18";

  /**
   * Returns a builder with the defaults: format detected, gpt-4o-mini-2024-07-18's tokenizer ({@code o200k_base})
   * and token limit (65,536), 1,000 findings kept, at least 10 examples.
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
    builder.model = model;
    builder.tokenCounter = tokenCounterSet ? tokenCounter : null;
    builder.tokenLimit = tokenLimitSet ? tokenLimit : null;
    builder.maxFindings = maxFindings;
    builder.minExamples = minExamples;
    return builder;
  }

  /**
   * Validates a training file.
   *
   * @param training the JSONL file
   * @return the report; never throws for problems in the data
   * @throws UncheckedIOException if the file cannot be read
   */
  public ValidationReport validate(Path training) {
    Objects.requireNonNull(training, "training");
    Run run = new Run();
    DatasetStatistics stats = run.scan(training, false);
    run.checkMinimum(training, stats);
    return run.report(training, stats, Optional.empty());
  }

  /**
   * Validates a training file and a validation file, and reports validation examples that are also training
   * examples ({@link FindingCode#TRAIN_VALIDATION_OVERLAP}).
   *
   * @param training the training JSONL file
   * @param validation the validation JSONL file
   * @return the report; {@link ValidationReport#statistics()} is the training file's
   * @throws UncheckedIOException if a file cannot be read
   */
  public ValidationReport validate(Path training, Path validation) {
    Objects.requireNonNull(training, "training");
    Objects.requireNonNull(validation, "validation");
    Run run = new Run();
    DatasetStatistics stats = run.scan(training, false);
    run.checkMinimum(training, stats);
    DatasetStatistics validationStats = run.scan(validation, true);
    return run.report(training, stats, Optional.of(validationStats));
  }

  /** The state of one validation: findings, counts, the hashes seen, and the format in force. */
  private final class Run {
    private final List<Finding> findings = new ArrayList<>();
    private final long[] counts = new long[FindingCode.values().length];
    /** Training lines are stored as their line number, validation lines as minus their line number. */
    private final LongIntHashMap seen = new LongIntHashMap();
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
      StatisticsAccumulator stats = new StatisticsAccumulator(tokenLimit, tokenCounter.isExact());
      try (JsonlReader reader = JsonlReader.open(path)) {
        for (JsonlLine line : reader) {
          checkLine(file, line, validationFile, stats);
        }
      }
      return stats.toStatistics();
    }

    private void checkLine(String file, JsonlLine line, boolean validationFile, StatisticsAccumulator stats) {
      long number = line.number();
      if (line.isBlank()) {
        add(file, number, FindingCode.BLANK_LINE, "", "blank line; every line must hold one JSON object");
        return;
      }
      if (line.error().isPresent()) {
        add(file, number, FindingCode.INVALID_JSON, "", "not valid JSON: " + line.error().get());
        return;
      }
      JsonNode json = line.json().get();
      if (!json.isObject()) {
        add(file, number, FindingCode.NOT_AN_OBJECT, "", "each line must be a JSON object, this one is "
            + dev.finetune4j.dataset.internal.Json.typeName(json));
        return;
      }
      Optional<DatasetFormat> detected = DatasetFormat.detect(json);
      if (detected.isPresent() && established.isPresent() && !established.get().accepts(detected.get())) {
        add(file, number, FindingCode.FORMAT_MISMATCH, "", "the line is " + detected.get() + " but the data is "
            + established.get() + (format.isPresent() ? " (the format expected)"
                : " (the format of the first example, line " + establishedLine + ")"));
        return;
      }
      if (established.isEmpty() && detected.isPresent()) {
        established = detected;
        establishedLine = number;
      }
      DatasetFormat lineFormat = established.orElse(DatasetFormat.OPENAI_CHAT);
      long errorsBefore = errorTotal();
      LineChecker.check(json, lineFormat, (code, field, message) -> add(file, number, code, field, message));
      checkDuplicate(file, number, json, validationFile);
      if (errorTotal() != errorsBefore) {
        return;
      }
      TrainingExample example;
      try {
        example = ExampleMapper.read(json, lineFormat);
      } catch (InvalidExampleException e) {
        add(file, number, FindingCode.WRONG_TYPE, e.field(), e.getMessage());
        return;
      }
      ExampleTokens.Count count = ExampleTokens.count(tokenCounter, example);
      stats.add(count.total(), count.assistant());
      if (count.total() > tokenLimit) {
        add(file, number, FindingCode.OVER_TOKEN_LIMIT, "", "the example has " + count.total()
            + " tokens, more than the " + tokenLimit + " the model trains on; the provider truncates it");
      }
    }

    private void checkDuplicate(String file, long number, JsonNode json, boolean validationFile) {
      int stored = (int) Math.min(Integer.MAX_VALUE, number);
      int previous = seen.putIfAbsent(Hashing.hash(json), validationFile ? -stored : stored);
      if (previous == LongIntHashMap.ABSENT) {
        return;
      }
      if (!validationFile) {
        add(file, number, FindingCode.DUPLICATE_EXAMPLE, "", "same example as line " + previous);
      } else if (previous < 0) {
        add(file, number, FindingCode.DUPLICATE_EXAMPLE, "", "same example as line " + -previous);
      } else {
        add(file, number, FindingCode.TRAIN_VALIDATION_OVERLAP, "",
            "the same example is on line " + previous + " of the training file");
      }
    }

    private long errorTotal() {
      long errors = 0;
      for (FindingCode code : FindingCode.values()) {
        if (code.severity() == Finding.Severity.ERROR) {
          errors += counts[code.ordinal()];
        }
      }
      return errors;
    }

    void checkMinimum(Path path, DatasetStatistics stats) {
      if (stats.exampleCount() < minExamples) {
        String file = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        add(file, 0, FindingCode.TOO_FEW_EXAMPLES, "", "the file has " + stats.exampleCount()
            + " valid examples; at least " + minExamples + " are required");
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
    private Optional<String> model = Optional.empty();
    private TokenCounter tokenCounter;
    private Integer tokenLimit;
    private int maxFindings = 1000;
    private int minExamples = 10;

    private Builder() {}

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
     * Sets the model the data is for: it chooses the token counter ({@link TokenCounters#forModel(String)}) and the
     * per-example token limit ({@link TokenCounters#trainingTokenLimit(String)}), unless those are set directly.
     *
     * @param model a model name, such as {@code gpt-4o-mini-2024-07-18}
     * @return this builder
     */
    public Builder model(String model) {
      Objects.requireNonNull(model, "model");
      if (model.isBlank()) {
        throw new IllegalArgumentException("model must not be blank");
      }
      this.model = Optional.of(model);
      return this;
    }

    /**
     * Sets the token counter, in place of the model's.
     *
     * @param tokenCounter the counter
     * @return this builder
     */
    public Builder tokenCounter(TokenCounter tokenCounter) {
      this.tokenCounter = Objects.requireNonNull(tokenCounter, "tokenCounter");
      return this;
    }

    /**
     * Sets the per-example token limit, in place of the model's.
     *
     * @param tokenLimit tokens per example, 1 or more
     * @return this builder
     */
    public Builder tokenLimit(int tokenLimit) {
      if (tokenLimit < 1) {
        throw new IllegalArgumentException("tokenLimit must be 1 or more, was " + tokenLimit);
      }
      this.tokenLimit = tokenLimit;
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
     * Sets the fewest valid examples the training file must have. Default 10, OpenAI's minimum.
     *
     * @param minExamples 0 or more
     * @return this builder
     */
    public Builder minExamples(int minExamples) {
      if (minExamples < 0) {
        throw new IllegalArgumentException("minExamples must be 0 or more, was " + minExamples);
      }
      this.minExamples = minExamples;
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
