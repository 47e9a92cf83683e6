package dev.finetune4j.model;

import dev.finetune4j.RawJson;
import dev.finetune4j.model.internal.RequestChecks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A conversation to send to a {@link ChatModel}, with the settings an evaluation needs. Settings left unset are
 * not sent, so the provider's defaults apply.
 */
public final class ChatRequest {
  private final List<ChatMessage> messages;
  private final Double temperature;
  private final Integer maxCompletionTokens;
  private final Long seed;
  private final RawJson responseFormat;
  private final List<RawJson> tools;
  private final Duration timeout;

  private ChatRequest(Builder b) {
    this.messages = List.copyOf(b.messages);
    this.temperature = b.temperature;
    this.maxCompletionTokens = b.maxCompletionTokens;
    this.seed = b.seed;
    this.responseFormat = b.responseFormat;
    this.tools = List.copyOf(b.tools);
    this.timeout = b.timeout;
  }

  /**
   * Returns a request with only messages.
   *
   * @param messages the conversation, at least one message
   * @return the request
   */
  public static ChatRequest of(List<ChatMessage> messages) {
    return builder().messages(messages).build();
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this request's values.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.messages.addAll(messages);
    b.temperature = temperature;
    b.maxCompletionTokens = maxCompletionTokens;
    b.seed = seed;
    b.responseFormat = responseFormat;
    b.tools.addAll(tools);
    b.timeout = timeout;
    return b;
  }

  /** @return the conversation */
  public List<ChatMessage> messages() {
    return messages;
  }

  /** @return the sampling temperature, if set */
  public OptionalDouble temperature() {
    return temperature == null ? OptionalDouble.empty() : OptionalDouble.of(temperature);
  }

  /** @return the most tokens the answer may use, if set */
  public OptionalInt maxCompletionTokens() {
    return maxCompletionTokens == null ? OptionalInt.empty() : OptionalInt.of(maxCompletionTokens);
  }

  /** @return the seed for reproducible sampling, if set */
  public OptionalLong seed() {
    return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
  }

  /** @return the response format as the provider's JSON (such as a JSON schema), if set */
  public Optional<RawJson> responseFormat() {
    return Optional.ofNullable(responseFormat);
  }

  /** @return the tools the model may call, as the provider's JSON; empty if none */
  public List<RawJson> tools() {
    return tools;
  }

  /** @return the timeout for this call, if it differs from the client's */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  /** Builds a {@link ChatRequest}; at least one message is required. */
  public static final class Builder {
    private final List<ChatMessage> messages = new ArrayList<>();
    private Double temperature;
    private Integer maxCompletionTokens;
    private Long seed;
    private RawJson responseFormat;
    private final List<RawJson> tools = new ArrayList<>();
    private Duration timeout;

    private Builder() {}

    /**
     * Replaces the conversation.
     *
     * @param messages the messages
     * @return this builder
     */
    public Builder messages(List<ChatMessage> messages) {
      this.messages.clear();
      messages.forEach(this::message);
      return this;
    }

    /**
     * Adds a message.
     *
     * @param message the message
     * @return this builder
     */
    public Builder message(ChatMessage message) {
      messages.add(Objects.requireNonNull(message, "message"));
      return this;
    }

    /**
     * Sets the sampling temperature.
     *
     * @param temperature 0 to 2
     * @return this builder
     */
    public Builder temperature(double temperature) {
      this.temperature = RequestChecks.temperature(temperature);
      return this;
    }

    /**
     * Sets the most tokens the answer may use.
     *
     * @param maxCompletionTokens at least 1
     * @return this builder
     */
    public Builder maxCompletionTokens(int maxCompletionTokens) {
      this.maxCompletionTokens = RequestChecks.maxCompletionTokens(maxCompletionTokens);
      return this;
    }

    /**
     * Sets the seed for reproducible sampling.
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Sets the response format, as the provider's JSON (for OpenAI: {@code {"type":"json_object"}} or a JSON schema).
     *
     * @param responseFormat the format
     * @return this builder
     */
    public Builder responseFormat(RawJson responseFormat) {
      this.responseFormat = Objects.requireNonNull(responseFormat, "responseFormat");
      return this;
    }

    /**
     * Adds a tool the model may call, as the provider's JSON.
     *
     * @param tool the tool definition
     * @return this builder
     */
    public Builder tool(RawJson tool) {
      tools.add(Objects.requireNonNull(tool, "tool"));
      return this;
    }

    /**
     * Sets a timeout for this call.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = RequestChecks.positive("timeout", timeout);
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     * @throws IllegalStateException if there is no message
     */
    public ChatRequest build() {
      if (messages.isEmpty()) {
        throw new IllegalStateException("a chat request needs at least one message");
      }
      return new ChatRequest(this);
    }
  }
}
