package dev.finetune4j.testkit.internal.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.testkit.ReceivedRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Fine-tuning jobs, their events and checkpoints, and checkpoint permissions. */
final class JobsApi {

  private static final Set<String> CREATE_FIELDS = Set.of("model", "training_file", "validation_file", "suffix",
      "seed", "metadata", "integrations", "hyperparameters", "method");
  private static final Set<String> METHODS = Set.of("supervised", "dpo", "reinforcement");
  private static final Set<String> GRADERS = Set.of("string_check", "text_similarity", "python", "score_model",
      "multi");

  private record Permission(String id, long createdAt, String projectId) {
    ObjectNode toJson() {
      ObjectNode o = OpenAiApi.object();
      o.put("id", id);
      o.put("object", "checkpoint.permission");
      o.put("created_at", createdAt);
      o.put("project_id", projectId);
      return o;
    }
  }

  private final OpenAiApi api;
  private final Map<String, Job> jobs = new LinkedHashMap<>();
  private final Map<String, List<Permission>> permissions = new LinkedHashMap<>();

  JobsApi(OpenAiApi api) {
    this.api = api;
  }

  void syncAll() {
    Instant now = api.clock.now();
    jobs.values().forEach(job -> job.sync(now));
  }

  /** The job whose fine-tuned model or kept checkpoint has the given name, once it can serve. */
  Optional<Job> jobServing(String model) {
    return jobs.values().stream().filter(j -> j.servedModel(model).isPresent()).findFirst();
  }

  Optional<Reply> route(String method, List<String> s, ReceivedRequest request) {
    if (s.size() >= 2 && s.get(1).equals("checkpoints")) {
      return routePermissions(method, s, request);
    }
    if (s.size() >= 2 && s.get(1).equals("alpha")) {
      return api.evals.routeGraders(method, s, request);
    }
    if (s.size() < 2 || !s.get(1).equals("jobs")) {
      return Optional.empty();
    }
    Instant now = api.clock.now();
    if (s.size() == 2) {
      return switch (method) {
        case "POST" -> Optional.of(create(OpenAiApi.json(request)));
        case "GET" -> Optional.of(list(request));
        default -> Optional.empty();
      };
    }
    Job job = jobs.get(s.get(2));
    if (s.size() == 3 && method.equals("GET")) {
      return Optional.of(Reply.ok(existing(job, s.get(2)).toJson(now)));
    }
    if (s.size() != 4) {
      return Optional.empty();
    }
    String action = s.get(3);
    if (method.equals("POST")) {
      switch (action) {
        case "cancel" -> existing(job, s.get(2)).cancel(now);
        case "pause" -> existing(job, s.get(2)).pause(now);
        case "resume" -> existing(job, s.get(2)).resume(now);
        default -> {
          return Optional.empty();
        }
      }
      return Optional.of(Reply.ok(job.toJson(now)));
    }
    if (method.equals("GET") && action.equals("events")) {
      List<Job.Event> newestFirst = new ArrayList<>(existing(job, s.get(2)).events);
      Collections.reverse(newestFirst);
      return Optional.of(Reply.ok(OpenAiApi.page(newestFirst, Job.Event::id, Job.Event::toJson, request,
          OpenAiApi.limit(request, 20, 10_000), false)));
    }
    if (method.equals("GET") && action.equals("checkpoints")) {
      List<Job.Checkpoint> newestFirst = new ArrayList<>(existing(job, s.get(2)).checkpoints);
      Collections.reverse(newestFirst);
      return Optional.of(Reply.ok(OpenAiApi.page(newestFirst, Job.Checkpoint::id, Job.Checkpoint::toJson, request,
          OpenAiApi.limit(request, 10, 10_000), true)));
    }
    return Optional.empty();
  }

  private static Job existing(Job job, String id) {
    if (job == null) {
      throw ApiError.notFound("Could not find fine-tuning job " + id + ".", "fine_tuning_job_id");
    }
    return job;
  }

  // ---------------------------------------------------------------- create

