package dev.finetune4j.dataset.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.dataset.DatasetFormat;
import dev.finetune4j.dataset.FindingCode;
import dev.finetune4j.model.Role;
import java.util.Iterator;
import java.util.Set;

/** Checks one JSON object against a {@link DatasetFormat}, reporting every problem to a {@link Sink}. */
public final class LineChecker {

  /** Receives the problems of one line. */
  public interface Sink {
    /**
     * Reports a problem.
     *
     * @param code the code
     * @param field the JSON path, empty for the whole line
     * @param message what is wrong
     */
    void report(FindingCode code, String field, String message);
  }

  private static final Set<String> CHAT_KEYS = Set.of("messages", "tools", "parallel_tool_calls", "functions");
  private static final Set<String> OPENAI_PREFERENCE_KEYS = Set.of("input", "preferred_output", "non_preferred_output");
  private static final Set<String> INPUT_KEYS = Set.of("messages", "tools", "parallel_tool_calls");
  private static final Set<String> PROMPT_COMPLETION_KEYS = Set.of("prompt", "completion");
  private static final Set<String> TRL_PREFERENCE_KEYS = Set.of("prompt", "chosen", "rejected", "tools");
  private static final Set<String> MESSAGE_KEYS =
      Set.of("role", "content", "name", "tool_calls", "tool_call_id", "function_call", "weight");
  private static final String ROLES = "system, developer, user, assistant, tool, function";

  private final Sink sink;
  private final boolean openAi;
  private final boolean reinforcement;

  private LineChecker(Sink sink, boolean openAi, boolean reinforcement) {
    this.sink = sink;
    this.openAi = openAi;
    this.reinforcement = reinforcement;
  }

  /**
   * Checks a line.
   *
   * @param line the JSON object
   * @param format the format it should be in
   * @param reinforcement whether chat examples are reinforcement fine-tuning data: no assistant message required,
   *     extra top-level keys expected (they are passed to graders)
   * @param sink where problems go
   */
  public static void check(JsonNode line, DatasetFormat format, boolean reinforcement, Sink sink) {
    boolean openAi = format.name().startsWith("OPENAI_");
    LineChecker checker = new LineChecker(sink, openAi, reinforcement);
    switch (format) {
      case OPENAI_CHAT:
      case TRL_MESSAGES:
        checker.chat(line);
        break;
      case OPENAI_PROMPT_COMPLETION:
        checker.unknownKeys(line, "", PROMPT_COMPLETION_KEYS);
        checker.textSide(line, "prompt", FindingCode.EMPTY_PROMPT);
        checker.textSide(line, "completion", FindingCode.EMPTY_COMPLETION);
        break;
      case TRL_PROMPT_COMPLETION:
        checker.unknownKeys(line, "", PROMPT_COMPLETION_KEYS);
        checker.side(line, "prompt", FindingCode.EMPTY_PROMPT);
        checker.side(line, "completion", FindingCode.EMPTY_COMPLETION);
        break;
      case OPENAI_PREFERENCE:
        checker.openAiPreference(line);
        break;
      case TRL_PREFERENCE:
        checker.unknownKeys(line, "", TRL_PREFERENCE_KEYS);
        checker.side(line, "prompt", FindingCode.EMPTY_PROMPT);
        checker.output(line.get("chosen"), "chosen");
        checker.output(line.get("rejected"), "rejected");
        checker.type(line.get("tools"), "tools", JsonNode::isArray, "an array");
        break;
      default:
        throw new IllegalArgumentException("unknown format " + format);
    }
  }

  private void chat(JsonNode line) {
    if (!reinforcement) {
      unknownKeys(line, "", CHAT_KEYS);
    }
    type(line.get("tools"), "tools", JsonNode::isArray, "an array");
    type(line.get("parallel_tool_calls"), "parallel_tool_calls", JsonNode::isBoolean, "a boolean");
    JsonNode messages = line.get("messages");
    if (absent(messages)) {
      sink.report(FindingCode.MISSING_MESSAGES, "messages", "the example has no \"messages\" list");
      return;
    }
    messages(messages, "messages", !reinforcement);
  }

