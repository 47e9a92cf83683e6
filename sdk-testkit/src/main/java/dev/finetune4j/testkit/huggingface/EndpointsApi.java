package dev.finetune4j.testkit.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.testkit.ReceivedRequest;
import dev.finetune4j.testkit.VirtualClock;
import dev.finetune4j.testkit.internal.Ids;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The emulated Inference Endpoints API, the chat route each endpoint serves, and the Inference Providers router.
 * Endpoint states are computed from the virtual clock on every read.
 */
final class EndpointsApi {

  static final Duration PENDING = Duration.ofSeconds(30);
  static final Duration INITIALIZING = Duration.ofSeconds(90);
  static final Duration UPDATING = Duration.ofSeconds(60);
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?");

  /** What an endpoint is doing; the visible state follows from it and the time it began. */
  private enum Phase { DEPLOYING, UPDATING, PAUSED, SCALED_TO_ZERO }

  private static final class Endpoint {
    String namespace;
    String name;
    ObjectNode spec;
    Instant createdAt;
    Instant updatedAt;
    Phase phase;
    Instant phaseStart;
    VirtualClock clock;
    String failure; // why the server cannot load the model, or null when it can

    String state(Instant now) {
      Duration in = clock.work(phaseStart, now);
      return switch (phase) {
        case DEPLOYING -> in.compareTo(PENDING) < 0 ? "pending"
            : in.compareTo(PENDING.plus(INITIALIZING)) < 0 ? "initializing" : failure != null ? "failed" : "running";
        case UPDATING -> in.compareTo(UPDATING) < 0 ? "updating" : failure != null ? "failed" : "running";
        case PAUSED -> "paused";
        case SCALED_TO_ZERO -> "scaledToZero";
      };
    }

    String repository() {
      return spec.path("model").path("repository").asText();
    }
  }

  private final Settings settings;
  private final VirtualClock clock;
  private final Supplier<String> base;
  private final Hub hub;
  private final JobsApi jobs;
  private final Ids ids;
  private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();

  EndpointsApi(Settings settings, VirtualClock clock, Supplier<String> base, Hub hub, JobsApi jobs) {
    this.settings = settings;
    this.clock = clock;
    this.base = base;
    this.hub = hub;
    this.jobs = jobs;
    this.ids = new Ids(settings.seed() ^ 0xC4A7);
  }

  void sync() {
    // States are computed on read; nothing to apply.
  }

  private static String key(String namespace, String name) {
    return namespace.toLowerCase(Locale.ROOT) + "/" + name;
  }

  private Endpoint find(String namespace, String name) {
    Endpoint e = endpoints.get(key(namespace, name));
    if (e == null) {
      throw HfError.notFound("Endpoint " + name + " not found in namespace " + namespace);
    }
    return e;
  }

  // ---------------------------------------------------------------- management API

  Reply route(ReceivedRequest request, List<String> s) {
    String method = request.method();
    if (s.size() == 2 && s.get(0).equals("provider") && method.equals("GET")) {
      return catalogue();
    }
    if (s.isEmpty() || !s.get(0).equals("endpoint")) {
      throw HfError.notFound("Not Found");
    }
    if (s.size() >= 2 && !settings.ownsNamespace(s.get(1))) {
      throw HfError.forbidden("You don't have access to the namespace \"" + s.get(1) + "\"");
    }
    if (s.size() == 2 && method.equals("POST")) {
      return create(s.get(1), Maps.parseObject(request.bodyBytes()));
    }
    if (s.size() == 2 && method.equals("GET")) {
      List<Object> items = new ArrayList<>();
      for (Endpoint e : endpoints.values()) {
        if (e.namespace.equalsIgnoreCase(s.get(1))) {
          items.add(render(e));
        }
      }
      return Reply.ok(Maps.of("items", items));
    }
    if (s.size() == 3) {
      Endpoint e = find(s.get(1), s.get(2));
      switch (method) {
        case "GET" -> {
          return Reply.ok(render(e));
        }
        case "PUT" -> {
          return update(e, Maps.parseObject(request.bodyBytes()));
        }
        case "DELETE" -> {
          endpoints.remove(key(e.namespace, e.name));
          return Reply.ok(Maps.of());
        }
        default -> throw HfError.notFound("Not Found");
      }
    }
    if (s.size() == 4 && method.equals("POST")) {
      Endpoint e = find(s.get(1), s.get(2));
      Instant now = clock.now();
      switch (s.get(3)) {
        case "pause" -> setPhase(e, Phase.PAUSED, now);
        case "scale-to-zero" -> setPhase(e, Phase.SCALED_TO_ZERO, now);
        case "resume" -> {
          String state = e.state(now);
          if (!state.equals("paused") && !state.equals("scaledToZero") && !state.equals("failed")) {
            throw HfError.badRequest("Endpoint " + e.name + " is already running");
          }
          setPhase(e, Phase.DEPLOYING, now.minus(PENDING));
        }
        default -> throw HfError.notFound("Not Found");
      }
      return Reply.ok(render(e));
    }
    throw HfError.notFound("Not Found");
  }

