package dev.finetune4j.error;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reading or writing a local file failed: a dataset, an evaluation file, a results file, a report. The message names
 * the file and what was being done; the cause is the {@link IOException}.
 */
public class LocalIoException extends FineTuningException {
  private static final long serialVersionUID = 1L;

  private final transient Path path;

  /**
   * Creates the exception.
   *
   * @param message what was being done, naming the file
   * @param path the file, or null when the failure is not about one file
   * @param cause the I/O failure
   */
  public LocalIoException(String message, Path path, IOException cause) {
    super(message, cause);
    this.path = path;
  }

  /**
   * Creates the exception for one file, with a message built from the action and the file.
   *
   * @param action what was being done, such as {@code "read"} or {@code "write"}
   * @param path the file
   * @param cause the I/O failure
   * @return the exception: "Could not {action} {path}: {cause message}"
   */
  public static LocalIoException of(String action, Path path, IOException cause) {
    return new LocalIoException("Could not " + action + " " + path + ": " + cause.getMessage(), path, cause);
  }

  /**
   * Returns the I/O failure.
   *
   * @return the cause
   */
  @Override
  public synchronized IOException getCause() {
    return (IOException) super.getCause();
  }

  /**
   * Returns the file the failure is about.
   *
   * @return the path, if the failure concerns one file
   */
  public Optional<Path> path() {
    return Optional.ofNullable(path);
  }
}
