package dev.finetune4j.huggingface;

/** The kinds of repositories on the Hugging Face Hub. */
public enum RepoType {
  /** A model repository: weights, tokenizer and model card. */
  MODEL("model", "models", ""),
  /** A dataset repository. */
  DATASET("dataset", "datasets", "datasets/"),
  /** A Space (an app). */
  SPACE("space", "spaces", "spaces/");

  private final String value;
  private final String apiSegment;
  private final String urlPrefix;

  RepoType(String value, String apiSegment, String urlPrefix) {
    this.value = value;
    this.apiSegment = apiSegment;
    this.urlPrefix = urlPrefix;
  }

  /**
   * Returns the name the Hub API uses in request bodies.
   *
   * @return {@code model}, {@code dataset} or {@code space}
   */
  public String value() {
    return value;
  }

  /**
   * Returns the path segment of the Hub API, as in {@code /api/datasets/{id}}.
   *
   * @return {@code models}, {@code datasets} or {@code spaces}
   */
  public String apiSegment() {
    return apiSegment;
  }

  /**
   * Returns the prefix of web and file URLs, as in {@code /datasets/{id}/resolve/...}.
   *
   * @return empty for models, {@code datasets/} or {@code spaces/}
   */
  public String urlPrefix() {
    return urlPrefix;
  }
}
