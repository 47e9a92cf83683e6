package dev.finetune4j.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.Capability;
import dev.finetune4j.Page;
import dev.finetune4j.Paged;
import dev.finetune4j.RawJson;
import dev.finetune4j.Sleeper;
import dev.finetune4j.error.FineTuningException;
import dev.finetune4j.error.LocalValidationException;
import dev.finetune4j.error.UnsupportedCapabilityException;
import dev.finetune4j.spi.http.ApiRequest;
import dev.finetune4j.spi.http.ApiResponse;
import dev.finetune4j.spi.http.HttpTransport;
import dev.finetune4j.spi.http.Json;
import dev.finetune4j.spi.http.Pagination;
import dev.finetune4j.spi.http.StreamedResponse;
import dev.finetune4j.spi.http.internal.Lookups;
import dev.finetune4j.error.WaitTimeoutException;
import dev.finetune4j.huggingface.internal.JobWire;
import dev.finetune4j.huggingface.internal.Links;
import dev.finetune4j.huggingface.internal.SseLogReader;
import dev.finetune4j.huggingface.internal.TrainingLogParser;
import dev.finetune4j.huggingface.internal.TrainingPlan;
import dev.finetune4j.huggingface.internal.TrlCommand;
import dev.finetune4j.huggingface.internal.UnslothScript;
import dev.finetune4j.job.Checkpoint;
import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobEvent;
import dev.finetune4j.job.JobQuery;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.Jobs;
import dev.finetune4j.wait.Acceptor;
import dev.finetune4j.wait.Backoff;
import dev.finetune4j.wait.WaitSettings;
import dev.finetune4j.wait.Waiter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fine-tuning on Hugging Face Jobs: each job is a container running {@code trl sft|dpo} (the
 * {@code huggingface/trl} image) or a generated Unsloth script (the uv image), which pushes the trained model to a
 * private model repository of the namespace. Events and metrics come from the job's log stream.
 *
 * <p>Job ids are the Jobs API's ids in the client's namespace; {@code namespace/id} addresses a job of another
 * namespace (an organisation, say).
 *
 * <p>Events are the lines of the job's log, with ids that are their positions in it ({@code "0"}, {@code "1"}...),
 * so that the replay every new connection to the log stream brings gives the same ids. Lines with TRL's metric dicts
 * carry {@link dev.finetune4j.job.TrainingMetrics}: the Trainer prints no step number, so the n-th dict with a
 * {@code loss} is step {@code n * logging_steps}, and evaluation dicts and the final {@code train_runtime} summary
 * belong to the last step logged. tqdm progress bars make no event.
 *
 * <p>A job's {@code fineTunedModel()} is the model repository it pushes to ({@code --hub_model_id}), once it has
 * completed. Stages map to neutral statuses: SCHEDULING queued; RUNNING and UPDATING running; COMPLETED succeeded;
 * ERROR failed; CANCELED and DELETED cancelled; others are kept as they are.
 *
 * <p>Exactly-once creation: every job carries the label {@code finetune4j-key} with the spec's idempotency key (a
 * random one when unset); before a retry the jobs with that label are listed, and a match is returned instead of
 * starting a second job. Pausing, resuming and checkpoints are not offered by Hugging Face and throw
 * {@link UnsupportedCapabilityException}.
 */
public final class HuggingFaceJobs implements Jobs {
  /** The private dataset repository, in the caller's namespace, that holds generated Unsloth scripts. */
  static final String SCRIPTS_REPOSITORY = "finetune4j-scripts";
  private static final Logger LOG = LoggerFactory.getLogger(HuggingFaceJobs.class);
  static final String TRL_IMAGE = "huggingface/trl";
  static final String UV_IMAGE = "ghcr.io/astral-sh/uv:python3.12-bookworm";
  private static final Set<String> LIVE_STAGES = Set.of("SCHEDULING", "RUNNING", "UPDATING");
  private static final Backoff RECONNECT = Backoff.fixed(Duration.ofSeconds(5));

