package dev.finetune4j.langchain4j;

import dev.finetune4j.RawJson;
import dev.finetune4j.FineTuningClient;
import dev.finetune4j.model.ChatModel;
import dev.finetune4j.model.ChatRequest;
import dev.finetune4j.model.ChatResponse;
import dev.finetune4j.model.ToolCall;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A finetune4j {@link ChatModel} as a LangChain4j {@link dev.langchain4j.model.chat.ChatModel}.
 *
 * <p>Conversations map message by message: system, user (text), AI (text and tool calls) and tool results. The
 * request's temperature and maximum output tokens are passed on, and a JSON response format without a schema asks
 * for a JSON object. The answer carries the provider's completion id, the model's name, the finish reason and the
 * token usage (prompt tokens as input, completion tokens as output). What the finetune4j chat API cannot express
 * (tool specifications, stop sequences, top-p/top-k, penalties, JSON schemas, non-text content, another model's
 * name) fails with LangChain4j's {@link UnsupportedFeatureException} before anything is sent, and a setting out of
 * range (a temperature above 2) with its {@code InvalidRequestException}.
 *
 * <p>finetune4j's errors become LangChain4j's, with the finetune4j exception as the cause; see
 * {@link LangChain4jErrors}. Retries stay with the finetune4j client (its {@code RetryPolicy}); LangChain4j's own
 * retries see only the errors that remain after them.
 *
 * <p>Instances are immutable and thread-safe when the wrapped model is.
 */
public final class LangChain4jChatModel implements dev.langchain4j.model.chat.ChatModel {
  private final ChatModel model;
  private final ModelProvider provider;

  private LangChain4jChatModel(ChatModel model, ModelProvider provider) {
    this.model = Objects.requireNonNull(model, "model");
    this.provider = Objects.requireNonNull(provider, "provider");
  }

  /**
   * Wraps a finetune4j chat model; its provider is reported as {@link ModelProvider#OTHER}.
   *
   * @param model the model to call, such as {@code client.chat("ft:...")} or an {@code OpenAiCompatibleChatModel}
   * @return the LangChain4j model
   */
  public static LangChain4jChatModel of(ChatModel model) {
    return new LangChain4jChatModel(model, ModelProvider.OTHER);
  }

