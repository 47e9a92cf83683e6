package dev.finetune4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.error.FineTuningException;
import dev.finetune4j.spi.http.ApiRequest;
import dev.finetune4j.spi.http.Authentication;
import dev.finetune4j.spi.http.HttpTransport;
import dev.finetune4j.model.internal.ChatWire;
import dev.finetune4j.spi.http.Json;
import java.time.Duration;
import java.util.Objects;

/**
 * Chat with a model on any server that speaks OpenAI's Chat Completions protocol: OpenAI itself, an Inference
 * Endpoint running vLLM or TGI, a local vLLM or llama.cpp server.
 *
 * <pre>{@code
 * ChatModel model = OpenAiCompatibleChatModel.builder()
 *     .baseUrl("http://localhost:8000/v1")
 *     .apiKey(System.getenv("VLLM_API_KEY"))
 *     .model("my-org/recipes-sft")
 *     .build();
 * ChatResponse answer = model.complete(List.of(ChatMessage.user("A quick soup?")));
 * }</pre>
 */
public final class OpenAiCompatibleChatModel implements ChatModel {
  private final HttpTransport transport;
  private final String model;
  private final String path;
  private final boolean maxTokens;

  private OpenAiCompatibleChatModel(HttpTransport transport, String model, String path) {
    this(transport, model, path, false);
  }

  private OpenAiCompatibleChatModel(HttpTransport transport, String model, String path, boolean maxTokens) {
    this.transport = transport;
    this.model = model;
    this.path = path;
    this.maxTokens = maxTokens;
  }

  /**
   * Returns a chat model that sends through an existing transport, as provider modules do.
   *
   * @param transport the provider's transport; its base URL is the one ending in {@code /v1}
   * @param model the model name to send
   * @return the chat model
   */
  public static OpenAiCompatibleChatModel using(HttpTransport transport, String model) {
    return new OpenAiCompatibleChatModel(Objects.requireNonNull(transport, "transport"),
        Objects.requireNonNull(model, "model"), "chat/completions");
  }

  /**
   * Returns a builder for a standalone chat model with its own transport.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String model() {
    return model;
  }

  @Override
  public ChatResponse complete(ChatRequest request) {
    com.fasterxml.jackson.databind.node.ObjectNode json = ChatWire.request(model, request);
    if (maxTokens && json.has("max_completion_tokens")) {
      json.set("max_tokens", json.remove("max_completion_tokens"));
    }
    ApiRequest.Builder call = ApiRequest.post(path).json(json);
    request.timeout().ifPresent(call::timeout);
    long started = System.nanoTime();
    JsonNode body = transport.json(call.build());
    Duration latency = Duration.ofNanos(System.nanoTime() - started);
    JsonNode choice = body.path("choices").path(0);
    if (!choice.isObject()) {
      throw new FineTuningException(transport.provider() + " chat with " + model + ": the answer has no choices");
    }
    return new ChatResponse(body.path("id").asText(""), body.path("model").asText(model),
        ChatWire.message(choice.path("message")), choice.path("finish_reason").asText("stop"),
        ChatWire.usage(body), latency, Json.raw(body));
  }

  @Override
  public String toString() {
    return "OpenAiCompatibleChatModel{model=" + model + ", baseUrl=" + transport.baseUrl() + '}';
  }

  /** Builds a standalone {@link OpenAiCompatibleChatModel}. The base URL and the model are required. */
  public static final class Builder {
    private final HttpTransport.Builder transport = HttpTransport.builder().provider("openai-compatible");
    private String model;
    private boolean hasBaseUrl;
    private boolean maxTokens;

    private Builder() {}

    /**
     * Sets the server's base URL, the part before {@code /chat/completions}.
     *
     * @param baseUrl such as {@code http://localhost:8000/v1}
     * @return this builder
     */
    public Builder baseUrl(String baseUrl) {
      transport.baseUrl(baseUrl);
      hasBaseUrl = true;
      return this;
    }

    /**
     * Sets the key sent as a bearer token.
     *
     * @param apiKey the key
     * @return this builder
     */
    public Builder apiKey(String apiKey) {
      transport.authentication(Authentication.bearer(apiKey));
      return this;
    }

    /**
     * Sets how requests authenticate, when not with a static bearer key.
     *
     * @param authentication the authentication
     * @return this builder
     */
    public Builder authentication(Authentication authentication) {
      transport.authentication(authentication);
      return this;
    }

    /**
     * Sets the model name sent with each request.
     *
     * @param model the model
     * @return this builder
     */
    public Builder model(String model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /**
     * Sets the retry policy, timeouts and shared OkHttp client.
     *
     * @param options the options; default {@link dev.finetune4j.ClientOptions#defaults()}
     * @return this builder
     */
    public Builder options(dev.finetune4j.ClientOptions options) {
      transport.options(options);
      return this;
    }

    /**
     * Sends the completion-length limit as {@code max_tokens} instead of {@code max_completion_tokens}. Servers such
     * as {@code transformers serve} and TGI read only {@code max_tokens} (transformers ignores the other and writes
     * up to 1024 tokens); OpenAI's reasoning models accept only {@code max_completion_tokens}, the default.
     *
     * @param maxTokens true to send {@code max_tokens}
     * @return this builder
     */
    public Builder legacyMaxTokens(boolean maxTokens) {
      this.maxTokens = maxTokens;
      return this;
    }

    /**
     * Builds the chat model.
     *
     * @return the chat model
     * @throws IllegalStateException if the base URL or the model is missing
     */
    public OpenAiCompatibleChatModel build() {
      if (!hasBaseUrl) {
        throw new IllegalStateException("baseUrl is required");
      }
      if (model == null) {
        throw new IllegalStateException("model is required");
      }
      return new OpenAiCompatibleChatModel(transport.build(), model, "chat/completions", maxTokens);
    }
  }
}
