package dev.finetune4j.dataset;

import dev.finetune4j.error.LocalIoException;
import dev.finetune4j.dataset.internal.Hashing;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Splits a JSONL file into a training file and a validation file, deterministically: each line goes to one side by
 * a hash of its content mixed with the seed, so the same file and seed always give the same split, and equal
 * examples always land on the same side (no training/validation overlap from duplicates). The share of validation
 * lines is {@link Builder#validationFraction(double)} on average; the exact counts are returned.
 *
 * <pre>{@code
 * DatasetSplitter.Result result = DatasetSplitter.builder()
 *     .validationFraction(0.1)
 *     .seed(42)
 *     .build()
 *     .split(Path.of("all.jsonl"), Path.of("train.jsonl"), Path.of("validation.jsonl"));
 * }</pre>
 *
 * <p>Lines are copied unchanged; blank lines are dropped. Lines that are not valid JSON are split by their text like
 * the others (validate the result to find them). Streams: memory does not depend on the file's size. Immutable and
 * thread-safe.
 */
public final class DatasetSplitter {
  private final double validationFraction;
  private final long seed;

  private DatasetSplitter(Builder builder) {
    this.validationFraction = builder.validationFraction;
    this.seed = builder.seed;
  }

  /**
   * Returns a builder with the defaults: validation fraction 0.1, seed 0.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this splitter's settings.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder().validationFraction(validationFraction).seed(seed);
  }

  /**
   * The number of lines written to each side.
   *
   * @param trainingLines lines written to the training file
   * @param validationLines lines written to the validation file
   */
  public record Result(long trainingLines, long validationLines) {}

  /**
   * Splits a file.
   *
   * @param input the JSONL file to split
   * @param training the training file to write, created or replaced
   * @param validation the validation file to write, created or replaced
   * @return the counts
   * @throws LocalIoException if a file cannot be read or written
   */
  public Result split(Path input, Path training, Path validation) {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(training, "training");
    Objects.requireNonNull(validation, "validation");
    // a 53-bit threshold compared against the top 53 bits of the mixed hash
    long threshold = (long) (validationFraction * (1L << 53));
    try (JsonlReader reader = JsonlReader.open(input);
        JsonlWriter train = JsonlWriter.open(training);
        JsonlWriter valid = JsonlWriter.open(validation)) {
      for (JsonlLine line : reader) {
        if (line.isBlank()) {
          continue;
        }
        long hash = line.json().map(Hashing::hash).orElseGet(() -> Hashing.hash(line.text().strip()));
        long mixed = Hashing.combine(hash, seed);
        if ((mixed >>> 11) < threshold) {
          valid.writeLine(line.text());
        } else {
          train.writeLine(line.text());
        }
      }
      return new Result(train.linesWritten(), valid.linesWritten());
    }
  }

  /** Settings of a {@link DatasetSplitter}. Each setter checks its input at once. */
  public static final class Builder {
    private double validationFraction = 0.1;
    private long seed;

    private Builder() {}

    /**
     * Sets the share of lines to put in the validation file.
     *
     * @param validationFraction strictly between 0 and 1, such as 0.1
     * @return this builder
     */
    public Builder validationFraction(double validationFraction) {
      if (!(validationFraction > 0 && validationFraction < 1)) {
        throw new IllegalArgumentException(
            "validationFraction must be greater than 0 and less than 1, was " + validationFraction);
      }
      this.validationFraction = validationFraction;
      return this;
    }

    /**
     * Sets the seed: the same seed and file always give the same split.
     *
     * @param seed any value
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Builds the splitter.
     *
     * @return the splitter
     */
    public DatasetSplitter build() {
      return new DatasetSplitter(this);
    }
  }
}
