package dev.finetune4j.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.finetune4j.model.ChatMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlWriterTest {

  @Test
  void examplesAreWrittenOneCompactObjectPerLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("out.jsonl");
    try (JsonlWriter writer = JsonlWriter.open(file)) {
      writer.write(ChatExample.of(ChatMessage.user("Hi"), ChatMessage.assistant("Hello")), DatasetFormat.OPENAI_CHAT);
      writer.write(PromptCompletionExample.ofText("2+2=", "4"), DatasetFormat.OPENAI_PROMPT_COMPLETION);
    }

    assertThat(Files.readString(file)).isEqualTo(
        "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\"Hello\"}]}\n"
            + "{\"prompt\":\"2+2=\",\"completion\":\"4\"}\n");
  }

  @Test
  void textIsWrittenAsUtf8AndNewlinesInsideValuesAreEscaped(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("out.jsonl");
    try (JsonlWriter writer = JsonlWriter.open(file)) {
      writer.write(PromptCompletionExample.ofText("Grüße\nzwei Zeilen", "日本"), DatasetFormat.OPENAI_PROMPT_COMPLETION);
    }

    assertThat(Files.readAllLines(file, StandardCharsets.UTF_8))
        .containsExactly("{\"prompt\":\"Grüße\\nzwei Zeilen\",\"completion\":\"日本\"}");
  }

  @Test
  void whatIsWrittenReadsBackEqual(@TempDir Path dir) {
    Path file = dir.resolve("out.jsonl");
    List<TrainingExample> examples = List.of(
        ChatExample.of(ChatMessage.system("Be brief."), ChatMessage.user("Hi"), ChatMessage.assistant("Hello")),
        PreferenceExample.of(List.of(ChatMessage.user("Hi")), ChatMessage.assistant("Hello!"),
            ChatMessage.assistant("Go away.")));
    try (JsonlWriter writer = JsonlWriter.open(file)) {
      writer.write(examples.get(0), DatasetFormat.OPENAI_CHAT);
      writer.write(examples.get(1), DatasetFormat.OPENAI_PREFERENCE);
      assertThat(writer.linesWritten()).isEqualTo(2);
    }

    List<TrainingExample> read = new ArrayList<>();
    try (JsonlReader reader = JsonlReader.open(file)) {
      reader.forEach(line -> read.add(TrainingExample.fromJson(line.json().orElseThrow())));
    }
    assertThat(read).isEqualTo(examples);
  }

  @Test
  void onlyObjectsCanBeWritten(@TempDir Path dir) {
    try (JsonlWriter writer = JsonlWriter.open(dir.resolve("out.jsonl"))) {
      assertThatThrownBy(() -> writer.write(JsonNodeFactory.instance.arrayNode()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("JSON object");
    }
  }
}