  /**
   * Wraps the named model of a finetune4j client; the provider is reported as LangChain4j names it
   * ({@code openai} as {@link ModelProvider#OPEN_AI}, {@code azure} as {@link ModelProvider#MICROSOFT_FOUNDRY},
   * LangChain4j's name for Azure OpenAI, others as {@link ModelProvider#OTHER}). The client stays the caller's to
   * close.
   *
   * @param client the client whose {@link FineTuningClient#chat(String)} answers
   * @param model the model's name, such as a fine-tuned model's id
   * @return the LangChain4j model
   */
  public static LangChain4jChatModel of(FineTuningClient client, String model) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(model, "model");
    return new LangChain4jChatModel(client.chat(model), provider(client.provider()));
  }

  /**
   * Returns the finetune4j model this adapter calls.
   *
   * @return the wrapped model
   */
  public ChatModel delegate() {
    return model;
  }

  @Override
  public ModelProvider provider() {
    return provider;
  }

  @Override
  public dev.langchain4j.model.chat.response.ChatResponse doChat(
      dev.langchain4j.model.chat.request.ChatRequest request) {
    ChatRequest neutral;
    try {
      neutral = toNeutral(request);
    } catch (IllegalArgumentException e) {
      throw new dev.langchain4j.exception.InvalidRequestException(e.getMessage(), e);
    }
    ChatResponse answer;
    try {
      answer = model.complete(neutral);
    } catch (RuntimeException e) {
      throw LangChain4jErrors.map(e);
    }
    return fromNeutral(answer);
  }

  @Override
  public String toString() {
    return "LangChain4jChatModel{model=" + model.model() + ", provider=" + provider + "}";
  }

  private ChatRequest toNeutral(dev.langchain4j.model.chat.request.ChatRequest request) {
    ChatRequestParameters p = request.parameters();
    ChatRequest.Builder b = ChatRequest.builder();
    for (dev.langchain4j.data.message.ChatMessage message : request.messages()) {
      b.message(message(message));
    }
    if (p != null) {
      if (p.modelName() != null && !p.modelName().equals(model.model())) {
        throw new UnsupportedFeatureException("This model calls '" + model.model() + "'; the request asks for '"
            + p.modelName() + "': wrap that model in its own LangChain4jChatModel");
      }
      unsupported(p.topP() != null, "topP");
      unsupported(p.topK() != null, "topK");
      unsupported(p.frequencyPenalty() != null, "frequencyPenalty");
      unsupported(p.presencePenalty() != null, "presencePenalty");
      unsupported(p.stopSequences() != null && !p.stopSequences().isEmpty(), "stopSequences");
      unsupported(p.toolSpecifications() != null && !p.toolSpecifications().isEmpty(), "toolSpecifications");
      if (p.temperature() != null) {
        b.temperature(p.temperature());
      }
      if (p.maxOutputTokens() != null) {
        b.maxCompletionTokens(p.maxOutputTokens());
      }
      ResponseFormat format = p.responseFormat();
      if (format != null && format.type() == ResponseFormatType.JSON) {
        unsupported(format.jsonSchema() != null, "a JSON schema in responseFormat");
        b.responseFormat(RawJson.of(Map.of("type", "json_object")));
      }
    }
    return b.build();
  }

  private static dev.finetune4j.model.ChatMessage message(dev.langchain4j.data.message.ChatMessage message) {
    if (message instanceof SystemMessage system) {
      return dev.finetune4j.model.ChatMessage.system(system.text());
    }
    if (message instanceof UserMessage user) {
      StringBuilder text = new StringBuilder();
      for (Content content : user.contents()) {
        if (!(content instanceof TextContent t)) {
          throw new UnsupportedFeatureException("finetune4j chat takes text only; this user message has "
              + content.type().name().toLowerCase(Locale.ROOT) + " content");
        }
        text.append(t.text());
      }
      return new dev.finetune4j.model.ChatMessage(dev.finetune4j.model.Role.USER, Optional.of(text.toString()),
          List.of(), Optional.ofNullable(user.name()), List.of(), Optional.empty(), OptionalInt.empty());
    }
    if (message instanceof AiMessage ai) {
      List<ToolCall> calls = new ArrayList<>();
      for (ToolExecutionRequest call : ai.toolExecutionRequests()) {
        calls.add(new ToolCall(Objects.requireNonNullElse(call.id(), ""), call.name(),
            Objects.requireNonNullElse(call.arguments(), "{}")));
      }
      return new dev.finetune4j.model.ChatMessage(dev.finetune4j.model.Role.ASSISTANT,
          Optional.ofNullable(ai.text()), List.of(), Optional.empty(), calls, Optional.empty(), OptionalInt.empty());
    }
    if (message instanceof ToolExecutionResultMessage result) {
      return dev.finetune4j.model.ChatMessage.tool(result.id(), result.text());
    }
    throw new UnsupportedFeatureException("finetune4j chat cannot send a " + message.type() + " message");
  }

  private dev.langchain4j.model.chat.response.ChatResponse fromNeutral(ChatResponse answer) {
    List<ToolExecutionRequest> calls = answer.message().toolCalls().stream()
        .map(c -> ToolExecutionRequest.builder().id(c.id()).name(c.name()).arguments(c.arguments()).build())
        .toList();
    String text = answer.message().content().orElse(null);
    AiMessage ai = calls.isEmpty() ? AiMessage.from(Objects.requireNonNullElse(text, ""))
        : AiMessage.builder().text(text).toolExecutionRequests(calls).build();
    dev.finetune4j.model.TokenUsage usage = answer.usage();
    return dev.langchain4j.model.chat.response.ChatResponse.builder()
        .aiMessage(ai)
        .metadata(ChatResponseMetadata.builder()
            .id(answer.id())
            .modelName(answer.model())
            .finishReason(finishReason(answer.finishReason()))
            .tokenUsage(new TokenUsage(Math.toIntExact(usage.promptTokens()),
                Math.toIntExact(usage.completionTokens()), Math.toIntExact(usage.totalTokens())))
            .build())
        .build();
  }

  static FinishReason finishReason(String reason) {
    return switch (reason) {
      case "stop" -> FinishReason.STOP;
      case "length" -> FinishReason.LENGTH;
      case "tool_calls", "function_call" -> FinishReason.TOOL_EXECUTION;
      case "content_filter" -> FinishReason.CONTENT_FILTER;
      default -> FinishReason.OTHER;
    };
  }

  static ModelProvider provider(String name) {
    return switch (name) {
      case "openai" -> ModelProvider.OPEN_AI;
      case "azure" -> ModelProvider.MICROSOFT_FOUNDRY;
      default -> ModelProvider.OTHER;
    };
  }

  private static void unsupported(boolean present, String what) {
    if (present) {
      throw new UnsupportedFeatureException("finetune4j chat does not support " + what);
    }
  }
}
