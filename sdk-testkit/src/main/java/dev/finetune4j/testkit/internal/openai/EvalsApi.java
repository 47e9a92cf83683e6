package dev.finetune4j.testkit.internal.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.testkit.ReceivedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Evals API, simplified: graders {@code string_check} and {@code text_similarity} are evaluated (the latter by
 * word overlap whatever the metric); other grader types are accepted but their results are reported as errors. Runs
 * progress by the virtual clock: queued for 5 s, then in progress for 1 s per data row, then completed.
 */
final class EvalsApi {

  private static final Set<String> CONFIG_TYPES = Set.of("custom", "logs", "stored_completions");
  private static final Set<String> GRADER_TYPES = Set.of("label_model", "string_check", "text_similarity", "python",
      "score_model");
  private static final Pattern TEMPLATE = Pattern.compile("\\{\\{\\s*([a-zA-Z_][\\w.]*)\\s*}}");
  private static final long QUEUED_SECONDS = 5;

  private static final class Eval {
    final String id;
    String name;
    JsonNode metadata;
    final ObjectNode dataSourceConfig;
    final ArrayNode testingCriteria;
    final long createdAt;
    final Map<String, Run> runs = new LinkedHashMap<>();

    Eval(String id, String name, JsonNode metadata, ObjectNode config, ArrayNode criteria, long createdAt) {
      this.id = id;
      this.name = name;
      this.metadata = metadata;
      this.dataSourceConfig = config;
      this.testingCriteria = criteria;
      this.createdAt = createdAt;
    }

    ObjectNode toJson() {
      ObjectNode o = OpenAiApi.object();
      o.put("object", "eval");
      o.put("id", id);
      o.put("name", name);
      o.set("data_source_config", dataSourceConfig);
      o.set("testing_criteria", testingCriteria);
      o.put("created_at", createdAt);
      o.set("metadata", metadata);
      return o;
    }
  }

  private static final class Run {
    final String id;
    final String evalId;
    final String name;
    final JsonNode metadata;
    final ObjectNode dataSource;
    final String model;
    final List<JsonNode> rows;
    final long createdAt;
    final long startsAt;
    final long completesAt;
    String finalStatus;
    final List<ObjectNode> items = new ArrayList<>();
    ObjectNode resultCounts = counts(0, 0, 0, 0);
    ArrayNode perModelUsage = OpenAiApi.array();
    ArrayNode perCriteria = OpenAiApi.array();

    Run(String id, String evalId, String name, JsonNode metadata, ObjectNode dataSource, String model,
        List<JsonNode> rows, long createdAt, dev.finetune4j.testkit.VirtualClock clock) {
      this.id = id;
      this.evalId = evalId;
      this.name = name;
      this.metadata = metadata;
      this.dataSource = dataSource;
      this.model = model;
      this.rows = rows;
      this.createdAt = createdAt;
      java.time.Instant created = java.time.Instant.ofEpochSecond(createdAt);
      this.startsAt = clock.after(created, java.time.Duration.ofSeconds(QUEUED_SECONDS)).getEpochSecond();
      this.completesAt = clock.after(created, java.time.Duration.ofSeconds(QUEUED_SECONDS + rows.size()))
          .getEpochSecond();
    }

    long completesAt() {
      return completesAt;
    }

    String status(long now) {
      if (finalStatus != null) {
        return finalStatus;
      }
      return now < startsAt ? "queued" : "in_progress";
    }
  }

  private final OpenAiApi api;
  private final Map<String, Eval> evals = new LinkedHashMap<>();

  EvalsApi(OpenAiApi api) {
    this.api = api;
  }

