package dev.finetune4j.testkit.internal.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Models API and Chat Completions. */
final class ModelsApi {

  /** Base models that can be fine-tuned, with the methods each supports. */
  static final Map<String, Set<String>> FINE_TUNABLE = Map.of(
      "gpt-4.1-2025-04-14", Set.of("supervised", "dpo"),
      "gpt-4.1-mini-2025-04-14", Set.of("supervised", "dpo"),
      "gpt-4.1-nano-2025-04-14", Set.of("supervised", "dpo"),
      "gpt-4o-2024-08-06", Set.of("supervised", "dpo"),
      "gpt-4o-mini-2024-07-18", Set.of("supervised", "dpo"),
      "gpt-3.5-turbo-0125", Set.of("supervised"),
      "o4-mini-2025-04-16", Set.of("reinforcement"));

  private record Model(String id, long created, String ownedBy, String shutdownDate, boolean fineTuned) {
    ObjectNode toJson() {
      ObjectNode o = OpenAiApi.object();
      o.put("id", id);
      o.put("object", "model");
      o.put("created", created);
      o.put("owned_by", ownedBy);
      if (shutdownDate == null) {
        o.putNull("shutdown_date");
      } else {
        o.put("shutdown_date", shutdownDate);
      }
      return o;
    }
  }

  private final OpenAiApi api;
  private final Map<String, Model> models = new LinkedHashMap<>();
  private final Set<String> deleted = new HashSet<>();

  ModelsApi(OpenAiApi api) {
    this.api = api;
    base("gpt-4.1-2025-04-14", 1744316542, "2027-01-14");
    base("gpt-4.1-mini-2025-04-14", 1744317547, "2027-01-14");
    base("gpt-4.1-nano-2025-04-14", 1744321025, "2026-10-23");
    base("gpt-4o-2024-08-06", 1722814719, "2027-01-14");
    base("gpt-4o-mini-2024-07-18", 1721172717, "2027-01-14");
    base("gpt-3.5-turbo-0125", 1706048358, null);
    base("o4-mini-2025-04-16", 1744133506, null);
    // the aliases clients use most, pointing at the snapshots above (answered like them)
    base("gpt-4.1", 1744316542, null);
    base("gpt-4.1-mini", 1744317547, null);
    base("gpt-4.1-nano", 1744321025, null);
    base("gpt-4o", 1715367049, null);
    base("gpt-4o-mini", 1721172741, null);
    base("gpt-3.5-turbo", 1677610602, null);
    base("o4-mini", 1744225351, null);
  }

  private void base(String id, long created, String shutdownDate) {
    models.put(id, new Model(id, created, "system", shutdownDate, false));
  }

  boolean exists(String id) {
    return models.containsKey(id);
  }

  void registerFineTune(String id, long created, String baseModel) {
    Model base = models.get(baseModel);
    models.put(id, new Model(id, created, "organization-owner", base == null ? null : base.shutdownDate(), true));
  }

  Optional<Reply> routeModels(String method, List<String> s) {
    if (s.size() == 1 && method.equals("GET")) {
      ArrayNode data = OpenAiApi.array();
      models.values().forEach(m -> data.add(m.toJson()));
      ObjectNode list = OpenAiApi.object();
      list.put("object", "list");
      list.set("data", data);
      return Optional.of(Reply.ok(list));
    }
    if (s.size() != 2) {
      return Optional.empty();
    }
    String id = s.get(1);
    Model model = models.get(id);
    if (method.equals("GET")) {
      if (model == null) {
        throw modelNotFound(id);
      }
      return Optional.of(Reply.ok(model.toJson()));
    }
    if (method.equals("DELETE")) {
      if (model == null) {
        throw modelNotFound(id);
      }
      if (!model.fineTuned()) {
        throw new ApiError(403, "invalid_request_error", "You do not have permission to delete " + id
            + ": only fine-tuned models owned by your organization can be deleted.", "model", "model_not_deletable");
      }
      models.remove(id);
      deleted.add(id);
      ObjectNode o = OpenAiApi.object();
      o.put("id", id);
      o.put("object", "model");
      o.put("deleted", true);
      return Optional.of(Reply.ok(o));
    }
    return Optional.empty();
  }

  private static ApiError modelNotFound(String id) {
    return ApiError.notFound("The model `" + id + "` does not exist or you do not have access to it.", "model",
        "model_not_found");
  }

  // ---------------------------------------------------------------- chat