  private void setPhase(Endpoint e, Phase phase, Instant start) {
    e.phase = phase;
    e.phaseStart = start;
    e.updatedAt = clock.now();
  }

  private Reply create(String namespace, JsonNode body) {
    String name = Maps.text(body, "name");
    if (name == null || !NAME.matcher(name).matches()) {
      throw HfError.badRequest("\"name\" must be 1 to 32 lower-case letters, digits or '-', starting and ending "
          + "with a letter or digit; got " + (name == null ? "nothing" : "\"" + name + "\""));
    }
    JsonNode model = body.path("model");
    String repository = Maps.text(model, "repository");
    if (repository == null || repository.isBlank()) {
      throw HfError.badRequest("\"model.repository\" is required");
    }
    String type = Optional.ofNullable(Maps.text(body, "type")).orElse("authenticated");
    if (!List.of("public", "protected", "authenticated", "private").contains(type)) {
      throw HfError.badRequest("\"type\" must be public, authenticated, protected or private; got \"" + type
          + "\"");
    }
    int slash = repository.indexOf('/');
    if (slash > 0 && settings.ownsNamespace(repository.substring(0, slash))
        && hub.repos.find("model", repository).isEmpty()) {
      throw HfError.badRequest("Model repository " + repository + " not found or not accessible");
    }
    if (endpoints.containsKey(key(namespace, name))) {
      return Reply.json(409, Maps.of("error", "An endpoint named " + name + " already exists in " + namespace));
    }
    ObjectNode spec = body.deepCopy();
    spec.put("type", type);
    ObjectNode m = spec.withObjectProperty("model");
    if (!m.has("framework")) {
      m.put("framework", "pytorch");
    }
    if (!m.has("task")) {
      m.put("task", "text-generation");
    }
    if (!m.has("image")) {
      m.putObject("image").putObject("huggingface");
    }
    if (!m.has("revision")) {
      hub.repos.find("model", repository).ifPresent(r -> m.put("revision", r.head().oid()));
    }
    ObjectNode compute = spec.withObjectProperty("compute");
    if (!compute.has("accelerator")) {
      compute.put("accelerator", "gpu");
    }
    if (!compute.has("instanceType")) {
      compute.put("instanceType", "nvidia-l4");
    }
    if (!compute.has("instanceSize")) {
      compute.put("instanceSize", "x1");
    }
    if (!compute.has("scaling")) {
      compute.putObject("scaling").put("minReplica", 1).put("maxReplica", 1);
    }
    ObjectNode provider = spec.withObjectProperty("provider");
    if (!provider.has("vendor")) {
      provider.put("vendor", "aws");
    }
    if (!provider.has("region")) {
      provider.put("region", "us-east-1");
    }
    Endpoint e = new Endpoint();
    e.clock = clock;
    e.namespace = namespace;
    e.name = name;
    e.spec = spec;
    e.createdAt = clock.now();
    e.updatedAt = e.createdAt;
    e.phase = Phase.DEPLOYING;
    e.phaseStart = e.createdAt;
    e.failure = loadFailure(repository);
    endpoints.put(key(namespace, name), e);
    return Reply.ok(render(e));
  }

