package dev.finetune4j.huggingface;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A repository on the Hub: its type and its {@code namespace/name}.
 *
 * @param type the repository type
 * @param id {@code namespace/name}, such as {@code alice/recipes}
 */
public record RepoId(RepoType type, String id) {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]{0,95}");

  /** Checks that the id is {@code namespace/name} with letters, digits, {@code .}, {@code _} and {@code -}. */
  public RepoId {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("a repository id must be namespace/name using letters, digits, '.', '_'"
          + " or '-' (name at most 96 characters), was '" + id + "'");
    }
  }

  /**
   * Returns a model repository.
   *
   * @param id {@code namespace/name}
   * @return the repository
   */
  public static RepoId model(String id) {
    return new RepoId(RepoType.MODEL, id);
  }

  /**
   * Returns a dataset repository.
   *
   * @param id {@code namespace/name}
   * @return the repository
   */
  public static RepoId dataset(String id) {
    return new RepoId(RepoType.DATASET, id);
  }

  /**
   * Returns the owner: a user or an organisation.
   *
   * @return the namespace
   */
  public String namespace() {
    return id.substring(0, id.indexOf('/'));
  }

  /**
   * Returns the name without the namespace.
   *
   * @return the name
   */
  public String name() {
    return id.substring(id.indexOf('/') + 1);
  }

  /**
   * Returns the API path of the repository, such as {@code /api/datasets/alice/recipes}.
   *
   * @return the path
   */
  public String apiPath() {
    return "/api/" + type.apiSegment() + "/" + id;
  }

  /**
   * Returns the web path of the repository, such as {@code /datasets/alice/recipes}.
   *
   * @return the path
   */
  public String webPath() {
    return "/" + type.urlPrefix() + id;
  }

  @Override
  public String toString() {
    return type.urlPrefix() + id;
  }
}
