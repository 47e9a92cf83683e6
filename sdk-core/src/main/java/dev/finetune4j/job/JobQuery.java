package dev.finetune4j.job;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What to list: jobs carrying all the given labels, fetched a given number per page.
 *
 * @param labels labels every listed job must carry; empty for all jobs
 * @param pageSize how many jobs to fetch per request, if not the provider's default
 */
public record JobQuery(Map<String, String> labels, OptionalInt pageSize) {
  private static final JobQuery ALL = new JobQuery(Map.of(), OptionalInt.empty());

  /** Copies the labels and checks the page size. */
  public JobQuery {
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    Objects.requireNonNull(pageSize, "pageSize");
    pageSize.ifPresent(size -> Checks.atLeast("pageSize", size, 1));
  }

  /**
   * Returns the query for all jobs.
   *
   * @return the query
   */
  public static JobQuery all() {
    return ALL;
  }

  /**
   * Returns the query for jobs that carry a label.
   *
   * @param key the label key
   * @param value the label value
   * @return the query
   */
  public static JobQuery withLabel(String key, String value) {
    return new JobQuery(Map.of(key, value), OptionalInt.empty());
  }

  /**
   * Returns this query with one more label to match.
   *
   * @param key the label key
   * @param value the label value
   * @return the new query
   */
  public JobQuery andLabel(String key, String value) {
    Map<String, String> more = new LinkedHashMap<>(labels);
    more.put(Checks.notBlank("key", key), Objects.requireNonNull(value, "value"));
    return new JobQuery(more, pageSize);
  }

  /**
   * Returns this query with a page size.
   *
   * @param size at least 1
   * @return the new query
   */
  public JobQuery pageSize(int size) {
    return new JobQuery(labels, OptionalInt.of(size));
  }
}
