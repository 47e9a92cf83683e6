package dev.finetune4j.testkit;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The faults queued on one emulator. Each request takes the first queued fault that matches it, in the order faults
 * were injected; a fault is used up after it applied to as many requests as its {@link Fault#times()}. Which fault
 * applied to which request is recorded. Thread-safe.
 */
public final class Faults {

  /**
   * A fault that applied to a request.
   *
   * @param fault the fault as it was injected
   * @param request the request it applied to
   */
  public record Fired(Fault fault, ReceivedRequest request) {
    /**
     * Creates a record of a fault that applied.
     *
     * @param fault the fault
     * @param request the request
     */
    public Fired {
      Objects.requireNonNull(fault, "fault");
      Objects.requireNonNull(request, "request");
    }
  }

  private static final class Pending {
    final Fault fault;
    int remaining;

    Pending(Fault fault) {
      this.fault = fault;
      this.remaining = fault.times();
    }
  }

  private final List<Pending> pending = new ArrayList<>();
  private final List<Fired> fired = new ArrayList<>();

  /** Creates an empty registry; emulators create one each. */
  public Faults() {
  }

  /**
   * Queues a fault behind those already queued.
   *
   * @param fault the fault, limited with {@link Fault#forRequests(String, String)} and {@link Fault#times(int)}
   * @return this registry, to queue more
   */
  public synchronized Faults inject(Fault fault) {
    pending.add(new Pending(Objects.requireNonNull(fault, "fault")));
    return this;
  }

  /**
   * Takes the fault that applies to a request, if any, and records that it fired. Emulators call this once per
   * request.
   *
   * @param request the request that just arrived
   * @return the fault to apply, or empty to handle the request normally
   */
  public synchronized Optional<Fault> take(ReceivedRequest request) {
    for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (p.fault.appliesTo(request)) {
        if (--p.remaining == 0) {
          it.remove();
        }
        fired.add(new Fired(p.fault, request));
        return Optional.of(p.fault);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the faults still queued, each with its original {@code times}.
   *
   * @return the queued faults in order
   */
  public synchronized List<Fault> pending() {
    return pending.stream().map(p -> p.fault).toList();
  }

  /**
   * Returns the faults that applied so far, one entry per affected request.
   *
   * @return the fired faults in order
   */
  public synchronized List<Fired> fired() {
    return List.copyOf(fired);
  }

  /**
   * Forgets queued faults and the record of fired ones.
   */
  public synchronized void clear() {
    pending.clear();
    fired.clear();
  }
}
