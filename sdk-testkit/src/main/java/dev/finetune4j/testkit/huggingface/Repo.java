package dev.finetune4j.testkit.huggingface;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;

/** One repository on the emulated Hub with its linear history of commits on {@code main}. */
final class Repo {

  /** A file in a commit: regular content, or a Git LFS pointer to an object in the LFS store. */
  record Entry(String path, byte[] content, String lfsOid, long size) {

    static Entry regular(String path, byte[] content) {
      return new Entry(path, content.clone(), null, content.length);
    }

    static Entry lfs(String path, String oid, long size) {
      return new Entry(path, null, oid, size);
    }

    boolean isLfs() {
      return lfsOid != null;
    }

    byte[] pointer() {
      return ("version https://git-lfs.github.com/spec/v1\noid sha256:" + lfsOid + "\nsize " + size + "\n")
          .getBytes(StandardCharsets.UTF_8);
    }

    /** The git blob id: of the content for regular files, of the pointer file for LFS files. */
    String blobId() {
      return Hashes.gitBlobId(isLfs() ? pointer() : content);
    }
  }

  /** A commit: its id, message, time and the complete file tree after it. */
  record Commit(String oid, String summary, String description, Instant time, SortedMap<String, Entry> files) {
  }

  final String type;
  final String namespace;
  final String name;
  final Instant createdAt;
  boolean isPrivate;
  final List<Commit> commits = new ArrayList<>();

  Repo(String type, String namespace, String name, boolean isPrivate, Instant createdAt) {
    this.type = type;
    this.namespace = namespace;
    this.name = name;
    this.isPrivate = isPrivate;
    this.createdAt = createdAt;
  }

  String id() {
    return namespace + "/" + name;
  }

  /** The URL prefix of the repository type: none for models, {@code datasets/}, {@code spaces/}. */
  static String prefix(String type) {
    return switch (type) {
      case "dataset" -> "datasets/";
      case "space" -> "spaces/";
      default -> "";
    };
  }

  String prefix() {
    return prefix(type);
  }

  static String key(String type, String id) {
    return type + ":" + id.toLowerCase(Locale.ROOT);
  }

  Commit head() {
    return commits.get(commits.size() - 1);
  }

  /**
   * Finds the commit a revision names: {@code main} (or {@code HEAD}) for the newest one, or a commit id (full or
   * an unambiguous prefix of at least 7 characters).
   */
  Commit commit(String revision) {
    if (revision.equals("main") || revision.equals("HEAD") || revision.equals("refs/heads/main")) {
      return head();
    }
    if (revision.length() >= 7) {
      for (int i = commits.size() - 1; i >= 0; i--) {
        if (commits.get(i).oid().startsWith(revision.toLowerCase(Locale.ROOT))) {
          return commits.get(i);
        }
      }
    }
    throw HfError.revisionNotFound(revision);
  }

  Commit addCommit(String summary, String description, Instant time, SortedMap<String, Entry> files) {
    String parent = commits.isEmpty() ? "" : head().oid();
    StringBuilder seed = new StringBuilder(parent).append('\n').append(id()).append('\n').append(summary)
        .append('\n').append(time).append('\n').append(commits.size());
    files.values().forEach(e -> seed.append(e.path()).append(' ').append(e.blobId()).append('\n'));
    Commit commit = new Commit(Hashes.sha1(seed.toString()), summary, description, time,
        Collections.unmodifiableSortedMap(new TreeMap<>(files)));
    commits.add(commit);
    return commit;
  }
}