  Reply chat(ObjectNode body) {
    String model = OpenAiApi.requiredString(body, "model");
    JsonNode messages = body.get("messages");
    if (messages == null || messages.isNull()) {
      throw new ApiError(400, "invalid_request_error", "Missing required parameter: 'messages'.", "messages",
          "missing_required_parameter");
    }
    if (!messages.isArray() || messages.isEmpty()) {
      throw new ApiError(400, "invalid_request_error", "Invalid 'messages': empty array. Expected an array with"
          + " minimum length 1, but got an empty array instead.", "messages", "empty_array");
    }
    JsonNode temperature = body.get("temperature");
    if (temperature != null && !temperature.isNull()
        && (!temperature.isNumber() || temperature.asDouble() < 0 || temperature.asDouble() > 2)) {
      throw new ApiError(400, "invalid_request_error", "Invalid 'temperature': expected a number between 0 and 2.",
          "temperature", "invalid_value");
    }
    JsonNode stream = body.get("stream");
    if (stream != null && !stream.isNull() && !stream.isBoolean()) {
      throw new ApiError(400, "invalid_request_error", "Invalid type for 'stream': expected a boolean, but got "
          + OpenAiApi.typeName(stream) + " instead.", "stream", "invalid_type");
    }
    JsonNode streamOptions = body.get("stream_options");
    boolean streaming = stream != null && stream.asBoolean(false);
    if (streamOptions != null && !streamOptions.isNull() && !streaming) {
      throw ApiError.invalid("The 'stream_options' parameter is only allowed when 'stream' is enabled.",
          "stream_options");
    }
    Integer maxTokens = null;
    for (String name : List.of("max_completion_tokens", "max_tokens")) {
      JsonNode node = body.get(name);
      if (node != null && !node.isNull()) {
        if (!node.isIntegralNumber() || node.asInt() < 1) {
          throw new ApiError(400, "invalid_request_error", "Invalid '" + name + "': expected an integer of at least"
              + " 1.", name, "invalid_value");
        }
        maxTokens = maxTokens == null ? node.asInt() : Math.min(maxTokens, node.asInt());
      }
    }
    String reply = answer(model, messages);
    ObjectNode completion = completion(model, messages, reply, maxTokens);
    if (streaming) {
      return Reply.bytes(events(completion, streamOptions != null && streamOptions.path("include_usage")
          .asBoolean(false)), "text/event-stream; charset=utf-8");
    }
    return Reply.ok(completion);
  }

