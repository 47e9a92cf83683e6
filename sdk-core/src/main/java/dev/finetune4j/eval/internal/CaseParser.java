package dev.finetune4j.eval.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.dataset.JsonlLine;
import dev.finetune4j.eval.EvalCase;
import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.model.Role;
import dev.finetune4j.model.internal.ChatWire;
import dev.finetune4j.spi.http.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one line of an evaluation set or of a training file, as the dataset package's
 * {@link dev.finetune4j.dataset.JsonlReader} read it (so with its rules: byte order mark skipped, duplicate keys
 * rejected), into a case or a conversation.
 */
public final class CaseParser {
  private CaseParser() {}

  /** A line that is not a usable case; the message says why. */
  public static final class BadLine extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param reason why the line is not usable, completing "line ..."
     */
    public BadLine(String reason) {
      super(reason, null, false, false);
    }
  }

  /**
   * Reads a case.
   *
   * @param line the line, not blank; its number is the id when the line has none
   * @return the case
   * @throws BadLine if the line is not a case
   */
  public static EvalCase parseCase(JsonlLine line) throws BadLine {
    JsonNode node = parseObject(line);
    List<ChatMessage> messages = messages(node);
    String reference;
    JsonNode ref = node.get("reference");
    if (ref != null && !ref.isNull()) {
      if (messages.get(messages.size() - 1).role() == Role.ASSISTANT) {
        throw new BadLine("has both a \"reference\" and a final assistant message; give the expected answer once");
      }
      reference = ref.isTextual() ? ref.asText() : ref.toString();
    } else {
      ChatMessage last = messages.get(messages.size() - 1);
      if (last.role() != Role.ASSISTANT || last.content().isEmpty()) {
        throw new BadLine("has no reference answer: add a \"reference\" field or end \"messages\" with an assistant "
            + "message holding the expected answer");
      }
      reference = last.text();
      messages = messages.subList(0, messages.size() - 1);
      if (messages.isEmpty()) {
        throw new BadLine("\"messages\" holds only the assistant answer; the conversation to send is missing");
      }
    }
    String id;
    JsonNode idNode = node.get("id");
    if (idNode == null || idNode.isNull()) {
      id = Long.toString(line.number());
    } else if ((idNode.isTextual() && !idNode.asText().isBlank()) || idNode.isIntegralNumber()) {
      id = idNode.asText();
    } else {
      throw new BadLine("\"id\" must be a non-blank string or an integer, was " + abbreviate(idNode.toString()));
    }
    JsonNode metadata = node.get("metadata");
    if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
      throw new BadLine("\"metadata\" must be an object, was " + abbreviate(metadata.toString()));
    }
    return new EvalCase(id, messages, reference, Json.raw(metadata == null ? Json.object() : metadata));
  }

  /**
   * Reads the conversation of a training example (chat format), for few-shot prompts.
   *
   * @param line the line, not blank
   * @return the messages, system messages included
   * @throws BadLine if the line is not a chat example
   */
  public static List<ChatMessage> parseConversation(JsonlLine line) throws BadLine {
    return messages(parseObject(line));
  }

  private static JsonNode parseObject(JsonlLine line) throws BadLine {
    if (line.error().isPresent()) {
      throw new BadLine("is not valid JSON: " + line.error().get());
    }
    JsonNode node = line.json().orElseThrow(() -> new BadLine("is blank"));
    if (!node.isObject()) {
      throw new BadLine("is not a JSON object");
    }
    return node;
  }

  private static List<ChatMessage> messages(JsonNode node) throws BadLine {
    JsonNode array = node.get("messages");
    if (array == null || !array.isArray()) {
      throw new BadLine("has no \"messages\" array");
    }
    if (array.isEmpty()) {
      throw new BadLine("has an empty \"messages\" array");
    }
    List<ChatMessage> messages = new ArrayList<>();
    int index = 0;
    for (JsonNode m : array) {
      if (!m.isObject()) {
        throw new BadLine("messages[" + index + "] is not an object");
      }
      JsonNode role = m.get("role");
      if (role == null || !role.isTextual()) {
        throw new BadLine("messages[" + index + "] has no \"role\"");
      }
      if (Role.fromWireName(role.asText()).isEmpty()) {
        throw new BadLine("messages[" + index + "] has the unknown role " + abbreviate(role.toString())
            + "; allowed: system, developer, user, assistant, tool, function");
      }
      JsonNode content = m.get("content");
      boolean hasContent = content != null && (content.isTextual() || content.isArray());
      if (!hasContent && !m.path("tool_calls").isArray()) {
        throw new BadLine("messages[" + index + "] has no text \"content\"");
      }
      messages.add(ChatWire.message(m));
      index++;
    }
    return messages;
  }

  private static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }
}
