package dev.finetune4j.job;

import dev.finetune4j.error.WaitTimeoutException;
import dev.finetune4j.wait.Acceptor;
import dev.finetune4j.wait.WaitListener;
import dev.finetune4j.wait.Waiter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Follows one job to a terminal status; the one implementation behind {@link Jobs#waitFor}, built on
 * {@link Waiter}. Each poll fetches the job and its new events; the listener then hears about the events and the
 * status, each once and in order.
 */
final class JobWaiter {
  private final Jobs jobs;
  private final String jobId;
  private final WaitOptions options;
  private final Set<String> seenEvents = new HashSet<>();
  private List<JobEvent> polledEvents = List.of();
  private String lastEventId;
  private JobStatus lastStatus;

  JobWaiter(Jobs jobs, String jobId, WaitOptions options) {
    this.jobs = jobs;
    this.jobId = Checks.notBlank("jobId", jobId);
    this.options = options;
  }

  Job await() {
    return waiter().run();
  }

  CompletableFuture<Job> awaitAsync() {
    return waiter().runAsync();
  }

  private Waiter<Job> waiter() {
    return Waiter.builder(this::poll)
        .waitingFor("job " + jobId + " to end")
        .acceptor(Acceptor.successWhen(Job::isTerminal))
        .settings(options.settings())
        .listener(new WaitListener<Job>() {
          @Override
          public void onPoll(Job job) {
            tell(job);
          }
        })
        .describe(job -> "status " + job.status())
        .timeoutException(this::timeout)
        .build();
  }

  /** One poll: the job, then its new events, kept for {@link #tell(Job)}. */
  private Job poll() {
    Job job = jobs.retrieve(jobId);
    polledEvents = lastEventId == null ? jobs.events(jobId) : jobs.eventsAfter(jobId, lastEventId);
    return job;
  }

  private void tell(Job job) {
    JobListener listener = options.listener();
    for (JobEvent event : polledEvents) {
      if (seenEvents.add(event.id())) {
        listener.onEvent(event);
        event.metrics().ifPresent(listener::onMetrics);
      }
      lastEventId = event.id();
    }
    if (!job.status().equals(lastStatus)) {
      listener.onStatusChange(job, lastStatus);
      lastStatus = job.status();
    }
    listener.onPoll(job);
  }

  /** The timeout with the job as last seen; fetched once more if no poll got it (all polls failed). */
  private WaitTimeoutException timeout(WaitTimeoutException e) {
    Job last;
    try {
      last = e.lastValue().map(Job.class::cast).orElseGet(() -> jobs.retrieve(jobId));
    } catch (RuntimeException stillFailing) {
      e.addSuppressed(stillFailing);
      return e;
    }
    JobWaitTimeoutException timeout = new JobWaitTimeoutException(last, e.timeout());
    if (e.getCause() != null) {
      timeout.initCause(e.getCause());
    }
    return timeout;
  }
}
