package dev.finetune4j.job;

import static dev.finetune4j.job.ScriptedJobs.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.error.ApiErrorDetails;
import dev.finetune4j.error.AuthenticationException;
import dev.finetune4j.error.ServerException;
import dev.finetune4j.error.WaitTimeoutException;
import dev.finetune4j.job.ScriptedJobs.Step;
import dev.finetune4j.wait.VirtualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JobWaiterTest {
  /** Virtual time: sleeping advances the clock and records the interval. */
  private final VirtualTime time = new VirtualTime();
  private final List<Duration> sleeps = time.sleeps();

  private final List<String> heard = new ArrayList<>();
  private final JobListener recorder = new JobListener() {
    @Override
    public void onStatusChange(Job job, JobStatus previous) {
      heard.add("status " + previous + "->" + job.status());
    }

    @Override
    public void onEvent(JobEvent event) {
      heard.add("event " + event.id());
    }

    @Override
    public void onMetrics(TrainingMetrics metrics) {
      heard.add("metrics " + metrics.step());
    }
  };

  private WaitOptions.Builder options() {
    return WaitOptions.builder().clock(time.clock()).listener(recorder).sleeper(time.sleeper());
  }

  private static TrainingMetrics step(long n) {
    return TrainingMetrics.builder(n).trainLoss(1.0 / n).build();
  }

  @Test
  void tellsTheListenerEachStatusEventAndMetricOnceAndInOrder() {
    ScriptedJobs jobs = new ScriptedJobs(List.of(
        new Step(JobStatus.VALIDATING_FILES, List.of(event(1, null))),
        new Step(JobStatus.QUEUED, List.of(event(1, null))),
        new Step(JobStatus.RUNNING, List.of(event(1, null), event(2, step(1)), event(3, step(2)))),
        new Step(JobStatus.RUNNING, List.of(event(1, null), event(2, step(1)), event(3, step(2)), event(4, step(3)))),
        new Step(JobStatus.SUCCEEDED, List.of(event(1, null), event(2, step(1)), event(3, step(2)), event(4, step(3)),
            event(5, null)))));

    Job done = jobs.waitFor("job-1", options().build());

    assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(heard).containsExactly(
        "event ev-1", "status null->validating_files",
        "status validating_files->queued",
        "event ev-2", "metrics 1", "event ev-3", "metrics 2", "status queued->running",
        "event ev-4", "metrics 3",
        "event ev-5", "status running->succeeded");
  }

  @Test
  void asksOnlyForEventsAfterTheLastOneSeen() {
    ScriptedJobs jobs = new ScriptedJobs(List.of(
        new Step(JobStatus.RUNNING, List.of(event(1, null), event(2, null))),
        new Step(JobStatus.SUCCEEDED, List.of(event(1, null), event(2, null), event(3, null)))));

    jobs.waitFor("job-1", options().build());

    assertThat(jobs.calls).containsExactly("retrieve", "events", "retrieve", "eventsAfter ev-2");
  }

  @Test
  void pollsQuicklyAtFirstThenBacksOffUpToTheMaximum() {
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      steps.add(new Step(JobStatus.RUNNING, List.of()));
    }
    steps.add(new Step(JobStatus.SUCCEEDED, List.of()));
    ScriptedJobs jobs = new ScriptedJobs(steps);

    jobs.waitFor("job-1", options().pollInterval(Duration.ofSeconds(2), Duration.ofSeconds(10)).build());

    assertThat(sleeps).hasSize(12);
    assertThat(sleeps.subList(0, 5)).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(3),
        Duration.ofMillis(4500), Duration.ofMillis(6750), Duration.ofSeconds(10));
    assertThat(sleeps).allSatisfy(d -> assertThat(d).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(10)));
  }

  @Test
  void refusesAPollIntervalBelowTheFloor() {
    assertThatThrownBy(() -> WaitOptions.builder().pollInterval(Duration.ofMillis(100), Duration.ofSeconds(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least PT1S");
  }

  @Test
  void stopsAtTheTimeoutWithTheLastSeenJobAndLeavesTheJobRunning() {
    ScriptedJobs jobs = new ScriptedJobs(List.of(new Step(JobStatus.RUNNING, List.of())));

    assertThatThrownBy(() -> jobs.waitFor("job-1", options().timeout(Duration.ofMinutes(5)).build()))
        .isInstanceOfSatisfying(JobWaitTimeoutException.class, e -> {
          assertThat(e.lastSeen().status()).isEqualTo(JobStatus.RUNNING);
          assertThat(e.timeout()).isEqualTo(Duration.ofMinutes(5));
          assertThat(e.getMessage()).contains("job-1").contains("still running");
        });
    assertThat(jobs.calls).doesNotContain("cancel");
    assertThat(sleeps.stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void keepsPollingThroughATransientFailure() {
    ScriptedJobs jobs = new ScriptedJobs(List.of(
        new Step(JobStatus.RUNNING, List.of()), new Step(JobStatus.SUCCEEDED, List.of())));
    WaitOptions opts = options().listener(new JobListener() {
      @Override
      public void onPoll(Job job) {
        if (job.status().equals(JobStatus.RUNNING)) {
          jobs.failNextRetrieve = () -> new ServerException(details(503));
        }
      }
    }).build();

    assertThat(jobs.waitFor("job-1", opts).status()).isEqualTo(JobStatus.SUCCEEDED);
  }

  @Test
  void retriesATransientFailureOfTheFirstPoll() {
    ScriptedJobs jobs = new ScriptedJobs(List.of(new Step(JobStatus.SUCCEEDED, List.of())));
    jobs.failNextRetrieve = () -> new ServerException(details(503));

    assertThat(jobs.waitFor("job-1", options().build()).status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(jobs.calls).containsExactly("retrieve", "retrieve", "events");
    assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void theJobTimeoutIsAWaitTimeout() {
    ScriptedJobs jobs = new ScriptedJobs(List.of(new Step(JobStatus.QUEUED, List.of())));

    assertThatThrownBy(() -> jobs.waitFor("job-1", options().timeout(Duration.ofSeconds(10)).build()))
        .isInstanceOfSatisfying(WaitTimeoutException.class, e -> {
          assertThat(e.waitedFor()).isEqualTo("job job-1 to end");
          assertThat(e.lastValue()).containsInstanceOf(Job.class);
        });
  }

  @Test
  void cancellingTheAsynchronousWaitStopsItDuringALongSleep() throws Exception {
    ScriptedJobs jobs = new ScriptedJobs(List.of(new Step(JobStatus.RUNNING, List.of())));
    CountDownLatch polled = new CountDownLatch(1);
    CountDownLatch ended = new CountDownLatch(1);
    WaitOptions opts = WaitOptions.builder().pollInterval(Duration.ofHours(1), Duration.ofHours(1))
        .listener(new JobListener() {
          @Override
          public void onPoll(Job job) {
            polled.countDown();
          }
        })
        .executor(task -> new Thread(() -> {
          try {
            task.run();
          } finally {
            ended.countDown();
          }
        }).start())
        .build();

    CompletableFuture<Job> future = jobs.waitForAsync("job-1", opts);
    assertThat(polled.await(10, TimeUnit.SECONDS)).isTrue();
    future.cancel(true);

    assertThat(ended.await(10, TimeUnit.SECONDS)).as("the wait ended long before its hour-long sleep").isTrue();
    assertThat(jobs.calls).containsExactly("retrieve", "events");
  }

  @Test
  void endsTheWaitOnANonTransientFailure() {
    ScriptedJobs jobs = new ScriptedJobs(List.of(new Step(JobStatus.RUNNING, List.of())));
    jobs.failNextRetrieve = () -> new AuthenticationException(details(401));

    assertThatThrownBy(() -> jobs.waitFor("job-1", options().build())).isInstanceOf(AuthenticationException.class);
  }

  @Test
  void waitsAsynchronouslyAndCompletesTheFutureWithTheTerminalJob() throws Exception {
    ScriptedJobs jobs = new ScriptedJobs(List.of(
        new Step(JobStatus.RUNNING, List.of()), new Step(JobStatus.FAILED, List.of())));

    CompletableFuture<Job> future = jobs.waitForAsync("job-1", options().build());

    assertThat(future.get(10, TimeUnit.SECONDS).status()).isEqualTo(JobStatus.FAILED);
  }

  @Test
  void anAsynchronousTimeoutCompletesTheFutureExceptionally() {
    ScriptedJobs jobs = new ScriptedJobs(List.of(new Step(JobStatus.QUEUED, List.of())));

    CompletableFuture<Job> future = jobs.waitForAsync("job-1", options().timeout(Duration.ofSeconds(30)).build());

    assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(JobWaitTimeoutException.class);
  }

  private static ApiErrorDetails details(int status) {
    return new ApiErrorDetails("scripted", "GET", "/jobs/job-1", status, "failure", Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "");
  }
}