  Optional<Reply> route(String method, List<String> s, ReceivedRequest request) {
    if (s.size() == 1) {
      return switch (method) {
        case "POST" -> Optional.of(createEval(OpenAiApi.json(request)));
        case "GET" -> Optional.of(Reply.ok(OpenAiApi.page(ordered(new ArrayList<>(evals.values()), request),
            e -> e.id, Eval::toJson, request, OpenAiApi.limit(request, 20, 100), true)));
        default -> Optional.empty();
      };
    }
    Eval eval = evals.get(s.get(1));
    if (eval == null) {
      throw ApiError.notFound("Eval with id '" + s.get(1) + "' not found.", "eval_id");
    }
    if (s.size() == 2) {
      switch (method) {
        case "GET":
          return Optional.of(Reply.ok(eval.toJson()));
        case "POST":
          ObjectNode body = OpenAiApi.json(request);
          OpenAiApi.optionalString(body, "name").ifPresent(n -> eval.name = n);
          if (body.has("metadata")) {
            eval.metadata = OpenAiApi.metadata(body);
          }
          return Optional.of(Reply.ok(eval.toJson()));
        case "DELETE":
          evals.remove(eval.id);
          ObjectNode deleted = OpenAiApi.object();
          deleted.put("object", "eval.deleted");
          deleted.put("deleted", true);
          deleted.put("eval_id", eval.id);
          return Optional.of(Reply.ok(deleted));
        default:
          return Optional.empty();
      }
    }
    if (!s.get(2).equals("runs")) {
      return Optional.empty();
    }
    if (s.size() == 3) {
      return switch (method) {
        case "POST" -> Optional.of(createRun(eval, OpenAiApi.json(request)));
        case "GET" -> {
          Optional<String> status = request.queryParameter("status");
          List<Run> runs = new ArrayList<>(eval.runs.values());
          runs.forEach(this::advance);
          runs.removeIf(r -> status.isPresent() && !status.get().equals(r.status(api.now())));
          yield Optional.of(Reply.ok(OpenAiApi.page(ordered(runs, request), r -> r.id, this::runJson, request,
              OpenAiApi.limit(request, 20, 100), true)));
        }
        default -> Optional.empty();
      };
    }
    Run run = eval.runs.get(s.get(3));
    if (run == null) {
      throw ApiError.notFound("Run with id '" + s.get(3) + "' not found.", "run_id");
    }
    advance(run);
    if (s.size() == 4) {
      switch (method) {
        case "GET":
          return Optional.of(Reply.ok(runJson(run)));
        case "POST":
          if (run.finalStatus == null) {
            run.finalStatus = "canceled";
          }
          return Optional.of(Reply.ok(runJson(run)));
        case "DELETE":
          eval.runs.remove(run.id);
          ObjectNode deleted = OpenAiApi.object();
          deleted.put("object", "eval.run.deleted");
          deleted.put("deleted", true);
          deleted.put("run_id", run.id);
          return Optional.of(Reply.ok(deleted));
        default:
          return Optional.empty();
      }
    }
    if (!s.get(4).equals("output_items") || !method.equals("GET")) {
      return Optional.empty();
    }
    if (s.size() == 5) {
      Optional<String> status = request.queryParameter("status");
      List<ObjectNode> items = new ArrayList<>(run.items);
      items.removeIf(i -> status.isPresent() && !status.get().equals(i.path("status").asText()));
      return Optional.of(Reply.ok(OpenAiApi.page(ordered(items, request), i -> i.path("id").asText(), i -> i,
          request, OpenAiApi.limit(request, 20, 100), true)));
    }
    if (s.size() == 6) {
      return Optional.of(Reply.ok(run.items.stream().filter(i -> i.path("id").asText().equals(s.get(5)))
          .findFirst().orElseThrow(() -> ApiError.notFound("Output item '" + s.get(5) + "' not found.",
              "output_item_id"))));
    }
    return Optional.empty();
  }

  private static <T> List<T> ordered(List<T> ascending, ReceivedRequest request) {
    if (!OpenAiApi.ascending(request, true, "asc", "desc")) {
      Collections.reverse(ascending);
    }
    return ascending;
  }

  // ---------------------------------------------------------------- create

