package dev.finetune4j.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.RawJson;
import dev.finetune4j.spi.http.Json;
import dev.finetune4j.model.ChatMessage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One run of an OpenAI eval: which data, and which model generates the samples.
 *
 * <pre>{@code
 * EvalRunSpec run = EvalRunSpec.completions("ft:gpt-4.1-mini-2025-04-14:acme:recipes:abc", "file-eval123",
 *     List.of(ChatMessage.system("Answer briefly."), ChatMessage.user("{{item.question}}")));
 * }</pre>
 *
 * @param name the run's name, if set
 * @param dataSource the run's {@code data_source} as OpenAI's JSON
 */
public record EvalRunSpec(Optional<String> name, RawJson dataSource) {

  /** Checks the components: the data source must be a JSON object with a {@code type}. */
  public EvalRunSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dataSource, "dataSource");
    if (!dataSource.isObject() || dataSource.get("type").isMissing() || dataSource.get("type").isNull()) {
      throw new IllegalArgumentException("a run's data source needs a \"type\", such as \"completions\"");
    }
  }

  /**
   * Returns a run where a model answers each item of an uploaded JSONL file ({@code completions} data source).
   *
   * @param model the model that generates the samples: a base model or an {@code ft:} model
   * @param fileId the id of the uploaded items (purpose {@code evals})
   * @param template the messages sent for each item, with {@code {{item.<field>}}} templates
   * @return the run spec
   */
  public static EvalRunSpec completions(String model, String fileId, List<ChatMessage> template) {
    ObjectNode source = Json.object().put("type", "completions").put("model", Objects.requireNonNull(model, "model"));
    source.putObject("source").put("type", "file_id").put("id", Objects.requireNonNull(fileId, "fileId"));
    ObjectNode input = source.putObject("input_messages").put("type", "template");
    input.set("template", EvalGraders.messages(template));
    return new EvalRunSpec(Optional.of(model), Json.raw(source));
  }

  /**
   * Returns a run over an uploaded JSONL file whose items already hold their samples ({@code jsonl} data source).
   *
   * @param fileId the id of the uploaded items
   * @return the run spec
   */
  public static EvalRunSpec jsonlFile(String fileId) {
    ObjectNode source = Json.object().put("type", "jsonl");
    source.putObject("source").put("type", "file_id").put("id", Objects.requireNonNull(fileId, "fileId"));
    return new EvalRunSpec(Optional.empty(), Json.raw(source));
  }

  /**
   * Returns this spec with another name.
   *
   * @param name not blank
   * @return the new spec
   */
  public EvalRunSpec withName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    return new EvalRunSpec(Optional.of(name), dataSource);
  }

  /**
   * Returns the request body of {@code POST /evals/{id}/runs}.
   *
   * @return the JSON body
   */
  ObjectNode toJson() {
    ObjectNode body = Json.object();
    name.ifPresent(n -> body.put("name", n));
    body.set("data_source", Json.tree(dataSource));
    return body;
  }
}