  /**
   * A completion as the service streams it: server-sent events of {@code chat.completion.chunk}s (the role first,
   * then the content a few words at a time, then the finish reason), a usage chunk with no choices when asked for,
   * and {@code data: [DONE]}.
   */
  private static byte[] events(ObjectNode completion, boolean includeUsage) {
    JsonNode choice = completion.path("choices").path(0);
    String content = choice.path("message").path("content").asText();
    List<ObjectNode> chunks = new ArrayList<>();
    ObjectNode first = chunk(completion, includeUsage);
    first.withArray("choices").addObject().put("index", 0).putNull("logprobs").putNull("finish_reason")
        .putObject("delta").put("role", "assistant").put("content", "").putNull("refusal");
    chunks.add(first);
    java.util.regex.Matcher words = java.util.regex.Pattern.compile("\\S+\\s*|\\s+").matcher(content);
    StringBuilder piece = new StringBuilder();
    int count = 0;
    while (words.find()) {
      piece.append(words.group());
      if (++count % 4 == 0 || words.hitEnd()) {
        chunks.add(delta(completion, includeUsage, piece.toString()));
        piece.setLength(0);
      }
    }
    if (piece.length() > 0) {
      chunks.add(delta(completion, includeUsage, piece.toString()));
    }
    ObjectNode last = chunk(completion, includeUsage);
    last.withArray("choices").addObject().put("index", 0).putNull("logprobs")
        .put("finish_reason", choice.path("finish_reason").asText()).putObject("delta");
    chunks.add(last);
    if (includeUsage) {
      ObjectNode usage = chunk(completion, true);
      usage.putArray("choices");
      usage.set("usage", completion.get("usage"));
      chunks.add(usage);
    }
    StringBuilder out = new StringBuilder();
    for (ObjectNode chunk : chunks) {
      out.append("data: ").append(chunk).append("\n\n");
    }
    out.append("data: [DONE]\n\n");
    return out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static ObjectNode delta(ObjectNode completion, boolean includeUsage, String text) {
    ObjectNode chunk = chunk(completion, includeUsage);
    chunk.withArray("choices").addObject().put("index", 0).putNull("logprobs").putNull("finish_reason")
        .putObject("delta").put("content", text);
    return chunk;
  }

  private static ObjectNode chunk(ObjectNode completion, boolean includeUsage) {
    ObjectNode chunk = OpenAiApi.object();
    chunk.set("id", completion.get("id"));
    chunk.put("object", "chat.completion.chunk");
    chunk.set("created", completion.get("created"));
    chunk.set("model", completion.get("model"));
    chunk.set("service_tier", completion.get("service_tier"));
    chunk.set("system_fingerprint", completion.get("system_fingerprint"));
    chunk.putArray("choices");
    if (includeUsage) {
      chunk.putNull("usage");
    }
    return chunk;
  }

  /** The deterministic answer of {@code model} to a conversation. */
  String answer(String model, JsonNode messages) {
    String prompt = "";
    for (JsonNode message : messages) {
      if ("user".equals(message.path("role").asText())) {
        prompt = TrainingData.text(message.path("content"));
      }
    }
    if (api.modelIds.isFineTuned(model)) {
      Optional<Job> job = deleted.contains(model) ? Optional.empty() : api.jobs.jobServing(model);
      if (job.isEmpty() || job.get().data == null) {
        throw modelNotFound(model);
      }
      boolean finalModel = model.equals(job.get().fineTunedModel);
      if (finalModel && job.get().finishedAt().orElse(Long.MAX_VALUE) + api.modelReadyAfter.toSeconds() > api.now()) {
        throw modelNotFound(model);
      }
      return mostSimilar(job.get().data.pairs, prompt);
    }
    if (!models.containsKey(model)) {
      throw modelNotFound(model);
    }
    return genericAnswer(prompt);
  }

  private static String mostSimilar(List<TrainingData.Pair> pairs, String prompt) {
    Set<String> words = words(prompt);
    TrainingData.Pair best = null;
    double bestScore = -1;
    for (TrainingData.Pair pair : pairs) {
      Set<String> other = words(pair.prompt());
      Set<String> common = new HashSet<>(words);
      common.retainAll(other);
      Set<String> union = new HashSet<>(words);
      union.addAll(other);
      double score = union.isEmpty() ? 0 : (double) common.size() / union.size();
      if (score > bestScore) {
        bestScore = score;
        best = pair;
      }
    }
    return best == null ? "" : best.reply();
  }

  static Set<String> words(String text) {
    Set<String> words = new HashSet<>();
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!w.isEmpty()) {
        words.add(w);
      }
    }
    return words;
  }

  private static String genericAnswer(String prompt) {
    String topic = prompt.strip().replaceAll("\\s+", " ");
    if (topic.length() > 120) {
      topic = topic.substring(0, 120) + "...";
    }
    return "Thank you for your question. You asked: \"" + topic + "\". There are several aspects to consider here,"
        + " and the best answer depends on your specific situation and context. In general, it is a good idea to"
        + " review the relevant details carefully, weigh the available options against your goals, and consult the"
        + " official documentation or a qualified expert if anything remains unclear. I hope this helps; let me know"
        + " if you would like me to go into more detail on any part of it.";
  }

  private ObjectNode completion(String model, JsonNode messages, String reply, Integer maxTokens) {
    int promptTokens = 3;
    for (JsonNode message : messages) {
      promptTokens += 3 + OpenAiApi.tokens(TrainingData.text(message.path("content")));
    }
    String content = reply;
    String finishReason = "stop";
    if (maxTokens != null && OpenAiApi.tokens(reply) > maxTokens) {
      content = reply.substring(0, Math.min(reply.length(), maxTokens * 4));
      finishReason = "length";
    }
    int completionTokens = OpenAiApi.tokens(content);
    ObjectNode o = OpenAiApi.object();
    o.put("id", api.ids.next("chatcmpl-", 29));
    o.put("object", "chat.completion");
    o.put("created", api.now());
    o.put("model", model);
    ArrayNode choices = o.putArray("choices");
    ObjectNode choice = choices.addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", content);
    message.putNull("refusal");
    message.putArray("annotations");
    choice.putNull("logprobs");
    choice.put("finish_reason", finishReason);
    ObjectNode usage = o.putObject("usage");
    usage.put("prompt_tokens", promptTokens);
    usage.put("completion_tokens", completionTokens);
    usage.put("total_tokens", promptTokens + completionTokens);
    ObjectNode promptDetails = usage.putObject("prompt_tokens_details");
    promptDetails.put("cached_tokens", 0);
    promptDetails.put("audio_tokens", 0);
    ObjectNode completionDetails = usage.putObject("completion_tokens_details");
    completionDetails.put("reasoning_tokens", 0);
    completionDetails.put("audio_tokens", 0);
    completionDetails.put("accepted_prediction_tokens", 0);
    completionDetails.put("rejected_prediction_tokens", 0);
    o.put("service_tier", "default");
    o.put("system_fingerprint", "fp_emulator");
    return o;
  }

  /** Usage numbers of an answer, for eval runs: prompt and completion tokens. */
  int[] usage(JsonNode messages, String reply) {
    int promptTokens = 3;
    for (JsonNode message : messages) {
      promptTokens += 3 + OpenAiApi.tokens(TrainingData.text(message.path("content")));
    }
    return new int[] {promptTokens, OpenAiApi.tokens(reply)};
  }
}
