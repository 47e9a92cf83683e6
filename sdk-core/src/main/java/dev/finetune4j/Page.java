package dev.finetune4j;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a list the provider returns in pieces.
 *
 * @param items the items on this page, in the provider's order
 * @param nextCursor what to pass to fetch the next page; empty on the last page
 * @param <T> the item type
 */
public record Page<T>(List<T> items, Optional<String> nextCursor) {
  /** Copies the items and checks that no component is null. */
  public Page {
    items = List.copyOf(items);
    Objects.requireNonNull(nextCursor, "nextCursor");
  }

  /**
   * Tells whether more pages follow.
   *
   * @return true if {@link #nextCursor()} is present
   */
  public boolean hasNext() {
    return nextCursor.isPresent();
  }
}