  /**
   * Why vLLM or TGI cannot load a repository of the Hub: one holding a PEFT adapter and no {@code config.json} is
   * not a model; the server loads it only as an adapter on its base model, with LoRA configured. Null when it loads
   * (or is not one of the emulated Hub's repositories).
   */
  private String loadFailure(String repository) {
    Optional<Repo> repo = hub.repos.find("model", repository);
    if (repo.isEmpty()) {
      return null;
    }
    java.util.Set<String> files = repo.get().head().files().keySet();
    if (files.contains("config.json") || !files.contains("adapter_config.json")) {
      return null;
    }
    return "Endpoint failed to start. Model " + repository + " has no config.json: it is a PEFT adapter"
        + " (adapter_config.json), which the server loads only on its base model with LoRA enabled; merge it"
        + " into the base model first";
  }

  private Reply update(Endpoint e, JsonNode body) {
    for (String field : List.of("compute", "model", "provider")) {
      if (body.has(field) && body.get(field).isObject()) {
        merge(e.spec.withObjectProperty(field), (ObjectNode) body.get(field));
      }
    }
    if (body.hasNonNull("type")) {
      e.spec.put("type", body.get("type").asText());
    }
    e.failure = loadFailure(e.repository());
    if (e.phase != Phase.PAUSED) {
      setPhase(e, Phase.UPDATING, clock.now());
    }
    e.updatedAt = clock.now();
    return Reply.ok(render(e));
  }

  private static void merge(ObjectNode target, ObjectNode update) {
    update.properties().forEach(f -> {
      if (f.getValue().isObject() && target.path(f.getKey()).isObject() && !f.getKey().equals("image")) {
        merge((ObjectNode) target.get(f.getKey()), (ObjectNode) f.getValue());
      } else {
        target.set(f.getKey(), f.getValue());
      }
    });
  }

  String url(Endpoint e) {
    return base.get() + "/endpoints/" + e.namespace + "/" + e.name;
  }

  private Map<String, Object> render(Endpoint e) {
    Instant now = clock.now();
    String state = e.state(now);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("accountId", null);
    out.put("name", e.name);
    out.put("type", e.spec.path("type").asText());
    out.put("provider", e.spec.path("provider"));
    out.put("compute", e.spec.path("compute"));
    out.put("model", e.spec.path("model"));
    out.put("tags", e.spec.has("tags") ? e.spec.get("tags") : List.of());
    out.put("healthRoute", "/health");
    Map<String, Object> who = Maps.of("id", Hashes.sha1(settings.user()).substring(0, 24), "name", settings.user());
    String message = switch (state) {
      case "pending" -> "Endpoint waiting to be scheduled";
      case "initializing" -> "Endpoint is initializing";
      case "running" -> "Endpoint is running";
      case "updating" -> "Endpoint is updating";
      case "paused" -> "Endpoint is paused";
      case "failed" -> e.failure;
      default -> "Endpoint is scaled to zero";
    };
    int ready = state.equals("running") ? 1 : 0;
    Map<String, Object> status = Maps.of("createdAt", Hub.iso(e.createdAt), "createdBy", who,
        "updatedAt", Hub.iso(e.updatedAt), "updatedBy", who, "private", null, "state", state, "message", message,
        "readyReplica", ready, "targetReplica", state.equals("paused") || state.equals("scaledToZero") ? 0 : 1);
    if (!state.equals("pending")) {
      status.put("url", url(e));
    }
    out.put("status", status);
    return out;
  }

  private Reply catalogue() {
    List<Object> computes = new ArrayList<>();
    for (String[] c : new String[][] {{"nvidia-l4", "x1", "0.8"}, {"nvidia-a10g", "x1", "1.0"},
        {"nvidia-l40s", "x1", "1.8"}, {"nvidia-a100", "x1", "2.5"}, {"intel-spr", "x2", "0.07"}}) {
      boolean gpu = c[0].startsWith("nvidia");
      computes.add(Maps.of("id", "aws-us-east-1-" + c[0] + "-" + c[1], "accelerator", gpu ? "gpu" : "cpu",
          "instanceType", c[0], "instanceSize", c[1], "pricePerHour", Double.parseDouble(c[2]), "status",
          "available"));
    }
    return Reply.ok(Maps.of("vendors", List.of(Maps.of("name", "aws", "status", "available", "regions",
        List.of(Maps.of("name", "us-east-1", "label", "US East", "status", "available", "computes", computes))))));
  }

