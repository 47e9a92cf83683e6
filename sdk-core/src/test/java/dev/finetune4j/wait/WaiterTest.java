package dev.finetune4j.wait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.Sleeper;
import dev.finetune4j.error.ApiErrorDetails;
import dev.finetune4j.error.AuthenticationException;
import dev.finetune4j.error.RateLimitException;
import dev.finetune4j.error.ServerException;
import dev.finetune4j.error.TransportException;
import dev.finetune4j.error.WaitTimeoutException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WaiterTest {
  private static final Instant START = VirtualTime.START;

  private final VirtualTime time = new VirtualTime();
  private final List<Duration> sleeps = time.sleeps();

  private WaitSettings.Builder settings() {
    return WaitSettings.builder().clock(time.clock()).sleeper(time.sleeper());
  }

  /** Answers with the scripted values in order (a Supplier throws the exception it holds), the last one forever. */
  private static Supplier<String> script(Object... answers) {
    Deque<Object> queue = new ArrayDeque<>(List.of(answers));
    return () -> {
      Object answer = queue.size() > 1 ? queue.poll() : queue.peek();
      if (answer instanceof RuntimeException e) {
        throw e;
      }
      return (String) answer;
    };
  }

  private Waiter.Builder<String> waiter(Supplier<String> poll) {
    return Waiter.builder(poll).waitingFor("the thing to be done")
        .acceptor(Acceptor.successWhen("done"::equals))
        .settings(settings().build());
  }

  private static ApiErrorDetails details(int status) {
    return new ApiErrorDetails("scripted", "GET", "/thing", status, "failure", Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), "");
  }

  @Test
  void returnsTheFirstValueAnAcceptorCallsASuccess() {
    String result = waiter(script("pending", "running", "done")).build().run();

    assertThat(result).isEqualTo("done");
    assertThat(sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(3));
  }

  @Test
  void growsTheIntervalByTheFactorUpToTheMaximum() {
    Backoff backoff = Backoff.builder().intervals(Duration.ofSeconds(1), Duration.ofSeconds(5)).factor(2).build();
    waiter(script("a", "a", "a", "a", "a", "done")).settings(settings().backoff(backoff).build()).build().run();

    assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
        Duration.ofSeconds(5), Duration.ofSeconds(5));
  }

  @Test
  void cutsTheLastSleepToTheDeadlinePollsThereOnceMoreAndThenTimesOut() {
    AtomicInteger polls = new AtomicInteger();
    Waiter<String> waiter = Waiter.<String>builder(() -> "pending #" + polls.incrementAndGet())
        .waitingFor("the thing to be done")
        .acceptor(Acceptor.successWhen("done"::equals))
        .describe(v -> "<" + v + ">")
        .settings(settings().timeout(Duration.ofSeconds(10))
            .backoff(Backoff.builder().intervals(Duration.ofSeconds(4), Duration.ofSeconds(4)).build()).build())
        .build();

    assertThatThrownBy(waiter::run).isInstanceOfSatisfying(WaitTimeoutException.class, e -> {
      assertThat(e.waitedFor()).isEqualTo("the thing to be done");
      assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(10));
      assertThat(e.lastValue()).contains("pending #4");
      assertThat(e.getMessage()).isEqualTo(
          "Gave up waiting for the thing to be done after PT10S; last seen: <pending #4>");
      assertThat(e.getCause()).isNull();
    });
    assertThat(sleeps).containsExactly(Duration.ofSeconds(4), Duration.ofSeconds(4), Duration.ofSeconds(2));
    assertThat(time.now()).isEqualTo(START.plusSeconds(10));
  }

  @Test
  void neverSleepsLessThanTheFloor() {
    Backoff backoff = Backoff.builder().intervals(Duration.ofSeconds(3), Duration.ofSeconds(3))
        .floor(Duration.ofSeconds(2)).build();
    Waiter<String> waiter = waiter(script("pending")).settings(settings().timeout(Duration.ofSeconds(4))
        .backoff(backoff).build()).build();

    assertThatThrownBy(waiter::run).isInstanceOf(WaitTimeoutException.class);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(2));
  }

  @Test
  void aFailureAcceptorEndsTheWaitWithATypedException() {
    Waiter<String> waiter = waiter(script("pending", "broken"))
        .acceptor(Acceptor.failureWhen("broken"::equals, v -> "the thing is " + v))
        .build();

    assertThatThrownBy(waiter::run).isInstanceOfSatisfying(WaitFailureException.class, e -> {
      assertThat(e.reason()).isEqualTo("the thing is broken");
      assertThat(e.waitedFor()).isEqualTo("the thing to be done");
      assertThat(e.lastValue()).contains("broken");
      assertThat(e.getMessage()).contains("the thing is broken").contains("the thing to be done");
    });
  }

  @Test
  void acceptorsAreAskedInOrder() {
    Waiter<String> waiter = Waiter.builder(script("done?", "done"))
        .waitingFor("the thing to be done")
        .acceptor(Acceptor.retryWhen("done?"::equals))
        .acceptor(Acceptor.successWhen(v -> v.startsWith("done")))
        .settings(settings().build())
        .build();

    assertThat(waiter.run()).isEqualTo("done");
  }

  @Test
  void retriesTransientFailuresEvenOnTheFirstPoll() {
    String result = waiter(script(new TransportException("connection reset", new IOException("reset")),
        new ServerException(details(503)), "running", new RateLimitException(details(429)), "done")).build().run();

    assertThat(result).isEqualTo("done");
    assertThat(sleeps).hasSize(4);
  }

  @Test
  void aThrottledPollWaitsAsLongAsTheProviderAsks() {
    ApiErrorDetails throttled = new ApiErrorDetails("scripted", "GET", "/thing", 429, "slow down",
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(Duration.ofSeconds(30)),
        "");

    waiter(script(new RateLimitException(throttled), "done")).build().run();

    assertThat(sleeps).containsExactly(Duration.ofSeconds(30));
  }

  @Test
  void endsTheWaitOnAnyOtherExceptionAsItIs() {
    AuthenticationException denied = new AuthenticationException(details(401));

    assertThatThrownBy(waiter(script("running", denied)).build()::run).isSameAs(denied);
  }

  @Test
  void aFailureOnExceptionAcceptorStopsEvenATransientFailure() {
    ServerException down = new ServerException(details(503));
    Waiter<String> waiter = waiter(script(down))
        .acceptor(Acceptor.failureOnException(e -> e instanceof ServerException)).build();

    assertThatThrownBy(waiter::run).isSameAs(down);
  }

  @Test
  void aTimeoutAfterOnlyFailedPollsCarriesTheLastFailure() {
    TransportException down = new TransportException("connection refused", new IOException("refused"));
    Waiter<String> waiter = waiter(script(down)).settings(settings().timeout(Duration.ofSeconds(5)).build())
        .build();

    assertThatThrownBy(waiter::run).isInstanceOfSatisfying(WaitTimeoutException.class, e -> {
      assertThat(e.lastValue()).isEmpty();
      assertThat(e.getCause()).isSameAs(down);
      assertThat(e.getMessage()).contains("no poll succeeded");
    });
  }

  @Test
  void theTimeoutExceptionCanBeReplacedByAMoreSpecificOne() {
    class ThingTimeout extends WaitTimeoutException {
      ThingTimeout(WaitTimeoutException e) {
        super("thing timed out", e.waitedFor(), e.timeout(), e.lastValue());
      }
    }
    Waiter<String> waiter = waiter(script("pending")).settings(settings().timeout(Duration.ofSeconds(5)).build())
        .timeoutException(ThingTimeout::new).build();

    assertThatThrownBy(waiter::run).isInstanceOf(ThingTimeout.class).hasMessage("thing timed out");
  }

  @Test
  void theListenerHearsEveryPollAndEveryRetriedFailure() {
    List<String> heard = new ArrayList<>();
    waiter(script("pending", new ServerException(details(502)), "done")).listener(new WaitListener<Object>() {
      @Override
      public void onPoll(Object value) {
        heard.add("poll " + value);
      }

      @Override
      public void onRetriedFailure(RuntimeException failure) {
        heard.add("failure " + failure.getClass().getSimpleName());
      }
    }).build().run();

    assertThat(heard).containsExactly("poll pending", "failure ServerException", "poll done");
  }

  @Test
  void aWaiterCanRunAgainFromTheStart() {
    AtomicInteger polls = new AtomicInteger();
    Waiter<String> waiter = waiter(() -> polls.incrementAndGet() % 2 == 0 ? "done" : "pending").build();

    waiter.run();
    waiter.run();

    assertThat(polls).hasValue(4);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
  }

  @Test
  void runsAsynchronouslyOnTheGivenExecutor() throws Exception {
    AtomicReference<String> thread = new AtomicReference<>();
    Waiter<String> waiter = waiter(script("pending", "done")).settings(settings().executor(task -> {
      Thread t = new Thread(task, "test-executor");
      thread.set(t.getName());
      t.start();
    }).build()).build();

    assertThat(waiter.runAsync().get(10, TimeUnit.SECONDS)).isEqualTo("done");
    assertThat(thread).hasValue("test-executor");
  }

  @Test
  void anAsynchronousFailureCompletesTheFutureExceptionally() {
    Waiter<String> waiter = waiter(script("pending")).settings(settings().timeout(Duration.ofSeconds(30)).build())
        .build();

    assertThatThrownBy(() -> waiter.runAsync().get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(WaitTimeoutException.class);
  }

  @Test
  void cancellingTheFutureInterruptsALongSleep() throws Exception {
    CountDownLatch polled = new CountDownLatch(1);
    CountDownLatch ended = new CountDownLatch(1);
    AtomicBoolean interruptLeftBehind = new AtomicBoolean();
    AtomicInteger polls = new AtomicInteger();
    Waiter<String> waiter = Waiter.<String>builder(() -> {
      polls.incrementAndGet();
      polled.countDown();
      return "pending";
    }).waitingFor("the thing to be done").acceptor(Acceptor.successWhen("done"::equals))
        .settings(WaitSettings.builder().backoff(Backoff.fixed(Duration.ofHours(1))).sleeper(Sleeper.THREAD)
            .executor(task -> new Thread(() -> {
              try {
                task.run();
              } finally {
                interruptLeftBehind.set(Thread.currentThread().isInterrupted());
                ended.countDown();
              }
            }).start()).build())
        .build();

    CompletableFuture<String> future = waiter.runAsync();
    assertThat(polled.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(future.cancel(false)).isTrue();

    assertThat(ended.await(10, TimeUnit.SECONDS)).as("the wait ended long before its hour-long sleep").isTrue();
    assertThat(polls).hasValue(1);
    assertThat(interruptLeftBehind).isFalse();
    assertThatThrownBy(future::join).isInstanceOf(CancellationException.class);
  }

  @Test
  void interruptingTheWaitingThreadEndsTheSleepWithATypedExceptionAndKeepsTheFlag() throws Exception {
    CountDownLatch polled = new CountDownLatch(1);
    CountDownLatch ended = new CountDownLatch(1);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicBoolean flagSet = new AtomicBoolean();
    Waiter<String> waiter = Waiter.<String>builder(() -> {
      polled.countDown();
      return "pending";
    }).waitingFor("the thing to be done").acceptor(Acceptor.successWhen("done"::equals))
        .settings(WaitSettings.builder().backoff(Backoff.fixed(Duration.ofHours(1))).build())
        .build();
    Thread waiting = new Thread(() -> {
      try {
        waiter.run();
      } catch (RuntimeException e) {
        thrown.set(e);
        flagSet.set(Thread.currentThread().isInterrupted());
      } finally {
        ended.countDown();
      }
    });
    waiting.start();

    assertThat(polled.await(10, TimeUnit.SECONDS)).isTrue();
    waiting.interrupt();

    assertThat(ended.await(10, TimeUnit.SECONDS)).as("the wait ended long before its hour-long sleep").isTrue();
    assertThat(thrown.get()).isInstanceOf(WaitInterruptedException.class)
        .hasMessage("Interrupted while waiting for the thing to be done");
    assertThat(flagSet).isTrue();
  }

  @Test
  void anAlreadyInterruptedThreadDoesNotPoll() {
    AtomicInteger polls = new AtomicInteger();
    Waiter<String> waiter = waiter(() -> {
      polls.incrementAndGet();
      return "done";
    }).build();
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(waiter::run).isInstanceOf(WaitInterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(polls).hasValue(0);
  }

  @Test
  void theBuilderNeedsWhatIsWaitedForAndASuccessAcceptor() {
    assertThatThrownBy(() -> Waiter.builder(() -> "x").acceptor(Acceptor.successWhen(v -> true)).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("waitingFor");
    assertThatThrownBy(() -> Waiter.builder(() -> "x").waitingFor("x")
        .acceptor(Acceptor.retryOnException(e -> true)).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("SUCCESS");
    assertThatThrownBy(() -> Waiter.builder(() -> "x").waitingFor(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
  }

  @Test
  void backoffSettingsAreCheckedWithClearMessages() {
    assertThatThrownBy(() -> Backoff.builder().intervals(Duration.ofMillis(500), Duration.ofSeconds(5)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("initial interval must be at least PT1S, was PT0.5S");
    assertThatThrownBy(() -> Backoff.builder().intervals(Duration.ofSeconds(5), Duration.ofSeconds(2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least the initial one (PT5S)");
    assertThatThrownBy(() -> Backoff.builder().factor(0.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> Backoff.builder().floor(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("floor must be positive");
    assertThatThrownBy(() -> WaitSettings.builder().timeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout must be positive");
  }

  @Test
  void theDefaultsAreTheJobDefaults() {
    Backoff backoff = WaitSettings.defaults().backoff();

    assertThat(backoff.initial()).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.factor()).isEqualTo(1.5);
    assertThat(backoff.max()).isEqualTo(Duration.ofSeconds(60));
    assertThat(backoff.floor()).isEqualTo(Duration.ofSeconds(1));
    assertThat(WaitSettings.defaults().timeout()).isEqualTo(Duration.ofHours(24));
    assertThat(Backoff.fixed(Duration.ofSeconds(10)).next(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(10));
  }
}
