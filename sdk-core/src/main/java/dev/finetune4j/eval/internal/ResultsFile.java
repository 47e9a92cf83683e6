package dev.finetune4j.eval.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.finetune4j.eval.CaseResult;
import dev.finetune4j.spi.http.Json;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSONL file of case results: one {@link CaseResult} a line, appended and flushed as each completes, read back
 * to resume. When a key appears twice the later line wins; a line cut short by an interrupted write is skipped.
 */
public final class ResultsFile implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(ResultsFile.class);

  private final Path path;
  private final BufferedWriter writer;

  private ResultsFile(Path path, BufferedWriter writer) {
    this.path = path;
    this.writer = writer;
  }

  /**
   * Reads the results already in a file.
   *
   * @param path the file
   * @return the results by {@link #key(String, String)}, in file order; empty when the file does not exist
   */
  public static Map<String, CaseResult> load(Path path) {
    Map<String, CaseResult> results = new LinkedHashMap<>();
    if (!Files.exists(path)) {
      return results;
    }
    try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      String line;
      long number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        try {
          CaseResult r = Json.reader(CaseResult.class).readValue(line);
          results.remove(key(r.candidate(), r.caseId()));
          results.put(key(r.candidate(), r.caseId()), r);
        } catch (JsonProcessingException e) {
          LOG.warn("skipping line {} of the results file {}: not a case result ({})", number, path,
              Text.abbreviate(e.getOriginalMessage(), 200));
        } catch (RuntimeException e) {
          LOG.warn("skipping line {} of the results file {}: not a case result ({})", number, path,
              e.getMessage() == null ? e.getClass().getSimpleName() : Text.abbreviate(e.getMessage(), 200));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the results file " + path, e);
    }
    return results;
  }

  /**
   * Opens a file for appending, creating it, and ends a cut-short last line first.
   *
   * @param path the file
   * @return the open file
   */
  public static ResultsFile openForAppend(Path path) {
    try {
      boolean needsNewline = false;
      if (Files.exists(path) && Files.size(path) > 0) {
        try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "r")) {
          raf.seek(raf.length() - 1);
          needsNewline = raf.read() != '\n';
        }
      }
      BufferedWriter writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND, StandardOpenOption.WRITE);
      if (needsNewline) {
        writer.write('\n');
        writer.flush();
      }
      return new ResultsFile(path, writer);
    } catch (IOException e) {
      throw new UncheckedIOException("could not open the results file " + path, e);
    }
  }

  /**
   * Returns the key of a result.
   *
   * @param candidate the candidate's name
   * @param caseId the case's id
   * @return the key
   */
  public static String key(String candidate, String caseId) {
    return candidate + '\u0000' + caseId;
  }

  /**
   * Appends a result as one line and flushes it.
   *
   * @param result the result
   */
  public synchronized void append(CaseResult result) {
    try {
      writer.write(Json.writer().writeValueAsString(result));
      writer.write('\n');
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("could not write to the results file " + path, e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException("could not close the results file " + path, e);
    }
  }
}
