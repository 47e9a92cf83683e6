package dev.finetune4j.model.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.spi.http.Json;
import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.model.ChatRequest;
import dev.finetune4j.model.Role;
import dev.finetune4j.model.TokenUsage;
import dev.finetune4j.model.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The OpenAI Chat Completions wire format, shared by every provider that speaks it. */
public final class ChatWire {
  private ChatWire() {}

  /**
   * Writes a message as the wire's JSON object.
   *
   * @param message the message
   * @return the JSON
   */
  public static ObjectNode message(ChatMessage message) {
    ObjectNode node = Json.object().put("role", message.role().wireName());
    if (!message.contentParts().isEmpty()) {
      ArrayNode parts = node.putArray("content");
      message.contentParts().forEach(parts::add);
    } else if (message.content().isPresent()) {
      node.put("content", message.content().get());
    } else if (message.toolCalls().isEmpty()) {
      node.put("content", "");
    } else {
      node.putNull("content");
    }
    message.name().ifPresent(n -> node.put("name", n));
    if (!message.toolCalls().isEmpty()) {
      ArrayNode calls = node.putArray("tool_calls");
      for (ToolCall call : message.toolCalls()) {
        ObjectNode c = calls.addObject().put("id", call.id()).put("type", "function");
        c.putObject("function").put("name", call.name()).put("arguments", call.arguments());
      }
    }
    message.toolCallId().ifPresent(id -> node.put("tool_call_id", id));
    message.weight().ifPresent(w -> node.put("weight", w));
    return node;
  }

  /**
   * Reads a message from the wire's JSON object. Unknown roles are read as assistant (what a server answers).
   *
   * @param node the JSON
   * @return the message
   */
  public static ChatMessage message(JsonNode node) {
    Role role = Role.fromWireName(node.path("role").asText("assistant")).orElse(Role.ASSISTANT);
    JsonNode content = node.get("content");
    Optional<String> text = Optional.empty();
    List<JsonNode> parts = List.of();
    if (content != null && content.isTextual()) {
      text = Optional.of(content.asText());
    } else if (content != null && content.isArray()) {
      parts = new ArrayList<>();
      StringBuilder joined = new StringBuilder();
      for (JsonNode part : content) {
        parts.add(part);
        if (part.path("type").asText().equals("text")) {
          joined.append(part.path("text").asText());
        }
      }
      text = Optional.of(joined.toString());
    }
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode call : node.path("tool_calls")) {
      calls.add(new ToolCall(call.path("id").asText(), call.path("function").path("name").asText(),
          call.path("function").path("arguments").asText()));
    }
    OptionalInt weight = node.path("weight").isInt() ? OptionalInt.of(node.get("weight").asInt()) : OptionalInt.empty();
    return new ChatMessage(role, text, parts, Json.text(node, "name"), calls, Json.text(node, "tool_call_id"),
        weight);
  }

  /**
   * Writes a chat request's body.
   *
   * @param model the model name
   * @param request the request
   * @return the body
   */
  public static ObjectNode request(String model, ChatRequest request) {
    ObjectNode body = Json.object().put("model", model);
    ArrayNode messages = body.putArray("messages");
    for (ChatMessage m : request.messages()) {
      ObjectNode wire = message(m);
      wire.remove("weight");
      messages.add(wire);
    }
    request.temperature().ifPresent(t -> body.put("temperature", t));
    request.maxCompletionTokens().ifPresent(n -> body.put("max_completion_tokens", n));
    request.seed().ifPresent(s -> body.put("seed", s));
    request.responseFormat().ifPresent(f -> body.set("response_format", Json.tree(f)));
    if (!request.tools().isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      request.tools().forEach(t -> tools.add(Json.tree(t)));
    }
    return body;
  }

  /**
   * Reads the token usage of a response.
   *
   * @param response the response JSON
   * @return the usage; zero when the server reported none
   */
  public static TokenUsage usage(JsonNode response) {
    JsonNode usage = response.path("usage");
    if (!usage.isObject()) {
      return TokenUsage.ZERO;
    }
    long prompt = usage.path("prompt_tokens").asLong(0);
    long completion = usage.path("completion_tokens").asLong(0);
    return new TokenUsage(prompt, completion, usage.path("total_tokens").asLong(prompt + completion));
  }
}
