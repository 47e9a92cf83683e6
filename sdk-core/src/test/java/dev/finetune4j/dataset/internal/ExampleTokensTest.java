package dev.finetune4j.dataset.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.finetune4j.dataset.ChatExample;
import dev.finetune4j.dataset.PreferenceExample;
import dev.finetune4j.dataset.TokenCounter;
import dev.finetune4j.dataset.TestTokenCounters;
import dev.finetune4j.dataset.TokenCounters;
import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.model.Role;
import dev.finetune4j.model.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExampleTokensTest {
  private static final TokenCounter O200K = TokenCounters.o200k();

  private static ChatMessage message(Random random, Role role, int i) {
    String text = random.nextInt(3) == 0 ? "You are a helpful assistant." : "text " + i + " word".repeat(
        random.nextInt(20));
    List<ToolCall> calls = role == Role.ASSISTANT && random.nextBoolean()
        ? List.of(new ToolCall("call_" + i, "lookup", "{\"q\":" + i + "}")) : List.of();
    Optional<String> name = random.nextInt(4) == 0 ? Optional.of("ann") : Optional.empty();
    Optional<String> toolCallId = role == Role.TOOL ? Optional.of("call_" + i) : Optional.empty();
    return new ChatMessage(role, Optional.of(text), List.of(), name, calls, toolCallId, OptionalInt.empty());
  }

  /** The definition: the cookbook's conversation count, tools' JSON, and the assistant messages' text and calls. */
  private static int[] definition(List<ChatMessage> conversation, List<ChatMessage> answers, List<JsonNode> tools) {
    int total = O200K.countMessages(conversation);
    for (JsonNode tool : tools) {
      total += O200K.count(Json.write(tool));
    }
    int assistant = 0;
    for (ChatMessage m : answers) {
      if (m.role() == Role.ASSISTANT) {
        assistant += O200K.count(m.text());
        for (ToolCall call : m.toolCalls()) {
          assistant += O200K.count(call.name()) + O200K.count(call.arguments());
        }
      }
    }
    return new int[] {total, assistant};
  }

  @Test
  void chatAndPreferenceCountsAreThoseOfTheDefinitionWithAndWithoutTheCache() {
    Random random = new Random(7);
    ExampleTokens plain = new ExampleTokens(O200K, false);
    ExampleTokens cached = new ExampleTokens(O200K, true);
    Role[] roles = {Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.TOOL, Role.DEVELOPER};
    List<JsonNode> tools = List.of(JsonNodeFactory.instance.objectNode().put("type", "function"));
    for (int i = 0; i < 500; i++) {
      List<ChatMessage> messages = new ArrayList<>();
      for (int m = 0; m < 1 + random.nextInt(6); m++) {
        messages.add(message(random, roles[random.nextInt(roles.length)], i));
      }
      List<JsonNode> exampleTools = random.nextBoolean() ? tools : List.of();
      int[] chat = definition(messages, messages, exampleTools);
      ChatExample example = new ChatExample(messages, exampleTools, Optional.empty(), Map.of());
      assertThat(plain.count(example)).isEqualTo(new ExampleTokens.Count(chat[0], chat[1]));
      assertThat(cached.count(example)).isEqualTo(new ExampleTokens.Count(chat[0], chat[1]));

      ChatMessage preferred = message(random, Role.ASSISTANT, i);
      ChatMessage rejected = message(random, Role.ASSISTANT, i + 1);
      List<ChatMessage> all = new ArrayList<>(messages);
      all.add(preferred);
      all.add(rejected);
      int[] pair = definition(all, List.of(preferred, rejected), List.of());
      PreferenceExample preference = PreferenceExample.of(messages, preferred, rejected);
      assertThat(plain.count(preference)).isEqualTo(new ExampleTokens.Count(pair[0], pair[1]));
      assertThat(cached.count(preference)).isEqualTo(new ExampleTokens.Count(pair[0], pair[1]));
    }
  }

  @Test
  void aRepeatedTextIsTokenizedOnce() {
    List<String> counted = new ArrayList<>();
    TokenCounter recording = TestTokenCounters.exact("recording", text -> {
      counted.add(text);
      return text.length();
    });
    TextTokenCache cache = new TextTokenCache(recording);
    String system = "You are a concise recipe assistant.";
    for (int i = 0; i < 1000; i++) {
      assertThat(cache.count(system)).isEqualTo(system.length());
      assertThat(cache.count("question " + i)).isEqualTo(("question " + i).length());
    }

    assertThat(counted.stream().filter(system::equals)).hasSize(1);
    assertThat(counted).hasSize(1001);
  }

  @Test
  void textsThatDifferInOneCharacterOrInLengthAreCountedApart() {
    TextTokenCache cache = new TextTokenCache(O200K);
    String base = "abcdefgh".repeat(3);
    assertThat(cache.count(base)).isEqualTo(O200K.count(base));
    for (String other : List.of(base + "\0", base.substring(1), base.replace('h', 'H'), base + " ", "x")) {
      assertThat(cache.count(other)).as(other).isEqualTo(O200K.count(other));
    }
  }
}
