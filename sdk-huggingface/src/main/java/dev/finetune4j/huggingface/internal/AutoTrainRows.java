package dev.finetune4j.huggingface.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Rewrites TRL preference rows ({@code prompt} messages, {@code chosen} and {@code rejected} holding the answer
 * alone) into the rows AutoTrain's DPO trainer reads. With a chat template AutoTrain takes {@code chosen[:-1]} as the
 * prompt and {@code chosen[-1:]}/{@code rejected[-1:]} as the answers (autotrain-advanced
 * {@code src/autotrain/trainers/clm/utils.py}, {@code apply_chat_template}), so {@code chosen} and {@code rejected}
 * become whole conversations: the prompt's messages, then the answer. The {@code prompt} column stays, since
 * AutoTrain's {@code process_input_data} renames the mapped prompt column and fails when it is missing. One line at a
 * time: memory does not grow with the file.
 */
public final class AutoTrainRows {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private AutoTrainRows() {}

  /**
   * Rewrites a file of TRL preference rows.
   *
   * @param trlPreference the rows in TRL's preference shape, one JSON object a line
   * @param out the file to write
   * @throws IOException if a file cannot be read or written
   */
  public static void write(Path trlPreference, Path out) throws IOException {
    try (BufferedReader reader = Files.newBufferedReader(trlPreference, StandardCharsets.UTF_8);
        BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank()) {
          writer.write(MAPPER.writeValueAsString(row(MAPPER.readTree(line))));
          writer.write('\n');
        }
      }
    }
  }

  /**
   * Rewrites one row.
   *
   * @param trl a TRL preference row
   * @return the AutoTrain row: {@code prompt} as it was, {@code chosen} and {@code rejected} prefixed with it
   */
  public static ObjectNode row(JsonNode trl) {
    ObjectNode out = ((ObjectNode) trl).deepCopy();
    out.set("chosen", conversation(trl.get("prompt"), trl.get("chosen")));
    out.set("rejected", conversation(trl.get("prompt"), trl.get("rejected")));
    return out;
  }

  private static ArrayNode conversation(JsonNode prompt, JsonNode answer) {
    ArrayNode messages = MAPPER.createArrayNode();
    prompt.forEach(messages::add);
    answer.forEach(messages::add);
    return messages;
  }
}