  private Reply createEval(ObjectNode body) {
    JsonNode config = body.get("data_source_config");
    if (config == null || !config.isObject()) {
      throw new ApiError(400, "invalid_request_error", "Missing required parameter: 'data_source_config'.",
          "data_source_config", "missing_required_parameter");
    }
    String type = config.path("type").asText();
    if (!CONFIG_TYPES.contains(type)) {
      throw ApiError.invalid("Invalid value for 'data_source_config.type': expected one of 'custom', 'logs',"
          + " 'stored_completions'.", "data_source_config.type");
    }
    ObjectNode resolved = ((ObjectNode) config).deepCopy();
    ObjectNode schema = OpenAiApi.object();
    schema.put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    properties.set("item", config.has("item_schema") ? config.get("item_schema") : OpenAiApi.object());
    if (config.path("include_sample_schema").asBoolean(false)) {
      ObjectNode sample = properties.putObject("sample");
      sample.put("type", "object");
    }
    schema.putArray("required").add("item");
    resolved.remove("item_schema");
    resolved.remove("include_sample_schema");
    resolved.set("schema", schema);

    JsonNode criteria = body.get("testing_criteria");
    if (criteria == null || !criteria.isArray() || criteria.isEmpty()) {
      throw new ApiError(400, "invalid_request_error", "Missing required parameter: 'testing_criteria'.",
          "testing_criteria", "missing_required_parameter");
    }
    ArrayNode stored = OpenAiApi.array();
    for (JsonNode criterion : criteria) {
      String graderType = criterion.path("type").asText();
      if (!GRADER_TYPES.contains(graderType)) {
        throw ApiError.invalid("Invalid value for 'testing_criteria.type': expected one of 'label_model',"
            + " 'string_check', 'text_similarity', 'python', 'score_model', but got '" + graderType + "'.",
            "testing_criteria");
      }
      if (graderType.equals("text_similarity") && !criterion.path("pass_threshold").isNumber()) {
        throw new ApiError(400, "invalid_request_error", "Missing required parameter: "
            + "'testing_criteria.pass_threshold'.", "testing_criteria", "missing_required_parameter");
      }
      if (graderType.equals("string_check")
          && !Set.of("eq", "ne", "like", "ilike").contains(criterion.path("operation").asText())) {
        throw ApiError.invalid("Invalid value for 'testing_criteria.operation': expected one of 'eq', 'ne', 'like',"
            + " 'ilike'.", "testing_criteria");
      }
      ObjectNode copy = ((ObjectNode) criterion).deepCopy();
      String name = criterion.path("name").asText(graderType);
      copy.put("name", name);
      copy.put("id", name + "-" + api.ids.nextHex("", 36).replaceFirst(
          "(.{8})(.{4})(.{4})(.{4})(.{12}).*", "$1-$2-$3-$4-$5"));
      stored.add(copy);
    }
    Eval eval = new Eval(api.ids.nextHex("eval_", 32), OpenAiApi.optionalString(body, "name").orElse(""),
        OpenAiApi.metadata(body), resolved, stored, api.now());
    evals.put(eval.id, eval);
    return Reply.created(eval.toJson());
  }

  private Reply createRun(Eval eval, ObjectNode body) {
    JsonNode dataSource = body.get("data_source");
    if (dataSource == null || !dataSource.isObject()) {
      throw new ApiError(400, "invalid_request_error", "Missing required parameter: 'data_source'.", "data_source",
          "missing_required_parameter");
    }
    String type = dataSource.path("type").asText();
    if (!type.equals("jsonl") && !type.equals("completions")) {
      throw ApiError.invalid("Invalid value for 'data_source.type': the emulator supports 'jsonl' and"
          + " 'completions', got '" + type + "'.", "data_source.type");
    }
    String model = null;
    if (type.equals("completions")) {
      model = OpenAiApi.optionalString(dataSource, "model").orElseThrow(() -> new ApiError(400,
          "invalid_request_error", "Missing required parameter: 'data_source.model'.", "data_source.model",
          "missing_required_parameter"));
    }
    List<JsonNode> rows = rows(dataSource.path("source"));
    Run run = new Run(api.ids.nextHex("evalrun_", 32), eval.id,
        OpenAiApi.optionalString(body, "name").orElse(model == null ? "run" : model), OpenAiApi.metadata(body),
        ((ObjectNode) dataSource).deepCopy(), model, rows, api.now(), api.clock);
    eval.runs.put(run.id, run);
    return Reply.created(runJson(run));
  }

