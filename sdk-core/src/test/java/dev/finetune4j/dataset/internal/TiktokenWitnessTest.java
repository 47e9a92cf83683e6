package dev.finetune4j.dataset.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import dev.finetune4j.dataset.TokenCounter;
import dev.finetune4j.dataset.TokenCounters;
import dev.finetune4j.testsupport.PythonEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenAI's own tokenizer as the witness of {@link TokenCounters#o200k()}: tiktoken (pinned in
 * {@code build/python/requirements.txt}), with its own o200k_base pattern and merge, counts the same generated texts
 * in the Python environment, over the ranks file JTokkit ships, which tiktoken checks against the SHA-256 of the file
 * OpenAI publishes. Required in CI, skipped with the reason elsewhere when Python is missing.
 */
class TiktokenWitnessTest {

  private static List<String> corpus() {
    List<String> texts = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(20261202);
    for (int i = 0; i < 20_000; i++) {
      texts.add(O200kTokenizerTest.text(random, 1 + random.nextInt(40)));
    }
    for (int i = 0; i < 200; i++) {
      texts.add(O200kTokenizerTest.longRuns(random));
    }
    texts.add("日本語abc".repeat(3 * O200kTokenizer.WINDOW / 6));
    texts.add("You are a helpful, pattern-following assistant that translates corporate jargon into plain English.");
    texts.add("  trailing spaces and a line end \n  \n\t ");
    return texts;
  }

  /** A JSON string with every character outside printable ASCII escaped, lone surrogates included. */
  private static String json(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  @Test
  void countsWhatTiktokenCounts(@TempDir Path dir) throws IOException, InterruptedException {
    Path python = PythonEnvironment.python();
    List<String> texts = corpus();
    Path ranks = copy(Encodings.class, "/com/knuddels/jtokkit/o200k_base.tiktoken", dir.resolve("o200k_base.tiktoken"));
    Path script = copy(getClass(), "/tiktoken/count_o200k.py", dir.resolve("count_o200k.py"));
    Path in = Files.write(dir.resolve("texts.jsonl"), texts.stream().map(TiktokenWitnessTest::json).toList());
    Path out = dir.resolve("counts.txt");

    Process process = new ProcessBuilder(python.toString(), script.toString(), ranks.toString(), in.toString(),
        out.toString()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("tiktoken finished").isTrue();
    assertThat(process.exitValue()).as("tiktoken's exit code; it printed:%n%s", output).isZero();

    List<String> counts = Files.readAllLines(out);
    assertThat(counts).hasSize(texts.size());
    TokenCounter o200k = TokenCounters.o200k();
    List<String> differences = new ArrayList<>();
    for (int i = 0; i < texts.size() && differences.size() < 10; i++) {
      int ours = o200k.count(texts.get(i));
      if (ours != Integer.parseInt(counts.get(i))) {
        differences.add(O200kTokenizerTest.escaped(texts.get(i)) + ": tiktoken " + counts.get(i) + ", " + ours);
      }
    }
    assertThat(differences).as("texts counted differently from tiktoken").isEmpty();
  }

  private static Path copy(Class<?> owner, String resource, Path target) throws IOException {
    try (InputStream from = owner.getResourceAsStream(resource)) {
      assertThat(from).as(resource).isNotNull();
      Files.copy(from, target);
    }
    return target;
  }
}
