package dev.finetune4j.huggingface;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A local file to add to a repository in a commit.
 *
 * @param pathInRepo where it goes, such as {@code train.jsonl} or {@code data/train.jsonl}
 * @param source the local file
 */
public record CommitFile(String pathInRepo, Path source) {

  /** Checks that the path is relative and the source is a readable file. */
  public CommitFile {
    Objects.requireNonNull(pathInRepo, "pathInRepo");
    Objects.requireNonNull(source, "source");
    if (pathInRepo.isBlank() || pathInRepo.startsWith("/") || pathInRepo.contains("..")) {
      throw new IllegalArgumentException(
          "pathInRepo must be a relative path without '..', was '" + pathInRepo + "'");
    }
    if (!Files.isRegularFile(source) || !Files.isReadable(source)) {
      throw new IllegalArgumentException("source " + source + " does not exist or is not readable");
    }
  }
}
