package dev.finetune4j.huggingface;

import dev.finetune4j.RawJson;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a repository's file tree.
 *
 * @param path the path in the repository
 * @param directory whether it is a directory
 * @param size the size in bytes (0 for directories)
 * @param oid the git object id
 * @param lfsSha256 the SHA-256 of the content, for files stored with LFS
 * @param raw the Hub's JSON for the entry
 */
public record RepoFile(
    String path, boolean directory, long size, String oid, Optional<String> lfsSha256, RawJson raw) {

  /** Checks that no component is null. */
  public RepoFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(oid, "oid");
    Objects.requireNonNull(lfsSha256, "lfsSha256");
    Objects.requireNonNull(raw, "raw");
  }
}