  private final HttpTransport transport;
  private final Supplier<String> namespace;
  private final String token;
  private final Hub hub;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Duration followReadTimeout;
  private final Duration snapshotReadTimeout;
  private static final int SNAPSHOT_DEADLINE_FACTOR = 6;
  /** The logging interval of each job whose events were read: it never changes, so it is asked for once. */
  private final Map<String, Integer> loggingStepsByJob = new java.util.concurrent.ConcurrentHashMap<>();

  HuggingFaceJobs(HttpTransport transport, Supplier<String> namespace, String token, Hub hub, Clock clock,
      Sleeper sleeper, Duration followReadTimeout, Duration snapshotReadTimeout) {
    this.transport = transport;
    this.namespace = namespace;
    this.token = token;
    this.hub = hub;
    this.clock = clock;
    this.sleeper = sleeper;
    this.followReadTimeout = followReadTimeout;
    this.snapshotReadTimeout = snapshotReadTimeout;
  }

  /**
   * Returns the command a spec runs as with the TRL trainer, for inspection or to run it elsewhere. A LoRA job
   * (the default) does not push the adapter itself: vLLM and TGI on an Inference Endpoint serve full models, so its
   * command is a shell that runs {@code trl} and then merges the adapter into the base model with PEFT and pushes
   * the merged model ({@code ["sh", "-c", "\"$0\" \"$@\" && python -c '...' ...", "trl", "sft", ...]}).
   *
   * @param spec the spec
   * @return {@code ["trl", "sft", "--model_name_or_path", ...]}, or for LoRA {@code ["sh", "-c", ..., "trl",
   *     "sft", ...]}
   */
  public List<String> trlCommand(JobSpec spec) {
    return TrlCommand.job(TrainingPlan.of(spec, namespace.get(), HuggingFace.PROVIDER, clock));
  }

  /**
   * Returns the Unsloth script a spec runs as with the Unsloth trainer.
   *
   * @param spec the spec
   * @return the Python source with its PEP 723 header
   */
  public String unslothScript(JobSpec spec) {
    return UnslothScript.render(TrainingPlan.of(spec, namespace.get(), HuggingFace.PROVIDER, clock));
  }

