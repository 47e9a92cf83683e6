package dev.finetune4j.model;

import dev.finetune4j.RawJson;
import java.time.Duration;
import java.util.Objects;

/**
 * A model's answer to a {@link ChatRequest}.
 *
 * @param id the provider's id of the completion
 * @param model the model that answered, as the provider named it
 * @param message the answer (the first choice)
 * @param finishReason why the answer ended: {@code stop}, {@code length}, {@code tool_calls}, ...
 * @param usage the tokens used
 * @param latency the time from sending the request to reading the answer, retries included
 * @param raw the provider's JSON
 */
public record ChatResponse(
    String id, String model, ChatMessage message, String finishReason, TokenUsage usage, Duration latency,
    RawJson raw) {

  /** Checks that no component is null. */
  public ChatResponse {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(finishReason, "finishReason");
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(raw, "raw");
  }

  /**
   * Returns the answer's text.
   *
   * @return the text; empty when the answer only calls tools
   */
  public String text() {
    return message.text();
  }
}
