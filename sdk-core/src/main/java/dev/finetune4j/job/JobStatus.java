package dev.finetune4j.job;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The state of a fine-tuning job, as an open set: the known values are constants, and a value no version of this SDK
 * has seen is kept with its name instead of breaking the caller.
 *
 * <p>Providers map their own states onto these; {@link Job#providerStatus()} keeps the provider's word.
 */
public final class JobStatus {
  /** The provider is checking the training data. */
  public static final JobStatus VALIDATING_FILES = new JobStatus("validating_files", false, true);
  /** Waiting for hardware. */
  public static final JobStatus QUEUED = new JobStatus("queued", false, true);
  /** Training. */
  public static final JobStatus RUNNING = new JobStatus("running", false, true);
  /** Paused by the user; resumable. */
  public static final JobStatus PAUSED = new JobStatus("paused", false, true);
  /** Finished; the fine-tuned model exists. */
  public static final JobStatus SUCCEEDED = new JobStatus("succeeded", true, true);
  /** Ended with an error; see {@link Job#error()}. */
  public static final JobStatus FAILED = new JobStatus("failed", true, true);
  /** Cancelled before it finished. */
  public static final JobStatus CANCELLED = new JobStatus("cancelled", true, true);

  private static final Map<String, JobStatus> KNOWN =
      Stream.of(VALIDATING_FILES, QUEUED, RUNNING, PAUSED, SUCCEEDED, FAILED, CANCELLED)
          .collect(Collectors.toUnmodifiableMap(JobStatus::value, Function.identity()));

  private final String value;
  private final boolean terminal;
  private final boolean known;

  private JobStatus(String value, boolean terminal, boolean known) {
    this.value = value;
    this.terminal = terminal;
    this.known = known;
  }

  /**
   * Returns the status with the given name: a known constant, or an unknown status that keeps the name.
   *
   * @param value the name, such as {@code running}; case is ignored
   * @return the status
   */
  public static JobStatus of(String value) {
    Objects.requireNonNull(value, "value");
    String normalised = value.trim().toLowerCase(Locale.ROOT);
    JobStatus status = KNOWN.get(normalised);
    return status != null ? status : new JobStatus(normalised, false, false);
  }

  /**
   * Returns the name, such as {@code succeeded}.
   *
   * @return the name
   */
  public String value() {
    return value;
  }

  /**
   * Tells whether the job has ended and will not change again. Unknown statuses are not terminal.
   *
   * @return true for succeeded, failed and cancelled
   */
  public boolean isTerminal() {
    return terminal;
  }

  /**
   * Tells whether this is one of the constants of this class.
   *
   * @return false for a status this SDK has never seen
   */
  public boolean isKnown() {
    return known;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JobStatus s && value.equals(s.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }
}
