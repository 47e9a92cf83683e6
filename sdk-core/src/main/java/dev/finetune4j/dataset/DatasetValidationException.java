package dev.finetune4j.dataset;

import dev.finetune4j.error.LocalValidationException;
import java.util.Objects;

/**
 * A dataset failed validation. Thrown by {@link ValidationReport#throwIfInvalid()} for callers that refuse to upload
 * bad data. {@link #problems()} holds one line per finding kept, such as
 * {@code train.jsonl:12: messages[1].content: MISSING_CONTENT (ERROR) ...}.
 */
public final class DatasetValidationException extends LocalValidationException {
  private static final long serialVersionUID = 1L;

  private final transient ValidationReport report;

  /**
   * Creates the exception from a report.
   *
   * @param report the report with at least one error
   */
  public DatasetValidationException(ValidationReport report) {
    super(Objects.requireNonNull(report, "report").summary(), report.problemLines());
    this.report = report;
  }

  /**
   * Returns the full report: every finding kept, counts per code and statistics. The report is not serialised with
   * the exception; use {@link #problems()} after deserialisation.
   *
   * @return the report
   */
  public ValidationReport report() {
    return report;
  }
}