  private List<JsonNode> rows(JsonNode source) {
    String type = source.path("type").asText();
    List<JsonNode> rows = new ArrayList<>();
    if (type.equals("file_content")) {
      if (!source.path("content").isArray()) {
        throw ApiError.invalid("Invalid 'data_source.source.content': expected an array of {item, sample}.",
            "data_source.source.content");
      }
      source.path("content").forEach(rows::add);
    } else if (type.equals("file_id")) {
      String id = source.path("id").asText();
      FilesApi.StoredFile file = api.files.find(id)
          .orElseThrow(() -> ApiError.invalid("File " + id + " not found.", "data_source.source.id"));
      String[] lines = new String(file.content, StandardCharsets.UTF_8).split("\r?\n");
      for (int i = 0; i < lines.length; i++) {
        if (lines[i].isBlank()) {
          continue;
        }
        try {
          JsonNode line = OpenAiApi.MAPPER.readTree(lines[i]);
          if (line.has("item")) {
            rows.add(line);
          } else {
            ObjectNode wrapped = OpenAiApi.object();
            wrapped.set("item", line);
            rows.add(wrapped);
          }
        } catch (IOException e) {
          throw ApiError.invalid("File " + id + " line " + (i + 1) + " is not valid JSON.", "data_source.source.id");
        }
      }
    } else {
      throw ApiError.invalid("Invalid value for 'data_source.source.type': expected 'file_content' or 'file_id'.",
          "data_source.source.type");
    }
    return rows;
  }

  // ---------------------------------------------------------------- progress and grading

  private void advance(Run run) {
    if (run.finalStatus != null || api.now() < run.completesAt()) {
      return;
    }
    Eval eval = evals.get(run.evalId);
    int passed = 0;
    int failed = 0;
    int errored = 0;
    int promptTokens = 0;
    int completionTokens = 0;
    Map<String, int[]> perCriterion = new LinkedHashMap<>();
    for (JsonNode c : eval.testingCriteria) {
      perCriterion.put(c.path("id").asText(), new int[2]);
    }
    for (int i = 0; i < run.rows.size(); i++) {
      JsonNode row = run.rows.get(i);
      JsonNode item = row.path("item");
      ObjectNode sample = OpenAiApi.object();
      String output;
      boolean error = false;
      if (run.model != null) {
        ArrayNode messages = messages(run.dataSource.path("input_messages"), item);
        sample.set("input", messages);
        try {
          output = api.models.answer(run.model, messages);
          int max = run.dataSource.path("sampling_params").path("max_completion_tokens").asInt(Integer.MAX_VALUE);
          String finish = "stop";
          if (OpenAiApi.tokens(output) > max) {
            output = output.substring(0, Math.min(output.length(), max * 4));
            finish = "length";
          }
          int[] usage = api.models.usage(messages, output);
          promptTokens += usage[0];
          completionTokens += usage[1];
          sample.putArray("output").addObject().put("role", "assistant").put("content", output);
          sample.put("finish_reason", finish);
          sample.put("model", run.model);
          ObjectNode u = sample.putObject("usage");
          u.put("total_tokens", usage[0] + usage[1]);
          u.put("completion_tokens", usage[1]);
          u.put("prompt_tokens", usage[0]);
          u.put("cached_tokens", 0);
          sample.putNull("error");
          sampling(sample, run.dataSource.path("sampling_params"));
        } catch (ApiError e) {
          output = "";
          error = true;
          sample.putArray("output");
          ObjectNode err = sample.putObject("error");
          err.put("code", e.code == null ? "error" : e.code);
          err.put("message", e.getMessage());
          sampling(sample, run.dataSource.path("sampling_params"));
        }
      } else {
        output = row.path("sample").path("output_text").asText("");
        sample.setAll(row.path("sample").isObject() ? (ObjectNode) row.path("sample").deepCopy()
            : OpenAiApi.object());
      }
      ArrayNode results = OpenAiApi.array();
      boolean allPassed = true;
      for (JsonNode criterion : eval.testingCriteria) {
        ObjectNode result = results.addObject();
        result.put("name", criterion.path("name").asText());
        result.put("type", criterion.path("type").asText());
        Double score = error ? null : grade(criterion, item, output);
        if (score == null) {
          error = true;
          allPassed = false;
          result.put("score", 0.0);
          result.put("passed", false);
          continue;
        }
        boolean ok = criterion.path("type").asText().equals("string_check") ? score >= 1
            : score >= criterion.path("pass_threshold").asDouble(0.5);
        result.put("score", score);
        result.put("passed", ok);
        perCriterion.get(criterion.path("id").asText())[ok ? 0 : 1]++;
        allPassed &= ok;
      }
      if (error) {
        errored++;
      } else if (allPassed) {
        passed++;
      } else {
        failed++;
      }
      ObjectNode o = OpenAiApi.object();
      o.put("object", "eval.run.output_item");
      o.put("id", api.ids.nextHex("outputitem_", 32));
      o.put("run_id", run.id);
      o.put("eval_id", run.evalId);
      o.put("created_at", run.completesAt());
      o.put("status", allPassed && !error ? "pass" : "fail");
      o.put("datasource_item_id", i);
      o.set("datasource_item", item);
      o.set("results", results);
      o.set("sample", sample);
      run.items.add(o);
    }
    run.resultCounts = counts(run.rows.size(), errored, failed, passed);
    if (run.model != null) {
      ObjectNode usage = run.perModelUsage.addObject();
      usage.put("model_name", run.model);
      usage.put("invocation_count", run.rows.size());
      usage.put("prompt_tokens", promptTokens);
      usage.put("completion_tokens", completionTokens);
      usage.put("total_tokens", promptTokens + completionTokens);
      usage.put("cached_tokens", 0);
    }
    perCriterion.forEach((id, pf) -> {
      ObjectNode r = run.perCriteria.addObject();
      r.put("testing_criteria", id);
      r.put("passed", pf[0]);
      r.put("failed", pf[1]);
    });
    run.finalStatus = "completed";
  }

