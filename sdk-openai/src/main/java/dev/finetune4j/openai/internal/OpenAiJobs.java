package dev.finetune4j.openai.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.Page;
import dev.finetune4j.Paged;
import dev.finetune4j.spi.http.ApiRequest;
import dev.finetune4j.spi.http.HttpTransport;
import dev.finetune4j.spi.http.JsonStream;
import dev.finetune4j.spi.http.Pagination;
import dev.finetune4j.spi.http.internal.Lookups;
import dev.finetune4j.job.Checkpoint;
import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobEvent;
import dev.finetune4j.job.JobQuery;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.Jobs;
import dev.finetune4j.openai.OpenAiDialect;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fine-tuning jobs over {@code /fine_tuning/jobs}, in any {@link OpenAiDialect}. Creation is exactly-once: the
 * idempotency key goes into the job's metadata under {@value JobWire#IDEMPOTENCY_KEY}, and before any retry the
 * transport looks for a job carrying it and returns the one found instead of sending the create again. Where the
 * service filters the list by metadata that lookup is one query; where it does not, the list is read newest first,
 * page by page, up to the dialect's bound, and filtered here. Not API: use {@code OpenAi.jobs()}.
 */
public final class OpenAiJobs implements Jobs {
  private static final Logger LOG = LoggerFactory.getLogger(OpenAiJobs.class);
  private static final int EVENT_PAGE = 100;
  /** The size of the first page {@link #eventsAfter} asks for; it doubles while a page is all new. */
  private static final int FIRST_NEW_EVENTS_PAGE = 1;
  private static final int CHECKPOINT_PAGE = 100;
  private static final int LOOKUP_PAGE = 100;

  private final HttpTransport transport;
  private final OpenAiDialect dialect;

