package dev.finetune4j.testkit.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.testkit.internal.Ids;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenAI-compatible chat completions as a tuned model (nearest training example) or a base model (a long, generic
 * answer) would give them, with usage counted as one token per four characters, rounded up.
 */
final class Chat {

  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

  private Chat() {
  }

  /** An error in the OpenAI envelope, as vLLM and the router send it. */
  static Reply error(int status, String message, String param, String code) {
    return Reply.json(status, Map.of("error", Maps.of("message", message, "type",
        status == 404 ? "NotFoundError" : "invalid_request_error", "param", param, "code", code)));
  }

  /**
   * Answers a chat request.
   *
   * @param body the request body
   * @param examples the tuned model's training examples, or empty for a base model
   * @param defaultModel the model name to report when the request names none
   * @param created the Unix time of the answer
   */
  static Reply complete(JsonNode body, List<TrainingRun.Example> examples, String defaultModel, long created,
      Ids ids) {
    JsonNode messages = body.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      return error(400, "\"messages\" must be a non-empty array", "messages", null);
    }
    long promptChars = 0;
    String lastUser = "";
    for (JsonNode m : messages) {
      JsonNode content = m.path("content");
      String text = content.isTextual() ? content.asText() : content.isMissingNode() ? "" : content.toString();
      promptChars += text.length();
      if ("user".equals(m.path("role").asText())) {
        lastUser = text;
      }
    }
    String reply = examples.isEmpty() ? generic(lastUser) : nearest(examples, lastUser);
    String finish = "stop";
    if (body.hasNonNull("max_tokens") || body.hasNonNull("max_completion_tokens")) {
      long max = body.hasNonNull("max_completion_tokens") ? body.get("max_completion_tokens").asLong()
          : body.get("max_tokens").asLong();
      if (max > 0 && tokens(reply) > max) {
        reply = reply.substring(0, (int) Math.min(reply.length(), max * 4));
        finish = "length";
      }
    }
    String model = body.hasNonNull("model") ? body.get("model").asText() : defaultModel;
    String id = ids.nextHex("chatcmpl-", 32);
    long promptTokens = (promptChars + 3) / 4;
    long completionTokens = tokens(reply);
    Map<String, Object> usage = Maps.of("prompt_tokens", promptTokens, "completion_tokens", completionTokens,
        "total_tokens", promptTokens + completionTokens);
    if (body.path("stream").asBoolean(false)) {
      return Reply.bytes(200, stream(id, model, created, reply, finish, usage,
          body.path("stream_options").path("include_usage").asBoolean(false)).getBytes(
          java.nio.charset.StandardCharsets.UTF_8), "text/event-stream");
    }
    Map<String, Object> message = Maps.of("role", "assistant", "content", reply, "tool_calls", List.of());
    return Reply.ok(Maps.of("id", id, "object", "chat.completion", "created", created, "model", model,
        "choices", List.of(Maps.of("index", 0, "message", message, "logprobs", null, "finish_reason", finish)),
        "usage", usage));
  }

  private static String stream(String id, String model, long created, String reply, String finish,
      Map<String, Object> usage, boolean includeUsage) {
    StringBuilder sb = new StringBuilder();
    List<String> pieces = new ArrayList<>();
    Matcher m = Pattern.compile("\\S+\\s*|\\s+").matcher(reply);
    while (m.find()) {
      pieces.add(m.group());
    }
    sb.append(event(id, model, created, Maps.of("role", "assistant", "content", ""), null));
    for (String piece : pieces) {
      sb.append(event(id, model, created, Maps.of("content", piece), null));
    }
    sb.append(event(id, model, created, Maps.of(), finish));
    if (includeUsage) {
      sb.append("data: ").append(write(Maps.of("id", id, "object", "chat.completion.chunk", "created", created,
          "model", model, "choices", List.of(), "usage", usage))).append("\n\n");
    }
    return sb.append("data: [DONE]\n\n").toString();
  }

  private static String event(String id, String model, long created, Map<String, Object> delta, String finish) {
    return "data: " + write(Maps.of("id", id, "object", "chat.completion.chunk", "created", created, "model", model,
        "choices", List.of(Maps.of("index", 0, "delta", delta, "logprobs", null, "finish_reason", finish)))) + "\n\n";
  }

  private static String write(Object value) {
    try {
      return Maps.MAPPER.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static long tokens(String text) {
    return (text.length() + 3) / 4;
  }

  /** The answer of the training example whose prompt shares the most words with the question (Jaccard). */
  static String nearest(List<TrainingRun.Example> examples, String question) {
    Set<String> words = words(question);
    TrainingRun.Example best = examples.get(0);
    double bestScore = -1;
    for (TrainingRun.Example example : examples) {
      Set<String> other = words(example.prompt());
      Set<String> union = new HashSet<>(words);
      union.addAll(other);
      other.retainAll(words);
      double score = union.isEmpty() ? 0 : (double) other.size() / union.size();
      if (score > bestScore) {
        bestScore = score;
        best = example;
      }
    }
    return best.answer();
  }

  private static Set<String> words(String text) {
    Set<String> out = new HashSet<>();
    Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  /** What an untuned base model says: polite, long and unspecific. */
  static String generic(String question) {
    String topic = question.strip().replaceAll("\\s+", " ");
    if (topic.length() > 80) {
      topic = topic.substring(0, 77) + "...";
    }
    return "Thank you for your question" + (topic.isEmpty() ? "" : " (\"" + topic + "\")") + ". The answer depends "
        + "on a few factors. In general, it is best to start from the basics, consider the context in which the "
        + "question arises, and check reliable sources before drawing a conclusion. There are several possible "
        + "approaches, each with its own trade-offs, and the right choice depends on your specific situation and "
        + "constraints. If you can share more details, I can give you a more precise and tailored answer.";
  }
}
