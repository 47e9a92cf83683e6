package dev.finetune4j.openai.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.Page;
import dev.finetune4j.Paged;
import dev.finetune4j.spi.http.ApiRequest;
import dev.finetune4j.spi.http.HttpTransport;
import dev.finetune4j.spi.http.Pagination;
import dev.finetune4j.job.Checkpoint;
import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobEvent;
import dev.finetune4j.job.JobQuery;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.Jobs;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fine-tuning jobs over {@code /fine_tuning/jobs}. Creation is exactly-once: the idempotency key goes into the job's
 * metadata under {@value JobWire#IDEMPOTENCY_KEY}, and before any retry the transport lists jobs with that metadata
 * and returns the one found instead of sending the create again. Not API: use {@code OpenAi.jobs()}.
 */
public final class OpenAiJobs implements Jobs {
  private static final Logger LOG = LoggerFactory.getLogger(OpenAiJobs.class);
  private static final int EVENT_PAGE = 100;
  private static final int CHECKPOINT_PAGE = 100;

  private final HttpTransport transport;

  /**
   * Creates the service.
   *
   * @param transport the OpenAI transport
   */
  public OpenAiJobs(HttpTransport transport) {
    this.transport = transport;
  }

  @Override
  public Job create(JobSpec spec) {
    Objects.requireNonNull(spec, "spec");
    String key = spec.idempotencyKey().orElseGet(() -> UUID.randomUUID().toString());
    JsonNode body = JobWire.createRequest(spec, key);
    if (spec.idempotencyKey().isPresent()) {
      Optional<JsonNode> existing = findByIdempotencyKey(key);
      if (existing.isPresent()) {
        LOG.info("OpenAI job {} already exists for idempotency key {}; not creating another",
            existing.get().path("id").asText(), key);
        return JobWire.job(existing.get());
      }
    }
    JsonNode job = transport.json(ApiRequest.post("fine_tuning/jobs")
        .json(body)
        .retryGuard(() -> findByIdempotencyKey(key))
        .build());
    return JobWire.job(job);
  }

  private Optional<JsonNode> findByIdempotencyKey(String key) {
    JsonNode list = transport.json(ApiRequest.get("fine_tuning/jobs")
        .query("metadata[" + JobWire.IDEMPOTENCY_KEY + "]", key)
        .query("limit", 10)
        .build());
    for (JsonNode job : list.path("data")) {
      if (key.equals(job.path("metadata").path(JobWire.IDEMPOTENCY_KEY).asText(null))) {
        return Optional.of(job);
      }
    }
    return Optional.empty();
  }

  @Override
  public Job retrieve(String jobId) {
    return JobWire.job(transport.json(ApiRequest.get(jobPath(jobId)).build()));
  }

  @Override
  public Paged<Job> list(JobQuery query) {
    Objects.requireNonNull(query, "query");
    return Pagination.cursor(after -> {
      ApiRequest.Builder request = ApiRequest.get("fine_tuning/jobs");
      query.labels().forEach((k, v) -> request.query("metadata[" + k + "]", v));
      query.pageSize().ifPresent(size -> request.query("limit", size));
      after.ifPresent(a -> request.query("after", a));
      return Wire.page(transport.json(request.build()), JobWire::job);
    });
  }

  @Override
  public Job cancel(String jobId) {
    return JobWire.job(transport.json(ApiRequest.post(jobPath(jobId) + "/cancel").build()));
  }

  @Override
  public Job pause(String jobId) {
    return JobWire.job(transport.json(ApiRequest.post(jobPath(jobId) + "/pause").build()));
  }

  @Override
  public Job resume(String jobId) {
    return JobWire.job(transport.json(ApiRequest.post(jobPath(jobId) + "/resume").build()));
  }

  @Override
  public List<JobEvent> events(String jobId) {
    List<JobEvent> newestFirst = new ArrayList<>();
    eventPages(jobId).forEach(page -> newestFirst.addAll(page.items()));
    Collections.reverse(newestFirst);
    return List.copyOf(newestFirst);
  }

  /**
   * Reads events newest first, page by page, until it meets the given event, and returns the newer ones oldest
   * first. If the event is never met (it is older than the whole history, or unknown) every event is returned.
   */
  @Override
  public List<JobEvent> eventsAfter(String jobId, String eventId) {
    Objects.requireNonNull(eventId, "eventId");
    List<JobEvent> newer = new ArrayList<>();
    outer:
    for (Page<JobEvent> page : eventPages(jobId)) {
      for (JobEvent event : page.items()) {
        if (event.id().equals(eventId)) {
          break outer;
        }
        newer.add(event);
      }
    }
    Collections.reverse(newer);
    return List.copyOf(newer);
  }

  private Iterable<Page<JobEvent>> eventPages(String jobId) {
    String path = jobPath(jobId) + "/events";
    return Pagination.cursor(after -> {
      ApiRequest.Builder request = ApiRequest.get(path).query("limit", EVENT_PAGE);
      after.ifPresent(a -> request.query("after", a));
      return Wire.page(transport.json(request.build()), JobWire::event);
    }).pages();
  }

  @Override
  public List<Checkpoint> checkpoints(String jobId) {
    String path = jobPath(jobId) + "/checkpoints";
    List<Checkpoint> all = Pagination.<Checkpoint>cursor(after -> {
      ApiRequest.Builder request = ApiRequest.get(path).query("limit", CHECKPOINT_PAGE);
      after.ifPresent(a -> request.query("after", a));
      return Wire.page(transport.json(request.build()), JobWire::checkpoint);
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
