package dev.finetune4j.testkit.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.testkit.Emulator;
import dev.finetune4j.testkit.ReceivedRequest;
import dev.finetune4j.testkit.VirtualClock;
import dev.finetune4j.testkit.internal.Checks;
import dev.finetune4j.testkit.internal.Ids;
import dev.finetune4j.testkit.internal.Json;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import mockwebserver3.MockResponse;

/**
 * An in-process, stateful emulator of the Hugging Face APIs a fine-tuning workflow uses, all on one port: the Hub
 * (accounts, model and dataset repositories, the commit API with Git LFS uploads, tree listings and downloads), Hugging
 * Face Jobs (create, list, inspect, cancel, and the log stream as server-sent events with TRL's training output),
 * Inference Endpoints (create, update, pause, resume, scale to zero) with an OpenAI-compatible chat route per
 * endpoint, and the Inference Providers router. Paths, bodies, headers, status values and error shapes follow the
 * real services, so a Hugging Face client pointed at this emulator works unchanged.
 *
 * <p>What a client is configured with:
 *
 * <ul>
 *   <li>Hub and Jobs: {@link #hubUrl()} (for {@code https://huggingface.co}); Jobs live under
 *       {@code {hubUrl}/api/jobs}.</li>
 *   <li>Inference Endpoints management: {@link #endpointsUrl()} (for
 *       {@code https://api.endpoints.huggingface.cloud/v2}).</li>
 *   <li>Inference Providers router: {@link #routerUrl()} (for {@code https://router.huggingface.co}); chat is
 *       {@code {routerUrl}/v1/chat/completions}.</li>
 *   <li>Each running endpoint's {@code status.url} points back at this emulator
 *       ({@code {hubUrl}/endpoints/{namespace}/{name}}); chat is {@code {url}/v1/chat/completions}.</li>
 *   <li>Every request carries {@code Authorization: Bearer <token>} with {@link #token()} (default
 *       {@link #DEFAULT_TOKEN}), except the presigned LFS upload URLs the batch API hands out, which must be called
 *       without it.</li>
 * </ul>
 *
 * <p>Jobs and endpoints progress by the emulator's {@link VirtualClock}: by default it follows the wall clock and the
 * simulated work runs {@link VirtualClock#DEFAULT_SPEED} times faster; a {@link VirtualClock#manual() manual} clock
 * moves only when the test advances it. A job created with {@code huggingface/trl} and {@code trl sft ...} goes
 * {@code SCHEDULING -> RUNNING -> COMPLETED} within a few virtual minutes, prints TRL-style log lines as time passes,
 * and on completion with {@code --push_to_hub --hub_model_id X} creates the private model repository {@code X}. An
 * endpoint serving that model answers chat requests with the assistant reply of the most similar training example.
 *
 * <pre>{@code
 * try (HuggingFaceEmulator hf = HuggingFaceEmulator.create().start()) {
 *   // point the client at hf.hubUrl() / hf.endpointsUrl() with token HuggingFaceEmulator.DEFAULT_TOKEN
 *   ...
 *   hf.clock().advance(Duration.ofMinutes(10));   // the job has completed
 * }
 * }</pre>
 *
 * <p>How the emulated services behave, beyond the wire formats:
 *
 * <ul>
 *   <li><b>Hub.</b> Repositories have a linear history on {@code main}; a revision is {@code main} or a commit id
 *       (full or at least 7 characters). An unknown or invisible repository answers 401 with
 *       {@code X-Error-Code: RepoNotFound}, as the Hub does; unknown revisions and files answer 404
 *       {@code RevisionNotFound} / {@code EntryNotFound}. Preupload answers {@code lfs} above
 *       {@link Builder#lfsThreshold(long)}, for a binary sample (a NUL byte) or an LFS extension such as
 *       {@code .safetensors}; a commit rejects regular files above the threshold or with binary content, and
 *       {@code lfsFile} lines whose object was not uploaded to that repository. The LFS batch API hands out
 *       presigned-looking upload URLs on this emulator that must be called without the Hub token (403 otherwise),
 *       and multipart uploads above {@link Builder#multipart(long, long)}. LFS files download through a 302 to a
 *       storage URL on this emulator.</li>
 *   <li><b>Jobs.</b> A job is {@code SCHEDULING} for 15 virtual seconds, then {@code RUNNING}. Its command (plus
 *       arguments) must run a known trainer: {@code trl sft|dpo|kto|grpo|rloo|reward}, or a Python script started
 *       with {@code uv run} or {@code python}; anything else ends in {@code ERROR} (exit code 127). The trainer reads
 *       {@code --dataset_name ns/repo} (a dataset repository on this Hub, optionally {@code @revision} or
 *       {@code --dataset_revision}; a script may take any flag from the environment instead, such as
 *       {@code DATASET_NAME} or {@code MODEL_NAME_OR_PATH}); its split files are {@code train.jsonl},
 *       {@code train-*.jsonl} or {@code data/train*.jsonl} (and {@code test} likewise, needed when
 *       {@code --eval_strategy} is not {@code no}). A missing repository, revision or split, data without the
 *       columns the trainer needs (DPO: {@code chosen}/{@code rejected}), a private dataset without an
 *       {@code HF_TOKEN} secret or environment variable, or a run longer than {@code timeoutSeconds} ends in
 *       {@code ERROR} with a Python-style traceback in the log. Steps are {@code ceil(examples / (per_device_train_batch_size *
 *       gradient_accumulation_steps)) * num_train_epochs} (or {@code --max_steps}), at most 2,000, and a run takes
 *       at most about three virtual minutes plus setup. A metric dict is printed every {@code --logging_steps}
 *       steps; without that flag every 10 steps, or more often for short runs so that about five points appear.</li>
 *   <li><b>Logs.</b> {@code GET /api/jobs/{ns}/{id}/logs} (optionally {@code ?tail=N}) replays from the start on
 *       every connection, then follows the clock, with {@code : keep-alive} every 30 virtual seconds while the job
 *       has not ended; afterwards the stream stays open and silent unless
 *       {@link Builder#closeLogStreamAtEnd(boolean)} is set.</li>
 *   <li><b>Endpoints.</b> {@code pending} for 30 virtual seconds, {@code initializing} for 90, then
 *       {@code running}; an update is {@code updating} for 60. Chat answers 503 unless {@code running}; a request
 *       to a scaled-to-zero endpoint wakes it. A model pushed by a job answers with the assistant reply of the
 *       training example whose last user message shares the most words with the question; any other model (and the
 *       router, which refuses models pushed by jobs) gives a long generic answer. Usage counts one token per four
 *       characters, rounded up.</li>
 * </ul>
 *
 * <p>Every response carries an {@code X-Request-Id}, and Hub API responses the {@code RateLimit} headers. Faults
 * in the services' own shapes are in {@link HuggingFaceFaults}. Thread-safe.
 */
