package dev.finetune4j.job;

import dev.finetune4j.Paged;
import dev.finetune4j.RawJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A {@link Jobs} whose job advances one scripted step per {@link #retrieve} call; each step carries a status and the
 * events that exist by then. Implements only what the waiter uses.
 */
final class ScriptedJobs implements Jobs {
  record Step(JobStatus status, List<JobEvent> events) {}

  private final List<Step> steps;
  private final AtomicInteger polls = new AtomicInteger();
  final List<String> calls = new ArrayList<>();
  Supplier<RuntimeException> failNextRetrieve;

  ScriptedJobs(List<Step> steps) {
    this.steps = steps;
  }

  static JobEvent event(int n, TrainingMetrics metrics) {
    return new JobEvent("ev-" + n, Instant.ofEpochSecond(n), JobEvent.Level.INFO, "event " + n,
        Optional.ofNullable(metrics), RawJson.parse("{}"));
  }

  private Step current() {
    return steps.get(Math.min(Math.max(polls.get() - 1, 0), steps.size() - 1));
  }

  @Override
  public Job retrieve(String jobId) {
    calls.add("retrieve");
    if (failNextRetrieve != null) {
      RuntimeException e = failNextRetrieve.get();
      failNextRetrieve = null;
      throw e;
    }
    polls.incrementAndGet();
    return Job.builder().id(jobId).provider("scripted").status(current().status()).baseModel("base")
        .createdAt(Instant.EPOCH).build();
  }

  @Override
  public List<JobEvent> events(String jobId) {
    calls.add("events");
    return current().events();
  }

  @Override
  public List<JobEvent> eventsAfter(String jobId, String eventId) {
    calls.add("eventsAfter " + eventId);
    // Deliberately overlapping: returns the last seen event again, as a provider with second-precision cursors might.
    List<JobEvent> all = current().events();
    int index = 0;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).id().equals(eventId)) {
        index = i;
      }
    }
    return new ArrayList<>(all.subList(index, all.size()));
  }

  @Override
  public Job create(JobSpec spec) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void check(JobSpec spec) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Paged<Job> list(JobQuery query) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Job cancel(String jobId) {
    calls.add("cancel");
    throw new UnsupportedOperationException();
  }

  @Override
  public Job pause(String jobId) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Job resume(String jobId) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<Checkpoint> checkpoints(String jobId) {
    return List.of();
  }
}
