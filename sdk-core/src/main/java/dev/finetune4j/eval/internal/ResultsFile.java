package dev.finetune4j.eval.internal;

import dev.finetune4j.error.LocalIoException;
import dev.finetune4j.dataset.JsonlLine;
import dev.finetune4j.dataset.JsonlReader;
import dev.finetune4j.error.LocalValidationException;
import dev.finetune4j.eval.CaseResult;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSONL file of case results: one {@link CaseResult} a line in the layout of {@link ResultLines}, appended and
 * flushed as each completes, read back to resume. When a key appears twice the later line wins; a line cut short by
 * an interrupted write, or that is not a case result, is skipped with a warning. Lines written before the layout
 * was versioned are read too, so a file may mix both. A line of another format or of a newer version stops the
 * loading with a {@link LocalValidationException} naming the file and the line.
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
   * @throws LocalValidationException if a line is of another format or a version this finetune4j does not read
   * @throws LocalIoException if the file cannot be read
   */
  public static Map<String, CaseResult> load(Path path) {
    Map<String, CaseResult> results = new LinkedHashMap<>();
    if (!Files.exists(path)) {
      return results;
    }
    try (JsonlReader reader = JsonlReader.open(path)) {
      for (JsonlLine line : reader) {
        if (line.isBlank()) {
          continue;
        }
        if (line.error().isPresent()) {
          skip(path, line.number(), line.error().get());
          continue;
        }
        try {
          CaseResult r = ResultLines.read(line.json().orElseThrow());
          results.remove(key(r.candidate(), r.caseId()));
          results.put(key(r.candidate(), r.caseId()), r);
        } catch (ResultLines.NotAResult e) {
          skip(path, line.number(), e.getMessage());
        } catch (ResultLines.Unsupported e) {
          throw new LocalValidationException("the results file " + path + " cannot be resumed: line "
              + line.number() + " " + e.getMessage(), List.of(path + ":" + line.number() + ": line " + e.getMessage()));
        }
      }
    } catch (LocalIoException e) {
      throw new LocalIoException("Could not read the results file " + path
          + ": " + e.getCause().getMessage(), path, e.getCause());
    }
    return results;
  }

  private static void skip(Path path, long number, String reason) {
    LOG.warn("skipping line {} of the results file {}: not a case result ({})", number, path,
        Text.abbreviate(reason, 200));
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
      throw new LocalIoException("could not open the results file " + path + ": " + e.getMessage(), null, e);
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
   * Appends a result as one line in the current version of {@link ResultLines} and flushes it.
   *
   * @param result the result
   */
  public synchronized void append(CaseResult result) {
    try {
      writer.write(ResultLines.write(result));
      writer.write('\n');
      writer.flush();
    } catch (IOException e) {
      throw new LocalIoException("could not write to the results file " + path + ": " + e.getMessage(), null, e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      writer.close();
    } catch (IOException e) {
      throw new LocalIoException("could not close the results file " + path + ": " + e.getMessage(), null, e);
    }
  }
}