public final class HuggingFaceEmulator extends Emulator {

  /** The token an emulator accepts unless its builder says otherwise. */
  public static final String DEFAULT_TOKEN = "hf_test";

  /** The user name (and default namespace) unless the builder says otherwise. */
  public static final String DEFAULT_USER = "emulator-user";

  /** How the training log prints the numbers of TRL's metric dicts. */
  public enum MetricFormat {
    /** Recent transformers: numbers as quoted 4-significant-digit strings, {@code {'loss': '1.842', ...}}. */
    QUOTED,
    /** Older transformers: bare Python floats, {@code {'loss': 1.8423, ...}}. */
    BARE
  }

  private final Settings settings;
  private final Ids requestIds;
  private final Object lock = new Object();
  private final Hub hub;
  private final JobsApi jobs;
  private final EndpointsApi endpoints;
  private volatile boolean closed;

  private HuggingFaceEmulator(Builder builder) {
    super(builder.clock);
    this.settings = new Settings(builder.token, builder.user, List.copyOf(builder.organizations),
        builder.lfsThreshold, builder.multipartThreshold, builder.chunkSize, builder.pageSize, builder.metricFormat,
        builder.closeLogStreamAtEnd, builder.seed);
    this.requestIds = new Ids(builder.seed ^ 0x5EED);
    Ids ids = new Ids(builder.seed);
    this.hub = new Hub(settings, builder.clock, this::hubUrl, ids);
    this.jobs = new JobsApi(settings, builder.clock, this::hubUrl, ids, hub, lock, () -> closed);
    this.endpoints = new EndpointsApi(settings, builder.clock, this::hubUrl, hub, jobs);
  }

