package dev.finetune4j.dataset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of {@link DatasetValidator#validate(java.nio.file.Path)}: every problem found, counted per code, and
 * the statistics of the valid examples.
 *
 * <p>All problems are counted, but only the first {@link DatasetValidator.Builder#maxFindings(int) maxFindings} are
 * kept as {@link Finding}s; {@link #isTruncated()} says when some were left out. Immutable.
 */
public final class ValidationReport {
  private final String trainingFile;
  private final List<Finding> findings;
  private final Map<FindingCode, Long> counts;
  private final long errorCount;
  private final long warningCount;
  private final DatasetStatistics statistics;
  private final Optional<DatasetStatistics> validationStatistics;
  private final Optional<DatasetFormat> format;

  ValidationReport(String trainingFile, List<Finding> findings, Map<FindingCode, Long> counts,
      DatasetStatistics statistics, Optional<DatasetStatistics> validationStatistics, Optional<DatasetFormat> format) {
    this.trainingFile = Objects.requireNonNull(trainingFile, "trainingFile");
    this.findings = List.copyOf(findings);
    EnumMap<FindingCode, Long> copy = new EnumMap<>(FindingCode.class);
    copy.putAll(counts);
    copy.values().removeIf(count -> count == 0);
    this.counts = Collections.unmodifiableMap(copy);
    long errors = 0;
    long warnings = 0;
    for (Map.Entry<FindingCode, Long> entry : copy.entrySet()) {
      if (entry.getKey().severity() == Finding.Severity.ERROR) {
        errors += entry.getValue();
      } else {
        warnings += entry.getValue();
      }
    }
    this.errorCount = errors;
    this.warningCount = warnings;
    this.statistics = Objects.requireNonNull(statistics, "statistics");
    this.validationStatistics = Objects.requireNonNull(validationStatistics, "validationStatistics");
    this.format = Objects.requireNonNull(format, "format");
  }

  /**
   * Says whether the data has no errors (warnings allowed).
   *
   * @return true when {@link #errorCount()} is 0
   */
  public boolean isValid() {
    return errorCount == 0;
  }

  /**
   * Throws when the data has errors; does nothing otherwise.
   *
   * @throws DatasetValidationException if {@link #isValid()} is false
   */
  public void throwIfInvalid() {
    if (!isValid()) {
      throw new DatasetValidationException(this);
    }
  }

  /**
   * Returns the findings kept, in file and line order (file-level findings come after the lines of their file).
   *
   * @return the findings; empty when there were none
   */
  public List<Finding> findings() {
    return findings;
  }

  /**
   * Returns the findings kept with one code.
   *
   * @param code the code
   * @return those findings, in order
   */
  public List<Finding> findings(FindingCode code) {
    return findings.stream().filter(finding -> finding.code() == code).toList();
  }

  /**
   * Returns how many findings there were, including those not kept.
   *
   * @return the total
   */
  public long findingCount() {
    return errorCount + warningCount;
  }

  /**
   * Says whether some findings were counted but not kept, because there were more than the validator keeps.
   *
   * @return true when {@link #findings()} is shorter than {@link #findingCount()}
   */
  public boolean isTruncated() {
    return findings.size() < findingCount();
  }

  /**
   * Returns how many findings there were per code, including those not kept.
   *
   * @return the counts; codes without findings are absent
   */
  public Map<FindingCode, Long> countsByCode() {
    return counts;
  }

  /**
   * Returns how many findings had a code, including those not kept.
   *
   * @param code the code
   * @return the count, 0 if none
   */
  public long count(FindingCode code) {
    return counts.getOrDefault(code, 0L);
  }

  /**
   * Returns how many errors were found.
   *
   * @return the count
   */
  public long errorCount() {
    return errorCount;
  }

  /**
   * Returns how many warnings were found.
   *
   * @return the count
   */
  public long warningCount() {
    return warningCount;
  }

  /**
   * Returns the statistics of the training file's valid examples.
   *
   * @return the statistics
   */
  public DatasetStatistics statistics() {
    return statistics;
  }

  /**
   * Returns the statistics of the validation file's valid examples.
   *
   * @return the statistics; empty when no validation file was checked
   */
  public Optional<DatasetStatistics> validationStatistics() {
    return validationStatistics;
  }

  /**
   * Returns the format the data was checked against: the one the validator expected, or the one detected on the
   * first example.
   *
   * @return the format; empty when no line had a recognisable format
   */
  public Optional<DatasetFormat> format() {
    return format;
  }

  /**
   * Summarises the report in one line, such as {@code train.jsonl: 3 errors, 1 warning, 120 examples}.
   *
   * @return the summary
   */
  public String summary() {
    return trainingFile + ": " + errorCount + (errorCount == 1 ? " error, " : " errors, ") + warningCount
        + (warningCount == 1 ? " warning, " : " warnings, ") + statistics.exampleCount()
        + (statistics.exampleCount() == 1 ? " example" : " examples");
  }

  List<String> problemLines() {
    List<String> lines = new ArrayList<>(findings.size() + 1);
    for (Finding finding : findings) {
      lines.add(finding.describe());
    }
    if (isTruncated()) {
      lines.add("... and " + (findingCount() - findings.size()) + " more findings not kept");
    }
    return lines;
  }

  @Override
  public String toString() {
    return "ValidationReport[" + summary() + ", counts=" + counts + "]";
  }
}
