package dev.finetune4j.job;

import dev.finetune4j.error.FineTuningException;
import dev.finetune4j.error.RateLimitException;
import dev.finetune4j.error.ServerException;
import dev.finetune4j.error.TransportException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Follows one job to a terminal status; the one implementation behind {@link Jobs#waitFor}. */
final class JobWaiter {
  private static final Logger LOG = LoggerFactory.getLogger(JobWaiter.class);
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final Executor DAEMON_THREAD_PER_WAIT = task -> {
    Thread thread = new Thread(task, "finetune4j-wait-" + THREADS.incrementAndGet());
    thread.setDaemon(true);
    thread.start();
  };

  private final Jobs jobs;
  private final String jobId;
  private final WaitOptions options;
  private final Set<String> seenEvents = new HashSet<>();
  private String lastEventId;
  private JobStatus lastStatus;
  private volatile CompletableFuture<Job> future;

  JobWaiter(Jobs jobs, String jobId, WaitOptions options) {
    this.jobs = jobs;
    this.jobId = Checks.notBlank("jobId", jobId);
    this.options = options;
  }

  Job await() {
    Instant deadline = options.clock().instant().plus(options.timeout());
    Duration interval = options.initialPollInterval();
    Job last = null;
    while (true) {
      if (future != null && future.isDone()) {
        return last; // cancelled by the caller: stop polling
      }
      Job job = poll(last);
      if (job != null) {
        last = job;
        if (job.isTerminal()) {
          return job;
        }
      }
      Instant now = options.clock().instant();
      if (!now.isBefore(deadline)) {
        throw new JobWaitTimeoutException(last != null ? last : jobs.retrieve(jobId), options.timeout());
      }
      Duration remaining = Duration.between(now, deadline);
      sleep(interval.compareTo(remaining) < 0 ? interval : remaining);
      interval = next(interval);
    }
  }

  CompletableFuture<Job> awaitAsync() {
    Executor executor = options.executor() != null ? options.executor() : DAEMON_THREAD_PER_WAIT;
    CompletableFuture<Job> result = new CompletableFuture<>();
    this.future = result;
    executor.execute(() -> {
      try {
        result.complete(await());
      } catch (RuntimeException | Error e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  /** One poll: the job, then its new events; returns null when a transient failure hid the job this time. */
  private Job poll(Job previous) {
    Job job;
    List<JobEvent> events;
    try {
      job = jobs.retrieve(jobId);
      events = lastEventId == null ? jobs.events(jobId) : jobs.eventsAfter(jobId, lastEventId);
    } catch (TransportException | ServerException | RateLimitException e) {
      if (previous == null) {
        throw e;
      }
      LOG.warn("Polling job {} failed after retries, will poll again: {}", jobId, e.getMessage());
      return null;
    }
    JobListener listener = options.listener();
    for (JobEvent event : events) {
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
    return job;
  }

  private Duration next(Duration interval) {
    Duration grown = interval.plus(interval.dividedBy(2));
    return grown.compareTo(options.maxPollInterval()) > 0 ? options.maxPollInterval() : grown;
  }

  private void sleep(Duration duration) {
    Duration floored = duration.compareTo(WaitOptions.MIN_POLL_INTERVAL) < 0 ? WaitOptions.MIN_POLL_INTERVAL : duration;
    try {
      options.sleeper().sleep(floored);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FineTuningException("Interrupted while waiting for job " + jobId, e);
    }
  }
}