  /**
   * Returns an emulator with a running clock (work at {@link VirtualClock#DEFAULT_SPEED}), user {@link #DEFAULT_USER}
   * and token {@link #DEFAULT_TOKEN}. Call {@link #start()} before use.
   *
   * @return a new, not yet started emulator
   */
  public static HuggingFaceEmulator create() {
    return builder().build();
  }

  /**
   * Returns a builder for an emulator with a non-default clock, token, user, thresholds or log style.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public HuggingFaceEmulator start() {
    super.start();
    return this;
  }

  @Override
  public HuggingFaceEmulator start(int port) {
    super.start(port);
    return this;
  }

  /**
   * Returns the Hub's base URL, for {@code https://huggingface.co}; the Jobs API is under {@code /api/jobs} of it.
   *
   * @return the URL without trailing slash, such as {@code http://localhost:54321}
   */
  public String hubUrl() {
    return baseUrl();
  }

  /**
   * Returns the Inference Endpoints API's base URL, for {@code https://api.endpoints.huggingface.cloud/v2}.
   *
   * @return {@code {hubUrl}/endpoints-api/v2}
   */
  public String endpointsUrl() {
    return baseUrl() + "/endpoints-api/v2";
  }

  /**
   * Returns the Inference Providers router's base URL, for {@code https://router.huggingface.co}.
   *
   * @return {@code {hubUrl}/router}; chat is at {@code /v1/chat/completions} below it
   */
  public String routerUrl() {
    return baseUrl() + "/router";
  }

  /**
   * Returns the token requests must carry.
   *
   * @return the accepted token
   */
  public String token() {
    return settings.token();
  }

  /**
   * Returns the user name the token belongs to, which is also the default namespace.
   *
   * @return the user name
   */
  public String user() {
    return settings.user();
  }

  @Override
  public void close() {
    closed = true;
    super.close();
  }

  @Override
  protected String basePath() {
    return "/";
  }

  @Override
  protected void addCommonHeaders(MockResponse.Builder response, ReceivedRequest request) {
    response.setHeader("X-Request-Id", "Root=1-" + requestIds.nextHex("", 8) + "-" + requestIds.nextHex("", 24));
    if (response.getHeaders().get("RateLimit") == null) {
      if (request.path().startsWith("/api/")) {
        response.setHeader("RateLimit", "\"api\";r=2499;t=300");
        response.setHeader("RateLimit-Policy", "\"fixed window\";\"api\";q=2500;w=300");
      } else if (request.path().contains("/resolve/")) {
        response.setHeader("RateLimit", "\"resolvers\";r=11999;t=300");
        response.setHeader("RateLimit-Policy", "\"fixed window\";\"resolvers\";q=12000;w=300");
      }
    }
  }

  @Override
  protected MockResponse unexpectedFailure(ReceivedRequest request, RuntimeException failure) {
    return error(new HfError(500, null, "Internal Error - emulator failure: " + failure));
  }

