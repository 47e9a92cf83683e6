package dev.finetune4j.testkit.internal.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.testkit.ReceivedRequest;
import dev.finetune4j.testkit.VirtualClock;
import dev.finetune4j.testkit.internal.Ids;
import dev.finetune4j.testkit.internal.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The emulated API's state and its routing. Called one request at a time (the base emulator serializes handling), so
 * the state lives in plain collections.
 */
final class OpenAiApi {

  static final ObjectMapper MAPPER = Json.MAPPER;

  final VirtualClock clock;
  final Ids ids;
  final FineTunedModelIds modelIds;
  final String organizationId;
  final java.time.Duration modelReadyAfter;
  final FilesApi files;
  final ModelsApi models;
  final JobsApi jobs;
  final EvalsApi evals;
  java.util.Set<String> extraJobFields = java.util.Set.of();
  java.util.function.UnaryOperator<String> jobStatusNames = java.util.function.UnaryOperator.identity();

  OpenAiApi(VirtualClock clock, Ids ids, FineTunedModelIds modelIds, java.time.Duration modelReadyAfter) {
    this.clock = clock;
    this.modelReadyAfter = modelReadyAfter;
    this.ids = ids;
    this.modelIds = modelIds;
    this.organizationId = ids.next("org-", 24);
    this.files = new FilesApi(this);
    this.models = new ModelsApi(this);
    this.jobs = new JobsApi(this);
    this.evals = new EvalsApi(this);
  }

  /**
   * Answers a request; {@code path} is the part of its path below the prefix the routes are mounted at, such as
   * {@code /files} for {@code /v1/files}.
   */
  Reply route(ReceivedRequest request, String path) {
    jobs.syncAll();
    List<String> s = new ArrayList<>(Arrays.asList(path.split("/")));
    s.removeIf(String::isEmpty);
    String m = request.method();
    if (!s.isEmpty()) {
      Optional<Reply> reply = switch (s.get(0)) {
        case "files" -> files.routeFiles(m, s, request);
        case "uploads" -> files.routeUploads(m, s, request);
        case "fine_tuning" -> jobs.route(m, s, request);
        case "models" -> models.routeModels(m, s);
        case "chat" -> s.size() == 2 && s.get(1).equals("completions") && m.equals("POST")
            ? Optional.of(models.chat(json(request))) : Optional.empty();
        case "evals" -> evals.route(m, s, request);
        default -> Optional.empty();
      };
      if (reply.isPresent()) {
        return reply.get();
      }
    }
    throw ApiError.invalidUrl(m, request.path());
  }

  long now() {
    return clock.epochSecond();
  }

  // ---------------------------------------------------------------- JSON helpers

  static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  static ObjectNode json(ReceivedRequest request) {
    if (request.bodySize() == 0) {
      return object();
    }
    try {
      JsonNode node = MAPPER.readTree(request.bodyBytes());
      if (node == null || !node.isObject()) {
        throw ApiError.invalid("We could not parse the JSON body of your request. The body must be a JSON object.",
            null);
      }
      return (ObjectNode) node;
    } catch (IOException e) {
      throw ApiError.invalid("We could not parse the JSON body of your request. (HINT: This likely means you aren't"
          + " using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not"
          + " valid JSON.)", null);
    }
  }

