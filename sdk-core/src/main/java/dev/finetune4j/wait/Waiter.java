package dev.finetune4j.wait;

import dev.finetune4j.error.RateLimitException;
import dev.finetune4j.error.WaitTimeoutException;
import dev.finetune4j.spi.http.internal.CallDeadline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls something until it reaches the state waited for: the one waiter behind every wait of the SDK.
 *
 * <p>Each {@link #run()} polls at once, tells the {@link WaitListener} about the value, and asks the
 * {@link Acceptor acceptors} in order what to make of it; the first that matches decides:
 * {@link WaitState#SUCCESS} returns the value, {@link WaitState#FAILURE} throws a {@link WaitFailureException},
 * {@link WaitState#RETRY} (or no acceptor matching a value) sleeps as the {@link Backoff} says and polls again. An
 * exception thrown by a poll is retried only if an acceptor says {@link WaitState#RETRY} for it; after the
 * waiter's own acceptors it always asks {@link Acceptor#retryOnTransientFailure()}, so network failures, server
 * errors and throttling never end a wait, not even on the first poll. Any other exception ends the wait as it is.
 *
 * <p>The timeout is measured on the settings' clock. The last sleep is cut short to end at the deadline, where the
 * waiter polls once more; if that poll does not end the wait either, a {@link WaitTimeoutException} says what was
 * waited for and carries the last value seen. A throttled poll that names a retry delay waits at least that long.
 *
 * <p>Interrupting the waiting thread ends the wait with a {@link WaitInterruptedException}, at once if it sleeps
 * (given a sleeper that responds to interrupts, as {@link dev.finetune4j.Sleeper#THREAD} does), and the interrupt
 * flag stays set. Cancelling the future of {@link #runAsync()} interrupts the thread that runs the wait.
 *
 * <p>A waiter is immutable and can run any number of times, each run from the start.
 *
 * @param <T> what is polled
 */
public final class Waiter<T> {
  private static final Logger LOG = LoggerFactory.getLogger(Waiter.class);
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final Duration LAST_POLL = Duration.ofSeconds(1);
  private static final Executor DAEMON_THREAD_PER_WAIT = task -> {
    Thread thread = new Thread(task, "finetune4j-wait-" + THREADS.incrementAndGet());
    thread.setDaemon(true);
    thread.start();
  };

  private final Supplier<? extends T> poll;
  private final String waitingFor;
  private final List<Acceptor<? super T>> acceptors;
  private final WaitSettings settings;
  private final WaitListener<? super T> listener;
  private final Function<? super T, String> describe;
  private final Function<? super WaitTimeoutException, ? extends WaitTimeoutException> timeoutException;

  private Waiter(Builder<T> b) {
    this.poll = b.poll;
    this.waitingFor = b.waitingFor;
    List<Acceptor<? super T>> all = new ArrayList<>(b.acceptors);
    all.add(Acceptor.retryOnTransientFailure());
    this.acceptors = List.copyOf(all);
    this.settings = b.settings;
    this.listener = b.listener;
    this.describe = b.describe;
    this.timeoutException = b.timeoutException;
  }

  /**
   * Returns a builder for a waiter that polls with the given function.
   *
   * @param poll fetches the current value, such as {@code () -> jobs.retrieve(id)}
   * @param <T> what is polled
   * @return the builder
   */
  public static <T> Builder<T> builder(Supplier<? extends T> poll) {
    return new Builder<>(poll);
  }

  /** @return what this waiter waits for, such as {@code job ftjob-abc to end} */
  public String waitingFor() {
    return waitingFor;
  }

  /** @return the timeout, backoff, clock, sleeper and executor */
  public WaitSettings settings() {
    return settings;
  }

  /**
   * Waits on this thread.
   *
   * @return the value an acceptor said {@link WaitState#SUCCESS} for
   * @throws WaitTimeoutException if the timeout runs out first
   * @throws WaitFailureException if an acceptor said {@link WaitState#FAILURE} for a value
   * @throws WaitInterruptedException if the thread is interrupted; its interrupt flag is set
   * @throws RuntimeException what a poll threw, if no acceptor retries it
   */
  public T run() {
    return run(() -> false);
  }

  /**
   * Waits on the settings' executor, by default a new daemon thread. Cancelling the returned future stops the wait
   * promptly: the thread that runs it is interrupted, also while it sleeps.
   *
   * @return a future completed with the value an acceptor said {@link WaitState#SUCCESS} for, or with the exception
   *     that ended the wait
   */
  public CompletableFuture<T> runAsync() {
    AsyncRun run = new AsyncRun();
    settings.executor().orElse(DAEMON_THREAD_PER_WAIT).execute(run::execute);
    return run;
  }

  private T run(BooleanSupplier cancelled) {
    Instant deadline = settings.clock().instant().plus(settings.timeout());
    Backoff backoff = settings.backoff();
    Duration interval = backoff.initial();
    Optional<T> last = Optional.empty();
    while (true) {
      stopIfInterrupted(cancelled);
      RuntimeException failure = null;
      T value = null;
      try {
        // a poll in flight is bounded by the time left (at least a second, for the last poll at the deadline)
        Duration left = Duration.between(settings.clock().instant(), deadline);
        value = CallDeadline.within(left.compareTo(LAST_POLL) < 0 ? LAST_POLL : left, poll);
      } catch (RuntimeException e) {
        failure = e;
      }
      stopIfInterrupted(cancelled);
      Duration next = interval;
      if (failure != null) {
        if (stateOf(failure) != WaitState.RETRY) {
          throw failure;
        }
        LOG.warn("Polling {} failed, will poll again: {}", waitingFor, failure.getMessage());
        listener.onRetriedFailure(failure);
        Optional<Duration> retryAfter = failure instanceof RateLimitException limited
            ? limited.retryAfter() : Optional.empty();
        if (retryAfter.isPresent() && retryAfter.get().compareTo(interval) > 0) {
          next = retryAfter.get();
        }
      } else {
        Objects.requireNonNull(value, () -> "the poll for " + waitingFor + " returned null");
        last = Optional.of(value);
        listener.onPoll(value);
        Acceptor<? super T> acceptor = acceptorFor(value);
        if (acceptor != null && acceptor.state() == WaitState.SUCCESS) {
          return value;
        }
        if (acceptor != null && acceptor.state() == WaitState.FAILURE) {
          throw new WaitFailureException(waitingFor, reason(acceptor, value), value);
        }
      }
      Instant now = settings.clock().instant();
      if (!now.isBefore(deadline)) {
        throw timeout(last, failure);
      }
      sleep(backoff.sleep(next, Duration.between(now, deadline)));
      interval = backoff.next(interval);
    }
  }

  private WaitState stateOf(RuntimeException failure) {
    for (Acceptor<? super T> acceptor : acceptors) {
      if (acceptor.matches(failure)) {
        return acceptor.state();
      }
    }
    return WaitState.FAILURE;
  }

  private Acceptor<? super T> acceptorFor(T value) {
    for (Acceptor<? super T> acceptor : acceptors) {
      if (acceptor.matches(value)) {
        return acceptor;
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private String reason(Acceptor<? super T> acceptor, T value) {
    return ((Acceptor<T>) acceptor).reason(value);
  }

  private WaitTimeoutException timeout(Optional<T> last, RuntimeException lastFailure) {
    String seen = last.map(v -> "last seen: " + describe.apply(v)).orElse("no poll succeeded");
    WaitTimeoutException e = new WaitTimeoutException("Gave up waiting for " + waitingFor + " after "
        + settings.timeout() + "; " + seen, waitingFor, settings.timeout(), last);
    if (lastFailure != null) {
      e.initCause(lastFailure);
    }
    return Objects.requireNonNull(timeoutException.apply(e), "the timeout exception mapper returned null");
  }

  private void stopIfInterrupted(BooleanSupplier cancelled) {
    if (Thread.currentThread().isInterrupted() || cancelled.getAsBoolean()) {
      throw new WaitInterruptedException(waitingFor);
    }
  }

  private void sleep(Duration duration) {
    try {
      settings.sleeper().sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WaitInterruptedException(waitingFor, e);
    }
  }

  /** The future of one asynchronous run; cancelling it interrupts the thread that runs the wait. */
  private final class AsyncRun extends CompletableFuture<T> {
    private final Object lock = new Object();
    private Thread runner;

    void execute() {
      synchronized (lock) {
        if (isDone()) {
          return;
        }
        runner = Thread.currentThread();
      }
      try {
        complete(run(this::isCancelled));
      } catch (RuntimeException | Error e) {
        completeExceptionally(e);
      } finally {
        synchronized (lock) {
          runner = null;
        }
        if (isCancelled()) {
          Thread.interrupted(); // the interrupt was ours; do not leave it to the executor's next task
        }
      }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      if (cancelled) {
        synchronized (lock) {
          if (runner != null) {
            runner.interrupt();
          }
        }
      }
      return cancelled;
    }
  }

  /**
   * Builds a {@link Waiter}: what it waits for, at least one acceptor that says {@link WaitState#SUCCESS}, and
   * optionally its settings, a listener and how values are described in a timeout's message.
   *
   * @param <T> what is polled
   */
  public static final class Builder<T> {
    private final Supplier<? extends T> poll;
    private String waitingFor;
    private final List<Acceptor<? super T>> acceptors = new ArrayList<>();
    private WaitSettings settings = WaitSettings.defaults();
    private WaitListener<? super T> listener = new WaitListener<>() {};
    private Function<? super T, String> describe = String::valueOf;
    private Function<? super WaitTimeoutException, ? extends WaitTimeoutException> timeoutException = e -> e;

    private Builder(Supplier<? extends T> poll) {
      this.poll = Objects.requireNonNull(poll, "poll");
    }

    /**
     * Says what is waited for, for log lines and exception messages.
     *
     * @param description such as {@code job ftjob-abc to end}; not blank
     * @return this builder
     */
    public Builder<T> waitingFor(String description) {
      Objects.requireNonNull(description, "description");
      if (description.isBlank()) {
        throw new IllegalArgumentException("description must not be blank; say what is waited for");
      }
      this.waitingFor = description;
      return this;
    }

    /**
     * Adds an acceptor; acceptors are asked in the order they were added.
     *
     * @param acceptor the acceptor
     * @return this builder
     */
    public Builder<T> acceptor(Acceptor<? super T> acceptor) {
      acceptors.add(Objects.requireNonNull(acceptor, "acceptor"));
      return this;
    }

    /**
     * Sets the timeout, backoff, clock, sleeper and executor.
     *
     * @param settings the settings
     * @return this builder
     */
    public Builder<T> settings(WaitSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * Sets who hears about each poll.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder<T> listener(WaitListener<? super T> listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Sets how the last value seen is described in a timeout's message; by default its {@code toString()}.
     *
     * @param describe such as {@code job -> "status " + job.status()}
     * @return this builder
     */
    public Builder<T> describe(Function<? super T, String> describe) {
      this.describe = Objects.requireNonNull(describe, "describe");
      return this;
    }

    /**
     * Sets what is thrown when the timeout runs out, in place of the {@link WaitTimeoutException} the waiter made,
     * such as a subclass that carries a typed last value.
     *
     * @param mapper turns the waiter's exception into the one to throw
     * @return this builder
     */
    public Builder<T> timeoutException(
        Function<? super WaitTimeoutException, ? extends WaitTimeoutException> mapper) {
      this.timeoutException = Objects.requireNonNull(mapper, "mapper");
      return this;
    }

    /**
     * Builds the waiter.
     *
     * @return the waiter
     * @throws IllegalStateException if it was not told what it waits for, or no acceptor says success
     */
    public Waiter<T> build() {
      if (waitingFor == null) {
        throw new IllegalStateException("waitingFor(...) is required: say what is waited for");
      }
      if (acceptors.stream().noneMatch(a -> a.state() == WaitState.SUCCESS)) {
        throw new IllegalStateException("a waiter needs an acceptor that says SUCCESS, such as "
            + "Acceptor.successWhen(...)");
      }
      return new Waiter<>(this);
    }
  }
}
