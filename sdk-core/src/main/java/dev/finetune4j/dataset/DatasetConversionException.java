package dev.finetune4j.dataset;

import dev.finetune4j.error.LocalValidationException;
import java.util.List;
import java.util.Objects;

/** A line of a dataset could not be converted to the format asked for. Nothing is left at the output path. */
public final class DatasetConversionException extends LocalValidationException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final long line;
  private final String reason;

  /**
   * Creates the exception.
   *
   * @param file the input file's name
   * @param line the 1-based line number
   * @param reason why the line cannot be converted
   */
  public DatasetConversionException(String file, long line, String reason) {
    super(file + ":" + line + ": cannot convert: " + reason, List.of(file + ":" + line + ": " + reason));
    this.file = Objects.requireNonNull(file, "file");
    this.line = line;
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Returns the input file's name.
   *
   * @return the name
   */
  public String file() {
    return file;
  }

  /**
   * Returns the 1-based number of the line that could not be converted.
   *
   * @return the line number
   */
  public long line() {
    return line;
  }

  /**
   * Returns why the line could not be converted.
   *
   * @return the reason
   */
  public String reason() {
    return reason;
  }
}
