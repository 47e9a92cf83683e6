package dev.finetune4j.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.RawJson;
import dev.finetune4j.spi.http.Json;
import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.model.Role;
import java.util.List;
import java.util.Objects;

/**
 * Builds OpenAI grader objects for eval testing criteria and reinforcement fine-tuning. Inputs are templates over
 * the data item ({@code {{item.answer}}}) and the model's sample ({@code {{sample.output_text}}}).
 */
public final class EvalGraders {
  private EvalGraders() {}

  /**
   * Returns a {@code string_check} grader.
   *
   * @param name the grader's name
   * @param input the text checked, such as {@code {{sample.output_text}}}
   * @param reference the text compared with, such as {@code {{item.answer}}}
   * @param operation {@code eq}, {@code ne}, {@code like} or {@code ilike}
   * @return the grader JSON
   */
  public static RawJson stringCheck(String name, String input, String reference, String operation) {
    return Json.raw(Json.object()
        .put("type", "string_check")
        .put("name", Objects.requireNonNull(name, "name"))
        .put("input", Objects.requireNonNull(input, "input"))
        .put("reference", Objects.requireNonNull(reference, "reference"))
        .put("operation", Objects.requireNonNull(operation, "operation")));
  }

  /**
   * Returns a {@code text_similarity} grader with its pass threshold.
   *
   * @param name the grader's name
   * @param input the text checked
   * @param reference the text compared with
   * @param metric such as {@code fuzzy_match}, {@code bleu}, {@code rouge_l} or {@code cosine}
   * @param passThreshold the score at or above which a sample passes
   * @return the grader JSON
   */
  public static RawJson textSimilarity(String name, String input, String reference, String metric,
      double passThreshold) {
    return Json.raw(Json.object()
        .put("type", "text_similarity")
        .put("name", Objects.requireNonNull(name, "name"))
        .put("input", Objects.requireNonNull(input, "input"))
        .put("reference", Objects.requireNonNull(reference, "reference"))
        .put("evaluation_metric", Objects.requireNonNull(metric, "metric"))
        .put("pass_threshold", passThreshold));
  }

  /**
   * Returns a {@code score_model} grader: a model scores each sample following the given messages.
   *
   * @param name the grader's name
   * @param model the grading model
   * @param input the grading prompt, with templates
   * @return the grader JSON
   */
  public static RawJson scoreModel(String name, String model, List<ChatMessage> input) {
    ObjectNode grader = Json.object()
        .put("type", "score_model")
        .put("name", Objects.requireNonNull(name, "name"))
        .put("model", Objects.requireNonNull(model, "model"));
    grader.set("input", messages(input));
    return Json.raw(grader);
  }

  /**
   * Writes messages as eval items: {@code {"type":"message","role":..,"content":{"type":"input_text","text":..}}}
   * ({@code output_text} for the assistant). The plain {@code {"role","content":"text"}} form is accepted by OpenAI
   * too, but it matches two alternatives of the published description's {@code oneOf}, which validators reject.
   */
  static ArrayNode messages(List<ChatMessage> messages) {
    ArrayNode array = Json.array();
    for (ChatMessage m : messages) {
      ObjectNode item = array.addObject().put("type", "message").put("role", m.role().wireName());
      item.putObject("content")
          .put("type", m.role() == Role.ASSISTANT ? "output_text" : "input_text")
          .put("text", m.text());
    }
    return array;
  }
}
