package dev.finetune4j.testkit.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.testkit.ReceivedRequest;
import dev.finetune4j.testkit.VirtualClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Commits to Hub repositories: preupload (which files go to LFS), the NDJSON commit API, and commits the emulator
 * writes itself. History and revisions live in {@link Repo}; LFS objects in {@link LfsStorage}. Called under the
 * emulator's lock.
 */
final class Commits {

  private static final Set<String> LFS_EXTENSIONS = Set.of(".7z", ".arrow", ".bin", ".gz", ".h5", ".onnx",
      ".parquet", ".pt", ".pth", ".safetensors", ".tar", ".zip");

  private final Settings settings;
  private final VirtualClock clock;
  private final Supplier<String> base;
  private final Repos repos;
  private final LfsStorage lfs;

  Commits(Settings settings, VirtualClock clock, Supplier<String> base, Repos repos, LfsStorage lfs) {
    this.settings = settings;
    this.clock = clock;
    this.base = base;
    this.repos = repos;
    this.lfs = lfs;
  }

  private boolean wantsLfs(String path, long size, byte[] sample) {
    if (size == 0) {
      return false;
    }
    if (size > settings.lfsThreshold()) {
      return true;
    }
    String lower = path.toLowerCase(Locale.ROOT);
    for (String ext : LFS_EXTENSIONS) {
      if (lower.endsWith(ext)) {
        return true;
      }
    }
    for (byte b : sample) {
      if (b == 0) {
        return true;
      }
    }
    return false;
  }

  Reply preupload(String type, String id, String revision, JsonNode body) {
    Repo repo = repos.writable(type, id);
    Repo.Commit commit = repo.commit(revision);
    JsonNode files = body.get("files");
    if (files == null || !files.isArray()) {
      throw HfError.badRequest("\"files\" must be an array of {path, size, sample}");
    }
    if (files.size() > 256) {
      throw new HfError(413, null, "Too many files in one preupload call: " + files.size() + " (at most 256)");
    }
    List<Object> out = new ArrayList<>();
    for (JsonNode file : files) {
      String path = Maps.text(file, "path");
      if (path == null || path.isEmpty()) {
        throw HfError.badRequest("every file needs a \"path\"");
      }
      long size = file.path("size").asLong(-1);
      if (size < 0) {
        throw HfError.badRequest("file \"" + path + "\" needs a non-negative \"size\"");
      }
      byte[] sample;
      try {
        sample = Base64.getDecoder().decode(Optional.ofNullable(Maps.text(file, "sample")).orElse(""));
      } catch (IllegalArgumentException e) {
        throw HfError.badRequest("\"sample\" of \"" + path + "\" is not valid base64");
      }
      boolean lfs = wantsLfs(path, size, sample);
      Map<String, Object> answer = Maps.of("path", path, "uploadMode", lfs ? "lfs" : "regular",
          "shouldIgnore", path.startsWith(".git/"));
      Repo.Entry existing = commit.files().get(path);
      if (existing != null) {
        answer.put("oid", existing.isLfs() ? existing.lfsOid() : existing.blobId());
      }
      out.add(answer);
    }
    return Reply.ok(Maps.of("files", out, "commitOid", commit.oid()));
  }

