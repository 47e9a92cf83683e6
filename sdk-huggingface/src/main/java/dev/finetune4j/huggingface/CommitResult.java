package dev.finetune4j.huggingface;

import dev.finetune4j.RawJson;
import java.util.Objects;
import java.util.Optional;

/**
 * What a commit made.
 *
 * @param commitOid the new commit's id
 * @param commitUrl its web address
 * @param pullRequestUrl the pull request it opened, if it was made as one
 * @param raw the Hub's JSON
 */
public record CommitResult(String commitOid, String commitUrl, Optional<String> pullRequestUrl, RawJson raw) {
  /** Checks that no component is null. */
  public CommitResult {
    Objects.requireNonNull(commitOid, "commitOid");
    Objects.requireNonNull(commitUrl, "commitUrl");
    Objects.requireNonNull(pullRequestUrl, "pullRequestUrl");
    Objects.requireNonNull(raw, "raw");
  }
}