  private void openAiPreference(JsonNode line) {
    unknownKeys(line, "", OPENAI_PREFERENCE_KEYS);
    JsonNode input = line.get("input");
    if (absent(input)) {
      sink.report(FindingCode.MISSING_FIELD, "input", "a preference example needs \"input\" with its \"messages\"");
    } else if (!input.isObject()) {
      wrongType("input", "an object", input);
    } else {
      unknownKeys(input, "input", INPUT_KEYS);
      type(input.get("tools"), "input.tools", JsonNode::isArray, "an array");
      type(input.get("parallel_tool_calls"), "input.parallel_tool_calls", JsonNode::isBoolean, "a boolean");
      JsonNode messages = input.get("messages");
      if (absent(messages)) {
        sink.report(FindingCode.MISSING_MESSAGES, "input.messages", "the input has no \"messages\" list");
      } else {
        messages(messages, "input.messages", false);
      }
    }
    output(line.get("preferred_output"), "preferred_output");
    output(line.get("non_preferred_output"), "non_preferred_output");
  }

  private void textSide(JsonNode line, String field, FindingCode emptyCode) {
    JsonNode node = line.get(field);
    if (absent(node)) {
      sink.report(FindingCode.MISSING_FIELD, field, "the example has no \"" + field + "\"");
    } else if (!node.isTextual()) {
      wrongType(field, "a string", node);
    } else if (node.textValue().isEmpty()) {
      sink.report(emptyCode, field, "\"" + field + "\" is an empty string");
    }
  }

  private void side(JsonNode line, String field, FindingCode emptyCode) {
    JsonNode node = line.get(field);
    if (absent(node)) {
      sink.report(FindingCode.MISSING_FIELD, field, "the example has no \"" + field + "\"");
    } else if (node.isTextual()) {
      if (node.textValue().isEmpty()) {
        sink.report(emptyCode, field, "\"" + field + "\" is an empty string");
      }
    } else if (node.isArray()) {
      if (node.isEmpty()) {
        sink.report(emptyCode, field, "\"" + field + "\" is an empty list of messages");
      } else {
        for (int i = 0; i < node.size(); i++) {
          message(node.get(i), Json.indexed(field, i));
        }
      }
    } else {
      wrongType(field, "a string or a list of messages", node);
    }
  }

  private void output(JsonNode node, String field) {
    if (absent(node)) {
      sink.report(FindingCode.MISSING_FIELD, field, "a preference example needs \"" + field + "\"");
      return;
    }
    if (!openAi && node.isTextual()) {
      return;
    }
    if (!node.isArray()) {
      wrongType(field, "a list holding one assistant message", node);
      return;
    }
    if (node.size() != 1) {
      sink.report(FindingCode.INVALID_PREFERENCE_OUTPUT, field,
          "must hold exactly one assistant message, holds " + node.size());
    }
    for (int i = 0; i < node.size(); i++) {
      String path = field + "[" + i + "]";
      Role role = message(node.get(i), path);
      if (role != null && role != Role.ASSISTANT) {
        sink.report(FindingCode.INVALID_PREFERENCE_OUTPUT, path + ".role",
            "must be an assistant message, is " + role.wireName());
      }
    }
  }

  private void messages(JsonNode messages, String path, boolean requireAssistant) {
    if (!messages.isArray()) {
      wrongType(path, "a list of messages", messages);
      return;
    }
    if (messages.isEmpty()) {
      sink.report(FindingCode.EMPTY_MESSAGES, path, "the list of messages is empty");
      return;
    }
    boolean assistant = false;
    for (int i = 0; i < messages.size(); i++) {
      if (message(messages.get(i), Json.indexed(path, i)) == Role.ASSISTANT) {
        assistant = true;
      }
    }
    if (requireAssistant && !assistant) {
      sink.report(FindingCode.NO_ASSISTANT_MESSAGE, path, "no assistant message to train on");
    }
  }

