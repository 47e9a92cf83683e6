package dev.finetune4j.error;

import java.util.List;
import java.util.Optional;

/**
 * A local process the SDK started (a training run, a model server) could not be started, or stopped with a failure.
 * The message names the command (secrets redacted) and, when it ended, its exit code.
 */
public class LocalProcessException extends FineTuningException {
  private static final long serialVersionUID = 1L;

  private final List<String> command;
  private final Integer exitCode;

  /**
   * Creates the exception.
   *
   * @param message what happened
   * @param command the command line, without secrets
   * @param exitCode the exit code, or null when the process did not start or has not ended
   * @param cause the failure, or null
   */
  public LocalProcessException(String message, List<String> command, Integer exitCode, Throwable cause) {
    super(message, cause);
    this.command = List.copyOf(command);
    this.exitCode = exitCode;
  }

  /**
   * Returns the command line that was run, without secrets.
   *
   * @return the command and its arguments
   */
  public List<String> command() {
    return command;
  }

  /**
   * Returns the process's exit code.
   *
   * @return the exit code, if the process ended
   */
  public Optional<Integer> exitCode() {
    return Optional.ofNullable(exitCode);
  }
}
