package dev.finetune4j.job;

import dev.finetune4j.Paged;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Fine-tuning jobs at one provider: create them, read them, steer them, and follow them to the end.
 *
 * <pre>{@code
 * Job job = client.jobs().create(spec);
 * Job done = client.jobs().waitFor(job.id(), WaitOptions.builder()
 *     .listener(new JobListener() {
 *       public void onMetrics(TrainingMetrics m) { log.info("step {} loss {}", m.step(), m.trainLoss()); }
 *     })
 *     .build());
 * }</pre>
 */
public interface Jobs {

  /**
   * Starts a job. Exactly once: a request retried after a lost answer finds the job the first attempt created
   * instead of starting a second one.
   *
   * @param spec what to train
   * @return the new job
   * @throws dev.finetune4j.error.UnsupportedCapabilityException if the provider cannot train with the spec's method
   * @throws dev.finetune4j.error.LocalValidationException if the spec breaks one of the provider's rules
   */
  Job create(JobSpec spec);

  /**
   * Checks a spec against this provider's job limits with the checks {@link #create(JobSpec)} makes before it
   * sends anything (method, hyperparameter ranges, suffix, seed, labels, options), and sends nothing. The
   * training and validation ids are not looked at, as they exist only once the data is uploaded: a spec for data
   * not uploaded yet can be checked with placeholder ids, which is how a job the provider would refuse is refused
   * before its data is sent.
   *
   * @param spec what to train
   * @throws dev.finetune4j.error.UnsupportedCapabilityException if the provider cannot train with the spec's method
   * @throws dev.finetune4j.error.LocalValidationException if the spec breaks one of the provider's rules
   */
  void check(JobSpec spec);

  /**
   * Fetches a job.
   *
   * @param jobId the job's id
   * @return the job as it is now
   * @throws dev.finetune4j.error.NotFoundException if there is no such job
   */
  Job retrieve(String jobId);

  /**
   * Lists jobs, newest first, page by page as iteration goes.
   *
   * @param query which jobs
   * @return the jobs
   */
  Paged<Job> list(JobQuery query);

  /**
   * Lists all jobs, newest first.
   *
   * @return the jobs
   */
  default Paged<Job> list() {
    return list(JobQuery.all());
  }

  /**
   * Cancels a job.
   *
   * @param jobId the job's id
   * @return the job after the request
   */
  Job cancel(String jobId);

  /**
   * Pauses a running job.
   *
   * @param jobId the job's id
   * @return the job after the request
   * @throws dev.finetune4j.error.UnsupportedCapabilityException if the provider cannot pause jobs
   */
  Job pause(String jobId);

  /**
   * Resumes a paused job.
   *
   * @param jobId the job's id
   * @return the job after the request
   * @throws dev.finetune4j.error.UnsupportedCapabilityException if the provider cannot pause jobs
   */
  Job resume(String jobId);

  /**
   * Returns all of a job's events so far, oldest first.
   *
   * @param jobId the job's id
   * @return the events
   */
  List<JobEvent> events(String jobId);

  /**
   * Returns the events that came after the given one, oldest first. Used to follow a job without reading its whole
   * history at every poll.
   *
   * @param jobId the job's id
   * @param eventId the id of the last event already seen
   * @return the newer events; empty if none
   */
  List<JobEvent> eventsAfter(String jobId, String eventId);

  /**
   * Returns the checkpoints the job saved, oldest first.
   *
   * @param jobId the job's id
   * @return the checkpoints; empty if none
   */
  List<Checkpoint> checkpoints(String jobId);

  /**
   * Waits with the default options until the job ends.
   *
   * @param jobId the job's id
   * @return the job in its terminal status (succeeded, failed or cancelled)
   * @throws JobWaitTimeoutException if it has not ended after 24 hours; the job keeps running
   */
  default Job waitFor(String jobId) {
    return waitFor(jobId, WaitOptions.defaults());
  }

  /**
   * Waits until the job ends, polling with backoff and telling the listener about every new status, event and
   * metric in order.
   *
   * <p>A poll that still fails after the transport's retries (a network failure, a server error, throttling) does
   * not end the wait, not even the first one; the next poll tries again. Any other error ends it. The wait runs on
   * the generic {@link dev.finetune4j.wait.Waiter}.
   *
   * @param jobId the job's id
   * @param options timeout, poll intervals and listener
   * @return the job in its terminal status (succeeded, failed or cancelled)
   * @throws JobWaitTimeoutException if the timeout runs out first; the job keeps running. If no poll ever got the
   *     job, a plain {@link dev.finetune4j.error.WaitTimeoutException} carrying the last failure as its cause
   * @throws dev.finetune4j.wait.WaitInterruptedException if the thread is interrupted; its interrupt flag is set
   */
  default Job waitFor(String jobId, WaitOptions options) {
    return new JobWaiter(this, jobId, options).await();
  }

  /**
   * Waits in the background until the job ends; see {@link #waitFor(String, WaitOptions)}. Cancelling the future
   * stops the polling at once, also in the middle of a sleep (the job keeps running).
   *
   * @param jobId the job's id
   * @param options timeout, poll intervals, listener and executor
   * @return a future completed with the job in its terminal status, or with the exception that ended the wait
   */
  default CompletableFuture<Job> waitForAsync(String jobId, WaitOptions options) {
    return new JobWaiter(this, jobId, options).awaitAsync();
  }
}
