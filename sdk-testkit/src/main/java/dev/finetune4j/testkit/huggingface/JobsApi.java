package dev.finetune4j.testkit.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.testkit.ReceivedRequest;
import dev.finetune4j.testkit.VirtualClock;
import dev.finetune4j.testkit.internal.Ids;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The emulated Jobs API: jobs run a planned {@link TrainingRun} by the virtual clock. */
final class JobsApi {

  /** Flavors with their price in USD per hour. */
  static final Map<String, Double> FLAVORS = flavors();

  static final Duration SCHEDULING = Duration.ofSeconds(15);
  private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
      .withZone(ZoneOffset.UTC);

  private static Map<String, Double> flavors() {
    Map<String, Double> f = new LinkedHashMap<>();
    f.put("cpu-basic", 0.01);
    f.put("cpu-upgrade", 0.03);
    f.put("cpu-xl", 1.0);
    f.put("cpu-performance", 1.9);
    f.put("t4-small", 0.4);
    f.put("t4-medium", 0.6);
    f.put("l4x1", 0.8);
    f.put("l4x4", 3.8);
    f.put("l40sx1", 1.8);
    f.put("l40sx4", 8.3);
    f.put("l40sx8", 23.5);
    f.put("a10g-small", 1.0);
    f.put("a10g-large", 1.5);
    f.put("a10g-largex2", 3.0);
    f.put("a10g-largex4", 5.0);
    f.put("a100-large", 2.5);
    f.put("a100x4", 10.0);
    f.put("a100x8", 20.0);
    f.put("h200", 5.0);
    f.put("h200x2", 10.0);
    f.put("h200x4", 20.0);
    f.put("h200x8", 40.0);
    f.put("rtx-pro-6000", 2.75);
    f.put("rtx-pro-6000x2", 5.5);
    f.put("rtx-pro-6000x4", 11.0);
    f.put("rtx-pro-6000x8", 22.0);
    return f;
  }

  /** A model a completed job pushed, remembered for chat emulation. */
  record TrainedModel(String id, String baseModel, List<TrainingRun.Example> examples) {
  }

  /** One job and its timeline. */
  static final class Job {
    String id;
    String namespace;
    Instant createdAt;
    Instant startedAt;
    JsonNode spec;
    Map<String, String> labels = new LinkedHashMap<>();
    List<String> secretNames = new ArrayList<>();
    String flavor;
    long timeoutSeconds;
    TrainingRun run;
    Instant canceledAt;
    boolean pushed;
    VirtualClock clock;

    /** When the job ends (or ended), whatever ended it. */
    Instant endAt() {
      Instant natural = clock.after(startedAt, Duration.ofMillis(run.durationMillis));
      Instant timeout = clock.after(startedAt, Duration.ofSeconds(timeoutSeconds));
      Instant end = natural.isAfter(timeout) ? timeout : natural;
      return canceledAt != null && canceledAt.isBefore(end) ? canceledAt : end;
    }

    boolean timedOut() {
      return run.durationMillis > timeoutSeconds * 1000;
    }

    String stage(Instant now) {
      Instant end = endAt();
      if (now.isBefore(end)) {
        return now.isBefore(startedAt) ? "SCHEDULING" : "RUNNING";
      }
      if (canceledAt != null && canceledAt.equals(end)) {
        return "CANCELED";
      }
      return run.failure != null || timedOut() ? "ERROR" : "COMPLETED";
    }

    /** The log lines printed by {@code now}, with their times. */
    List<Map.Entry<Instant, String>> lines(Instant now) {
      List<Map.Entry<Instant, String>> out = new ArrayList<>();
      Instant limit = now.isBefore(endAt()) ? now : endAt();
      for (TrainingRun.Line line : run.lines) {
        Instant at = clock.after(startedAt, Duration.ofMillis(line.offsetMillis()));
        if (at.isAfter(limit)) {
          break;
        }
        out.add(Map.entry(at, line.text()));
      }
      return out;
    }

    boolean terminal(Instant now) {
      String stage = stage(now);
      return !stage.equals("SCHEDULING") && !stage.equals("RUNNING");
    }
  }

  private final Settings settings;
  private final VirtualClock clock;
  private final Supplier<String> base;
  private final Ids ids;
  private final Hub hub;
  private final Object lock;
  private final BooleanSupplier closed;
  private final List<Job> jobs = new ArrayList<>();
  private final Map<String, TrainedModel> trained = new LinkedHashMap<>();

  JobsApi(Settings settings, VirtualClock clock, Supplier<String> base, Ids ids, Hub hub, Object lock,
      BooleanSupplier closed) {
    this.settings = settings;
    this.clock = clock;
    this.base = base;
    this.ids = ids;
    this.hub = hub;
    this.lock = lock;
    this.closed = closed;
  }