  static String requiredString(JsonNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      throw new ApiError(400, "invalid_request_error", "Missing required parameter: '" + field + "'.", field,
          "missing_required_parameter");
    }
    if (!node.isTextual()) {
      throw new ApiError(400, "invalid_request_error", "Invalid type for '" + field + "': expected a string, but got "
          + typeName(node) + " instead.", field, "invalid_type");
    }
    return node.asText();
  }

  static Optional<String> optionalString(JsonNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      throw new ApiError(400, "invalid_request_error", "Invalid type for '" + field + "': expected a string, but got "
          + typeName(node) + " instead.", field, "invalid_type");
    }
    return Optional.of(node.asText());
  }

  static String typeName(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case NUMBER -> node.isIntegralNumber() ? "an integer" : "a decimal";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> "a string";
    };
  }

  /** Validates a metadata object: at most 16 string pairs, keys up to 64 and values up to 512 characters. */
  static JsonNode metadata(JsonNode body) {
    JsonNode metadata = body.get("metadata");
    if (metadata == null || metadata.isNull()) {
      return com.fasterxml.jackson.databind.node.NullNode.instance;
    }
    if (!metadata.isObject()) {
      throw ApiError.invalid("Invalid type for 'metadata': expected an object, but got " + typeName(metadata)
          + " instead.", "metadata");
    }
    if (metadata.size() > 16) {
      throw ApiError.invalid("Invalid 'metadata': too many properties. Expected an object with at most 16 properties,"
          + " but got an object with " + metadata.size() + " properties instead.", "metadata");
    }
    metadata.properties().forEach(e -> {
      if (e.getKey().length() > 64) {
        throw ApiError.invalid("Invalid 'metadata': key '" + e.getKey() + "' is longer than 64 characters.",
            "metadata");
      }
      if (!e.getValue().isTextual()) {
        throw ApiError.invalid("Invalid 'metadata." + e.getKey() + "': expected a string.", "metadata");
      }
      if (e.getValue().asText().length() > 512) {
        throw ApiError.invalid("Invalid 'metadata." + e.getKey() + "': string too long. Expected a string with"
            + " maximum length 512.", "metadata");
      }
    });
    return metadata;
  }

  // ---------------------------------------------------------------- paging

  static int limit(ReceivedRequest request, int defaultLimit, int max) {
    Optional<String> raw = request.queryParameter("limit");
    if (raw.isEmpty()) {
      return defaultLimit;
    }
    int limit;
    try {
      limit = Integer.parseInt(raw.get());
    } catch (NumberFormatException e) {
      throw new ApiError(400, "invalid_request_error", "Invalid 'limit': expected an integer, but got '" + raw.get()
          + "' instead.", "limit", "invalid_type");
    }
    if (limit < 1) {
      throw new ApiError(400, "invalid_request_error", "Invalid 'limit': integer below minimum value. Expected a value"
          + " >= 1, but got " + limit + " instead.", "limit", "integer_below_min_value");
    }
    if (limit > max) {
      throw new ApiError(400, "invalid_request_error", "Invalid 'limit': integer above maximum value. Expected a value"
          + " <= " + max + ", but got " + limit + " instead.", "limit", "integer_above_max_value");
    }
    return limit;
  }

  /** Returns {@code true} for ascending order, from the {@code order} query parameter. */
  static boolean ascending(ReceivedRequest request, boolean defaultAscending, String asc, String desc) {
    Optional<String> order = request.queryParameter("order");
    if (order.isEmpty()) {
      return defaultAscending;
    }
    if (order.get().equals(asc)) {
      return true;
    }
    if (order.get().equals(desc)) {
      return false;
    }
    throw ApiError.invalid("Invalid 'order': expected one of '" + asc + "', '" + desc + "', but got '" + order.get()
        + "' instead.", "order");
  }

  /**
   * One page of an ordered list: the items after the {@code after} cursor (exclusive), at most {@code limit} of them.
   */
  static <T> ObjectNode page(List<T> ordered, Function<T, String> id, Function<T, JsonNode> render,
      ReceivedRequest request, int limit, boolean withIds) {
    int from = 0;
    Optional<String> after = request.queryParameter("after");
    if (after.isPresent()) {
      from = ordered.size();
      for (int i = 0; i < ordered.size(); i++) {
        if (id.apply(ordered.get(i)).equals(after.get())) {
          from = i + 1;
          break;
        }
      }
    }
    int to = Math.min(ordered.size(), from + limit);
    ArrayNode data = array();
    for (T item : ordered.subList(from, to)) {
      data.add(render.apply(item));
    }
    ObjectNode list = object();
    list.put("object", "list");
    list.set("data", data);
    if (withIds) {
      if (data.isEmpty()) {
        list.putNull("first_id");
        list.putNull("last_id");
      } else {
        list.put("first_id", id.apply(ordered.get(from)));
        list.put("last_id", id.apply(ordered.get(to - 1)));
      }
    }
    list.put("has_more", to < ordered.size());
    return list;
  }

  /** Rough token count used everywhere in the emulator: one token per four characters, rounded up. */
  static int tokens(String text) {
    return (text.length() + 3) / 4;
  }
}
