package dev.finetune4j.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.model.Role;
import dev.finetune4j.model.ToolCall;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingExampleJsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return MAPPER.readTree(text);
  }

  private static final String TOOL_EXAMPLE = "{\"messages\":["
      + "{\"role\":\"developer\",\"content\":\"Use tools.\"},"
      + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is this? \"},"
      + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/a.png\",\"detail\":\"low\"}}]},"
      + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
      + "\"function\":{\"name\":\"lookup\",\"arguments\":\"{\\\"q\\\":\\\"a\\\"}\"}}]},"
      + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"a cat\"},"
      + "{\"role\":\"assistant\",\"content\":\"A cat.\",\"weight\":1}],"
      + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"lookup\"}}],"
      + "\"parallel_tool_calls\":false,"
      + "\"reference_answer\":\"cat\"}";

  @Test
  void aChatExampleKeepsToolsContentPartsWeightsAndExtraKeys() throws Exception {
    ChatExample example = (ChatExample) TrainingExample.fromJson(json(TOOL_EXAMPLE));

    assertThat(example.messages()).extracting(ChatMessage::role)
        .containsExactly(Role.DEVELOPER, Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT);
    assertThat(example.messages().get(1).contentParts()).hasSize(2);
    assertThat(example.messages().get(1).text()).isEqualTo("What is this? ");
    assertThat(example.messages().get(2).toolCalls()).containsExactly(new ToolCall("call_1", "lookup", "{\"q\":\"a\"}"));
    assertThat(example.messages().get(3).toolCallId()).contains("call_1");
    assertThat(example.messages().get(4).weight()).hasValue(1);
    assertThat(example.tools()).hasSize(1);
    assertThat(example.parallelToolCalls()).contains(false);
    assertThat(example.extraFields()).containsOnlyKeys("reference_answer");
  }

  @Test
  void aChatExampleWritesBackToTheSameJson() throws Exception {
    JsonNode original = json(TOOL_EXAMPLE);

    assertThat(TrainingExample.fromJson(original).toJson(DatasetFormat.OPENAI_CHAT)).isEqualTo(original);
  }

  @Test
  void unknownMessageKeysAreIgnored() throws Exception {
    TrainingExample example = TrainingExample.fromJson(json(
        "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\",\"id\":7},{\"role\":\"assistant\",\"content\":\"Yo\"}]}"));

    assertThat(example).isEqualTo(ChatExample.of(ChatMessage.user("Hi"), ChatMessage.assistant("Yo")));
  }

  @Test
  void anOpenAiPromptCompletionIsAUserAndAnAssistantMessage() throws Exception {
    TrainingExample example = TrainingExample.fromJson(json("{\"prompt\":\"2+2=\",\"completion\":\"4\"}"));

    assertThat(example).isEqualTo(PromptCompletionExample.ofText("2+2=", "4"));
    assertThat(example.toJson(DatasetFormat.OPENAI_PROMPT_COMPLETION))
        .isEqualTo(json("{\"prompt\":\"2+2=\",\"completion\":\"4\"}"));
  }

  @Test
  void aTrlPromptCompletionRoundTrips() throws Exception {
    JsonNode original = json("{\"prompt\":[{\"role\":\"system\",\"content\":\"Add.\"},"
        + "{\"role\":\"user\",\"content\":\"2+2\"}],\"completion\":[{\"role\":\"assistant\",\"content\":\"4\"}]}");

    TrainingExample example = TrainingExample.fromJson(original);

    assertThat(((PromptCompletionExample) example).prompt()).hasSize(2);
    assertThat(example.toJson(DatasetFormat.TRL_PROMPT_COMPLETION)).isEqualTo(original);
  }

  @Test
  void anOpenAiPreferenceExampleRoundTrips() throws Exception {
    JsonNode original = json("{\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]},"
        + "\"preferred_output\":[{\"role\":\"assistant\",\"content\":\"Hello!\"}],"
        + "\"non_preferred_output\":[{\"role\":\"assistant\",\"content\":\"What.\"}]}");

    TrainingExample example = TrainingExample.fromJson(original);

    assertThat(example).isEqualTo(PreferenceExample.of(List.of(ChatMessage.user("Hi")),
        ChatMessage.assistant("Hello!"), ChatMessage.assistant("What.")));
    assertThat(example.toJson(DatasetFormat.OPENAI_PREFERENCE)).isEqualTo(original);
  }

  @Test
  void aTrlPreferenceExampleRoundTrips() throws Exception {
    JsonNode original = json("{\"prompt\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
        + "\"chosen\":[{\"role\":\"assistant\",\"content\":\"Hello!\"}],"
        + "\"rejected\":[{\"role\":\"assistant\",\"content\":\"What.\"}]}");

    assertThat(TrainingExample.fromJson(original).toJson(DatasetFormat.TRL_PREFERENCE)).isEqualTo(original);
  }

  @Test
  void aMultiMessagePromptCannotBeWrittenAsPromptCompletionStrings() {
    PromptCompletionExample example = new PromptCompletionExample(
        List.of(ChatMessage.system("Add."), ChatMessage.user("2+2")), List.of(ChatMessage.assistant("4")));

    assertThatThrownBy(() -> example.toJson(DatasetFormat.OPENAI_PROMPT_COMPLETION))
        .isInstanceOf(InvalidExampleException.class)
        .hasMessageContaining("prompt")
        .hasMessageContaining("2 message(s)");
  }

  @Test
  void anExampleCannotBeWrittenInAFormatOfAnotherKind() {
    assertThatThrownBy(() -> PromptCompletionExample.ofText("a", "b").toJson(DatasetFormat.OPENAI_CHAT))
        .isInstanceOf(InvalidExampleException.class)
        .hasMessageContaining("OPENAI_CHAT");
  }

  @Test
  void aMissingRoleIsATypedErrorNamingTheField() throws Exception {
    assertThatThrownBy(() -> TrainingExample.fromJson(json("{\"messages\":[{\"content\":\"Hi\"}]}")))
        .isInstanceOfSatisfying(InvalidExampleException.class,
            e -> assertThat(e.field()).isEqualTo("messages[0].role"));
  }

  @Test
  void anObjectOfNoFormatIsATypedError() throws Exception {
    assertThatThrownBy(() -> TrainingExample.fromJson(json("{\"text\":\"hello\"}")))
        .isInstanceOf(InvalidExampleException.class)
        .hasMessageContaining("matches no dataset format");
  }

  @Test
  void aPreferenceAnswerMustBeAnAssistantMessage() {
    assertThatThrownBy(() -> PreferenceExample.of(List.of(ChatMessage.user("Hi")), ChatMessage.user("x"),
        ChatMessage.assistant("y")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("preferred must be an assistant message");
  }
}
