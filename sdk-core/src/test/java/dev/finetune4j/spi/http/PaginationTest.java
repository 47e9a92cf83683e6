package dev.finetune4j.spi.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.finetune4j.Page;
import dev.finetune4j.Paged;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PaginationTest {
  private final List<Optional<String>> requestedCursors = new ArrayList<>();

  private final Paged<Integer> numbers = Pagination.cursor(cursor -> {
    requestedCursors.add(cursor);
    int start = cursor.map(Integer::parseInt).orElse(0);
    List<Integer> items = List.of(start, start + 1, start + 2);
    return new Page<>(items, start < 6 ? Optional.of(String.valueOf(start + 3)) : Optional.empty());
  });

  @Test
  void readsEveryPageInOrderFollowingTheCursors() {
    assertThat(numbers.toList()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(requestedCursors).containsExactly(Optional.empty(), Optional.of("3"), Optional.of("6"));
  }

  @Test
  void fetchesOnlyThePagesThatIterationReaches() {
    assertThat(numbers.stream().limit(4).toList()).containsExactly(0, 1, 2, 3);
    assertThat(requestedCursors).hasSize(2);
  }

  @Test
  void stopsWhenAPageRepeatsItsCursor() {
    Paged<String> stuck = Pagination.cursor(cursor -> new Page<>(List.of("a"), Optional.of("same")));
    assertThat(stuck.stream().limit(10).toList()).hasSize(2);
  }
}
