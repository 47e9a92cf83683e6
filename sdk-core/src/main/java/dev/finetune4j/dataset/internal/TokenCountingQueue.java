package dev.finetune4j.dataset.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.dataset.DatasetFormat;
import dev.finetune4j.dataset.TokenCounter;
import dev.finetune4j.error.LocalIoException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs the caller's per-item step (a validation hashes the line there), then reads checked lines into examples
 * ({@link ExampleMapper}) and counts their tokens, on worker threads while the calling thread reads and checks the
 * next lines, and hands every item back on the calling thread in the order it was submitted, so that what a
 * validation reports does not depend on the threads. With one thread, items are handled on the calling thread as
 * they are submitted.
 *
 * <p>Items travel in batches of {@value #BATCH}; at most two batches per worker are in flight, so memory holds about a
 * hundred lines per worker. Each worker has its own {@link ExampleTokens}. Used by one thread; closing it
 * stops the workers.
 *
 * @param <T> what the caller keeps with each example
 */
public final class TokenCountingQueue<T> implements AutoCloseable {
  static final int BATCH = 32;

  /**
   * Receives each item, in submission order, on the submitting thread.
   *
   * @param <T> the item type
   */
  @FunctionalInterface
  public interface Receiver<T> {
    /**
     * Receives one item.
     *
     * @param item the item
     * @param count the example's counts; null when there was no line to read or reading or counting it failed
     * @param failure why: an {@link dev.finetune4j.dataset.InvalidExampleException} from reading the example, or
     *     another {@link RuntimeException} or a {@link StackOverflowError}; null otherwise
     */
    void receive(T item, ExampleTokens.Count count, Throwable failure);
  }

  private final Path file;
  private final Consumer<T> step;
  private final Receiver<T> receiver;
  private final ExampleTokens inline;
  private final ExecutorService pool;
  private final ThreadLocal<ExampleTokens> perThread;
  private final int maxInFlight;
  private final ArrayDeque<Batch> inFlight = new ArrayDeque<>();
  private Batch filling;

  /**
   * Creates a queue.
   *
   * @param file the file being read, named if the wait is interrupted
   * @param counter the token counter
   * @param cache whether each thread remembers the counts of texts seen before
   * @param threads the threads that count: 1 for the calling thread, more for that many workers
   * @param step what is done to each item before its line is counted, on the thread that counts it; when it throws a
   *     {@link RuntimeException} or a {@link StackOverflowError}, the line is not counted and the item is handed
   *     back with that failure
   * @param receiver what receives the items
   */
  public TokenCountingQueue(Path file, TokenCounter counter, boolean cache, int threads, Consumer<T> step,
      Receiver<T> receiver) {
    this.file = file;
    this.step = step;
    this.receiver = receiver;
    if (threads <= 1) {
      inline = new ExampleTokens(counter, cache);
      pool = null;
      perThread = null;
      maxInFlight = 0;
    } else {
      inline = null;
      AtomicInteger number = new AtomicInteger();
      pool = Executors.newFixedThreadPool(threads, task -> {
        Thread thread = new Thread(task, "finetune4j-token-count-" + number.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      });
      perThread = ThreadLocal.withInitial(() -> new ExampleTokens(counter, cache));
      maxInFlight = 2 * threads;
      filling = new Batch();
    }
  }

  /**
   * Submits an item, with the checked line to read and count if there is one.
   *
   * @param item the item
   * @param json the line's JSON, not modified; null when there is nothing to count
   * @param format the line's format
   */
  public void submit(T item, JsonNode json, DatasetFormat format) {
    if (pool == null) {
      Object outcome = handle(inline, item, json, format);
      receiver.receive(item, outcome instanceof ExampleTokens.Count c ? c : null,
          outcome instanceof Throwable t ? t : null);
      return;
    }
    filling.add(item, json, format);
    if (filling.size == BATCH) {
      send();
    }
    while (!inFlight.isEmpty() && (inFlight.size() > maxInFlight || inFlight.peek().future.isDone())) {
      deliver(inFlight.poll());
    }
  }

  /** Hands back every item submitted so far. */
  public void flush() {
    if (pool == null) {
      return;
    }
    if (filling.size > 0) {
      send();
    }
    while (!inFlight.isEmpty()) {
      deliver(inFlight.poll());
    }
  }

  /** Stops the workers; items not yet handed back are dropped. */
  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  /** Runs the step, then returns the counts of the line (null without one), or why either failed. */
  private Object handle(ExampleTokens tokens, T item, JsonNode json, DatasetFormat format) {
    try {
      step.accept(item);
      return json == null ? null : tokens.count(ExampleMapper.read(json, format));
    } catch (RuntimeException | StackOverflowError e) {
      return e;
    }
  }

  private void send() {
    Batch batch = filling;
    batch.future = pool.submit(batch::count);
    inFlight.add(batch);
    filling = new Batch();
  }

  @SuppressWarnings("unchecked")
  private void deliver(Batch batch) {
    try {
      batch.future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalIoException("validation of " + file + " was interrupted", file,
          new InterruptedIOException("interrupted while tokens were counted"));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("counting tokens failed", e.getCause());
    }
    for (int i = 0; i < batch.size; i++) {
      Object outcome = batch.outcomes[i];
      receiver.receive((T) batch.items[i], outcome instanceof ExampleTokens.Count c ? c : null,
          outcome instanceof Throwable t ? t : null);
    }
  }

  /** Items and their lines, read and counted by one worker; each outcome is a count or a failure. */
  private final class Batch {
    final Object[] items = new Object[BATCH];
    final JsonNode[] lines = new JsonNode[BATCH];
    final DatasetFormat[] formats = new DatasetFormat[BATCH];
    final Object[] outcomes = new Object[BATCH];
    int size;
    Future<?> future;

    void add(Object item, JsonNode json, DatasetFormat format) {
      items[size] = item;
      lines[size] = json;
      formats[size] = format;
      size++;
    }

    @SuppressWarnings("unchecked")
    void count() {
      ExampleTokens tokens = perThread.get();
      for (int i = 0; i < size; i++) {
        outcomes[i] = handle(tokens, (T) items[i], lines[i], formats[i]);
      }
    }
  }
}