  @Override
  protected MockResponse handle(ReceivedRequest request) {
    Reply reply;
    synchronized (lock) {
      try {
        jobs.sync();
        endpoints.sync();
        reply = route(request, segments(request.path()));
      } catch (HfError e) {
        return error(e);
      }
    }
    MockResponse.Builder builder = new MockResponse.Builder().code(reply.status);
    if (reply.stream != null) {
      // body(...) announces the stream's unknown length as "Content-Length: -1", which clients reject next to
      // chunked encoding: a stream carries only Transfer-Encoding
      builder.body(reply.stream).removeHeader("Content-Length").setHeader("Transfer-Encoding", "chunked")
          .setHeader("Cache-Control", "no-cache");
    } else if (reply.bytes != null) {
      Optional<String> range = request.header("Range");
      if (range.isPresent() && reply.status == 200 && request.method().equals("GET")) {
        return ranged(reply, range.get());
      }
      builder.body(new okio.Buffer().write(reply.bytes));
      if (reply.status == 200) {
        builder.setHeader("Accept-Ranges", "bytes");
      }
    } else {
        builder.body(Json.write(reply.json));
    }
    // After the body, so that a HEAD answer can announce the size of the body it leaves out.
    builder.setHeader("Content-Type", reply.contentType);
    reply.headers.forEach(builder::setHeader);
    return builder.build();
  }

