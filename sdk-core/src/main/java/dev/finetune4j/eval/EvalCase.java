package dev.finetune4j.eval;

import dev.finetune4j.RawJson;
import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.model.Role;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One case of an {@link EvalSet}: a conversation to send and the answer expected.
 *
 * @param id the case's id: its {@code id} field, or its line number in the file
 * @param messages the conversation sent to each candidate, at least one message, not ending with an assistant answer
 * @param reference the expected answer
 * @param metadata the case's {@code metadata} object, kept as JSON; an empty object when absent
 */
public record EvalCase(String id, List<ChatMessage> messages, String reference, RawJson metadata) {

  private static final RawJson EMPTY = RawJson.of(Map.of());

  /** Checks the components and copies the conversation; absent or null metadata becomes an empty object. */
  public EvalCase {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("a case id must not be blank");
    }
    messages = List.copyOf(messages);
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("case " + id + ": the conversation needs at least one message");
    }
    Objects.requireNonNull(reference, "reference");
    metadata = metadata == null || metadata.isNull() || metadata.isMissing() ? EMPTY : metadata;
  }

  /**
   * Returns a case without metadata.
   *
   * @param id the id
   * @param messages the conversation
   * @param reference the expected answer
   * @return the case
   */
  public static EvalCase of(String id, List<ChatMessage> messages, String reference) {
    return new EvalCase(id, messages, reference, EMPTY);
  }

  /**
   * Returns a case with one user message.
   *
   * @param id the id
   * @param question the user's message
   * @param reference the expected answer
   * @return the case
   */
  public static EvalCase of(String id, String question, String reference) {
    return of(id, List.of(ChatMessage.user(question)), reference);
  }

  /**
   * Returns the text of the last user message, what the case asks.
   *
   * @return the question; empty when there is no user message
   */
  public String question() {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).role() == Role.USER) {
        return messages.get(i).text();
      }
    }
    return "";
  }
}
