package dev.finetune4j.job;

import dev.finetune4j.error.WaitTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * A job did not reach a terminal status within the wait's timeout. The job itself is left running; wait again or
 * cancel it.
 */
public class JobWaitTimeoutException extends WaitTimeoutException {
  private static final long serialVersionUID = 1L;

  private final transient Job lastSeen;

  /**
   * Creates the exception.
   *
   * @param lastSeen the job as last fetched
   * @param timeout the timeout that ran out
   */
  public JobWaitTimeoutException(Job lastSeen, Duration timeout) {
    super("Job " + lastSeen.id() + " was still " + lastSeen.status() + " after waiting " + timeout
        + "; it keeps running at " + lastSeen.provider(), "job " + lastSeen.id() + " to end", timeout,
        Optional.of(lastSeen));
    this.lastSeen = lastSeen;
  }

  /** @return the job as last fetched */
  public Job lastSeen() {
    return lastSeen;
  }
}
