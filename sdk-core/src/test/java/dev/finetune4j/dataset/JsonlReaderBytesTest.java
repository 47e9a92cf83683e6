package dev.finetune4j.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The validator's reader parses valid UTF-8 lines from their bytes: it must find what the plain reader finds. */
class JsonlReaderBytesTest {
  @TempDir Path dir;

  private static boolean jdkAccepts(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  @Test
  void utf8IsCheckedAsStrictlyAsTheJdkDecoderChecksIt() {
    Random random = new Random(11);
    byte[][] edges = {{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xE0, (byte) 0x80, (byte) 0x80},
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xF0, (byte) 0x8F, (byte) 0xBF, (byte) 0xBF},
        {(byte) 0xC1, (byte) 0xBF}, {(byte) 0xE2, (byte) 0x82}, "€ 東京 😀".getBytes(StandardCharsets.UTF_8)};
    for (byte[] edge : edges) {
      assertThat(JsonlReader.isUtf8(edge, edge.length)).isEqualTo(jdkAccepts(edge));
    }
    for (int i = 0; i < 200_000; i++) {
      byte[] bytes = new byte[1 + random.nextInt(6)];
      for (int b = 0; b < bytes.length; b++) {
        bytes[b] = (byte) (random.nextBoolean() ? 0x80 + random.nextInt(0x80) : random.nextInt(256));
      }
      assertThat(JsonlReader.isUtf8(bytes, bytes.length)).as("%s", java.util.Arrays.toString(bytes))
          .isEqualTo(jdkAccepts(bytes));
    }
  }

  @Test
  void linesReadWithoutTextHaveTheJsonAndErrorsOfThePlainReader() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    List<String> lines = List.of("{\"a\":\"é 東京\"}", "", "   ", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\ud83d\\ude00\"}",
        "{\"a\":1,\"a\":2}", "{\"a\":", "[1, 2.50]", "{\"é\":\"x\"} trailing", "\"\\u00e9\"", "{\"n\":1e999999999999}");
    for (String line : lines) {
      out.write(line.getBytes(StandardCharsets.UTF_8));
      out.write('\n');
    }
    out.write(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}', '\r', '\n'});
    out.write("{\"last\":true}".getBytes(StandardCharsets.UTF_8));
    Path file = dir.resolve("mixed.jsonl");
    Files.write(file, out.toByteArray());

    List<JsonlLine> plain = new ArrayList<>();
    try (JsonlReader reader = JsonlReader.open(file)) {
      reader.forEach(plain::add);
    }
    List<JsonlLine> withoutText = new ArrayList<>();
    try (JsonlReader reader = JsonlReader.openWithoutText(file)) {
      reader.forEach(withoutText::add);
    }

    assertThat(withoutText).hasSameSizeAs(plain);
    for (int i = 0; i < plain.size(); i++) {
      JsonlLine expected = plain.get(i);
      JsonlLine actual = withoutText.get(i);
      assertThat(actual.number()).isEqualTo(expected.number());
      assertThat(actual.json()).as("line %d", i + 1).isEqualTo(expected.json());
      assertThat(actual.error()).as("line %d", i + 1).isEqualTo(expected.error());
      assertThat(actual.errorCode()).isEqualTo(expected.errorCode());
      assertThat(actual.json().isEmpty() && actual.error().isEmpty()).isEqualTo(expected.isBlank());
    }
    assertThat(plain.get(0).json()).isPresent();
    assertThat(withoutText.get(4).text()).isEmpty();
  }
}