  /** The sampling settings an output item's sample reports: those of the run, else the service's defaults. */
  private static void sampling(ObjectNode sample, JsonNode params) {
    sample.put("temperature", params.path("temperature").asDouble(1.0));
    sample.put("top_p", params.path("top_p").asDouble(1.0));
    sample.put("seed", params.path("seed").asInt(42));
    sample.put("max_completion_tokens", params.path("max_completion_tokens").asInt(2048));
  }

  /**
   * {@code POST /fine_tuning/alpha/graders/validate} and {@code .../run}: the grader types the evals evaluate
   * ({@code string_check}, {@code text_similarity}) are run on the sample; the others are accepted and score 0.
   */
  Optional<Reply> routeGraders(String method, List<String> s, ReceivedRequest request) {
    if (s.size() != 4 || !method.equals("POST") || !s.get(1).equals("alpha") || !s.get(2).equals("graders")) {
      return Optional.empty();
    }
    ObjectNode body = OpenAiApi.json(request);
    JsonNode grader = body.get("grader");
    if (grader == null || !grader.isObject()) {
      throw new ApiError(400, "invalid_request_error", "Missing required parameter: 'grader'.", "grader",
          "missing_required_parameter");
    }
    String type = grader.path("type").asText();
    if (!GRADER_TYPES.contains(type) && !type.equals("multi")) {
      throw ApiError.invalid("Invalid value for 'grader.type': expected one of 'string_check', 'text_similarity',"
          + " 'python', 'score_model', 'label_model', 'multi', but got '" + type + "'.", "grader.type");
    }
    ObjectNode answer = OpenAiApi.object();
    if (s.get(3).equals("validate")) {
      answer.set("grader", grader);
      return Optional.of(Reply.ok(answer));
    }
    if (!s.get(3).equals("run")) {
      return Optional.empty();
    }
    JsonNode modelSample = body.get("model_sample");
    if (modelSample == null || !modelSample.isTextual()) {
      throw new ApiError(400, "invalid_request_error", "Missing required parameter: 'model_sample'.",
          "model_sample", "missing_required_parameter");
    }
    Double score = grade(grader, body.path("item"), modelSample.asText());
    double reward = score == null ? 0.0 : score;
    answer.put("reward", reward);
    ObjectNode metadata = answer.putObject("metadata");
    ObjectNode errors = metadata.putObject("errors");
    for (String flag : List.of("formula_parse_error", "invalid_variable_error", "model_grader_parse_error",
        "model_grader_refusal_error", "model_grader_server_error", "other_error", "python_grader_runtime_error",
        "python_grader_server_error", "sample_parse_error", "truncated_observation_error",
        "unresponsive_reward_error")) {
      errors.put(flag, false);
    }
    errors.putNull("model_grader_server_error_details");
    errors.putNull("python_grader_runtime_error_details");
    errors.putNull("python_grader_server_error_type");
    metadata.put("execution_time", 0.001);
    metadata.put("name", grader.path("name").asText(type));
    metadata.putNull("sampled_model_name");
    metadata.putObject("scores").put(grader.path("name").asText(type), reward);
    metadata.putNull("token_usage");
    metadata.put("type", type);
    answer.putObject("sub_rewards");
    answer.putObject("model_grader_token_usage_per_model");
    return Optional.of(Reply.ok(answer));
  }