  /** Checks one message; returns its role when known, else null. */
  private Role message(JsonNode message, String path) {
    if (!message.isObject()) {
      wrongType(path, "a message object", message);
      return null;
    }
    unknownKeys(message, path, MESSAGE_KEYS);
    Role role = null;
    JsonNode roleNode = message.get("role");
    if (absent(roleNode)) {
      sink.report(FindingCode.MISSING_ROLE, path + ".role", "the message has no role; allowed: " + ROLES);
    } else if (!roleNode.isTextual()) {
      wrongType(path + ".role", "a string", roleNode);
    } else {
      role = Role.fromWireName(roleNode.textValue()).orElse(null);
      if (role == null) {
        sink.report(FindingCode.UNKNOWN_ROLE, path + ".role",
            "unknown role \"" + roleNode.textValue() + "\"; allowed: " + ROLES);
      }
    }
    type(message, path, "name", JsonNode::isTextual, "a string");
    boolean hasContent = content(message.get("content"), path);
    boolean hasToolCalls = toolCalls(message, path, role);
    if (role == Role.TOOL && openAi) {
      JsonNode id = message.get("tool_call_id");
      if (absent(id)) {
        sink.report(FindingCode.INVALID_TOOL_CALL, path + ".tool_call_id",
            "a tool message needs the \"tool_call_id\" of the call it answers");
      }
    }
    type(message, path, "tool_call_id", JsonNode::isTextual, "a string");
    JsonNode content = message.get("content");
    boolean contentWrongType = !absent(content) && !content.isTextual() && !content.isArray();
    if (role != null && !hasContent && !contentWrongType) {
      if (role == Role.ASSISTANT && !hasToolCalls) {
        sink.report(FindingCode.MISSING_CONTENT, path + ".content",
            "the assistant message has neither content nor tool_calls");
      } else if (role != Role.ASSISTANT) {
        sink.report(FindingCode.MISSING_CONTENT, path + ".content", "the " + role.wireName()
            + " message has no content; it needs a non-empty string or list of content parts");
      }
    }
    JsonNode weight = message.get("weight");
    if (!absent(weight)) {
      if (!weight.isNumber() || (weight.decimalValue().compareTo(java.math.BigDecimal.ZERO) != 0
          && weight.decimalValue().compareTo(java.math.BigDecimal.ONE) != 0)) {
        sink.report(FindingCode.INVALID_WEIGHT, path + ".weight", "weight must be 0 or 1, is " + weight);
      } else if (role != null && role != Role.ASSISTANT) {
        sink.report(FindingCode.INVALID_WEIGHT, path + ".weight",
            "weight is allowed on assistant messages only, this one is " + role.wireName());
      }
    }
    return role;
  }

  /** Checks the content of the message at {@code messagePath}; returns whether it is present and not empty. */
  private boolean content(JsonNode content, String messagePath) {
    if (absent(content)) {
      return false;
    }
    if (content.isTextual()) {
      return !content.textValue().isEmpty();
    }
    String path = messagePath + ".content";
    if (!content.isArray()) {
      wrongType(path, "a string or a list of content parts", content);
      return false;
    }
    for (int j = 0; j < content.size(); j++) {
      JsonNode part = content.get(j);
      String partPath = Json.indexed(path, j);
      if (!part.isObject()) {
        wrongType(partPath, "a content part object", part);
        continue;
      }
      JsonNode type = part.get("type");
      if (absent(type) || !type.isTextual()) {
        wrongType(partPath + ".type", "a string such as \"text\" or \"image_url\"", type);
      } else if (type.textValue().equals("text")) {
        if (absent(part.get("text")) || !part.get("text").isTextual()) {
          wrongType(partPath + ".text", "a string", part.get("text"));
        }
      } else if (type.textValue().equals("image_url")) {
        JsonNode url = part.path("image_url").path("url");
        if (!url.isTextual()) {
          wrongType(partPath + ".image_url.url", "a string (an http(s) or data URL)", url);
        }
      }
    }
    return !content.isEmpty();
  }

