package dev.finetune4j.huggingface.internal;

import dev.finetune4j.error.LocalValidationException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dataset file id as the Hugging Face datasets service hands them out: {@code namespace/repo@commit:path}, such
 * as {@code alice/ft-data-1a2b@9f8e...:train.jsonl}. A bare {@code namespace/repo} (a dataset already on the Hub)
 * is accepted as a training id and means its {@code train} split.
 *
 * @param repoId the dataset repository, {@code namespace/repo}
 * @param revision the commit the file was added in, if pinned
 * @param path the file's path in the repository, if one file is meant
 */
public record DatasetRef(String repoId, Optional<String> revision, Optional<String> path) {
  private static final Pattern ID =
      Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*)(?:@([^:]+))?(?::(.+))?");

  /**
   * Reads an id.
   *
   * @param id the id
   * @return the reference
   * @throws LocalValidationException if the id is not of either form
   */
  public static DatasetRef parse(String id) {
    Matcher m = ID.matcher(id == null ? "" : id);
    if (!m.matches()) {
      throw new LocalValidationException("'" + id + "' is not a Hugging Face dataset id", List.of(
          "expected namespace/repo@commit:path (as returned by datasets().upload) or a dataset repo namespace/repo"));
    }
    return new DatasetRef(m.group(1), Optional.ofNullable(m.group(2)), Optional.ofNullable(m.group(3)));
  }

  /**
   * Returns the id of a committed file.
   *
   * @param repoId the repository
   * @param commit the commit id
   * @param path the file's path
   * @return {@code repoId@commit:path}
   */
  public static String format(String repoId, String commit, String path) {
    return repoId + "@" + commit + ":" + path;
  }

  /**
   * Returns the split the {@code datasets} library loads this file as: its file name without extension
   * ({@code train.jsonl} is {@code train}, {@code test.jsonl} is {@code test}); {@code train} for a
   * whole repository.
   *
   * @return the split name
   */
  public String split() {
    if (path.isEmpty()) {
      return "train";
    }
    String name = path.get().substring(path.get().lastIndexOf('/') + 1);
    int dot = name.indexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  @Override
  public String toString() {
    return repoId + revision.map(r -> "@" + r).orElse("") + path.map(p -> ":" + p).orElse("");
  }
}
