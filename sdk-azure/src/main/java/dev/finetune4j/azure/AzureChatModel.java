package dev.finetune4j.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.error.ApiErrorDetails;
import dev.finetune4j.error.InvalidRequestException;
import dev.finetune4j.model.ChatModel;
import dev.finetune4j.model.ChatRequest;
import dev.finetune4j.model.ChatResponse;
import dev.finetune4j.spi.http.Json;
import java.util.Optional;

/**
 * Chat on an Azure deployment: the OpenAI-compatible chat model, with a prompt blocked by the content filter
 * surfaced as {@link ContentFilteredException}. 
 */
final class AzureChatModel implements ChatModel {
  private final ChatModel delegate;
  private final String path;

  /**
   * Wraps a chat model.
   *
   * @param delegate the OpenAI-compatible chat model
   * @param path the request path, for error messages
   */
  AzureChatModel(ChatModel delegate, String path) {
    this.delegate = delegate;
    this.path = path;
  }

  @Override
  public String model() {
    return delegate.model();
  }

  @Override
  public ChatResponse complete(ChatRequest request) {
    try {
      return delegate.complete(request);
    } catch (InvalidRequestException e) {
      if (e instanceof ContentFilteredException || !isContentFilter(e)) {
        throw e;
      }
      JsonNode error = parse(e.body()).path("error");
      JsonNode inner = error.has("innererror") ? error.get("innererror") : error.path("inner_error");
      JsonNode result = inner.has("content_filter_result") ? inner.get("content_filter_result")
          : inner.path("content_filter_results");
      ApiErrorDetails details = new ApiErrorDetails(e.provider(), "POST", path, e.statusCode(),
          error.path("message").asText("The prompt was filtered by Azure's content management policy"),
          e.code(), e.type(), e.param(), e.requestId(), Optional.empty(), e.body());
      ContentFilteredException filtered = new ContentFilteredException(details, ContentFilterResults.of(result));
      throw filtered;
    }
  }

  private static boolean isContentFilter(InvalidRequestException e) {
    return e.code().map(c -> c.equals("content_filter") || c.equals("contentFilter")).orElse(false)
        || e.body().contains("ResponsibleAIPolicyViolation");
  }

  private static JsonNode parse(String body) {
    try {
      return Json.parse(body);
    } catch (Exception notJson) {
      return Json.object();
    }
  }

  @Override
  public String toString() {
    return "AzureChatModel{" + delegate.model() + '}';
  }
}
