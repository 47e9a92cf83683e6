package dev.finetune4j;

import java.util.List;
import java.util.stream.Stream;

/**
 * A list that the provider returns page by page, read lazily: a page is fetched only when iteration reaches it, so
 * stopping early (a {@code limit} on the stream, a {@code break}) stops the requests too.
 *
 * <pre>{@code
 * client.jobs().list().stream().filter(Job::isSucceeded).limit(5).forEach(System.out::println);
 * }</pre>
 *
 * <p>Each iteration starts again from the first page.
 *
 * @param <T> the item type
 */
public interface Paged<T> extends Iterable<T> {

  /**
   * Returns the items of every page as a lazy, sequential stream.
   *
   * @return the items
   */
  Stream<T> stream();

  /**
   * Returns the pages themselves, for callers that want page boundaries or cursors.
   *
   * @return the pages, fetched lazily
   */
  Iterable<Page<T>> pages();

  /**
   * Reads every page and returns all items.
   *
   * @return the items, in order
   */
  default List<T> toList() {
    return stream().toList();
  }
}
