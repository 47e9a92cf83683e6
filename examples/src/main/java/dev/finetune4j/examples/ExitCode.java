package dev.finetune4j.examples;

/** What {@link Main} exits with, so that scripts can tell failures apart. */
public enum ExitCode {
  /** Everything done; the report is written. */
  OK(0, "done"),
  /** Any failure not listed below. */
  OTHER(1, "other failure"),
  /** Unknown option or provider, or a missing file. */
  USAGE(2, "bad command line"),
  /** The training or evaluation data has errors; nothing was uploaded. */
  INVALID_DATA(3, "invalid data"),
  /** The provider refused the credentials (401 or 403). */
  AUTHENTICATION(4, "authentication or permission"),
  /** Quota or billing limit reached, or rate limited beyond the retries. */
  QUOTA(5, "quota or rate limit"),
  /** A wait or a request timed out. */
  TIMEOUT(6, "timeout"),
  /** The fine-tuning job failed or was cancelled. */
  JOB_FAILED(7, "job failed or cancelled"),
  /** Spending money against a real provider was not confirmed. */
  NOT_CONFIRMED(8, "not confirmed");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  /** @return the process exit status */
  public int code() {
    return code;
  }

  /**
   * Flushes standard output and ends the process with a status, unless it is 0.
   *
   * @param code the status
   */
  static void exit(int code) {
    System.out.flush();
    if (code != 0) {
      System.exit(code);
    }
  }

  /** @return what it means, in a few words */
  public String meaning() {
    return meaning;
  }
}