  @Override
  public Job create(JobSpec spec) {
    String ns = namespace.get();
    TrainingPlan plan = plan(spec, ns);
    if (plan.training().local()) {
      throw new LocalValidationException("a Hugging Face job cannot read a local file", List.of(
          spec.trainingFile() + " is on this machine; upload it with datasets().upload(...) first"));
    }
    String key = spec.idempotencyKey().orElseGet(() -> UUID.randomUUID().toString());
    Optional<JsonNode> earlier = spec.idempotencyKey().isPresent() ? findByKey(ns, key) : Optional.empty();
    if (earlier.isPresent()) {
      LOG.info("huggingface: a job with idempotency key {} exists already, returning it", key);
      return JobWire.toJob(earlier.get(), HuggingFace.PROVIDER);
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put(JobWire.ENV_BASE_MODEL, plan.baseModel());
    env.put(JobWire.ENV_OUTPUT_MODEL, plan.hubModelId());
    env.put(JobWire.ENV_TRAINING_FILE, spec.trainingFile());
    spec.validationFile().ifPresent(v -> env.put(JobWire.ENV_VALIDATION_FILE, v));
    env.put(JobWire.ENV_LOGGING_STEPS, Integer.toString(plan.options().loggingSteps()));
    String image;
    List<String> command;
    if (plan.options().trainer() == Trainer.UNSLOTH) {
      String url = commitScript(plan, key);
      env.putAll(UnslothScript.environment(plan));
      image = UV_IMAGE;
      // uv authenticates huggingface.co downloads with the HF_TOKEN secret, so the private script can be fetched
      command = List.of("uv", "run", url);
    } else {
      image = plan.options().imageTag().map(t -> TRL_IMAGE + ":" + t).orElse(TRL_IMAGE);
      command = TrlCommand.job(plan);
    }
    Map<String, String> labels = new LinkedHashMap<>(spec.labels());
    labels.put(JobWire.KEY_LABEL, key);
    ObjectNode body = JobWire.createBody(image, command, env, Map.of("HF_TOKEN", token), plan.options().flavor(),
        plan.timeout().toSeconds(), labels);
    Job job = transport.call(ApiRequest.post("/api/jobs/" + HttpTransport.encode(ns)).json(body)
        .retryGuard(() -> Lookups.settled(transport, "the job", () -> findByKey(ns, key))).build(),
        json -> JobWire.toJob(json, HuggingFace.PROVIDER));
    LOG.info("huggingface: started job {} ({} {} on {})", job.id(), plan.command(), plan.baseModel(),
        plan.options().flavor());
    return job;
  }

  /** The checks of {@link #create(JobSpec)} but the data's; nothing is sent, not even to learn the namespace. */
  @Override
  public void check(JobSpec spec) {
    plan(TrainingPlan.withPlaceholderData(spec), TrainingPlan.PLACEHOLDER_NAMESPACE);
  }

  private TrainingPlan plan(JobSpec spec, String ns) {
    TrainingPlan plan = TrainingPlan.of(spec, ns, HuggingFace.PROVIDER, clock);
    if (!plan.options().pushToHub()) {
      throw new LocalValidationException("a Hugging Face job must push its model to the Hub", List.of(
          "the job's container is discarded when it ends; pushToHub(false) is for LocalTraining only"));
    }
    return plan;
  }

  /**
   * Commits the script to a private dataset repository of the caller's namespace ({@code <ns>/finetune4j-scripts},
   * made on first use, like the {@code hf-cli-jobs-uv-run-scripts} repository of {@code hf jobs uv run}); never to
   * the training data's repository, which may be a public dataset the caller cannot write to.
   */
  private String commitScript(TrainingPlan plan, String key) {
    RepoId repo = RepoId.dataset(namespace.get() + "/" + SCRIPTS_REPOSITORY);
    hub.createRepository(repo, true);
    String path = "scripts/finetune4j-unsloth-" + key.replaceAll("[^A-Za-z0-9._-]", "-") + ".py";
    try {
      Path file = Files.createTempFile("finetune4j-unsloth", ".py");
      try {
        Files.writeString(file, UnslothScript.render(plan), StandardCharsets.UTF_8);
        CommitResult commit = hub.commit(repo, "main", "Add Unsloth training script",
            List.of(new CommitFile(path, file)));
        return hub.resolveUrl(repo, commit.commitOid(), path);
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new FineTuningException("huggingface: cannot write the Unsloth script: " + e.getMessage(), e);
    }
  }

  private Optional<JsonNode> findByKey(String ns, String key) {
    ApiResponse response = transport.execute(ApiRequest.get("/api/jobs/" + HttpTransport.encode(ns))
        .query("label", JobWire.KEY_LABEL + "=" + key).build());
    for (JsonNode job : response.read(HuggingFaceJobs::items)) {
      if (key.equals(job.path("labels").path(JobWire.KEY_LABEL).asText(null))) {
        return Optional.of(job);
      }
    }
    return Optional.empty();
  }

  @Override
  public Job retrieve(String jobId) {
    return JobWire.toJob(inspect(jobId), HuggingFace.PROVIDER);
  }

  private JsonNode inspect(String jobId) {
    return transport.call(ApiRequest.get(jobPath(jobId)).build(), json -> {
      if (!json.isObject()) {
        throw new IllegalArgumentException("expected a job object, got " + json.getNodeType().toString()
            .toLowerCase(java.util.Locale.ROOT));
      }
      JobWire.toJob(json, HuggingFace.PROVIDER); // whatever it cannot read fails here, typed
      return json;
    });
  }

  @Override
  public Paged<Job> list(JobQuery query) {
    String ns = namespace.get();
    return Pagination.cursor(cursor -> {
      ApiRequest.Builder request;
      if (cursor.isPresent()) {
        request = ApiRequest.get(cursor.get());
      } else {
        request = ApiRequest.get("/api/jobs/" + HttpTransport.encode(ns));
        query.labels().forEach((k, v) -> request.query("label", k + "=" + v));
      }
      ApiResponse response = transport.execute(request.build());
      List<Job> jobs = new ArrayList<>();
      for (JsonNode job : response.read(HuggingFaceJobs::items)) {
        boolean matches = query.labels().entrySet().stream()
            .allMatch(e -> e.getValue().equals(job.path("labels").path(e.getKey()).asText(null)));
        if (matches) {
          jobs.add(JobWire.toJob(job, HuggingFace.PROVIDER));
        }
      }
      return new Page<>(jobs, Links.next(response.header("Link")));
    });
  }

  private static Iterable<JsonNode> items(JsonNode json) {
    if (json.isArray()) {
      return json;
    }
    JsonNode jobs = json.path("jobs");
    if (!jobs.isArray()) {
      // an answer that is not a list is not "no jobs": a retried create would make a second job
      throw new IllegalArgumentException("expected a list of jobs, got " + json.getNodeType().toString()
          .toLowerCase(java.util.Locale.ROOT));
    }
    return jobs;
  }

  @Override
  public Job cancel(String jobId) {
    transport.execute(ApiRequest.post(jobPath(jobId) + "/cancel").build());
    return retrieve(jobId);
  }

  @Override
  public Job pause(String jobId) {
    throw new UnsupportedCapabilityException(HuggingFace.PROVIDER, Capability.PAUSE_RESUME_JOB);
  }

  @Override
  public Job resume(String jobId) {
    throw new UnsupportedCapabilityException(HuggingFace.PROVIDER, Capability.PAUSE_RESUME_JOB);
  }

  /**
   * Reads the job's log as it is now (the stream is read until it ends, is silent for the snapshot read timeout, or
   * has been read for six times that, keep-alives or not) and returns its events, oldest first; metric lines carry {@link dev.finetune4j.job.TrainingMetrics}.
   *
   * @param jobId the job
   * @return the events
   */
  @Override
  public List<JobEvent> events(String jobId) {
    int loggingSteps = loggingStepsByJob.computeIfAbsent(jobId, id -> JobWire.loggingSteps(inspect(id)));
    List<JobEvent> events = new ArrayList<>();
    TrainingLogParser parser = new TrainingLogParser(loggingSteps);
    // keep-alives reset the read timeout, so the snapshot as a whole has a deadline too
    try (StreamedResponse response = transport.stream(ApiRequest.get(jobPath(jobId) + "/logs")
        .readTimeout(snapshotReadTimeout).timeout(snapshotReadTimeout.multipliedBy(SNAPSHOT_DEADLINE_FACTOR))
        .build())) {
      SseLogReader.read(response.body(), clock::instant,
          (index, line, at) -> parser.accept(index, line, at).ifPresent(events::add));
    } catch (IOException e) {
      LOG.debug("huggingface: log snapshot of job {} ended: {}", jobId, e.toString());
    }
    return events;
  }

  /**
   * Returns the events after the given one. The log stream always starts from the beginning, so this reads it
   * whole and drops the events up to {@code eventId} (ids are line positions).
   *
   * @param jobId the job
   * @param eventId the last event seen
   * @return the newer events, oldest first
   */
  @Override
  public List<JobEvent> eventsAfter(String jobId, String eventId) {
    long after = position(eventId);
    return events(jobId).stream().filter(e -> position(e.id()) > after).toList();
  }

  /**
   * Follows a job's log until the job ends, waiting at most 24 hours; see
   * {@link #followLogs(String, Consumer, Duration)}.
   *
   * @param jobId the job
   * @param consumer receives each event
   * @return the job as it was when the follow ended
   * @throws WaitTimeoutException if the job is still live after 24 hours; it keeps running
   */
  public Job followLogs(String jobId, Consumer<JobEvent> consumer) {
    return followLogs(jobId, consumer, WaitSettings.DEFAULT_TIMEOUT);
  }

  /**
   * Follows a job's log until the job ends: each new event goes to the consumer once, in order. When the stream
   * is silent for the follow read timeout or drops, the job is inspected: the follow ends once it is no longer
   * scheduling, running or updating, else the stream is opened again 5 seconds later and the lines it replays are
   * skipped. A connection or inspection that fails with a network failure, a server error or throttling is tried
   * again the same way.
   *
   * @param jobId the job
   * @param consumer receives each event
   * @param timeout how long to follow at most, measured on the client's clock; checked between connections, so an
   *     open stream can outlast it by up to the follow read timeout
   * @return the job as it was when the follow ended
   * @throws WaitTimeoutException if the job is still live when the timeout runs out; it keeps running
   * @throws dev.finetune4j.wait.WaitInterruptedException if the thread is interrupted
   */
  public Job followLogs(String jobId, Consumer<JobEvent> consumer, Duration timeout) {
    Objects.requireNonNull(consumer, "consumer");
    TrainingLogParser parser = new TrainingLogParser(JobWire.loggingSteps(inspect(jobId)));
    long[] seen = {-1};
    return Waiter.builder(() -> followOnce(jobId, parser, seen, consumer))
        .waitingFor("huggingface job " + jobId + " to end")
        .acceptor(Acceptor.successWhen(job -> !LIVE_STAGES.contains(job.providerStatus())))
        .describe(job -> "still " + job.providerStatus())
        .settings(WaitSettings.builder().timeout(timeout).backoff(RECONNECT).clock(clock).sleeper(sleeper).build())
        .build()
        .run();
  }

  /** Reads the log stream once, passing on the lines after {@code seen[0]}; then returns the job as it is now. */
  private Job followOnce(String jobId, TrainingLogParser parser, long[] seen, Consumer<JobEvent> consumer) {
    try (StreamedResponse response = transport.stream(ApiRequest.get(jobPath(jobId) + "/logs")
        .readTimeout(followReadTimeout).build())) {
      SseLogReader.read(response.body(), clock::instant, (index, line, at) -> {
        if (index > seen[0]) {
          seen[0] = index;
          parser.accept(index, line, at).ifPresent(consumer);
        }
      });
    } catch (IOException e) {
      LOG.debug("huggingface: log stream of job {} stopped ({}), inspecting the job", jobId, e.toString());
    }
    return JobWire.toJob(inspect(jobId), HuggingFace.PROVIDER);
  }

  /**
   * Not offered: TRL saves checkpoints inside the container and pushes only the final model.
   *
   * @param jobId the job
   * @return never
   * @throws UnsupportedCapabilityException always
   */
  @Override
  public List<Checkpoint> checkpoints(String jobId) {
    throw new UnsupportedCapabilityException(HuggingFace.PROVIDER, Capability.CHECKPOINTS);
  }

  /**
   * Lists the hardware Jobs can run on, with prices.
   *
   * @return the Hub's JSON array of flavors ({@code name}, {@code prettyName}, {@code accelerator},
   *     {@code unitCostUSD}...)
   */
  public RawJson hardware() {
    return Json.raw(transport.json(ApiRequest.get("/api/jobs/hardware").build()));
  }

  private String jobPath(String jobId) {
    if (jobId == null || jobId.isBlank()) {
      throw new IllegalArgumentException("jobId must not be blank");
    }
    int slash = jobId.indexOf('/');
    String ns = slash > 0 ? jobId.substring(0, slash) : namespace.get();
    String id = slash > 0 ? jobId.substring(slash + 1) : jobId;
    return "/api/jobs/" + HttpTransport.encode(ns) + "/" + HttpTransport.encode(id);
  }

  private static long position(String eventId) {
    try {
      return Long.parseLong(eventId);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + eventId + "' is not an event id of a Hugging Face job (a line"
          + " position)", e);
    }
  }
}