  Reply commit(ReceivedRequest request, String type, String id, String revision) {
    Repo repo = repos.writable(type, id);
    if (request.queryParameter("create_pr").map(v -> !v.equals("0") && !v.equals("false")).orElse(false)) {
      throw HfError.badRequest("Pull requests (create_pr) are not supported by the emulator; commit to main");
    }
    if (!revision.equals("main")) {
      repo.commit(revision); // 404 RevisionNotFound when unknown
      throw HfError.badRequest("Commits go to a branch; \"" + revision + "\" is not one (use main)");
    }
    String[] lines = request.body().split("\n");
    JsonNode header = null;
    SortedMap<String, Repo.Entry> files = new TreeMap<>(repo.head().files());
    int operations = 0;
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode op;
      try {
        op = Maps.MAPPER.readTree(line);
      } catch (IOException e) {
        throw HfError.badRequest("Each line must be a JSON object: " + e.getMessage().split("\n")[0]);
      }
      String key = Maps.text(op, "key");
      JsonNode value = op.path("value");
      if (key == null) {
        throw HfError.badRequest("Each line needs \"key\" (header, file, lfsFile, deletedFile, deletedFolder)");
      }
      if (header == null && !key.equals("header")) {
        throw HfError.badRequest("The first line must be the header {\"key\":\"header\",\"value\":{\"summary\"}}");
      }
      switch (key) {
        case "header" -> header = value;
        case "file" -> {
          String path = checkPath(Maps.text(value, "path"));
          String encoding = Optional.ofNullable(Maps.text(value, "encoding")).orElse("utf-8");
          String content = Optional.ofNullable(Maps.text(value, "content")).orElse("");
          byte[] bytes;
          if (encoding.equals("base64")) {
            try {
              bytes = Base64.getDecoder().decode(content);
            } catch (IllegalArgumentException e) {
              throw HfError.badRequest("Content of \"" + path + "\" is not valid base64");
            }
          } else if (encoding.equals("utf-8")) {
            bytes = content.getBytes(StandardCharsets.UTF_8);
          } else {
            throw HfError.badRequest("Unknown encoding \"" + encoding + "\": expected base64 or utf-8");
          }
          if (bytes.length > settings.lfsThreshold()) {
            throw HfError.badRequest("Your push was rejected because it contains files larger than "
                + settings.lfsThreshold() + " bytes. Please use https://git-lfs.github.com/ to store large files."
                + " Offending files: - " + path);
          }
          for (byte b : bytes) {
            if (b == 0) {
              throw HfError.badRequest("Your push was rejected because it contains binary files. Please use "
                  + "https://git-lfs.github.com/ to store binary files. Offending files: - " + path);
            }
          }
          files.put(path, Repo.Entry.regular(path, bytes));
          operations++;
        }
        case "lfsFile" -> {
          String path = checkPath(Maps.text(value, "path"));
          String oid = Maps.text(value, "oid");
          long size = value.path("size").asLong(-1);
          if (!lfs.holds(repo, oid, size)) {
            throw HfError.badRequest("Your push was rejected because an LFS pointer pointed to a file that does "
                + "not exist. For instance, this can happen if you used git push --no-verify to push your changes."
                + " Offending file: - " + path);
          }
          files.put(path, Repo.Entry.lfs(path, oid, size));
          operations++;
        }
        case "deletedFile" -> {
          String path = checkPath(Maps.text(value, "path"));
          if (files.remove(path) == null) {
            throw HfError.entryNotFound(path);
          }
          operations++;
        }
        case "deletedFolder" -> {
          String path = checkPath(Maps.text(value, "path"));
          String dir = path.endsWith("/") ? path : path + "/";
          if (!files.keySet().removeIf(p -> p.startsWith(dir))) {
            throw HfError.entryNotFound(path);
          }
          operations++;
        }
        default -> throw HfError.badRequest("Unknown key \"" + key
            + "\": expected header, file, lfsFile, deletedFile or deletedFolder");
      }
    }
    if (header == null) {
      throw HfError.badRequest("The commit body is empty: send NDJSON starting with a header line");
    }
    String summary = Maps.text(header, "summary");
    if (summary == null || summary.isBlank()) {
      throw HfError.badRequest("The header needs a non-empty \"summary\"");
    }
    String parent = Maps.text(header, "parentCommit");
    if (parent != null && !parent.equals(repo.head().oid())) {
      throw new HfError(412, null, "A commit has happened since. Please refresh and try again.");
    }
    if (operations == 0) {
      throw HfError.badRequest("No files have been modified since last commit. Skipping to prevent empty commit.");
    }
    Repo.Commit commit = repo.addCommit(summary, Optional.ofNullable(Maps.text(header, "description")).orElse(""),
        clock.now(), files);
    return Reply.ok(Maps.of("success", true, "commitOid", commit.oid(),
        "commitUrl", base.get() + "/" + repo.prefix() + repo.id() + "/commit/" + commit.oid(), "hookOutput", ""));
  }

  /** Commits files written by the emulator itself (a job pushing its model), choosing LFS like the Hub would. */
  Repo.Commit commitFiles(Repo repo, String summary, Map<String, byte[]> content) {
    SortedMap<String, Repo.Entry> files = new TreeMap<>(repo.head().files());
    content.forEach((path, bytes) -> {
      byte[] sample = java.util.Arrays.copyOf(bytes, Math.min(512, bytes.length));
      if (wantsLfs(path, bytes.length, sample)) {
        files.put(path, Repo.Entry.lfs(path, lfs.put(repo, bytes), bytes.length));
      } else {
        files.put(path, Repo.Entry.regular(path, bytes));
      }
    });
    return repo.addCommit(summary, "", clock.now(), files);
  }

  private static String checkPath(String path) {
    if (path == null || path.isEmpty()) {
      throw HfError.badRequest("Every operation needs a non-empty \"path\"");
    }
    if (path.startsWith("/") || path.contains("..") || path.startsWith(".git/")) {
      throw HfError.badRequest("Invalid path \"" + path + "\": paths are relative, without '..', outside .git/");
    }
    return path;
  }
}