  /** Checks tool_calls and function_call; returns whether there is at least one call. */
  private boolean toolCalls(JsonNode message, String path, Role role) {
    JsonNode functionCall = message.get("function_call");
    boolean hasCall = !absent(functionCall) && functionCall.isObject();
    JsonNode calls = message.get("tool_calls");
    if (absent(calls)) {
      return hasCall;
    }
    String callsPath = path + ".tool_calls";
    if (!calls.isArray()) {
      wrongType(callsPath, "a list of tool calls", calls);
      return hasCall;
    }
    if (role != null && role != Role.ASSISTANT) {
      sink.report(FindingCode.INVALID_TOOL_CALL, callsPath,
          "only assistant messages make tool calls, this one is " + role.wireName());
    }
    for (int j = 0; j < calls.size(); j++) {
      JsonNode call = calls.get(j);
      String callPath = Json.indexed(callsPath, j);
      if (!call.isObject()) {
        wrongType(callPath, "a tool call object", call);
        continue;
      }
      JsonNode function = call.get("function");
      if (absent(function) || !function.isObject()) {
        sink.report(FindingCode.INVALID_TOOL_CALL, callPath + ".function",
            "a tool call needs a \"function\" object with \"name\" and \"arguments\"");
        continue;
      }
      if (!function.path("name").isTextual() || function.path("name").textValue().isEmpty()) {
        sink.report(FindingCode.INVALID_TOOL_CALL, callPath + ".function.name", "the function name is missing");
      }
      JsonNode arguments = function.get("arguments");
      if (absent(arguments) || !(arguments.isTextual() || (!openAi && arguments.isObject()))) {
        sink.report(FindingCode.INVALID_TOOL_CALL, callPath + ".function.arguments",
            "the arguments must be a JSON-encoded string, are " + Json.typeName(arguments));
      }
    }
    return hasCall || !calls.isEmpty();
  }

  /** Reports the keys of the object at {@code path} ("" at the top) that are not known. */
  private void unknownKeys(JsonNode object, String path, Set<String> known) {
    if (object.size() <= known.size() && knownKeys(object, known) == object.size()) {
      return; // every key is known: found without walking the object's keys
    }
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        sink.report(FindingCode.UNKNOWN_KEY, path.isEmpty() ? key : path + "." + key, "unknown key \"" + key + "\" is ignored in training; known: "
            + String.join(", ", known.stream().sorted().toList()));
      }
    }
  }

  /** Counts the known keys the object has. */
  private static int knownKeys(JsonNode object, Set<String> known) {
    int count = 0;
    for (String key : known) {
      if (object.has(key)) {
        count++;
      }
    }
    return count;
  }

  /** Checks the type of the object's {@code field}, if it has one; its path is made only for a finding. */
  private void type(JsonNode object, String path, String field, java.util.function.Predicate<JsonNode> ok,
      String expected) {
    JsonNode node = object.get(field);
    if (!absent(node) && !ok.test(node)) {
      wrongType(path + "." + field, expected, node);
    }
  }

  private void type(JsonNode node, String path, java.util.function.Predicate<JsonNode> ok, String expected) {
    if (!absent(node) && !ok.test(node)) {
      wrongType(path, expected, node);
    }
  }

  private void wrongType(String path, String expected, JsonNode actual) {
    sink.report(FindingCode.WRONG_TYPE, path, "must be " + expected + ", is " + Json.typeName(actual));
  }

  private static boolean absent(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }
}
