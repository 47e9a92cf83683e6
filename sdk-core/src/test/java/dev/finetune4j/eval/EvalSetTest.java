package dev.finetune4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.error.LocalIoException;
import dev.finetune4j.error.LocalValidationException;
import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.model.Role;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalSetTest {
  @TempDir
  Path dir;

  private static EvalSet read(String jsonl) {
    return EvalSet.fromJsonl(new StringReader(jsonl), "set.jsonl");
  }

  @Test
  void theFinalAssistantMessageIsTheReferenceAndIsNotSent() {
    EvalSet set = read("""
        {"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"2+2?"},\
        {"role":"assistant","content":"4"}]}
        """);

    EvalCase c = set.cases().get(0);
    assertThat(c.reference()).isEqualTo("4");
    assertThat(c.messages()).containsExactly(ChatMessage.system("Be brief."), ChatMessage.user("2+2?"));
    assertThat(c.question()).isEqualTo("2+2?");
  }

  @Test
  void aReferenceFieldWithMetadataIsAccepted() {
    EvalSet set = read("""
        {"id":"q7","messages":[{"role":"user","content":"2+3?"}],"reference":"5","metadata":{"topic":"sums"}}
        """);

    EvalCase c = set.cases().get(0);
    assertThat(c.id()).isEqualTo("q7");
    assertThat(c.reference()).isEqualTo("5");
    assertThat(c.metadata().text("topic")).contains("sums");
  }

  @Test
  void aReferenceThatIsJsonIsKeptAsJsonText() {
    EvalSet set = read("""
        {"messages":[{"role":"user","content":"as JSON"}],"reference":{"qty":200,"unit":"g"}}
        """);

    assertThat(set.cases().get(0).reference()).isEqualTo("{\"qty\":200,\"unit\":\"g\"}");
  }

  @Test
  void casesWithoutIdAreNumberedByLineAndBlankLinesAreSkipped() {
    EvalSet set = read("""
        {"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"A"}]}

        {"messages":[{"role":"user","content":"b"},{"role":"assistant","content":"B"}]}
        """);

    assertThat(set.cases()).extracting(EvalCase::id).containsExactly("1", "3");
    assertThat(set.name()).isEqualTo("set.jsonl");
  }

  @Test
  void aByteOrderMarkBeforeTheFirstLineIsIgnored() {
    EvalSet set = read("\uFEFF{\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"reference\":\"A\"}\n");

    assertThat(set.cases().get(0).reference()).isEqualTo("A");
  }

  @Test
  void unknownFieldsAreIgnored() {
    EvalSet set = read("""
        {"messages":[{"role":"user","content":"a","extra":1},{"role":"assistant","content":"A"}],"weight":3}
        """);

    assertThat(set.size()).isEqualTo(1);
  }

  @Test
  void everyBadLineIsListedWithFileLineAndReason() throws Exception {
    Path file = dir.resolve("heldout.jsonl");
    Files.writeString(file, String.join("\n",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"ok\"},{\"role\":\"assistant\",\"content\":\"ok\"}]}",
        "not json",
        "[1,2]",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"no answer\"}]}",
        "{\"messages\":[{\"role\":\"chef\",\"content\":\"x\"},{\"role\":\"assistant\",\"content\":\"y\"}]}",
        "{\"messages\":[{\"role\":\"assistant\",\"content\":\"only\"}]}",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"assistant\",\"content\":\"y\"}],"
            + "\"reference\":\"z\"}",
        "{\"id\":\"1\",\"messages\":[{\"role\":\"user\",\"content\":\"dup\"}],\"reference\":\"r\"}",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"reference\":\"r\",\"metadata\":[1]}",
        "{\"messages\":[]}"));

    assertThatThrownBy(() -> EvalSet.fromJsonl(file))
        .isInstanceOfSatisfying(LocalValidationException.class, e -> {
          assertThat(e.getMessage()).contains("has 9 bad lines");
          assertThat(e.problems()).hasSize(9);
          assertThat(e.problems().get(0)).startsWith(file + ":2: line is not valid JSON");
          assertThat(e.problems().get(1)).isEqualTo(file + ":3: line is not a JSON object");
          assertThat(e.problems().get(2)).startsWith(file + ":4: line has no reference answer");
          assertThat(e.problems().get(3)).contains(":5: ", "unknown role \"chef\"");
          assertThat(e.problems().get(4)).contains(":6: ", "only the assistant answer");
          assertThat(e.problems().get(5)).contains(":7: ", "both a \"reference\" and a final assistant message");
          assertThat(e.problems().get(6)).contains(":8: ", "repeats the id '1'");
          assertThat(e.problems().get(7)).contains(":9: ", "\"metadata\" must be an object");
          assertThat(e.problems().get(8)).contains(":10: ", "empty \"messages\"");
        });
  }

  @Test
  void aLineWithADuplicateKeyIsABadLineNamedByFileAndLine() throws Exception {
    Path file = dir.resolve("dup.jsonl");
    Files.writeString(file, "{\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"reference\":\"A\"}\n"
        + "{\"messages\":[{\"role\":\"user\",\"content\":\"b\"}],\"reference\":\"B\",\"reference\":\"C\"}\n");

    assertThatThrownBy(() -> EvalSet.fromJsonl(file))
        .isInstanceOfSatisfying(LocalValidationException.class, e -> assertThat(e.problems()).singleElement()
            .asString().startsWith(file + ":2: line is not valid JSON").contains("Duplicate field 'reference'"));
  }

  @Test
  void aByteOrderMarkAtTheStartOfAFileIsSkipped() throws Exception {
    Path file = dir.resolve("bom.jsonl");
    Files.write(file, ("\uFEFF{\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"reference\":\"A\"}\n")
        .getBytes(StandardCharsets.UTF_8));

    assertThat(EvalSet.fromJsonl(file).cases().get(0).reference()).isEqualTo("A");
  }

  @Test
  void aMissingFileIsAnIoErrorNamingTheFile() {
    Path file = dir.resolve("absent.jsonl");

    assertThatThrownBy(() -> EvalSet.fromJsonl(file)).isInstanceOf(LocalIoException.class)
        .hasMessageContaining("evaluation set " + file);
  }

  @Test
  void aFileWithoutCasesIsRejected() {
    assertThatThrownBy(() -> read("\n\n")).isInstanceOf(LocalValidationException.class)
        .hasMessageContaining("has no cases");
  }

  @Test
  void aSetBuiltInCodeRejectsRepeatedIds() {
    assertThatThrownBy(() -> EvalSet.of("s", List.of(EvalCase.of("a", "q", "r"), EvalCase.of("a", "q2", "r2"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a'");
  }

  @Test
  void limitKeepsTheFirstCases() {
    EvalSet set = EvalSet.of("s", List.of(EvalCase.of("a", "q", "r"), EvalCase.of("b", "q", "r"),
        EvalCase.of("c", "q", "r")));

    assertThat(set.limit(2).cases()).extracting(EvalCase::id).containsExactly("a", "b");
  }

  @Test
  void toolCallTurnsInTheConversationAreKept() {
    EvalSet set = read("""
        {"messages":[{"role":"user","content":"convert"},{"role":"assistant","content":null,"tool_calls":\
        [{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},\
        {"role":"tool","tool_call_id":"c1","content":"42"},{"role":"assistant","content":"42 g"}]}
        """);

    assertThat(set.cases().get(0).messages()).extracting(ChatMessage::role)
        .containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL);
  }
}
