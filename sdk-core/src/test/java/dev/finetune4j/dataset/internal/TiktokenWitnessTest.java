package dev.finetune4j.dataset.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.knuddels.jtokkit.Encodings;
import dev.finetune4j.dataset.TokenCounter;
import dev.finetune4j.dataset.TokenCounters;
import dev.finetune4j.testsupport.ClientScript;
import dev.finetune4j.testsupport.PythonEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenAI's own tokenizer as the witness of {@link TokenCounters#o200k()} and {@link TokenCounters#cl100k()}: tiktoken
 * (pinned in {@code build/python/requirements.txt}), with its own patterns and merge, counts the same generated texts
 * in the Python environment, over the ranks files JTokkit ships, which tiktoken checks against the SHA-256 of the
 * files OpenAI publishes. Required in CI, skipped with the reason elsewhere when Python is missing (through
 * {@link ClientScript}).
 */
class TiktokenWitnessTest {

  /**
   * Generated texts of every kind of character the pattern tells apart, long runs, and real prose: this repository's
   * README and docs, whole and by paragraph (Markdown, tables, code, a few symbols outside ASCII).
   */
  private static List<String> corpus() throws IOException {
    List<String> texts = new ArrayList<>();
    Path root = PythonEnvironment.repositoryRoot();
    List<Path> documents = new ArrayList<>(List.of(root.resolve("README.md")));
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.filter(doc -> doc.toString().endsWith(".md")).sorted().forEach(documents::add);
    }
    for (Path document : documents) {
      String text = Files.readString(document);
      texts.add(text);
      texts.addAll(List.of(text.split("\n\n")));
    }
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

  @Test
  void o200kCountsWhatTiktokenCounts(@TempDir Path dir) throws IOException {
    assertCountsAsTiktoken(TokenCounters.o200k(), corpus(), dir);
  }

  /**
   * JTokkit's cl100k_base on the same texts but for lone surrogates, which it asserts it is never given, and the text
   * longer than 16,384 characters, which {@link TokenCounters#cl100k()} counts in chunks.
   */
  @Test
  void cl100kCountsWhatTiktokenCounts(@TempDir Path dir) throws IOException {
    List<String> texts = corpus().stream().filter(text -> text.length() <= 1 << 14)
        .map(O200kTokenizerTest::withoutLoneSurrogates).toList();
    assertCountsAsTiktoken(TokenCounters.cl100k(), texts, dir);
  }

  private void assertCountsAsTiktoken(TokenCounter counter, List<String> texts, Path dir) throws IOException {
    String name = counter.name();
    Path ranks = dir.resolve(name + ".tiktoken");
    try (InputStream from = Encodings.class.getResourceAsStream("/com/knuddels/jtokkit/" + name + ".tiktoken")) {
      assertThat(from).as("JTokkit's %s ranks", name).isNotNull();
      Files.copy(from, ranks);
    }
    // every character outside ASCII escaped, so that lone surrogates reach Python as they are
    ObjectWriter json = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build().writer();
    List<String> lines = new ArrayList<>();
    for (String text : texts) {
      lines.add(json.writeValueAsString(text));
    }
    Path in = Files.write(dir.resolve("texts.jsonl"), lines);
    Path out = dir.resolve("counts.txt");

    ClientScript.Result result = ClientScript.run("tiktoken/count_tokens.py", Map.of("COUNT_ENCODING", name,
        "COUNT_RANKS", ranks.toString(), "COUNT_TEXTS", in.toString(), "COUNT_COUNTS", out.toString()),
        Duration.ofMinutes(5));
    assertThat(result.passed()).as("tiktoken's exit code %d; it printed:%n%s", result.exitCode(), result.output())
        .isTrue();

    List<String> counts = Files.readAllLines(out);
    assertThat(counts).hasSize(texts.size());
    List<String> differences = new ArrayList<>();
    for (int i = 0; i < texts.size() && differences.size() < 10; i++) {
      int ours = counter.count(texts.get(i));
      if (ours != Integer.parseInt(counts.get(i))) {
        String text = texts.get(i);
        String shown = O200kTokenizerTest.escaped(text.substring(0, Math.min(text.length(), 200)));
        differences.add(shown + " (" + text.length() + " characters): tiktoken " + counts.get(i) + ", " + ours);
      }
    }
    assertThat(differences).as("texts counted differently from tiktoken's %s", name).isEmpty();
  }
}