  // ---------------------------------------------------------------- serving

  /** {@code /endpoints/{ns}/{name}/...}: the endpoint's own URL. */
  Reply serve(ReceivedRequest request, List<String> s) {
    if (s.size() < 3) {
      throw HfError.notFound("Not Found");
    }
    Endpoint e = endpoints.get(key(s.get(0), s.get(1)));
    if (e == null) {
      return Chat.error(404, "Endpoint " + s.get(1) + " does not exist", null, null);
    }
    Instant now = clock.now();
    String state = e.state(now);
    if (!state.equals("running")) {
      if (state.equals("scaledToZero")) {
        setPhase(e, Phase.DEPLOYING, now.minus(PENDING)); // a request wakes it up
        return Chat.error(503, "Service Unavailable: the endpoint is scaled to zero and is starting", null, null)
            .header("Retry-After", Long.toString(INITIALIZING.toSeconds()));
      }
      return Chat.error(503, "Service Unavailable: the endpoint is " + state, null, null);
    }
    List<String> rest = s.subList(2, s.size());
    String method = request.method();
    if (rest.equals(List.of("health")) && method.equals("GET")) {
      return Reply.empty(200);
    }
    if (rest.equals(List.of("v1", "models")) && method.equals("GET")) {
      return Reply.ok(Maps.of("object", "list", "data", List.of(Maps.of("id", e.repository(), "object", "model",
          "created", e.createdAt.getEpochSecond(), "owned_by", "vllm"))));
    }
    if (rest.equals(List.of("v1", "chat", "completions")) && method.equals("POST")) {
      List<TrainingRun.Example> examples = jobs.trainedModel(e.repository())
          .map(JobsApi.TrainedModel::examples).orElse(List.of());
      return Chat.complete(Maps.parseObject(request.bodyBytes()), examples, e.repository(), now.getEpochSecond(),
          ids);
    }
    return Chat.error(404, "Not Found", null, null);
  }

  /** {@code /router/...}: the Inference Providers router, serving base models only. */
  /** The models the emulated router serves through its (emulated) provider partners. */
  private static final List<String> ROUTED = List.of("Qwen/Qwen2.5-0.5B-Instruct", "Qwen/Qwen2.5-7B-Instruct",
      "meta-llama/Llama-3.1-8B-Instruct", "openai/gpt-oss-20b");

  Reply router(ReceivedRequest request, List<String> s) {
    String method = request.method();
    if (s.equals(List.of("v1", "models")) && method.equals("GET")) {
      List<Object> data = new ArrayList<>();
      for (String id : ROUTED) {
        data.add(Maps.of("id", id, "object", "model", "created", 1_735_689_600L, "owned_by", id.split("/")[0],
            "providers", List.of(Maps.of("provider", "together", "status", "live",
                "pricing", Maps.of("input", 0.2, "output", 0.6)))));
      }
      return Reply.ok(Maps.of("object", "list", "data", data));
    }
    if (s.equals(List.of("v1", "chat", "completions")) && method.equals("POST")) {
      JsonNode body = Maps.parseObject(request.bodyBytes());
      String model = Optional.ofNullable(Maps.text(body, "model")).orElse("");
      if (model.isBlank()) {
        return Chat.error(400, "\"model\" is required", "model", null);
      }
      String id = model.contains(":") ? model.substring(0, model.indexOf(':')) : model;
      if (jobs.trainedModel(id).isPresent() || hub.repos.find("model", id).isPresent()) {
        return Chat.error(400, "The requested model '" + id + "' is not supported by any provider you have "
            + "enabled.", "model", "model_not_supported");
      }
      if (!ROUTED.contains(id)) {
        return Chat.error(400, "The requested model '" + id + "' does not exist.", "model", "model_not_found");
      }
      return Chat.complete(body, List.of(), id, clock.now().getEpochSecond(), ids);
    }
    return Chat.error(404, "Not Found", null, null);
  }
}
