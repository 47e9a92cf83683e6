package dev.finetune4j.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.spi.http.Json;
import dev.finetune4j.model.ChatResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Azure's content-filter results for a prompt or an answer: one {@link ContentFilterResult} per category Azure
 * reported. Read them from a chat answer with {@link #prompt(ChatResponse)} and {@link #completion(ChatResponse)};
 * an answer the filter cut ends with finish reason {@code content_filter}, a blocked prompt is a
 * {@link ContentFilteredException}.
 *
 * @param categories the categories, in Azure's order
 */
public record ContentFilterResults(List<ContentFilterResult> categories) {
  /** Copies the list. */
  public ContentFilterResults {
    categories = List.copyOf(Objects.requireNonNull(categories, "categories"));
  }

  /**
   * Returns the results for the prompt of a chat answer ({@code prompt_filter_results[0]}).
   *
   * @param response the answer
   * @return the results; empty when Azure sent none (as off Azure)
   */
  public static ContentFilterResults prompt(ChatResponse response) {
    JsonNode results = Json.tree(response.raw()).path("prompt_filter_results").path(0);
    JsonNode node = results.has("content_filter_results") ? results.get("content_filter_results")
        : results.path("content_filter_result");
    return of(node);
  }

  /**
   * Returns the results for the first choice of a chat answer.
   *
   * @param response the answer
   * @return the results; empty when Azure sent none
   */
  public static ContentFilterResults completion(ChatResponse response) {
    return of(Json.tree(response.raw()).path("choices").path(0).path("content_filter_results"));
  }

  /**
   * Finds one category.
   *
   * @param category such as {@code hate}
   * @return its result, if reported
   */
  public Optional<ContentFilterResult> category(String category) {
    return categories.stream().filter(c -> c.category().equals(category)).findFirst();
  }

  /** @return true if any category was filtered */
  public boolean anyFiltered() {
    return categories.stream().anyMatch(ContentFilterResult::filtered);
  }

  static ContentFilterResults of(JsonNode node) {
    List<ContentFilterResult> list = new ArrayList<>();
    if (node != null && node.isObject()) {
      node.fields().forEachRemaining(e -> {
        JsonNode v = e.getValue();
        if (v.isObject()) {
          list.add(new ContentFilterResult(e.getKey(), v.path("filtered").asBoolean(false),
              v.hasNonNull("severity") ? Optional.of(v.get("severity").asText()) : Optional.empty(),
              v.has("detected") ? Optional.of(v.get("detected").asBoolean()) : Optional.empty()));
        }
      });
    }
    return new ContentFilterResults(list);
  }
}
