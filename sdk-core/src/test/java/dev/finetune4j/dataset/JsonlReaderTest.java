package dev.finetune4j.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlReaderTest {

  private static List<JsonlLine> read(String content) {
    List<JsonlLine> lines = new ArrayList<>();
    try (JsonlReader reader = JsonlReader.of(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)))) {
      reader.forEach(lines::add);
    }
    return lines;
  }

  @Test
  void linesAreNumberedFromOne() {
    List<JsonlLine> lines = read("{\"a\":1}\n{\"a\":2}\n");

    assertThat(lines).extracting(JsonlLine::number).containsExactly(1L, 2L);
    assertThat(lines.get(1).json().orElseThrow().get("a").intValue()).isEqualTo(2);
  }

  @Test
  void invalidJsonIsReportedOnItsLineAndReadingGoesOn() {
    List<JsonlLine> lines = read("{\"a\":1}\n{\"a\":\n{\"a\":3}\n");

    assertThat(lines).hasSize(3);
    assertThat(lines.get(1).isValid()).isFalse();
    assertThat(lines.get(1).error()).isPresent();
    assertThat(lines.get(2).json()).isPresent();
  }

  @Test
  void blankLinesAreReturnedAsBlank() {
    List<JsonlLine> lines = read("{\"a\":1}\n   \n{\"a\":3}\n");

    assertThat(lines.get(1).isBlank()).isTrue();
    assertThat(lines.get(1).error()).isEmpty();
    assertThat(lines.get(2).number()).isEqualTo(3);
  }

  @Test
  void trailingContentAfterTheValueIsInvalid() {
    assertThat(read("{\"a\":1} {\"b\":2}\n").get(0).error()).isPresent();
  }

  @Test
  void duplicateKeysAreInvalid() {
    assertThat(read("{\"a\":1,\"a\":2}\n").get(0).error()).isPresent();
  }

  @Test
  void windowsLineEndingsAndAByteOrderMarkAreAccepted() {
    List<JsonlLine> lines = read("\uFEFF{\"a\":1}\r\n{\"a\":2}\r\n");

    assertThat(lines).hasSize(2).allMatch(JsonlLine::isValid);
  }

  @Test
  void aFinalLineWithoutNewlineIsRead() {
    assertThat(read("{\"a\":1}\n{\"a\":2}")).hasSize(2);
  }

  @Test
  void linesCanBeStreamedFromAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("data.jsonl");
    Files.writeString(file, "{\"x\":\"é\"}\n{\"x\":\"ü\"}\n", StandardCharsets.UTF_8);

    try (JsonlReader reader = JsonlReader.open(file)) {
      assertThat(reader.stream().map(line -> line.json().orElseThrow().get("x").textValue()))
          .containsExactly("é", "ü");
    }
  }

  @Test
  void aReaderIsIteratedOnce() {
    JsonlReader reader = JsonlReader.of(new ByteArrayInputStream(new byte[0]));
    reader.iterator();

    assertThatThrownBy(reader::iterator).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aLoneCarriageReturnIsWhitespaceInsideALineNotALineEnd() {
    List<JsonlLine> lines = read("{\"a\":\r1}\n{\"b\":2}\r\n{\"c\":3}");

    assertThat(lines).extracting(JsonlLine::number).containsExactly(1L, 2L, 3L);
    assertThat(lines).allMatch(JsonlLine::isValid);
    assertThat(lines.get(1).text()).isEqualTo("{\"b\":2}");
  }

  @Test
  void aLoneCarriageReturnFromAReaderIsWhitespaceToo() {
    List<JsonlLine> lines = new ArrayList<>();
    try (JsonlReader reader = JsonlReader.of(new java.io.StringReader("{\"a\":\r1}\r\n{\"b\":2}\n"))) {
      reader.forEach(lines::add);
    }

    assertThat(lines).hasSize(2).allMatch(JsonlLine::isValid);
  }

  @Test
  void bytesThatAreNotUtf8AreAnEncodingErrorOnTheirLine() {
    byte[] content = "{\"a\":\"x\u00ff\"}\n{\"b\":2}\n".getBytes(StandardCharsets.ISO_8859_1);
    List<JsonlLine> lines = new ArrayList<>();
    try (JsonlReader reader = JsonlReader.of(new ByteArrayInputStream(content))) {
      reader.forEach(lines::add);
    }

    assertThat(lines.get(0).errorCode()).contains(FindingCode.INVALID_ENCODING);
    assertThat(lines.get(0).error().orElseThrow()).contains("not valid UTF-8").contains("byte 8");
    assertThat(lines.get(1).isValid()).isTrue();
  }

  @Test
  void aLoneSurrogateEscapeIsAnEncodingError() {
    List<JsonlLine> lines = read("{\"a\":[\"ok\",\"\\ud800\"]}\n{\"b\":\"\\ud83d\\ude00\"}\n");

    assertThat(lines.get(0).errorCode()).contains(FindingCode.INVALID_ENCODING);
    assertThat(lines.get(0).error().orElseThrow()).contains("a[1]");
    assertThat(lines.get(1).isValid()).as("a surrogate pair is fine").isTrue();
  }

  @Test
  void numbersBeyondWhatJavaHoldsAreInvalidJsonNotAnException() {
    List<JsonlLine> lines = read("{\"w\":1e-2147483648}\n{\"w\":100e2147483647}\n{\"w\":1e999999999999}\n");

    assertThat(lines).hasSize(3);
    assertThat(lines.get(0).errorCode()).contains(FindingCode.INVALID_JSON);
    assertThat(lines.get(2).errorCode()).contains(FindingCode.INVALID_JSON);
  }

  @Test
  void aLineLongerThanTheCapIsSkippedUnreadAndReadingGoesOn() {
    String content = "{\"a\":1}\n" + "{\"a\":\"" + "x".repeat(5000) + "\"}\n{\"a\":3}\n";
    List<JsonlLine> lines = new ArrayList<>();
    try (JsonlReader reader = JsonlReader.of(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)),
        1000)) {
      reader.forEach(lines::add);
    }

    assertThat(lines).extracting(JsonlLine::number).containsExactly(1L, 2L, 3L);
    assertThat(lines.get(1).errorCode()).contains(FindingCode.LINE_TOO_LONG);
    assertThat(lines.get(1).text()).isEmpty();
    assertThat(lines.get(2).isValid()).isTrue();
  }
}