  Optional<TrainedModel> trainedModel(String id) {
    return Optional.ofNullable(trained.get(id.toLowerCase(Locale.ROOT)));
  }

  /** Applies what happened by now: completed jobs push their model repositories. Call under the lock. */
  void sync() {
    Instant now = clock.now();
    for (Job job : jobs) {
      if (!job.pushed && job.run.pushModelId != null && job.stage(now).equals("COMPLETED")) {
        job.pushed = true;
        pushModel(job);
      }
    }
  }

  private void pushModel(Job job) {
    String id = job.run.pushModelId;
    int slash = id.indexOf('/');
    String ns = id.substring(0, slash);
    String name = id.substring(slash + 1);
    if (!settings.ownsNamespace(ns)) {
      return; // the push failed with 403 in real life; the job still reports its training result
    }
    Repo repo = hub.repos.find("model", id).orElseGet(() -> hub.repos.createRepo("model", ns, name, true));
    Map<String, byte[]> files = new LinkedHashMap<>();
    String method = job.run.trainer.toUpperCase(Locale.ROOT);
    files.put("README.md", ("---\nbase_model: " + job.run.baseModel + "\nlibrary_name: "
        + (job.run.peft ? "peft" : "transformers") + "\nmodel_name: " + name + "\ntags:\n- generated_from_trainer\n"
        + "- trl\n- " + job.run.trainer + "\nlicence: license\n---\n\n# Model Card for " + name + "\n\nThis model is a "
        + "fine-tuned version of [" + job.run.baseModel + "](https://huggingface.co/" + job.run.baseModel + "). It has "
        + "been trained using [TRL](https://github.com/huggingface/trl) (" + method + ").\n")
        .getBytes(StandardCharsets.UTF_8));
    if (job.run.peft) {
      files.put("adapter_config.json", json(Maps.of("base_model_name_or_path", job.run.baseModel,
          "peft_type", "LORA", "task_type", "CAUSAL_LM", "r", 16, "lora_alpha", 32, "lora_dropout", 0.05,
          "target_modules", List.of("q_proj", "k_proj", "v_proj", "o_proj"))));
      files.put("adapter_model.safetensors", safetensors());
    } else {
      files.put("config.json", json(Maps.of("_name_or_path", job.run.baseModel, "architectures",
          List.of("Qwen2ForCausalLM"), "model_type", "qwen2", "torch_dtype", "bfloat16")));
      files.put("generation_config.json", json(Maps.of("do_sample", true, "temperature", 0.7)));
      files.put("model.safetensors", safetensors());
    }
    files.put("tokenizer_config.json", json(Maps.of("chat_template", "{% for message in messages %}...{% endfor %}",
        "eos_token", "<|im_end|>", "model_max_length", 1024)));
    files.put("special_tokens_map.json", json(Maps.of("eos_token", "<|im_end|>", "pad_token", "<|endoftext|>")));
    files.put("training_args.bin", new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0});
    hub.commits.commitFiles(repo, "End of training", files);
    trained.put(id.toLowerCase(Locale.ROOT), new TrainedModel(id, job.run.baseModel, List.copyOf(job.run.examples)));
  }

  private static byte[] json(Object value) {
    try {
      return Maps.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] safetensors() {
    byte[] header = "{\"__metadata__\":{\"format\":\"pt\"}}".getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[8 + header.length + 64];
    out[0] = (byte) header.length;
    System.arraycopy(header, 0, out, 8, header.length);
    return out;
  }

  // ---------------------------------------------------------------- routes

  Reply route(ReceivedRequest request, List<String> s) {
    String method = request.method();
    if (s.equals(List.of("hardware")) && method.equals("GET")) {
      return hardware();
    }
    if (s.size() == 1 && method.equals("POST")) {
      return create(s.get(0), Maps.parseObject(request.bodyBytes()));
    }
    if (s.size() == 1 && method.equals("GET")) {
      return list(request, s.get(0));
    }
    if (s.size() == 2 && method.equals("GET")) {
      return Reply.ok(render(find(s.get(0), s.get(1))));
    }
    if (s.size() == 3 && s.get(2).equals("cancel") && method.equals("POST")) {
      Job job = find(s.get(0), s.get(1));
      if (!job.terminal(clock.now())) {
        job.canceledAt = clock.now();
      }
      return Reply.ok(render(job));
    }
    if (s.size() == 3 && s.get(2).equals("duplicate") && method.equals("POST")) {
      return create(s.get(0), find(s.get(0), s.get(1)).spec);
    }
    if (s.size() == 3 && s.get(2).equals("labels") && method.equals("PUT")) {
      Job job = find(s.get(0), s.get(1));
      job.labels = labels(Maps.parseObject(request.bodyBytes()).path("labels"));
      return Reply.ok(render(job));
    }
    if (s.size() == 3 && s.get(2).equals("logs") && method.equals("GET")) {
      Job job = find(s.get(0), s.get(1));
      int tail = request.queryParameter("tail").map(JobsApi::parseTail).orElse(-1);
      return Reply.stream(new LogStream(job, clock, lock, this::sync, closed, settings.closeLogStreamAtEnd(), tail),
          "text/event-stream");
    }
    throw HfError.notFound("Not Found");
  }

  private static int parseTail(String value) {
    try {
      return Math.max(0, Integer.parseInt(value));
    } catch (NumberFormatException e) {
      throw HfError.badRequest("\"tail\" must be a non-negative integer, got " + value);
    }
  }

  private Reply hardware() {
    List<Object> out = new ArrayList<>();
    FLAVORS.forEach((name, price) -> {
      boolean gpu = !name.startsWith("cpu");
      out.add(Maps.of("name", name, "prettyName", name, "cpu", gpu ? "8 vCPU" : "2 vCPU", "ram", gpu ? "32 GB"
          : "16 GB", "accelerator", gpu ? Maps.of("type", "gpu", "model", name.replaceAll("[-x].*", "")
          .toUpperCase(Locale.ROOT), "quantity", "1", "vram", "24 GB", "manufacturer", "Nvidia") : null,
          "unitCostMicroUSD", Math.round(price * 1_000_000 / 60), "unitCostUSD", price / 60, "unitLabel", "minute"));
    });
    return Reply.ok(out);
  }

  private Job find(String namespace, String id) {
    for (Job job : jobs) {
      if (job.id.equals(id) && job.namespace.equalsIgnoreCase(namespace)) {
        return job;
      }
    }
    throw HfError.notFound("Job not found");
  }

  private Reply create(String namespace, JsonNode body) {
    if (!settings.ownsNamespace(namespace)) {
      throw HfError.forbidden("You don't have the rights to run jobs in the namespace \"" + namespace + "\"");
    }
    boolean image = body.hasNonNull("dockerImage");
    boolean space = body.hasNonNull("spaceId");
    if (image == space) {
      throw HfError.badRequest("Exactly one of \"dockerImage\" or \"spaceId\" is required");
    }
    List<String> command = strings(body.get("command"), "command");
    if (command.isEmpty()) {
      throw HfError.badRequest("\"command\" is required: a non-empty array of strings");
    }
    List<String> arguments = body.has("arguments") ? strings(body.get("arguments"), "arguments") : List.of();
    String flavor = Optional.ofNullable(Maps.text(body, "flavor")).orElse("cpu-basic");
    if (!FLAVORS.containsKey(flavor)) {
      throw HfError.badRequest("Invalid flavor \"" + flavor + "\". Must be one of: "
          + String.join(", ", FLAVORS.keySet()));
    }
    long timeout = 1800;
    if (body.hasNonNull("timeoutSeconds")) {
      JsonNode t = body.get("timeoutSeconds");
      if (!t.canConvertToLong() || t.asLong() <= 0) {
        throw HfError.badRequest("\"timeoutSeconds\" must be a positive integer");
      }
      timeout = t.asLong();
    }
    Map<String, String> environment = stringMap(body.get("environment"), "environment");
    Map<String, String> secrets = stringMap(body.get("secrets"), "secrets");
    Job job = new Job();
    job.id = ids.nextHex("", 24);
    job.namespace = namespace;
    job.clock = clock;
    job.createdAt = clock.now();
    job.startedAt = clock.after(job.createdAt, SCHEDULING);
    job.spec = body.deepCopy();
    job.labels = labels(body.get("labels"));
    job.secretNames = new ArrayList<>(secrets.keySet());
    job.flavor = flavor;
    job.timeoutSeconds = timeout;
    List<String> tokens = new ArrayList<>(command);
    tokens.addAll(arguments);
    Set<String> names = new HashSet<>(secrets.keySet());
    names.addAll(environment.keySet());
    job.run = TrainingRun.plan(tokens, environment, names, namespace, hub, base.get(), STARTED.format(job.startedAt),
        settings.metricFormat(), settings.seed() ^ job.id.hashCode());
    jobs.add(job);
    return Reply.ok(render(job));
  }

  private static List<String> strings(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw HfError.badRequest("\"" + field + "\" must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    node.forEach(n -> {
      if (!n.isTextual()) {
        throw HfError.badRequest("\"" + field + "\" must be an array of strings");
      }
      out.add(n.asText());
    });
    return out;
  }

  private static Map<String, String> stringMap(JsonNode node, String field) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      throw HfError.badRequest("\"" + field + "\" must be an object of strings");
    }
    node.properties().forEach(e -> {
      if (!e.getValue().isTextual() && !e.getValue().isNull()) {
        throw HfError.badRequest("\"" + field + "." + e.getKey() + "\" must be a string");
      }
      out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
    });
    return out;
  }

  private static Map<String, String> labels(JsonNode node) {
    Map<String, String> labels = stringMap(node, "labels");
    labels.forEach((k, v) -> {
      if (k.isEmpty() || k.length() > 100 || v.length() > 100) {
        throw HfError.badRequest("Label keys and values must be 1 to 100 characters, got \"" + k + "\"");
      }
      if (k.equals("name") && !v.matches("[a-zA-Z0-9._-]+")) {
        throw HfError.badRequest("The \"name\" label may only contain letters, digits, '.', '_' and '-'");
      }
    });
    return labels;
  }

  private Reply list(ReceivedRequest request, String namespace) {
    if (!settings.ownsNamespace(namespace)) {
      throw HfError.forbidden("You don't have the rights to list jobs in the namespace \"" + namespace + "\"");
    }
    Instant now = clock.now();
    List<String> stages = request.query().getOrDefault("stage", List.of());
    List<String> labelFilters = request.query().getOrDefault("label", List.of());
    List<Object> out = new ArrayList<>();
    for (int i = jobs.size() - 1; i >= 0; i--) {
      Job job = jobs.get(i);
      if (!job.namespace.equalsIgnoreCase(namespace)) {
        continue;
      }
      if (!stages.isEmpty() && stages.stream().noneMatch(st -> st.equalsIgnoreCase(job.stage(now)))) {
        continue;
      }
      boolean labelsMatch = labelFilters.stream().allMatch(filter -> {
        int eq = filter.indexOf('=');
        return eq < 0 ? job.labels.containsKey(filter)
            : filter.substring(eq + 1).equals(job.labels.get(filter.substring(0, eq)));
      });
      if (labelsMatch) {
        out.add(render(job));
      }
    }
    return Paging.page(request, out, settings.pageSize(), base.get() + "/api/jobs/" + namespace);
  }

  private Map<String, Object> render(Job job) {
    Instant now = clock.now();
    String stage = job.stage(now);
    Map<String, Object> out = Maps.of("id", job.id, "createdAt", Hub.iso(job.createdAt));
    boolean started = !now.isBefore(job.startedAt) && (job.canceledAt == null || job.canceledAt.isAfter(job.startedAt));
    boolean terminal = job.terminal(now);
    out.put("startedAt", started ? Hub.iso(job.startedAt) : null);
    out.put("finishedAt", terminal ? Hub.iso(job.endAt()) : null);
    out.put("dockerImage", Maps.text(job.spec, "dockerImage"));
    out.put("spaceId", Maps.text(job.spec, "spaceId"));
    out.put("command", job.spec.path("command"));
    out.put("arguments", job.spec.has("arguments") ? job.spec.get("arguments") : List.of());
    out.put("environment", job.spec.has("environment") && !job.spec.get("environment").isNull()
        ? job.spec.get("environment") : Map.of());
    out.put("secrets", job.secretNames);
    out.put("flavor", job.flavor);
    out.put("labels", job.labels);
    out.put("volumes", job.spec.has("volumes") ? job.spec.get("volumes") : List.of());
    out.put("timeoutSeconds", job.timeoutSeconds);
    String message = null;
    if (stage.equals("ERROR")) {
      message = job.run.failure != null && !job.timedOut() ? job.run.failure
          : "Job timed out after " + job.timeoutSeconds + " seconds";
    }
    out.put("status", Maps.of("stage", stage, "message", message));
    long scheduling = Duration.between(job.createdAt, started ? job.startedAt : (terminal ? job.endAt() : now))
        .toSeconds();
    Instant runEnd = terminal ? job.endAt() : now;
    long running = started ? Math.max(0, Duration.between(job.startedAt, runEnd).toSeconds()) : 0;
    out.put("durations", Maps.of("schedulingSecs", scheduling, "runningSecs", running,
        "totalSecs", scheduling + running));
    Map<String, Object> owner = Maps.of("id", Hashes.sha1(job.namespace).substring(0, 24), "name", job.namespace,
        "type", job.namespace.equalsIgnoreCase(settings.user()) ? "user" : "org");
    out.put("owner", owner);
    out.put("initiator", Maps.of("id", Hashes.sha1(settings.user()).substring(0, 24), "name", settings.user(),
        "type", "user"));
    return out;
  }
}