  /**
   * Creates the service.
   *
   * @param transport the service's transport
   * @param dialect the service's dialect
   */
  public OpenAiJobs(HttpTransport transport, OpenAiDialect dialect) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.dialect = Objects.requireNonNull(dialect, "dialect");
  }

  @Override
  public Job create(JobSpec spec) {
    Objects.requireNonNull(spec, "spec");
    String key = spec.idempotencyKey().orElseGet(() -> UUID.randomUUID().toString());
    JsonNode body = JobWire.createRequest(dialect, spec, key);
    if (spec.idempotencyKey().isPresent()) {
      Optional<JsonNode> existing = findCreatedBy(body, key);
      if (existing.isPresent()) {
        LOG.info("{} job {} already exists for idempotency key {}; not creating another", dialect.displayName(),
            existing.get().path("id").asText(), key);
        return JobWire.job(dialect, existing.get());
      }
    }
    return transport.call(ApiRequest.post("fine_tuning/jobs")
        .json(body)
        .retryGuard(() -> Lookups.settled(transport, "the job", () -> findCreatedBy(body, key)))
        .build(), json -> JobWire.job(dialect, json));
  }

  /** Builds the create request's body with its limit checks and drops it; the file ids are only copied into it. */
  @Override
  public void check(JobSpec spec) {
    JobWire.createRequest(dialect, Objects.requireNonNull(spec, "spec"), "check");
  }

  private Optional<JsonNode> findCreatedBy(JsonNode body, String key) {
    int pages = 0;
    Paged<JsonNode> candidates = Pagination.cursor(after -> {
      ApiRequest.Builder request = ApiRequest.get("fine_tuning/jobs");
      if (dialect.filtersJobsByMetadata()) {
        request.query("metadata[" + JobWire.IDEMPOTENCY_KEY + "]", key);
      }
      request.query("limit", dialect.filtersJobsByMetadata() ? 10 : LOOKUP_PAGE);
      after.ifPresent(a -> request.query("after", a));
      return transport.call(request.build(), json -> Wire.page(json, job -> job));
    });
    for (Page<JsonNode> page : candidates.pages()) {
      boolean filtered = true;
      for (JsonNode job : page.items()) {
        if (dialect.createdBy(job, body)) {
          return Optional.of(job);
        }
        filtered = false;
      }
      // a server that honours the filter answers only matching jobs; one that ignores it is read page by page
      if ((dialect.filtersJobsByMetadata() && filtered) || ++pages >= dialect.lookupPages()) {
        break;
      }
    }
    return Optional.empty();
  }

  private static boolean carries(JsonNode job, Map<String, String> labels) {
    JsonNode metadata = job.path("metadata");
    return labels.entrySet().stream().allMatch(e -> e.getValue().equals(metadata.path(e.getKey()).asText(null)));
  }

  /** The job list, filtered by metadata on the server where the dialect can, here otherwise. */
  private <T> Paged<T> jobs(Map<String, String> labels, Integer pageSize, Function<JsonNode, T> mapper) {
    return Pagination.cursor(after -> {
      ApiRequest.Builder request = ApiRequest.get("fine_tuning/jobs");
      if (dialect.filtersJobsByMetadata()) {
        labels.forEach((k, v) -> request.query("metadata[" + k + "]", v));
      }
      if (pageSize != null) {
        request.query("limit", pageSize);
      }
      after.ifPresent(a -> request.query("after", a));
      return transport.call(request.build(), json -> {
        Page<JsonNode> page = Wire.page(json, job -> job);
        return new Page<>(page.items().stream()
            .filter(job -> carries(job, labels)) // also where the server should have filtered but did not
            .map(mapper)
            .toList(), page.nextCursor());
      });
    });
  }

  @Override
  public Job retrieve(String jobId) {
    return transport.call(ApiRequest.get(jobPath(jobId)).build(), json -> JobWire.job(dialect, json));
  }

  @Override
  public Paged<Job> list(JobQuery query) {
    Objects.requireNonNull(query, "query");
    return jobs(query.labels(), query.pageSize().isPresent() ? query.pageSize().getAsInt() : null, json -> JobWire.job(dialect, json));
  }

  @Override
  public Job cancel(String jobId) {
    return transport.call(ApiRequest.post(jobPath(jobId) + "/cancel").build(), json -> JobWire.job(dialect, json));
  }

  @Override
  public Job pause(String jobId) {
    return transport.call(ApiRequest.post(jobPath(jobId) + "/pause").build(), json -> JobWire.job(dialect, json));
  }

  @Override
  public Job resume(String jobId) {
    return transport.call(ApiRequest.post(jobPath(jobId) + "/resume").build(), json -> JobWire.job(dialect, json));
  }

  @Override
  public List<JobEvent> events(String jobId) {
    List<JobEvent> newestFirst = new ArrayList<>();
    eventPages(jobId).forEach(page -> newestFirst.addAll(page.items()));
    Collections.reverse(newestFirst);
    return List.copyOf(newestFirst);
  }

  /**
   * Reads events newest first until it meets the given event, and returns the newer ones oldest first. The list has
   * no cursor for "newer than", so the first page asks for one event and each next page for twice as many (up to
   * 100) while a page is all new: a poll that finds nothing new transfers only the event it already had, and one
   * that finds n new events transfers at most n older ones again. Events from the given one on are not mapped. If
   * the event is never met (it is older than the whole history, or unknown) every event is returned.
   */
  @Override
  public List<JobEvent> eventsAfter(String jobId, String eventId) {
    Objects.requireNonNull(eventId, "eventId");
    String path = jobPath(jobId) + "/events";
    List<JobEvent> newer = new ArrayList<>();
    Optional<String> after = Optional.empty();
    for (int limit = FIRST_NEW_EVENTS_PAGE; ; limit = Math.min(2 * limit, EVENT_PAGE)) {
      Page<JobEvent> page = transport.callStreaming(eventsRequest(path, limit, after), eventPage(eventId));
      newer.addAll(page.items());
      if (page.nextCursor().isEmpty() || page.nextCursor().equals(after)) {
        break; // the event was met, the history ended, or a server sends the same page again
      }
      after = page.nextCursor();
    }
    Collections.reverse(newer);
    return List.copyOf(newer);
  }

  private static ApiRequest eventsRequest(String path, int limit, Optional<String> after) {
    ApiRequest.Builder request = ApiRequest.get(path).query("limit", limit);
    after.ifPresent(a -> request.query("after", a));
    return request.build();
  }

  private Iterable<Page<JobEvent>> eventPages(String jobId) {
    String path = jobPath(jobId) + "/events";
    return Pagination.cursor(after -> transport.callStreaming(eventsRequest(path, EVENT_PAGE, after), eventPage(null)))
        .pages();
  }

  /** Reads a page of events, streamed: the list is read every poll, so no tree is built for it. */
  private static JsonStream.Reader<Page<JobEvent>> eventPage(String stopId) {
    return json -> Wire.pageUntil(json, JobWire::event, JobEvent::id, stopId);
  }

  @Override
  public List<Checkpoint> checkpoints(String jobId) {
    String path = jobPath(jobId) + "/checkpoints";
    List<Checkpoint> all = Pagination.<Checkpoint>cursor(after -> {
      ApiRequest.Builder request = ApiRequest.get(path).query("limit", CHECKPOINT_PAGE);
      after.ifPresent(a -> request.query("after", a));
      return transport.call(request.build(), json -> Wire.page(json, JobWire::checkpoint));
    }).toList();
    List<Checkpoint> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparingLong(Checkpoint::step).thenComparing(Checkpoint::createdAt));
    return List.copyOf(sorted);
  }

  private static String jobPath(String jobId) {
    Objects.requireNonNull(jobId, "jobId");
    if (jobId.isBlank()) {
      throw new IllegalArgumentException("jobId must not be blank");
    }
    return "fine_tuning/jobs/" + HttpTransport.encode(jobId);
  }
}
