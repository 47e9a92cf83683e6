package dev.finetune4j.testkit.internal.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** What the emulator learns from a JSONL training file: example count, tokens, prompt/reply pairs, or an error. */
final class TrainingData {

  /** A prompt (last user message) and the reply the model should give. */
  record Pair(String prompt, String reply) {
  }

  final int examples;
  final long tokens;
  final List<Pair> pairs;
  final String errorCode;
  final String errorMessage;

  private TrainingData(int examples, long tokens, List<Pair> pairs, String errorCode, String errorMessage) {
    this.examples = examples;
    this.tokens = tokens;
    this.pairs = List.copyOf(pairs);
    this.errorCode = errorCode;
    this.errorMessage = errorMessage;
  }

  boolean failed() {
    return errorCode != null;
  }

  static TrainingData parse(byte[] content, String kind, String method) {
    String[] lines = new String(content, StandardCharsets.UTF_8).split("\r?\n");
    List<Pair> pairs = new ArrayList<>();
    long tokens = 0;
    int examples = 0;
    String invalid = "invalid_" + kind + "_file";
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].trim();
      if (line.isEmpty()) {
        continue;
      }
      JsonNode example;
      try {
        example = OpenAiApi.MAPPER.readTree(line);
      } catch (IOException e) {
        return failure(invalid, "Invalid file format. Line " + (i + 1) + " is not valid JSON.");
      }
      if (example == null || !example.isObject()) {
        return failure(invalid, "Invalid file format. Line " + (i + 1) + ": each line must be a JSON object.");
      }
      JsonNode messages = example.has("input") ? example.path("input").path("messages") : example.path("messages");
      String reply;
      if (example.has("preferred_output")) {
        JsonNode preferred = example.path("preferred_output");
        if (!messages.isArray() || !preferred.isArray() || preferred.size() != 1
            || !example.path("non_preferred_output").isArray()) {
          return failure(invalid, "Invalid file format. Line " + (i + 1) + ": a preference example needs"
              + " input.messages and exactly one message in preferred_output and non_preferred_output.");
        }
        reply = text(preferred.get(0).path("content"));
      } else if (example.has("prompt") && example.has("completion")) {
        messages = null;
        reply = example.path("completion").asText();
        pairs.add(new Pair(example.path("prompt").asText(), reply));
      } else if (method.equals("dpo")) {
        return failure(invalid, "Invalid file format. Line " + (i + 1) + ": a preference example needs input,"
            + " preferred_output and non_preferred_output.");
      } else if (messages.isArray() && !messages.isEmpty()) {
        reply = null;
        for (JsonNode message : messages) {
          if (!message.has("role")) {
            return failure(invalid, "Invalid file format. Line " + (i + 1) + ", message missing key 'role'.");
          }
          if ("assistant".equals(message.path("role").asText())) {
            reply = text(message.path("content"));
          }
        }
        if (reply == null && !method.equals("reinforcement")) {
          return failure(invalid, "Invalid file format. Line " + (i + 1) + ": example has no assistant message.");
        }
      } else {
        return failure(invalid, "Invalid file format. Line " + (i + 1) + ": example is missing 'messages'.");
      }
      if (messages != null) {
        String prompt = "";
        for (JsonNode message : messages) {
          tokens += 3 + OpenAiApi.tokens(text(message.path("content")));
          if ("user".equals(message.path("role").asText())) {
            prompt = text(message.path("content"));
          }
        }
        if (reply != null) {
          pairs.add(new Pair(prompt, reply));
        }
      }
      tokens += 3 + OpenAiApi.tokens(reply == null ? "" : reply);
      examples++;
    }
    if (examples < 10) {
      return failure("invalid_n_examples", "Training file has " + examples + " example(s), but must have at least 10"
          + " examples");
    }
    return new TrainingData(examples, tokens, pairs, null, null);
  }

  private static TrainingData failure(String code, String message) {
    return new TrainingData(0, 0, List.of(), code, message);
  }

  /** Text of a message content: a string, or the text parts of a content array. */
  static String text(JsonNode content) {
    if (content == null || content.isNull() || content.isMissingNode()) {
      return "";
    }
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder sb = new StringBuilder();
    if (content.isArray()) {
      for (JsonNode part : content) {
        if (part.has("text")) {
          sb.append(sb.length() == 0 ? "" : " ").append(part.path("text").asText());
        }
      }
    }
    return sb.toString();
  }
}