  /** A file answer cut to one {@code bytes=} range: 206 with {@code Content-Range}, or 416 when out of bounds. */
  private static MockResponse ranged(Reply reply, String range) {
    long size = reply.bytes.length;
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("bytes=(\\d*)-(\\d*)").matcher(range.strip());
    long from;
    long to;
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      from = 0;
      to = size - 1;
    } else if (m.group(1).isEmpty()) {
      from = Math.max(0, size - Long.parseLong(m.group(2)));
      to = size - 1;
    } else {
      from = Long.parseLong(m.group(1));
      to = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
    }
    MockResponse.Builder builder = new MockResponse.Builder();
    if (from >= size || from > to) {
      builder.code(416).setHeader("Content-Range", "bytes */" + size).body("");
    } else {
      builder.code(206).body(new okio.Buffer().write(reply.bytes, (int) from, (int) (to - from + 1)))
          .setHeader("Content-Range", "bytes " + from + "-" + to + "/" + size);
    }
    builder.setHeader("Content-Type", reply.contentType).setHeader("Accept-Ranges", "bytes");
    reply.headers.forEach(builder::setHeader);
    return builder.build();
  }

  private static List<String> segments(String path) {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("/", -1));
  }

  private Reply route(ReceivedRequest request, List<String> s) {
    String method = request.method();
    // Presigned storage URLs: no Hub token (uploads reject one).
    if (s.size() == 2 && s.get(0).equals("lfs-upload") && method.equals("PUT")) {
      return hub.lfs.basicUpload(request, s.get(1));
    }
    if (s.size() == 3 && s.get(0).equals("lfs-multipart") && method.equals("PUT")) {
      return hub.lfs.partUpload(request, s.get(1), parseInt(s.get(2)));
    }
    if (s.size() == 2 && s.get(0).equals("lfs-cdn") && (method.equals("GET") || method.equals("HEAD"))) {
      return hub.lfs.cdn(s.get(1), method.equals("HEAD"));
    }
    if (s.size() == 2 && s.get(0).equals("api") && s.get(1).equals("complete_multipart") && method.equals("POST")) {
      return hub.lfs.completeMultipart(request.queryParameter("uploadId").orElse(null), Maps.parseObject(
          request.bodyBytes()));
    }
    hub.repos.anonymous = request.header("Authorization").isEmpty() && readsPublicData(request, s);
    if (!hub.repos.anonymous) {
      authenticate(request);
    }
    if (s.isEmpty()) {
      throw HfError.notFound("Not Found");
    }
    if (s.get(0).equals("api")) {
      return routeApi(request, s.subList(1, s.size()));
    }
    if (s.get(0).equals("endpoints-api")) {
      if (s.size() < 2 || !s.get(1).equals("v2")) {
        throw HfError.notFound("Not Found");
      }
      return endpoints.route(request, s.subList(2, s.size()));
    }
    if (s.get(0).equals("endpoints")) {
      return endpoints.serve(request, s.subList(1, s.size()));
    }
    if (s.get(0).equals("router")) {
      return endpoints.router(request, s.subList(1, s.size()));
    }
    return routeRepoFiles(request, s);
  }

  /**
   * Whether a request only reads what the Hub shows without a token for public repositories: repository info,
   * listings, trees, commits, refs and files.
   */
  private static boolean readsPublicData(ReceivedRequest request, List<String> s) {
    if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
      return false;
    }
    if (s.size() >= 2 && s.get(0).equals("api")) {
      return Set.of("models", "datasets", "spaces").contains(s.get(1));
    }
    return !s.isEmpty() && !Set.of("api", "endpoints-api", "endpoints", "router").contains(s.get(0));
  }

  private void authenticate(ReceivedRequest request) {
    Optional<String> header = request.header("Authorization");
    boolean ok = header.isPresent() && header.get().regionMatches(true, 0, "Bearer ", 0, 7)
        && header.get().substring(7).trim().equals(settings.token());
    if (!ok) {
      throw new HfError(401, null, "Invalid credentials in Authorization header");
    }
  }

  private Reply routeApi(ReceivedRequest request, List<String> s) {
    String method = request.method();
    if (s.equals(List.of("whoami-v2")) && method.equals("GET")) {
      return hub.whoami();
    }
    if (s.equals(List.of("repos", "create")) && method.equals("POST")) {
      return hub.repos.createRepo(Maps.parseObject(request.bodyBytes()));
    }
    if (s.equals(List.of("repos", "delete")) && method.equals("DELETE")) {
      return hub.repos.deleteRepo(Maps.parseObject(request.bodyBytes()));
    }
    if (s.equals(List.of("validate-yaml")) && method.equals("POST")) {
      return Reply.ok(Maps.of("errors", List.of(), "warnings", List.of()));
    }
    if (s.size() == 1 && Set.of("models", "datasets", "spaces").contains(s.get(0)) && method.equals("GET")) {
      return hub.repos.list(request, s.get(0).substring(0, s.get(0).length() - 1));
    }
    if (!s.isEmpty() && s.get(0).equals("jobs")) {
      return jobs.route(request, s.subList(1, s.size()));
    }
    if (s.size() >= 3 && (s.get(0).equals("models") || s.get(0).equals("datasets") || s.get(0).equals("spaces"))) {
      String type = s.get(0).substring(0, s.get(0).length() - 1);
      String id = s.get(1) + "/" + s.get(2);
      List<String> rest = s.subList(3, s.size());
      if (rest.isEmpty() && method.equals("GET")) {
        return hub.repos.info(request, type, id, "main", blobs(request));
      }
      String action = rest.get(0);
      if (action.equals("revision") && rest.size() >= 2 && method.equals("GET")) {
        return hub.repos.info(request, type, id, String.join("/", rest.subList(1, rest.size())), blobs(request));
      }
      if (action.equals("commits") && rest.size() >= 2 && method.equals("GET")) {
        return hub.repos.commits(request, type, id, String.join("/", rest.subList(1, rest.size())));
      }
      if (action.equals("refs") && rest.size() == 1 && method.equals("GET")) {
        return hub.repos.refs(request, type, id);
      }
      if (action.equals("tree") && rest.size() >= 2 && method.equals("GET")) {
        return hub.repos.tree(request, type, id, rest.get(1), String.join("/", rest.subList(2, rest.size())));
      }
      if (action.equals("preupload") && rest.size() == 2 && method.equals("POST")) {
        return hub.commits.preupload(type, id, rest.get(1), Maps.parseObject(request.bodyBytes()));
      }
      if (action.equals("paths-info") && rest.size() == 2 && method.equals("POST")) {
        return hub.repos.pathsInfo(request, type, id, rest.get(1));
      }
      if (action.equals("commit") && rest.size() == 2 && method.equals("POST")) {
        return hub.commits.commit(request, type, id, rest.get(1));
      }
      if (action.equals("settings") && rest.size() == 1 && method.equals("PUT")) {
        return hub.repos.updateSettings(type, id, Maps.parseObject(request.bodyBytes()));
      }
    }
    throw HfError.notFound("Sorry, we can't find the page you are looking for (" + method + " /api/"
        + String.join("/", s) + ")");
  }

  private static boolean blobs(ReceivedRequest request) {
    return request.queryParameter("blobs").map(v -> v.equals("true") || v.equals("1")).orElse(false);
  }

  private Reply routeRepoFiles(ReceivedRequest request, List<String> s) {
    String method = request.method();
    String type = "model";
    List<String> rest = s;
    if (s.get(0).equals("datasets") || s.get(0).equals("spaces")) {
      type = s.get(0).substring(0, s.get(0).length() - 1);
      rest = s.subList(1, s.size());
    }
    // {ns}/{name}.git/info/lfs/objects/batch|verify
    if (rest.size() == 6 && rest.get(1).endsWith(".git") && rest.get(2).equals("info") && rest.get(3).equals("lfs")
        && rest.get(4).equals("objects") && method.equals("POST")) {
      String id = rest.get(0) + "/" + rest.get(1).substring(0, rest.get(1).length() - 4);
      JsonNode body = Maps.parseObject(request.bodyBytes());
      if (rest.get(5).equals("batch")) {
        return hub.lfs.batch(LfsStorage.isDownload(body) ? hub.repos.visible(type, id) : hub.repos.writable(type, id),
            body);
      }
      if (rest.get(5).equals("verify")) {
        return hub.lfs.verify(hub.repos.writable(type, id), body);
      }
    }
    // {ns}/{name}/resolve/{rev}/{path...}
    if (rest.size() >= 5 && rest.get(2).equals("resolve") && (method.equals("GET") || method.equals("HEAD"))) {
      return hub.repos.resolve(type, rest.get(0) + "/" + rest.get(1), rest.get(3),
          String.join("/", rest.subList(4, rest.size())), method.equals("HEAD"));
    }
    // {ns}/{name}/raw/{rev}/{path...}
    if (rest.size() >= 5 && rest.get(2).equals("raw") && (method.equals("GET") || method.equals("HEAD"))) {
      return hub.repos.raw(type, rest.get(0) + "/" + rest.get(1), rest.get(3),
          String.join("/", rest.subList(4, rest.size())));
    }
    throw HfError.notFound("Sorry, we can't find the page you are looking for (" + method + " /"
        + String.join("/", s) + ")");
  }

  private static int parseInt(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static MockResponse error(HfError e) {
    MockResponse.Builder builder = new MockResponse.Builder().code(e.status)
        .setHeader("Content-Type", "application/json")
        .setHeader("X-Error-Message", e.getMessage());
    if (e.code != null) {
      builder.setHeader("X-Error-Code", e.code);
    }
    return builder.body(Json.write(Map.of("error", e.getMessage()))).build();
  }

  /** Configures a {@link HuggingFaceEmulator}. Not thread-safe. */
  public static final class Builder {
    private VirtualClock clock = VirtualClock.accelerated(VirtualClock.DEFAULT_SPEED);
    private String token = DEFAULT_TOKEN;
    private String user = DEFAULT_USER;
    private List<String> organizations = List.of();
    private long lfsThreshold = 10L * 1024 * 1024;
    private long multipartThreshold = 20L * 1024 * 1024;
    private long chunkSize = 8L * 1024 * 1024;
    private int pageSize = 100;
    private MetricFormat metricFormat = MetricFormat.QUOTED;
    private boolean closeLogStreamAtEnd;
    private long seed = 42;

    private Builder() {
    }

    /**
     * Sets the clock jobs and endpoints progress by; by default a new running clock at
     * {@link VirtualClock#DEFAULT_SPEED}.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(VirtualClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the token requests must carry as {@code Authorization: Bearer <token>}; by default {@link #DEFAULT_TOKEN}.
     *
     * @param token a non-blank token
     * @return this builder
     */
    public Builder token(String token) {
      this.token = Checks.nonBlank(token, "token");
      return this;
    }

    /**
     * Sets the user the token belongs to; it is the default namespace of repositories, jobs and endpoints.
     *
     * @param user a non-blank name of letters, digits, '-', '_' or '.'
     * @return this builder
     */
    public Builder user(String user) {
      this.user = namespace(user, "user");
      return this;
    }

    /**
     * Sets the organizations the user belongs to; their namespaces are writable too. By default none.
     *
     * @param organizations organization names
     * @return this builder
     */
    public Builder organizations(String... organizations) {
      Objects.requireNonNull(organizations, "organizations");
      for (String org : organizations) {
        namespace(org, "organization");
      }
      this.organizations = List.of(organizations);
      return this;
    }

    /**
     * Sets the size above which preupload answers {@code lfs} and a regular file in a commit is rejected; by
     * default 10 MB (10,485,760 bytes). Files whose sample looks binary always go to LFS.
     *
     * @param bytes a positive size in bytes
     * @return this builder
     */
    public Builder lfsThreshold(long bytes) {
      this.lfsThreshold = Checks.positive(bytes, "lfsThreshold");
      return this;
    }

    /**
     * Sets the size above which the LFS batch API answers with a multipart upload (when the client offers the
     * {@code multipart} transfer) and the size of its parts; by default above 20 MB in parts of 8 MB.
     *
     * @param threshold a positive size in bytes; larger objects are uploaded in parts
     * @param chunkSize a positive part size in bytes
     * @return this builder
     */
    public Builder multipart(long threshold, long chunkSize) {
      this.multipartThreshold = Checks.positive(threshold, "threshold");
      this.chunkSize = Checks.positive(chunkSize, "chunkSize");
      return this;
    }

    /**
     * Sets how many items a page of a list (repository tree, jobs) holds unless the request sends {@code limit};
     * by default 100.
     *
     * @param pageSize a positive number of items
     * @return this builder
     */
    public Builder pageSize(int pageSize) {
      this.pageSize = (int) Checks.positive(pageSize, "pageSize");
      return this;
    }

    /**
     * Sets how the training log prints metric numbers; by default {@link MetricFormat#QUOTED}.
     *
     * @param metricFormat the format
     * @return this builder
     */
    public Builder metricFormat(MetricFormat metricFormat) {
      this.metricFormat = Objects.requireNonNull(metricFormat, "metricFormat");
      return this;
    }

    /**
     * Makes a job's log stream end once the job has ended and its last line was sent. By default the stream stays
     * open and silent after the end, as the real service's often does, until the client gives up or closes it.
     *
     * @param close whether to end the stream with the job
     * @return this builder
     */
    public Builder closeLogStreamAtEnd(boolean close) {
      this.closeLogStreamAtEnd = close;
      return this;
    }

    /**
     * Sets the seed of generated ids and metric noise; equal seeds give equal results for equal request sequences.
     * Default 42.
     *
     * @param seed any number
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Builds an emulator; call {@link HuggingFaceEmulator#start()} on it.
     *
     * @return a new emulator
     */
    public HuggingFaceEmulator build() {
      if (organizations.stream().anyMatch(user::equalsIgnoreCase)) {
        throw new IllegalArgumentException("an organization must not have the user's name " + user);
      }
      return new HuggingFaceEmulator(this);
    }

    private static String namespace(String value, String name) {
      Checks.nonBlank(value, name);
      if (!value.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
        throw new IllegalArgumentException(name + " must consist of letters, digits, '-', '_' and '.', got "
            + value);
      }
      return value;
    }
  }
}