  private Reply create(ObjectNode body) {
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!CREATE_FIELDS.contains(field) && !api.extraJobFields.contains(field)) {
        throw ApiError.invalid("Invalid request: '" + field + "': Extra inputs are not permitted.", field);
      }
    }
    String model = OpenAiApi.requiredString(body, "model");
    String trainingFileId = OpenAiApi.requiredString(body, "training_file");
    Optional<String> validationFileId = OpenAiApi.optionalString(body, "validation_file");
    Optional<String> suffix = OpenAiApi.optionalString(body, "suffix");
    if (suffix.isPresent() && (suffix.get().isEmpty() || suffix.get().length() > 64)) {
      throw new ApiError(400, "invalid_request_error", "Invalid 'suffix': string " + (suffix.get().isEmpty()
          ? "too short. Expected a string with minimum length 1" : "too long. Expected a string with maximum length 64")
          + ", but got a string with length " + suffix.get().length() + " instead.", "suffix",
          suffix.get().isEmpty() ? "string_below_min_length" : "string_above_max_length");
    }
    long seed;
    JsonNode seedNode = body.get("seed");
    if (seedNode == null || seedNode.isNull()) {
      seed = Math.floorMod(api.ids.next("", 12).hashCode(), 2_147_483_647);
    } else if (!seedNode.isIntegralNumber() || seedNode.asLong() < 0 || seedNode.asLong() > 2_147_483_647L) {
      throw ApiError.invalid("Invalid 'seed': expected an integer between 0 and 2147483647.", "seed");
    } else {
      seed = seedNode.asLong();
    }
    JsonNode metadata = OpenAiApi.metadata(body);
    JsonNode integrations = integrations(body.get("integrations"));

    // method, falling back to the legacy top-level hyperparameters
    String methodType = "supervised";
    ObjectNode methodExtras = OpenAiApi.object();
    ObjectNode hyperparameters = OpenAiApi.object();
    JsonNode legacy = body.get("hyperparameters");
    if (legacy != null && !legacy.isNull()) {
      hyperparameters = hyperparameters(legacy, "hyperparameters", "supervised");
    }
    JsonNode method = body.get("method");
    if (method != null && !method.isNull()) {
      if (!method.isObject()) {
        throw ApiError.invalid("Invalid type for 'method': expected an object.", "method");
      }
      methodType = method.path("type").asText("");
      if (!METHODS.contains(methodType)) {
        throw ApiError.invalid("Invalid value for 'method.type': expected one of 'supervised', 'dpo',"
            + " 'reinforcement', but got '" + method.path("type").asText() + "' instead.", "method.type");
      }
      for (Iterator<String> it = method.fieldNames(); it.hasNext(); ) {
        String field = it.next();
        if (!field.equals("type") && !field.equals(methodType)) {
          throw ApiError.invalid("Invalid request: 'method." + field + "': Extra inputs are not permitted.",
              "method." + field);
        }
      }
      JsonNode details = method.path(methodType);
      if (details.isObject()) {
        methodExtras = ((ObjectNode) details).deepCopy();
        methodExtras.remove("hyperparameters");
        JsonNode h = details.get("hyperparameters");
        if (h != null && !h.isNull()) {
          hyperparameters = hyperparameters(h, "method." + methodType + ".hyperparameters", methodType);
        }
      }
      if (methodType.equals("reinforcement")) {
        JsonNode grader = details.path("grader");
        if (!grader.isObject()) {
          throw new ApiError(400, "invalid_request_error", "Missing required parameter: 'method.reinforcement"
              + ".grader'.", "method.reinforcement.grader", "missing_required_parameter");
        }
        if (!GRADERS.contains(grader.path("type").asText())) {
          throw ApiError.invalid("Invalid value for 'method.reinforcement.grader.type': expected one of"
              + " 'string_check', 'text_similarity', 'python', 'score_model', 'multi'.",
              "method.reinforcement.grader.type");
        }
      }
    }

    String baseModel = model;
    if (api.modelIds.isFineTuned(model)) {
      if (!api.models.exists(model)) {
        throw modelNotAvailable(model);
      }
      baseModel = api.modelIds.baseModel(model);
    } else if (!ModelsApi.FINE_TUNABLE.containsKey(model)) {
      throw modelNotAvailable(model);
    }
    if (!ModelsApi.FINE_TUNABLE.get(baseModel).contains(methodType)) {
      throw ApiError.invalid("Model " + model + " does not support the '" + methodType + "' fine-tuning method.",
          "method.type");
    }

    FilesApi.StoredFile training = file(trainingFileId, "training_file");
    FilesApi.StoredFile validation = validationFileId.map(id -> file(id, "validation_file")).orElse(null);

    Job job = new Job(api, api.ids.next("ftjob-", 24), model, baseModel, training.id, training.content,
        validation == null ? null : validation.id, validation == null ? null : validation.content,
        suffix.orElse(null), seed, metadata, integrations, methodType, methodExtras, hyperparameters);
    jobs.put(job.id, job);
    return Reply.ok(job.toJson(api.clock.now()));
  }

  private static ApiError modelNotAvailable(String model) {
    return new ApiError(400, "invalid_request_error", "Model " + model + " is not available for fine-tuning or does"
        + " not exist.", "model", "model_not_available");
  }

  private FilesApi.StoredFile file(String id, String param) {
    FilesApi.StoredFile file = api.files.find(id)
        .orElseThrow(() -> ApiError.invalid("invalid " + param + ": " + id, param));
    if (!file.purpose.equals("fine-tune")) {
      throw ApiError.invalid("File " + id + " has purpose '" + file.purpose + "'; " + param
          + " must be a file uploaded with purpose 'fine-tune'.", param);
    }
    return file;
  }

  private static ObjectNode hyperparameters(JsonNode node, String param, String methodType) {
    if (!node.isObject()) {
      throw ApiError.invalid("Invalid type for '" + param + "': expected an object.", param);
    }
    ObjectNode result = ((ObjectNode) node).deepCopy();
    Set<String> allowed = switch (methodType) {
      case "dpo" -> Set.of("batch_size", "learning_rate_multiplier", "n_epochs", "beta");
      case "reinforcement" -> Set.of("batch_size", "learning_rate_multiplier", "n_epochs", "reasoning_effort",
          "compute_multiplier", "eval_interval", "eval_samples");
      default -> Set.of("batch_size", "learning_rate_multiplier", "n_epochs");
    };
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String name = e.getKey();
      JsonNode value = e.getValue();
      String where = param + "." + name;
      if (!allowed.contains(name)) {
        throw ApiError.invalid("Invalid request: '" + where + "': Extra inputs are not permitted.", where);
      }
      if (name.equals("reasoning_effort")) {
        if (!Set.of("default", "low", "medium", "high").contains(value.asText())) {
          throw ApiError.invalid("Invalid value for '" + where + "': expected one of 'default', 'low', 'medium',"
              + " 'high'.", where);
        }
        continue;
      }
      if (value.isTextual() && value.asText().equals("auto")) {
        continue;
      }
      if (!value.isNumber()) {
        throw ApiError.invalid("Invalid value for '" + where + "': expected 'auto' or a number, but got "
            + OpenAiApi.typeName(value) + " instead.", where);
      }
      double v = value.asDouble();
      boolean ok = switch (name) {
        case "batch_size" -> value.isIntegralNumber() && v >= 1 && v <= 256;
        case "n_epochs" -> value.isIntegralNumber() && v >= 1 && v <= 50;
        case "learning_rate_multiplier" -> v > 0;
        case "beta" -> v > 0 && v <= 2;
        case "compute_multiplier" -> v >= 0.00001 && v <= 10;
        default -> value.isIntegralNumber() && v >= 1;
      };
      if (!ok) {
        String range = switch (name) {
          case "batch_size" -> "an integer from 1 to 256";
          case "n_epochs" -> "an integer from 1 to 50";
          case "learning_rate_multiplier" -> "a number greater than 0";
          case "beta" -> "a number greater than 0 and at most 2";
          case "compute_multiplier" -> "a number from 0.00001 to 10";
          default -> "an integer of at least 1";
        };
        throw ApiError.invalid("Invalid value for '" + where + "': expected 'auto' or " + range + ", but got "
            + value + " instead.", where);
      }
    }
    return result;
  }

  private static JsonNode integrations(JsonNode node) {
    if (node == null || node.isNull()) {
      return OpenAiApi.array();
    }
    if (!node.isArray() || node.size() > 5) {
      throw ApiError.invalid("Invalid 'integrations': expected an array of at most 5 integrations.", "integrations");
    }
    for (JsonNode integration : node) {
      if (!integration.path("type").asText().equals("wandb")) {
        throw ApiError.invalid("Invalid value for 'integrations.type': the only supported integration is 'wandb'.",
            "integrations");
      }
      if (!integration.path("wandb").path("project").isTextual()) {
        throw new ApiError(400, "invalid_request_error", "Missing required parameter: 'integrations.wandb.project'.",
            "integrations", "missing_required_parameter");
      }
    }
    return node;
  }

  // ---------------------------------------------------------------- list

  private Reply list(ReceivedRequest request) {
    int limit = OpenAiApi.limit(request, 20, 10_000);
    Map<String, String> wanted = new LinkedHashMap<>();
    boolean onlyWithoutMetadata = false;
    for (Map.Entry<String, List<String>> e : request.query().entrySet()) {
      String name = e.getKey();
      if (name.startsWith("metadata[") && name.endsWith("]") && !e.getValue().isEmpty()) {
        wanted.put(name.substring("metadata[".length(), name.length() - 1), e.getValue().get(0));
      } else if (name.equals("metadata") && e.getValue().contains("null")) {
        onlyWithoutMetadata = true;
      }
    }
    List<Job> newestFirst = new ArrayList<>();
    for (Job job : jobs.values()) {
      boolean noMetadata = job.metadata.isNull() || job.metadata.isEmpty();
      if (onlyWithoutMetadata && !noMetadata) {
        continue;
      }
      boolean matches = wanted.entrySet().stream()
          .allMatch(w -> job.metadata.path(w.getKey()).isTextual()
              && job.metadata.path(w.getKey()).asText().equals(w.getValue()));
      if (matches) {
        newestFirst.add(job);
      }
    }
    Collections.reverse(newestFirst);
    Instant now = api.clock.now();
    return Reply.ok(OpenAiApi.page(newestFirst, j -> j.id, j -> j.toJson(now), request, limit, false));
  }

  // ---------------------------------------------------------------- checkpoint permissions

  private Optional<Reply> routePermissions(String method, List<String> s, ReceivedRequest request) {
    if (s.size() < 4 || !s.get(3).equals("permissions")) {
      return Optional.empty();
    }
    String checkpoint = s.get(2);
    if (jobServing(checkpoint).isEmpty()) {
      throw ApiError.notFound("Checkpoint " + checkpoint + " not found.", "fine_tuned_model_checkpoint");
    }
    List<Permission> granted = permissions.computeIfAbsent(checkpoint, k -> new ArrayList<>());
    if (s.size() == 4 && method.equals("GET")) {
      int limit = OpenAiApi.limit(request, 10, 10_000);
      boolean ascending = OpenAiApi.ascending(request, false, "ascending", "descending");
      Optional<String> project = request.queryParameter("project_id");
      List<Permission> ordered = new ArrayList<>(granted);
      ordered.removeIf(p -> project.isPresent() && !project.get().equals(p.projectId()));
      if (!ascending) {
        Collections.reverse(ordered);
      }
      return Optional.of(Reply.ok(OpenAiApi.page(ordered, Permission::id, Permission::toJson, request, limit,
          true)));
    }
    if (s.size() == 4 && method.equals("POST")) {
      JsonNode projectIds = OpenAiApi.json(request).get("project_ids");
      if (projectIds == null || !projectIds.isArray() || projectIds.isEmpty()) {
        throw new ApiError(400, "invalid_request_error", "Missing required parameter: 'project_ids'.",
            "project_ids", "missing_required_parameter");
      }
      ArrayNode data = OpenAiApi.array();
      for (JsonNode projectId : projectIds) {
        Permission p = new Permission(api.ids.next("cp_", 24), api.now(), projectId.asText());
        granted.add(p);
        data.add(p.toJson());
      }
      ObjectNode list = OpenAiApi.object();
      list.put("object", "list");
      list.set("data", data);
      list.put("has_more", false);
      list.put("first_id", data.get(0).path("id").asText());
      list.put("last_id", data.get(data.size() - 1).path("id").asText());
      return Optional.of(Reply.ok(list));
    }
    if (s.size() == 5 && method.equals("DELETE")) {
      Permission p = granted.stream().filter(x -> x.id().equals(s.get(4))).findFirst()
          .orElseThrow(() -> ApiError.notFound("Permission " + s.get(4) + " not found.", "permission_id"));
      granted.remove(p);
      ObjectNode deleted = OpenAiApi.object();
      deleted.put("id", p.id());
      deleted.put("object", "checkpoint.permission");
      deleted.put("deleted", true);
      return Optional.of(Reply.ok(deleted));
    }
    return Optional.empty();
  }
}
