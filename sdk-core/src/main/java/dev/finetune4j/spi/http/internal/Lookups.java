package dev.finetune4j.spi.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.error.FineTuningException;
import dev.finetune4j.error.RequestTimeoutException;
import dev.finetune4j.spi.http.HttpTransport;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Looks for what an earlier attempt of a create made, before the create is sent again: the retry guard of every
 * provider's creates. Not API.
 */
public final class Lookups {
  /** The pauses before a lookup that found nothing is repeated: listings lag behind creation. */
  private static final List<Duration> SETTLE = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2));

  private Lookups() {}

  /**
   * Runs a lookup, and again after 1 s and after 2 s more while it finds nothing, since a listing can lag behind
   * creation. The pauses count against the call's deadline as the transport's own do, and none starts that the
   * deadline cannot hold: the create then ends with {@link RequestTimeoutException} without being sent again. A
   * lookup that fails fails the create: sending it blind could create twice.
   *
   * @param transport the transport whose retry sleeper pauses
   * @param what what is looked for, such as {@code the job}
   * @param lookup one lookup
   * @return what the last lookup found
   * @throws RequestTimeoutException if the call's deadline cannot hold the next pause
   */
  public static Optional<JsonNode> settled(HttpTransport transport, String what,
      Supplier<Optional<JsonNode>> lookup) {
    Optional<JsonNode> found = lookup.get();
    for (int i = 0; found.isEmpty() && i < SETTLE.size(); i++) {
      Duration pause = SETTLE.get(i);
      if (!CallDeadline.holds(pause)) {
        throw new RequestTimeoutException(transport.provider() + ": gave up looking for " + what
            + " an earlier attempt may have created after " + (i + 1) + (i == 0 ? " lookup" : " lookups")
            + " found nothing: the call's deadline leaves "
            + CallDeadline.remaining().map(Duration::toMillis).orElse(0L) + " ms, not more than the "
            + pause.toMillis() + " ms pause before looking again; not sent again, so it was made once or not at all",
            null);
      }
      try {
        CallDeadline.sleep(transport.options().retryPolicy().sleeper(), pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FineTuningException("Interrupted while looking for " + what + " an earlier attempt made", e);
      }
      found = lookup.get();
    }
    return found;
  }
}
