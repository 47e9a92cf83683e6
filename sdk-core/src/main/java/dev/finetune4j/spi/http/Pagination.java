package dev.finetune4j.spi.http;

import dev.finetune4j.Page;
import dev.finetune4j.Paged;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Lazy cursor pagination: turns a page-fetching function into a {@link Paged} list. */
public final class Pagination {
  private Pagination() {}

  /**
   * Returns a lazy list over pages. The first page is fetched with an empty cursor, each next one with the cursor
   * the previous page returned, until a page returns none.
   *
   * @param fetchPage fetches the page after a cursor (empty for the first page)
   * @param <T> the item type
   * @return the lazy list
   */
  public static <T> Paged<T> cursor(Function<Optional<String>, Page<T>> fetchPage) {
    Objects.requireNonNull(fetchPage, "fetchPage");
    return new Paged<>() {
      @Override
      public Iterator<T> iterator() {
        return stream().iterator();
      }

      @Override
      public Stream<T> stream() {
        return StreamSupport.stream(pages().spliterator(), false).flatMap(page -> page.items().stream());
      }

      @Override
      public Iterable<Page<T>> pages() {
        return () -> new PageIterator<>(fetchPage);
      }
    };
  }

  private static final class PageIterator<T> implements Iterator<Page<T>> {
    private final Function<Optional<String>, Page<T>> fetchPage;
    private Optional<String> cursor = Optional.empty();
    private boolean done;

    PageIterator(Function<Optional<String>, Page<T>> fetchPage) {
      this.fetchPage = fetchPage;
    }

    @Override
    public boolean hasNext() {
      return !done;
    }

    @Override
    public Page<T> next() {
      if (done) {
        throw new NoSuchElementException();
      }
      Page<T> page = fetchPage.apply(cursor);
      if (page.nextCursor().isEmpty() || page.nextCursor().equals(cursor)) {
        done = true;
      }
      cursor = page.nextCursor();
      return page;
    }
  }

}
