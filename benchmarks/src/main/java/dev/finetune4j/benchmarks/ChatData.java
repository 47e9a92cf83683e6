package dev.finetune4j.benchmarks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.SplittableRandom;

/**
 * A generated chat JSONL file shaped like real fine-tuning data: every line repeats one of a few long system prompts,
 * then a user question and an assistant answer made of words drawn at random (so no two are alike). The file is
 * written once into {@code target/bench-data/} and reused by later runs; its content depends only on its size.
 */
final class ChatData {
  /** The size of the full run's file: 1 GiB. */
  static final long FULL_BYTES = 1L << 30;
  /** The size of the short run's file: 64 MiB. */
  static final long SHORT_BYTES = 64L << 20;

  private static final String[] SYSTEM_PROMPTS = {
      "You are the support assistant of Northwind Outfitters, an online shop for hiking and camping gear. Answer "
          + "the customer's question in at most four sentences, in a friendly and plain tone. If the question is "
          + "about an order, ask for the order number unless it is given. Never promise a refund; say that the "
          + "returns team decides within two working days. Prices are in euros and include VAT.",
      "You are a careful assistant for a hospital's patient portal. You explain appointment times, preparation "
          + "steps and directions. You never give a diagnosis or change a prescription, and you tell the patient "
          + "to call the ward when a question is medical. Keep answers short and use the patient's own words.",
      "You are a code reviewer for a Java team. Point out bugs first, then unclear names, then style. Quote the "
          + "line you mean. Suggest a fix in one or two sentences and do not rewrite the whole method.",
  };

  private static final String[] WORDS = ("the order shipped yesterday and should arrive within three working days "
      + "please check the tracking link in your email if the parcel is late we will send a replacement tent stove "
      + "boots jacket size colour return label refund policy warehouse courier address invoice discount code "
      + "appointment ward floor reception bring your card fasting water before after morning evening doctor nurse "
      + "method variable null pointer exception loop index stream list map final class interface test assert "
      + "because however although therefore meanwhile unless whether either neither quickly carefully gently "
      + "42 17 2024 3.5 100 € % (see above) — déjà vu naïve café 東京 Zürich").split(" ");

  private ChatData() {}

  /**
   * Returns the file for this run, writing it first if it is not in {@code target/bench-data/} yet.
   *
   * @param shortRun whether the run is short
   * @return the file
   */
  static Path file(boolean shortRun) {
    long bytes = shortRun ? SHORT_BYTES : FULL_BYTES;
    Path file = Path.of("target", "bench-data", "chat-" + (bytes >> 20) + "mb.jsonl").toAbsolutePath();
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.getParent());
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        write(partial, bytes);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Returns the file for this run, as {@link #file(boolean)} with the run's own setting.
   *
   * @return the file
   */
  static Path file() {
    return file(RunBenchmarks.isShort());
  }

  private static void write(Path file, long bytes) throws IOException {
    SplittableRandom random = new SplittableRandom(13);
    StringBuilder line = new StringBuilder(4096);
    long written = 0;
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (long i = 0; written < bytes; i++) {
        line.setLength(0);
        line.append("{\"messages\":[{\"role\":\"system\",\"content\":\"")
            .append(SYSTEM_PROMPTS[random.nextInt(SYSTEM_PROMPTS.length)])
            .append("\"},{\"role\":\"user\",\"content\":\"");
        words(line, random, 10 + random.nextInt(40));
        line.append("\"},{\"role\":\"assistant\",\"content\":\"");
        words(line, random, 30 + random.nextInt(120));
        line.append("\"}]}\n");
        out.append(line);
        written += line.length(); // close enough to the bytes: the few non-ASCII words count once
      }
    }
  }

  private static void words(StringBuilder line, SplittableRandom random, int count) {
    for (int w = 0; w < count; w++) {
      if (w > 0) {
        line.append(' ');
      }
      line.append(WORDS[random.nextInt(WORDS.length)]);
    }
    line.append('.');
  }
}
