package dev.finetune4j.huggingface.internal;

import dev.finetune4j.error.LocalValidationException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dataset file id as the Hugging Face datasets service hands them out: {@code namespace/repo@commit:path}, such
 * as {@code alice/ft-data-1a2b@9f8e...:train.jsonl}. A bare {@code namespace/repo} (a dataset already on the Hub)
 * is accepted as a training id and means its {@code train} split. For a local run an absolute path of a JSONL file
 * is accepted too: its directory is the dataset and its file name the split's file.
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
    if (id != null && id.startsWith("/") && id.length() > 1 && !id.endsWith("/")) {
      int slash = id.lastIndexOf('/');
      return new DatasetRef(slash == 0 ? "/" : id.substring(0, slash), Optional.empty(),
          Optional.of(id.substring(slash + 1)));
    }
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
   * Returns whether this names a file on this machine rather than on the Hub.
   *
   * @return true for an absolute path
   */
  public boolean local() {
    return repoId.startsWith("/");
  }

  /**
   * Returns the split the {@code datasets} library loads this file as, by its rules for a repository without a
   * split configuration: a directory, or else the file name, that is or contains the word {@code train} or
   * {@code training} (train), {@code validation}, {@code valid}, {@code dev} or {@code val} (validation),
   * {@code test}, {@code testing}, {@code eval} or {@code evaluation} (test), set off by {@code -}, {@code _},
   * {@code .}, a space or a digit; a file whose name has none of these words is in {@code train} (the library puts
   * every file in {@code train} when no file names a split). A whole repository means {@code train}.
   *
   * @return {@code train}, {@code validation} or {@code test}
   */
  public String split() {
    if (path.isEmpty()) {
      return "train";
    }
    String[] parts = path.get().split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      Optional<String> split = splitOf(parts[i], true);
      if (split.isPresent()) {
        return split.get();
      }
    }
    return splitOf(parts[parts.length - 1], false).orElse("train");
  }

  private static final String SEP = "[-._ 0-9]";
  private static final List<List<String>> KEYWORDS = List.of(
      List.of("train", "train", "training"),
      List.of("validation", "validation", "valid", "dev", "val"),
      List.of("test", "test", "testing", "eval", "evaluation"));

  private static Optional<String> splitOf(String name, boolean directory) {
    for (List<String> split : KEYWORDS) {
      for (String keyword : split.subList(1, split.size())) {
        // the datasets library's glob patterns {keyword}[sep]* and *[sep]{keyword}[sep]* (directories may end there)
        String regex = "(?:.*" + SEP + ")?" + Pattern.quote(keyword) + (directory ? "(?:" + SEP + ".*)?" : SEP + ".*");
        if (name.matches(regex)) {
          return Optional.of(split.get(0));
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return repoId + revision.map(r -> "@" + r).orElse("") + path.map(p -> ":" + p).orElse("");
  }
}
