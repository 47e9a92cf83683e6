package dev.finetune4j.eval;

import dev.finetune4j.RawJson;
import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.model.ChatModel;
import dev.finetune4j.model.ChatRequest;
import dev.finetune4j.model.ChatResponse;
import dev.finetune4j.model.TokenUsage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A chat model answering from a function, recording every request. */
final class FakeModel implements ChatModel {
  private final String name;
  private final Function<ChatRequest, ChatResponse> answer;
  final List<ChatRequest> requests = new CopyOnWriteArrayList<>();

  FakeModel(String name, Function<ChatRequest, ChatResponse> answer) {
    this.name = name;
    this.answer = answer;
  }

  /** Answers with the text the function gives for the last user message. */
  static FakeModel answering(String name, Function<String, String> byQuestion) {
    return new FakeModel(name, request -> response(byQuestion.apply(lastUser(request)), 10, 2, Duration.ofMillis(100)));
  }

  static String lastUser(ChatRequest request) {
    List<ChatMessage> messages = request.messages();
    return messages.get(messages.size() - 1).text();
  }

  static ChatResponse response(String text, long in, long out, Duration latency) {
    RawJson raw = RawJson.of(Map.of("id", "x"));
    return new ChatResponse("x", "m", ChatMessage.assistant(text), "stop", new TokenUsage(in, out, in + out),
        latency, raw);
  }

  int calls() {
    return requests.size();
  }

  @Override
  public String model() {
    return name;
  }

  @Override
  public ChatResponse complete(ChatRequest request) {
    requests.add(request);
    return answer.apply(request);
  }
}
