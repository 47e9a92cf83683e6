package dev.finetune4j.dataset.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.dataset.ChatExample;
import dev.finetune4j.dataset.DatasetFormat;
import dev.finetune4j.dataset.InvalidExampleException;
import dev.finetune4j.dataset.PreferenceExample;
import dev.finetune4j.dataset.PromptCompletionExample;
import dev.finetune4j.dataset.TrainingExample;
import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.model.Role;
import dev.finetune4j.model.ToolCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Reads and writes training examples as JSON in each {@link DatasetFormat}. Tolerant of unknown fields. */
public final class ExampleMapper {
  private static final Set<String> CHAT_RESERVED = Set.of("messages", "tools", "parallel_tool_calls");

  private ExampleMapper() {}

  /**
   * Reads an example, detecting its format.
   *
   * @param json the line
   * @return the example
   */
  public static TrainingExample read(JsonNode json) {
    DatasetFormat format = DatasetFormat.detect(json).orElseThrow(() -> new InvalidExampleException("",
        json != null && json.isObject()
            ? "matches no dataset format: expected \"messages\", \"prompt\"/\"completion\", "
                + "\"input\"/\"preferred_output\"/\"non_preferred_output\" or \"prompt\"/\"chosen\"/\"rejected\""
            : "expected a JSON object, got " + Json.typeName(json)));
    return read(json, format);
  }

  /**
   * Reads an example in a given format.
   *
   * @param json the line
   * @param format its format
   * @return the example
   */
  public static TrainingExample read(JsonNode json, DatasetFormat format) {
    if (json == null || !json.isObject()) {
      throw new InvalidExampleException("", "expected a JSON object, got " + Json.typeName(json));
    }
    switch (format) {
      case OPENAI_CHAT:
      case TRL_MESSAGES:
        return readChat(json);
      case OPENAI_PROMPT_COMPLETION:
      case TRL_PROMPT_COMPLETION:
        return readPromptCompletion(json);
      case OPENAI_PREFERENCE:
        return readOpenAiPreference(json);
      case TRL_PREFERENCE:
        return readTrlPreference(json);
      default:
        throw new IllegalArgumentException("unknown format " + format);
    }
  }

