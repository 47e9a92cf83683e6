package dev.finetune4j.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.dataset.internal.ExampleMapper;

/**
 * One training example, in one of the shapes fine-tuning uses: a conversation ({@link ChatExample}), a prompt with
 * its completion ({@link PromptCompletionExample}), or a preference pair ({@link PreferenceExample}).
 *
 * <p>Examples are read from and written to JSON in any {@link DatasetFormat}:
 *
 * <pre>{@code
 * TrainingExample example = TrainingExample.fromJson(line);          // format detected from the keys
 * ObjectNode trl = example.toJson(DatasetFormat.TRL_MESSAGES);
 * }</pre>
 */
public sealed interface TrainingExample permits ChatExample, PromptCompletionExample, PreferenceExample {

  /**
   * Reads an example, detecting its format from the keys present (see {@link DatasetFormat#detect(JsonNode)}).
   * Unknown keys are ignored, except that a chat example keeps them in {@link ChatExample#extraFields()}.
   *
   * @param json one JSONL line, parsed
   * @return the example
   * @throws InvalidExampleException if the object matches no format or a field is missing or of the wrong type
   */
  static TrainingExample fromJson(JsonNode json) {
    return ExampleMapper.read(json);
  }

  /**
   * Reads an example in a given format.
   *
   * @param json one JSONL line, parsed
   * @param format the format the line is written in
   * @return the example
   * @throws InvalidExampleException if a field the format requires is missing or of the wrong type
   */
  static TrainingExample fromJson(JsonNode json, DatasetFormat format) {
    return ExampleMapper.read(json, format);
  }

  /**
   * Writes this example as one JSON object in a format of the same kind.
   *
   * @param format the format to write; its {@link DatasetFormat#kind()} must be this example's kind
   * @return a new JSON object
   * @throws InvalidExampleException if the format cannot hold this example (for example a conversation written as
   *     prompt-completion strings); use {@link DatasetConverter} to change the kind of an example
   */
  default ObjectNode toJson(DatasetFormat format) {
    return ExampleMapper.write(this, format);
  }

  /**
   * Returns the kind of example this is.
   *
   * @return the kind
   */
  ExampleKind kind();
}
