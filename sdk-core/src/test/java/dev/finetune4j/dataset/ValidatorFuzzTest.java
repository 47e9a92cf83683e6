package dev.finetune4j.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated JSONL (seeded, so every run sees the same lines): number extremes, deep nesting, invalid UTF-8, lone
 * surrogates, stray carriage returns, huge strings, cut and doubled bytes. The reader must yield one line per
 * {@code \n}, and the validator must turn every line into a result or findings, never an exception.
 */
class ValidatorFuzzTest {
  private static final int LINES = 30_000;
  private static final String[] SEEDS = {
    "{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"What is 2+2?\"},"
        + "{\"role\":\"assistant\",\"content\":\"4\",\"weight\":1}]}",
    "{\"prompt\":\"Translate: cat\",\"completion\":\"chat\"}",
    "{\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]},\"preferred_output\":[{\"role\":\"assistant\","
        + "\"content\":\"Hello!\"}],\"non_preferred_output\":[{\"role\":\"assistant\",\"content\":\"Go away.\"}]}",
    "{\"messages\":[{\"role\":\"user\",\"content\":\"weather?\"},{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c1\","
        + "\"type\":\"function\",\"function\":{\"name\":\"get\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}]}",
  };
  private static final String[] NUMBERS = {
    "1e-2147483648", "100e2147483647", "1e999999999999", "-0", "0.0000000000000000000000001", "9".repeat(900),
    "1" + "0".repeat(1200), "-1E+2147483647", "NaN", "Infinity", "0x10", "1.", ".5", "01", "1e", "--1",
  };
  private static final String[] FRAGMENTS = {
    "\\ud800", "\\udc00", "\\ud83d\\ude00", "\\u0000", "\\uZZZZ", "\r", "\t", "\u2028", "\uFEFF", "\"", "\\", "{", "}",
    "[", "]", ",", ":", "null", "true", "\"role\"", "\"weight\"", "\"content\"",
  };

  @TempDir
  Path dir;

  @Test
  void everyMutatedLineBecomesFindingsOrAnExample() throws IOException {
    SplittableRandom random = new SplittableRandom(20261201L);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < LINES; i++) {
      out.write(mutate(random, SEEDS[random.nextInt(SEEDS.length)]));
      out.write('\n');
    }
    byte[] content = out.toByteArray();
    Path file = dir.resolve("fuzz.jsonl");
    Files.write(file, content);

    List<JsonlLine> lines = new ArrayList<>();
    try (JsonlReader reader = JsonlReader.open(file)) {
      reader.forEach(lines::add);
    }
    ValidationReport report = DatasetValidator.builder()
        .rules(DatasetRules.builder().tokenCounter(TokenCounters.o200k()).build()).build().validate(file);

    assertThat(lines).hasSize(LINES);
    assertThat(lines.get(LINES - 1).number()).isEqualTo(LINES);
    assertThat(report.findings()).allSatisfy(f -> assertThat(f.line()).isBetween(0L, (long) LINES));
    assertThat(lines).filteredOn(l -> !l.isValid()).allSatisfy(l -> assertThat(l.errorCode().isPresent()
        || l.isBlank()).isTrue());
    long invalid = lines.stream().filter(l -> !l.isValid()).count();
    assertThat(invalid).as("the mutations break many lines").isGreaterThan(LINES / 10);
    assertThat(invalid).as("and leave many whole").isLessThan(LINES - LINES / 10);
  }

  private static byte[] mutate(SplittableRandom random, String seed) {
    StringBuilder text = new StringBuilder(seed);
    int mutations = random.nextInt(4);
    byte[] raw = null;
    for (int m = 0; m < mutations; m++) {
      int at = random.nextInt(text.length() + 1);
      switch (random.nextInt(9)) {
        case 0 -> text.insert(at, NUMBERS[random.nextInt(NUMBERS.length)]);
        case 1 -> replaceNumber(text, random);
        case 2 -> text.insert(at, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
        case 3 -> text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(8)));
        case 4 -> {
          int depth = 1 + random.nextInt(random.nextInt(10) == 0 ? 3000 : 50);
          text.insert(at, "[".repeat(depth) + "]".repeat(random.nextBoolean() ? depth : depth / 2));
        }
        case 5 -> {
          int quote = text.indexOf("\"content\":\"");
          if (quote >= 0) {
            text.insert(quote + 11, "x".repeat(random.nextInt(random.nextInt(20) == 0 ? 200_000 : 100)));
          }
        }
        case 6 -> raw = new byte[] {(byte) (0x80 + random.nextInt(0x80))};
        case 7 -> text.insert(at, (char) (0xD800 + random.nextInt(0x800)));
        default -> {
          int from = random.nextInt(text.length());
          text.insert(at, text.substring(from, Math.min(text.length(), from + random.nextInt(20))));
        }
      }
    }
    String line = text.toString().replace("\n", "");
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    if (raw != null) {
      int at = random.nextInt(bytes.length + 1);
      byte[] withRaw = new byte[bytes.length + raw.length];
      System.arraycopy(bytes, 0, withRaw, 0, at);
      System.arraycopy(raw, 0, withRaw, at, raw.length);
      System.arraycopy(bytes, at, withRaw, at + raw.length, bytes.length - at);
      return withRaw;
    }
    return bytes;
  }

  private static void replaceNumber(StringBuilder text, SplittableRandom random) {
    int weight = text.indexOf("\"weight\":");
    String number = NUMBERS[random.nextInt(NUMBERS.length)];
    if (weight >= 0) {
      text.replace(weight + 9, weight + 10, number);
    } else {
      text.insert(text.length() - 1, ",\"weight\":" + number);
    }
  }
}
