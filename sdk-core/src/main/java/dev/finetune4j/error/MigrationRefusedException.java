package dev.finetune4j.error;

import java.util.List;
import java.util.Objects;

/**
 * A move of a fine-tuning setup to another provider was refused before anything was sent to the target: the
 * source's files are gone or differ from what the job recorded, the base model has no equivalent on the target, or a
 * portable job description is of a version this SDK cannot read. {@link #reason()} says which; the message and
 * {@link #problems()} say what and where.
 */
public class MigrationRefusedException extends LocalValidationException {
  private static final long serialVersionUID = 1L;

  /** Why a move was refused. */
  public enum Reason {
    /** A training or validation file of the job can no longer be downloaded from the source provider. */
    FILES_DELETED,
    /** A downloaded or exported file does not have the size or SHA-256 digest the job or description records. */
    FILE_MISMATCH,
    /** The base model has no equivalent on the target and the caller mapped none. */
    NO_EQUIVALENT_MODEL,
    /** A portable job description is unreadable: an unknown major version, or a required field missing. */
    INVALID_DESCRIPTION
  }

  private final Reason reason;

  /**
   * Creates the exception.
   *
   * @param reason why the move was refused
   * @param message a summary
   * @param problems each problem, one line each, saying what and where
   */
  public MigrationRefusedException(Reason reason, String message, List<String> problems) {
    super(message, problems);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Returns why the move was refused.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}
