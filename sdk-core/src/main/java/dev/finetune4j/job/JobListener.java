package dev.finetune4j.job;

/**
 * Receives what happens to a job while {@link Jobs#waitFor(String, WaitOptions)} follows it, in the order it
 * happened and each thing once: for every poll, first the new events (each followed by its metrics, if it has any),
 * then the status, if it changed.
 *
 * <p>Called on the thread that waits. Every method has an empty default, so implement only what you need. An
 * exception thrown by a listener ends the wait with that exception.
 */
public interface JobListener {

  /**
   * Called when the job is first seen, and every time its status changes after that.
   *
   * @param job the job as just fetched
   * @param previous the status before, or null when the job is first seen
   */
  default void onStatusChange(Job job, JobStatus previous) {}

  /**
   * Called once for each new event, oldest first.
   *
   * @param event the event
   */
  default void onEvent(JobEvent event) {}

  /**
   * Called for each new event that carries training metrics, right after {@link #onEvent(JobEvent)}.
   *
   * @param metrics the metrics
   */
  default void onMetrics(TrainingMetrics metrics) {}

  /**
   * Called after every poll, whether or not anything changed; useful for a live progress line.
   *
   * @param job the job as just fetched
   */
  default void onPoll(Job job) {}
}