  private static ChatExample readChat(JsonNode json) {
    List<ChatMessage> messages = readMessages(json.get("messages"), "messages", true);
    List<JsonNode> tools = readTools(json.get("tools"), "tools");
    Optional<Boolean> parallel = Optional.empty();
    JsonNode parallelNode = json.get("parallel_tool_calls");
    if (parallelNode != null && !parallelNode.isNull()) {
      if (!parallelNode.isBoolean()) {
        throw wrongType("parallel_tool_calls", "boolean", parallelNode);
      }
      parallel = Optional.of(parallelNode.booleanValue());
    }
    Map<String, JsonNode> extra = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : json.properties()) {
      if (!CHAT_RESERVED.contains(field.getKey())) {
        extra.put(field.getKey(), field.getValue());
      }
    }
    return new ChatExample(messages, tools, parallel, extra);
  }

  private static PromptCompletionExample readPromptCompletion(JsonNode json) {
    List<ChatMessage> prompt = readSide(json.get("prompt"), "prompt", Role.USER);
    List<ChatMessage> completion = readSide(json.get("completion"), "completion", Role.ASSISTANT);
    return new PromptCompletionExample(prompt, completion);
  }

  private static List<ChatMessage> readSide(JsonNode node, String field, Role textRole) {
    if (node == null || node.isNull()) {
      throw new InvalidExampleException(field, "is missing");
    }
    if (node.isTextual()) {
      if (node.textValue().isEmpty()) {
        throw new InvalidExampleException(field, "is empty");
      }
      return List.of(ChatMessage.of(textRole, node.textValue()));
    }
    return readMessages(node, field, true);
  }

  private static PreferenceExample readOpenAiPreference(JsonNode json) {
    JsonNode input = json.get("input");
    if (input == null || input.isNull()) {
      throw new InvalidExampleException("input", "is missing");
    }
    if (!input.isObject()) {
      throw wrongType("input", "object", input);
    }
    List<ChatMessage> messages = readMessages(input.get("messages"), "input.messages", true);
    List<JsonNode> tools = readTools(input.get("tools"), "input.tools");
    ChatMessage preferred = readSingleAssistant(json.get("preferred_output"), "preferred_output");
    ChatMessage rejected = readSingleAssistant(json.get("non_preferred_output"), "non_preferred_output");
    return new PreferenceExample(messages, preferred, rejected, tools);
  }

  private static PreferenceExample readTrlPreference(JsonNode json) {
    List<ChatMessage> prompt = readSide(json.get("prompt"), "prompt", Role.USER);
    ChatMessage chosen = readSingleAssistant(json.get("chosen"), "chosen");
    ChatMessage rejected = readSingleAssistant(json.get("rejected"), "rejected");
    List<JsonNode> tools = readTools(json.get("tools"), "tools");
    return new PreferenceExample(prompt, chosen, rejected, tools);
  }

  private static ChatMessage readSingleAssistant(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      throw new InvalidExampleException(field, "is missing");
    }
    if (node.isTextual()) {
      return ChatMessage.assistant(node.textValue());
    }
    List<ChatMessage> messages = readMessages(node, field, true);
    if (messages.size() != 1 || messages.get(0).role() != Role.ASSISTANT) {
      throw new InvalidExampleException(field, "must hold exactly one assistant message, has " + messages.size()
          + " message(s)" + (messages.isEmpty() ? "" : " starting with role " + messages.get(0).role().wireName()));
    }
    return messages.get(0);
  }

  private static List<JsonNode> readTools(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw wrongType(field, "array", node);
    }
    List<JsonNode> tools = new ArrayList<>(node.size());
    node.forEach(tools::add);
    return tools;
  }

  private static List<ChatMessage> readMessages(JsonNode node, String field, boolean required) {
    if (node == null || node.isNull()) {
      if (required) {
        throw new InvalidExampleException(field, "is missing");
      }
      return List.of();
    }
    if (!node.isArray()) {
      throw wrongType(field, "array", node);
    }
    if (node.isEmpty() && required) {
      throw new InvalidExampleException(field, "is empty");
    }
    List<ChatMessage> messages = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      messages.add(readMessage(node.get(i), Json.indexed(field, i)));
    }
    return messages;
  }

  /**
   * Reads one chat message.
   *
   * @param node the message object
   * @param path its path, for errors
   * @return the message
   */
  public static ChatMessage readMessage(JsonNode node, String path) {
    if (!node.isObject()) {
      throw wrongType(path, "object", node);
    }
    JsonNode roleNode = node.get("role");
    if (roleNode == null || roleNode.isNull()) {
      throw new InvalidExampleException(path + ".role", "is missing");
    }
    if (!roleNode.isTextual()) {
      throw wrongType(path + ".role", "string", roleNode);
    }
    Role role = Role.fromWireName(roleNode.textValue()).orElseThrow(() -> new InvalidExampleException(path + ".role",
        "unknown role \"" + roleNode.textValue() + "\"; allowed: system, developer, user, assistant, tool, function"));
    Optional<String> content = Optional.empty();
    List<JsonNode> parts = List.of();
    JsonNode contentNode = node.get("content");
    if (contentNode != null && !contentNode.isNull()) {
      if (contentNode.isTextual()) {
        content = Optional.of(contentNode.textValue());
      } else if (contentNode.isArray()) {
        List<JsonNode> list = new ArrayList<>(contentNode.size());
        StringBuilder text = new StringBuilder();
        for (JsonNode part : contentNode) {
          list.add(part);
          if (part.isTextual()) {
            text.append(part.textValue());
          } else if (part.path("text").isTextual()) {
            text.append(part.path("text").textValue());
          }
        }
        parts = list;
        content = Optional.of(text.toString());
      } else {
        throw wrongType(path + ".content", "string or array", contentNode);
      }
    }
    Optional<String> name = optionalText(node, "name", path);
    Optional<String> toolCallId = optionalText(node, "tool_call_id", path);
    List<ToolCall> toolCalls = readToolCalls(node.get("tool_calls"), path);
    OptionalInt weight = OptionalInt.empty();
    JsonNode weightNode = node.get("weight");
    if (weightNode != null && !weightNode.isNull()) {
      if (!weightNode.isNumber() || (weightNode.doubleValue() != 0 && weightNode.doubleValue() != 1)) {
        throw new InvalidExampleException(path + ".weight", "must be 0 or 1, is " + weightNode);
      }
      weight = OptionalInt.of(weightNode.intValue());
    }
    return new ChatMessage(role, content, parts, name, toolCalls, toolCallId, weight);
  }

  /** Reads the {@code tool_calls} of the message at {@code messagePath}. */
  private static List<ToolCall> readToolCalls(JsonNode node, String messagePath) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    String path = messagePath + ".tool_calls";
    if (!node.isArray()) {
      throw wrongType(path, "array", node);
    }
    List<ToolCall> calls = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      JsonNode call = node.get(i);
      String callPath = Json.indexed(path, i);
      if (!call.isObject()) {
        throw wrongType(callPath, "object", call);
      }
      JsonNode function = call.get("function");
      if (function == null || !function.isObject()) {
        throw new InvalidExampleException(callPath + ".function", "must be an object with name and arguments");
      }
      JsonNode name = function.get("name");
      if (name == null || !name.isTextual()) {
        throw new InvalidExampleException(callPath + ".function.name", "must be a string");
      }
      JsonNode arguments = function.get("arguments");
      String argumentsText;
      if (arguments == null || arguments.isNull()) {
        argumentsText = "{}";
      } else if (arguments.isTextual()) {
        argumentsText = arguments.textValue();
      } else {
        argumentsText = Json.write(arguments);
      }
      String id = call.path("id").isTextual() ? call.get("id").textValue() : "";
      calls.add(new ToolCall(id, name.textValue(), argumentsText));
    }
    return calls;
  }

  private static Optional<String> optionalText(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw wrongType(path + "." + field, "string", value);
    }
    return Optional.of(value.textValue());
  }

  private static InvalidExampleException wrongType(String path, String expected, JsonNode actual) {
    return new InvalidExampleException(path, "must be a JSON " + expected + ", got " + Json.typeName(actual));
  }

  /**
   * Writes an example in a format of its kind.
   *
   * @param example the example
   * @param format the format
   * @return the JSON object
   */
  public static ObjectNode write(TrainingExample example, DatasetFormat format) {
    if (example.kind() != format.kind()) {
      throw new InvalidExampleException("", "a " + kindName(example) + " example cannot be written as " + format
          + ", which holds " + format.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
          + " examples");
    }
    ObjectNode out = Json.object();
    if (example instanceof ChatExample chat) {
      out.set("messages", writeMessages(chat.messages()));
      if (!chat.tools().isEmpty()) {
        out.set("tools", out.arrayNode().addAll(chat.tools()));
      }
      chat.parallelToolCalls().ifPresent(value -> out.put("parallel_tool_calls", value));
      chat.extraFields().forEach(out::set);
    } else if (example instanceof PromptCompletionExample pc) {
      if (format == DatasetFormat.OPENAI_PROMPT_COMPLETION) {
        out.put("prompt", singleText(pc.prompt(), "prompt"));
        out.put("completion", singleText(pc.completion(), "completion"));
      } else {
        out.set("prompt", writeMessages(pc.prompt()));
        out.set("completion", writeMessages(pc.completion()));
      }
    } else if (example instanceof PreferenceExample pref) {
      if (format == DatasetFormat.OPENAI_PREFERENCE) {
        ObjectNode input = out.putObject("input");
        input.set("messages", writeMessages(pref.input()));
        if (!pref.tools().isEmpty()) {
          input.set("tools", out.arrayNode().addAll(pref.tools()));
        }
        out.set("preferred_output", writeMessages(List.of(pref.preferred())));
        out.set("non_preferred_output", writeMessages(List.of(pref.rejected())));
      } else {
        out.set("prompt", writeMessages(pref.input()));
        out.set("chosen", writeMessages(List.of(pref.preferred())));
        out.set("rejected", writeMessages(List.of(pref.rejected())));
        if (!pref.tools().isEmpty()) {
          out.set("tools", out.arrayNode().addAll(pref.tools()));
        }
      }
    }
    return out;
  }

  private static String kindName(TrainingExample example) {
    return example.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  private static String singleText(List<ChatMessage> messages, String field) {
    if (messages.size() != 1 || !messages.get(0).contentParts().isEmpty() || !messages.get(0).toolCalls().isEmpty()
        || messages.get(0).content().isEmpty()) {
      throw new InvalidExampleException(field, "OPENAI_PROMPT_COMPLETION holds one string per side; this "
          + field + " has " + messages.size() + " message(s)"
          + (messages.size() == 1 ? " that is not plain text" : ""));
    }
    return messages.get(0).content().get();
  }

  /**
   * Writes messages as a JSON array.
   *
   * @param messages the messages
   * @return the array
   */
  public static ArrayNode writeMessages(List<ChatMessage> messages) {
    ArrayNode array = Json.MAPPER.createArrayNode();
    for (ChatMessage message : messages) {
      array.add(writeMessage(message));
    }
    return array;
  }

  /**
   * Writes one message.
   *
   * @param message the message
   * @return the JSON object
   */
  public static ObjectNode writeMessage(ChatMessage message) {
    ObjectNode out = Json.object();
    out.put("role", message.role().wireName());
    if (!message.contentParts().isEmpty()) {
      out.set("content", out.arrayNode().addAll(message.contentParts()));
    } else {
      message.content().ifPresent(text -> out.put("content", text));
    }
    message.name().ifPresent(name -> out.put("name", name));
    if (!message.toolCalls().isEmpty()) {
      ArrayNode calls = out.putArray("tool_calls");
      for (ToolCall call : message.toolCalls()) {
        ObjectNode node = calls.addObject();
        if (!call.id().isEmpty()) {
          node.put("id", call.id());
        }
        node.put("type", "function");
        ObjectNode function = node.putObject("function");
        function.put("name", call.name());
        function.put("arguments", call.arguments());
      }
    }
    message.toolCallId().ifPresent(id -> out.put("tool_call_id", id));
    message.weight().ifPresent(weight -> out.put("weight", weight));
    return out;
  }
}
