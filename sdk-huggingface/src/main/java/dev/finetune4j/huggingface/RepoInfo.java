package dev.finetune4j.huggingface;

import dev.finetune4j.RawJson;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A repository's details from {@code GET /api/{models|datasets}/{id}}.
 *
 * @param repo the repository
 * @param sha the commit the details describe, if reported
 * @param isPrivate whether only its owner can see it
 * @param lastModified when it last changed, if reported
 * @param files the paths of its files ({@code siblings}), empty if not reported
 * @param raw the Hub's JSON, with every field not modelled here
 */
public record RepoInfo(
    RepoId repo, Optional<String> sha, boolean isPrivate, Optional<Instant> lastModified, List<String> files,
    RawJson raw) {

  /** Copies the file list and checks that no component is null. */
  public RepoInfo {
    Objects.requireNonNull(repo, "repo");
    Objects.requireNonNull(sha, "sha");
    Objects.requireNonNull(lastModified, "lastModified");
    files = List.copyOf(files);
    Objects.requireNonNull(raw, "raw");
  }
}