  /** Score of one grader on one row, or {@code null} for grader types the emulator does not evaluate. */
  private static Double grade(JsonNode criterion, JsonNode item, String output) {
    String input = render(criterion.path("input").asText(""), item, output);
    String reference = render(criterion.path("reference").asText(""), item, output);
    switch (criterion.path("type").asText()) {
      case "string_check": {
        boolean ok = switch (criterion.path("operation").asText()) {
          case "eq" -> input.equals(reference);
          case "ne" -> !input.equals(reference);
          case "like" -> input.contains(reference);
          default -> input.toLowerCase(Locale.ROOT).contains(reference.toLowerCase(Locale.ROOT));
        };
        return ok ? 1.0 : 0.0;
      }
      case "text_similarity": {
        Set<String> a = ModelsApi.words(input);
        Set<String> b = ModelsApi.words(reference);
        if (a.isEmpty() || b.isEmpty()) {
          return a.equals(b) ? 1.0 : 0.0;
        }
        Set<String> common = new HashSet<>(a);
        common.retainAll(b);
        double precision = (double) common.size() / a.size();
        double recall = (double) common.size() / b.size();
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return Math.round(f1 * 10_000) / 10_000.0;
      }
      default:
        return null;
    }
  }

  private static ArrayNode messages(JsonNode inputMessages, JsonNode item) {
    ArrayNode messages = OpenAiApi.array();
    if (inputMessages.path("type").asText().equals("item_reference")) {
      JsonNode referenced = lookup(item, inputMessages.path("item_reference").asText().replaceFirst("^item\\.", ""));
      if (referenced.isArray()) {
        referenced.forEach(messages::add);
      }
      return messages;
    }
    for (JsonNode template : inputMessages.path("template")) {
      JsonNode content = template.path("content");
      String text = content.isObject() ? content.path("text").asText("") : TrainingData.text(content);
      messages.addObject().put("role", template.path("role").asText("user")).put("content", render(text, item, ""));
    }
    return messages;
  }

  private static String render(String template, JsonNode item, String output) {
    Matcher m = TEMPLATE.matcher(template);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String path = m.group(1);
      String value;
      if (path.equals("sample.output_text")) {
        value = output;
      } else if (path.startsWith("item.")) {
        JsonNode node = lookup(item, path.substring(5));
        value = node.isMissingNode() || node.isNull() ? "" : node.isValueNode() ? node.asText() : node.toString();
      } else {
        value = "";
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(value));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static JsonNode lookup(JsonNode node, String dottedPath) {
    JsonNode current = node;
    for (String part : dottedPath.split("\\.")) {
      current = current.path(part);
    }
    return current;
  }

  private static ObjectNode counts(int total, int errored, int failed, int passed) {
    ObjectNode o = OpenAiApi.object();
    o.put("total", total);
    o.put("errored", errored);
    o.put("failed", failed);
    o.put("passed", passed);
    return o;
  }

  private ObjectNode runJson(Run run) {
    ObjectNode o = OpenAiApi.object();
    o.put("object", "eval.run");
    o.put("id", run.id);
    o.put("eval_id", run.evalId);
    o.put("status", run.status(api.now()));
    if (run.model == null) {
      o.putNull("model");
    } else {
      o.put("model", run.model);
    }
    o.put("name", run.name);
    o.put("created_at", run.createdAt);
    o.put("report_url", "https://platform.openai.com/evaluations/" + run.evalId + "?run_id=" + run.id);
    o.set("result_counts", run.resultCounts);
    o.set("per_model_usage", run.perModelUsage);
    o.set("per_testing_criteria_results", run.perCriteria);
    o.set("data_source", run.dataSource);
    o.set("metadata", run.metadata);
    o.putNull("error");
    return o;
  }
}
