package dev.finetune4j.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetConverterTest {
  @TempDir Path dir;

  private static final String CHAT = "{\"messages\":[{\"role\":\"system\",\"content\":\"Add.\"},"
      + "{\"role\":\"user\",\"content\":\"2+2\"},{\"role\":\"assistant\",\"content\":\"4\"}]}";
  private static final String SIMPLE_CHAT =
      "{\"messages\":[{\"role\":\"user\",\"content\":\"2+2=\"},{\"role\":\"assistant\",\"content\":\"4\"}]}";
  private static final String OPENAI_PC = "{\"prompt\":\"2+2=\",\"completion\":\"4\"}";
  private static final String TRL_PC = "{\"prompt\":[{\"role\":\"system\",\"content\":\"Add.\"},"
      + "{\"role\":\"user\",\"content\":\"2+2\"}],\"completion\":[{\"role\":\"assistant\",\"content\":\"4\"}]}";
  private static final String OPENAI_PREF = "{\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]},"
      + "\"preferred_output\":[{\"role\":\"assistant\",\"content\":\"Hello!\"}],"
      + "\"non_preferred_output\":[{\"role\":\"assistant\",\"content\":\"What.\"}]}";
  private static final String TRL_PREF = "{\"prompt\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
      + "\"chosen\":[{\"role\":\"assistant\",\"content\":\"Hello!\"}],"
      + "\"rejected\":[{\"role\":\"assistant\",\"content\":\"What.\"}]}";

  private List<String> convert(String line, DatasetFormat to) throws IOException {
    Path in = dir.resolve("in.jsonl");
    Path out = dir.resolve("out.jsonl");
    Files.write(in, List.of(line));
    long written = DatasetConverter.convert(in, to, out);
    List<String> lines = Files.readAllLines(out);
    assertThat(written).isEqualTo(lines.size());
    return lines;
  }

  @Test
  void openAiChatBecomesTrlMessagesUnchanged() throws IOException {
    assertThat(convert(CHAT, DatasetFormat.TRL_MESSAGES)).containsExactly(CHAT);
  }

  @Test
  void trlMessagesBecomeOpenAiChatUnchanged() throws IOException {
    assertThat(convert(CHAT, DatasetFormat.OPENAI_CHAT)).containsExactly(CHAT);
  }

  @Test
  void promptCompletionStringsBecomeAUserAndAnAssistantMessage() throws IOException {
    assertThat(convert(OPENAI_PC, DatasetFormat.OPENAI_CHAT)).containsExactly(SIMPLE_CHAT);
  }

  @Test
  void aTwoMessageChatBecomesPromptCompletionStrings() throws IOException {
    assertThat(convert(SIMPLE_CHAT, DatasetFormat.OPENAI_PROMPT_COMPLETION)).containsExactly(OPENAI_PC);
  }

  @Test
  void aChatSplitsIntoTrlPromptAndCompletionAtTheTrailingAssistantTurn() throws IOException {
    assertThat(convert(CHAT, DatasetFormat.TRL_PROMPT_COMPLETION)).containsExactly(TRL_PC);
  }

  @Test
  void trlPromptCompletionBecomesAChat() throws IOException {
    assertThat(convert(TRL_PC, DatasetFormat.OPENAI_CHAT)).containsExactly(CHAT);
  }

  @Test
  void openAiPromptCompletionBecomesTrlPromptCompletionMessages() throws IOException {
    assertThat(convert(OPENAI_PC, DatasetFormat.TRL_PROMPT_COMPLETION)).containsExactly(
        "{\"prompt\":[{\"role\":\"user\",\"content\":\"2+2=\"}],"
            + "\"completion\":[{\"role\":\"assistant\",\"content\":\"4\"}]}");
  }

  @Test
  void openAiPreferenceBecomesTrlPromptChosenRejected() throws IOException {
    assertThat(convert(OPENAI_PREF, DatasetFormat.TRL_PREFERENCE)).containsExactly(TRL_PREF);
  }

  @Test
  void trlPreferenceBecomesOpenAiPreference() throws IOException {
    assertThat(convert(TRL_PREF, DatasetFormat.OPENAI_PREFERENCE)).containsExactly(OPENAI_PREF);
  }

  @Test
  void linesInMixedFormatsAreEachDetected() throws IOException {
    Path in = dir.resolve("mixed.jsonl");
    Files.write(in, List.of(OPENAI_PC, "", TRL_PC, CHAT));

    long written = DatasetConverter.convert(in, DatasetFormat.OPENAI_CHAT, dir.resolve("out.jsonl"));

    assertThat(written).isEqualTo(3);
    assertThat(Files.readAllLines(dir.resolve("out.jsonl"))).containsExactly(SIMPLE_CHAT, CHAT, CHAT);
  }

  @Test
  void aPreferencePairCannotBecomeAChatAndTheErrorNamesFileAndLine() throws IOException {
    Path in = dir.resolve("pairs.jsonl");
    Path out = dir.resolve("out.jsonl");
    Files.write(in, List.of(CHAT, OPENAI_PREF));

    assertThatThrownBy(() -> DatasetConverter.convert(in, DatasetFormat.OPENAI_CHAT, out))
        .isInstanceOfSatisfying(DatasetConversionException.class, e -> {
          assertThat(e.file()).isEqualTo("pairs.jsonl");
          assertThat(e.line()).isEqualTo(2);
          assertThat(e.reason()).contains("preference").contains("OPENAI_CHAT");
          assertThat(e.getMessage()).startsWith("pairs.jsonl:2: cannot convert: ");
        });
    assertThat(out).doesNotExist();
    assertThat(dir).isDirectoryNotContaining("glob:**.part");
  }

  @Test
  void aChatThatDoesNotEndWithTheAssistantHasNoCompletion() throws IOException {
    Path in = dir.resolve("in.jsonl");
    Files.write(in, List.of("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"));

    assertThatThrownBy(() -> DatasetConverter.convert(in, DatasetFormat.TRL_PROMPT_COMPLETION, dir.resolve("o")))
        .isInstanceOf(DatasetConversionException.class)
        .hasMessageContaining("in.jsonl:1")
        .hasMessageContaining("does not end with an assistant message");
  }

  @Test
  void aMultiMessagePromptCannotBecomePromptCompletionStrings() throws IOException {
    Path in = dir.resolve("in.jsonl");
    Files.write(in, List.of(CHAT));

    assertThatThrownBy(() -> DatasetConverter.convert(in, DatasetFormat.OPENAI_PROMPT_COMPLETION, dir.resolve("o")))
        .isInstanceOf(DatasetConversionException.class)
        .hasMessageContaining("one string per side");
  }

  @Test
  void invalidJsonStopsTheConversionWithItsLine() throws IOException {
    Path in = dir.resolve("in.jsonl");
    Files.write(in, List.of(CHAT, "{oops"));

    assertThatThrownBy(() -> DatasetConverter.convert(in, DatasetFormat.TRL_MESSAGES, dir.resolve("o")))
        .isInstanceOfSatisfying(DatasetConversionException.class, e -> assertThat(e.line()).isEqualTo(2))
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void anExistingOutputIsReplaced() throws IOException {
    Path out = dir.resolve("out.jsonl");
    Files.writeString(out, "old content\nmore\n");

    assertThat(convert(CHAT, DatasetFormat.TRL_MESSAGES)).containsExactly(CHAT);
  }
}
