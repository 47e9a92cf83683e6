package dev.finetune4j.wait;

import dev.finetune4j.error.RateLimitException;
import dev.finetune4j.error.ServerException;
import dev.finetune4j.error.TransportException;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Maps one poll of a {@link Waiter} to a {@link WaitState}: either a polled value (such as "the job has ended" to
 * {@link WaitState#SUCCESS}) or an exception the poll threw (such as a network failure to {@link WaitState#RETRY}).
 * A waiter asks its acceptors in order and the first that matches decides.
 *
 * <pre>{@code
 * Acceptor.successWhen(InferenceEndpoint::isRunning)
 * Acceptor.failureWhen(InferenceEndpoint::isFailed, e -> "endpoint " + e.name() + " failed")
 * Acceptor.retryOnException(e -> e instanceof NotFoundException)
 * }</pre>
 *
 * @param <T> what is polled
 */
public final class Acceptor<T> {
  private static final Acceptor<Object> TRANSIENT = retryOnException(
      e -> e instanceof TransportException || e instanceof ServerException || e instanceof RateLimitException);

  private final WaitState state;
  private final Predicate<? super T> valueCondition;
  private final Predicate<? super RuntimeException> exceptionCondition;
  private final Function<? super T, String> reason;

  private Acceptor(WaitState state, Predicate<? super T> valueCondition,
      Predicate<? super RuntimeException> exceptionCondition, Function<? super T, String> reason) {
    this.state = state;
    this.valueCondition = valueCondition;
    this.exceptionCondition = exceptionCondition;
    this.reason = reason;
  }

  /**
   * Ends the wait with the polled value when it meets the condition.
   *
   * @param condition what the value must meet
   * @param <T> what is polled
   * @return the acceptor
   */
  public static <T> Acceptor<T> successWhen(Predicate<? super T> condition) {
    return new Acceptor<>(WaitState.SUCCESS, Objects.requireNonNull(condition, "condition"), null, null);
  }

  /**
   * Ends the wait with a {@link WaitFailureException} when the polled value meets the condition.
   *
   * @param condition what the value must meet
   * @param reason says why the value fails the wait; becomes the exception's reason
   * @param <T> what is polled
   * @return the acceptor
   */
  public static <T> Acceptor<T> failureWhen(Predicate<? super T> condition, Function<? super T, String> reason) {
    return new Acceptor<>(WaitState.FAILURE, Objects.requireNonNull(condition, "condition"), null,
        Objects.requireNonNull(reason, "reason"));
  }

  /**
   * Polls again when the polled value meets the condition, even if a later acceptor would end the wait.
   *
   * @param condition what the value must meet
   * @param <T> what is polled
   * @return the acceptor
   */
  public static <T> Acceptor<T> retryWhen(Predicate<? super T> condition) {
    return new Acceptor<>(WaitState.RETRY, Objects.requireNonNull(condition, "condition"), null, null);
  }

  /**
   * Polls again, as long as the timeout allows, when a poll throws an exception that meets the condition.
   *
   * @param condition what the exception must meet
   * @param <T> what is polled
   * @return the acceptor
   */
  public static <T> Acceptor<T> retryOnException(Predicate<? super RuntimeException> condition) {
    return new Acceptor<>(WaitState.RETRY, null, Objects.requireNonNull(condition, "condition"), null);
  }

  /**
   * Ends the wait by rethrowing an exception that meets the condition, even if a later acceptor (such as
   * {@link #retryOnTransientFailure()}) would retry it.
   *
   * @param condition what the exception must meet
   * @param <T> what is polled
   * @return the acceptor
   */
  public static <T> Acceptor<T> failureOnException(Predicate<? super RuntimeException> condition) {
    return new Acceptor<>(WaitState.FAILURE, null, Objects.requireNonNull(condition, "condition"), null);
  }

  /**
   * Polls again after a failure that the transport's own retries did not overcome: a network failure
   * ({@link TransportException}), a server error ({@link ServerException}) or throttling
   * ({@link RateLimitException}). Every {@link Waiter} asks this one after its own acceptors.
   *
   * @param <T> what is polled
   * @return the acceptor
   */
  @SuppressWarnings("unchecked")
  public static <T> Acceptor<T> retryOnTransientFailure() {
    return (Acceptor<T>) TRANSIENT;
  }

  /** @return what this acceptor makes of a poll it matches */
  public WaitState state() {
    return state;
  }

  /**
   * Tells whether this acceptor decides about a polled value.
   *
   * @param value the polled value
   * @return true if it matches
   */
  public boolean matches(T value) {
    return valueCondition != null && valueCondition.test(value);
  }

  /**
   * Tells whether this acceptor decides about an exception a poll threw.
   *
   * @param failure what the poll threw
   * @return true if it matches
   */
  public boolean matches(RuntimeException failure) {
    return exceptionCondition != null && exceptionCondition.test(failure);
  }

  /**
   * Says why a value fails the wait.
   *
   * @param value a value this failure acceptor matched
   * @return the reason
   */
  String reason(T value) {
    return reason != null ? reason.apply(value) : "it ended without success: " + value;
  }

  @Override
  public String toString() {
    return "Acceptor{" + state + " on " + (valueCondition != null ? "value" : "exception") + '}';
  }
}
