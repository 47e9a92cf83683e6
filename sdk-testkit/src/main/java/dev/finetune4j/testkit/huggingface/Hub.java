package dev.finetune4j.testkit.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.testkit.ReceivedRequest;
import dev.finetune4j.testkit.VirtualClock;
import dev.finetune4j.testkit.internal.Ids;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** The emulated Hub: repositories, commits, Git LFS storage and downloads. Called under the emulator's lock. */
final class Hub {

  static final String GITATTRIBUTES = String.join("\n",
      "*.7z filter=lfs diff=lfs merge=lfs -text",
      "*.arrow filter=lfs diff=lfs merge=lfs -text",
      "*.bin filter=lfs diff=lfs merge=lfs -text",
      "*.gz filter=lfs diff=lfs merge=lfs -text",
      "*.h5 filter=lfs diff=lfs merge=lfs -text",
      "*.onnx filter=lfs diff=lfs merge=lfs -text",
      "*.parquet filter=lfs diff=lfs merge=lfs -text",
      "*.pt filter=lfs diff=lfs merge=lfs -text",
      "*.pth filter=lfs diff=lfs merge=lfs -text",
      "*.safetensors filter=lfs diff=lfs merge=lfs -text",
      "*.tar filter=lfs diff=lfs merge=lfs -text",
      "*.zip filter=lfs diff=lfs merge=lfs -text",
      "");

  private static final Set<String> LFS_EXTENSIONS = Set.of(".7z", ".arrow", ".bin", ".gz", ".h5", ".onnx",
      ".parquet", ".pt", ".pth", ".safetensors", ".tar", ".zip");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,94}");
  private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);

  /** An LFS upload announced by a batch call and not finished yet. */
  private static final class Upload {
    final Repo repo;
    final String oid;
    final long size;
    final long chunkSize;
    final int partCount;
    final Map<Integer, byte[]> parts = new TreeMap<>();
    final Map<Integer, String> etags = new HashMap<>();

    Upload(Repo repo, String oid, long size, long chunkSize, int partCount) {
      this.repo = repo;
      this.oid = oid;
      this.size = size;
      this.chunkSize = chunkSize;
      this.partCount = partCount;
    }
  }

  private final Settings settings;
  private final VirtualClock clock;
  private final Supplier<String> base;
  private final Ids ids;
  private final Map<String, Repo> repos = new LinkedHashMap<>();
  private final Map<String, byte[]> lfsStore = new HashMap<>();
  private final Map<String, Set<String>> repoLfs = new HashMap<>();
  private final Map<String, Upload> uploads = new HashMap<>();

  Hub(Settings settings, VirtualClock clock, Supplier<String> base, Ids ids) {
    this.settings = settings;
    this.clock = clock;
    this.base = base;
    this.ids = ids;
  }

  static String iso(Instant instant) {
    return ISO.format(instant);
  }

  // ---------------------------------------------------------------- account

  Reply whoami() {
    List<Object> orgs = new ArrayList<>();
    for (String org : settings.organizations()) {
      orgs.add(Maps.of("type", "org", "name", org, "fullname", org, "id", Hashes.sha1(org).substring(0, 24),
          "roleInOrg", "admin", "isEnterprise", false));
    }
    return Reply.ok(Maps.of(
        "type", "user",
        "id", Hashes.sha1(settings.user()).substring(0, 24),
        "name", settings.user(),
        "fullname", settings.user(),
        "email", settings.user() + "@example.com",
        "emailVerified", true,
        "canPay", true,
        "isPro", true,
        "periodEnd", null,
        "avatarUrl", "/avatars/" + settings.user() + ".svg",
        "orgs", orgs,
        "auth", Maps.of("type", "access_token", "accessToken", Maps.of(
            "displayName", "emulator", "role", "write", "createdAt", iso(VirtualClock.DEFAULT_START)))));
  }

  // ---------------------------------------------------------------- repositories

  Optional<Repo> find(String type, String id) {
    return Optional.ofNullable(repos.get(Repo.key(type, id)));
  }

  /** The repository if the caller may see it; the Hub's 401 RepoNotFound otherwise. */
  Repo visible(String type, String id) {
    Repo repo = repos.get(Repo.key(type, id));
    if (repo == null || (repo.isPrivate && !settings.ownsNamespace(repo.namespace))) {
      throw HfError.repoNotFound();
    }
    return repo;
  }

  private Repo writable(String type, String id) {
    Repo repo = visible(type, id);
    if (!settings.ownsNamespace(repo.namespace)) {
      throw HfError.forbidden("You don't have the rights to write to " + Repo.prefix(type) + id);
    }
    return repo;
  }

  static String checkType(String type) {
    if (type == null) {
      return "model";
    }
    if (!type.equals("model") && !type.equals("dataset") && !type.equals("space")) {
      throw HfError.badRequest("Invalid repo type \"" + type + "\": expected model, dataset or space");
    }
    return type;
  }

  Reply createRepo(JsonNode body) {
    String name = Maps.text(body, "name");
    if (name == null || name.isBlank()) {
      throw HfError.badRequest("\"name\" is required");
    }
    if (name.contains("/")) {
      throw HfError.badRequest("\"name\" must not contain a namespace; pass it as \"organization\"");
    }
    if (!NAME.matcher(name).matches() || name.endsWith(".") || name.endsWith("-") || name.contains("--")
        || name.contains("..")) {
      throw HfError.badRequest("Repo name \"" + name + "\" is invalid: use letters, digits, '-', '_' and '.', "
          + "at most 96 characters, not starting or ending with '-' or '.'");
    }
    String type = checkType(Maps.text(body, "type"));
    String namespace = Optional.ofNullable(Maps.text(body, "organization")).orElse(settings.user());
    if (!settings.ownsNamespace(namespace)) {
      throw HfError.forbidden("You don't have the rights to create a " + type + " under the namespace \""
          + namespace + "\"");
    }
    if (type.equals("space") && !body.hasNonNull("sdk")) {
      throw HfError.badRequest("\"sdk\" is required to create a space (gradio, docker or static)");
    }
    boolean isPrivate = false;
    if (body.hasNonNull("visibility")) {
      String visibility = body.get("visibility").asText();
      if (!visibility.equals("private") && !visibility.equals("public")) {
        throw HfError.badRequest("\"visibility\" must be \"public\" or \"private\", got \"" + visibility + "\"");
      }
      isPrivate = visibility.equals("private");
    } else if (body.hasNonNull("private")) {
      isPrivate = body.get("private").asBoolean();
    }
    String id = namespace + "/" + name;
    String url = base.get() + "/" + Repo.prefix(type) + id;
    if (repos.containsKey(Repo.key(type, id))) {
      return Reply.json(409, Maps.of("error", "You already created this " + type + " repo", "url", url))
          .header("X-Error-Message", "You already created this " + type + " repo");
    }
    Repo repo = createRepo(type, namespace, name, isPrivate);
    return Reply.ok(Maps.of("url", url, "name", repo.id(), "id", repo.id()));
  }

  Repo createRepo(String type, String namespace, String name, boolean isPrivate) {
    Repo repo = new Repo(type, namespace, name, isPrivate, clock.now());
    SortedMap<String, Repo.Entry> files = new TreeMap<>();
    files.put(".gitattributes", Repo.Entry.regular(".gitattributes", GITATTRIBUTES.getBytes(StandardCharsets.UTF_8)));
    repo.addCommit("initial commit", "", clock.now(), files);
    repos.put(Repo.key(type, repo.id()), repo);
    return repo;
  }

  Reply deleteRepo(JsonNode body) {
    String name = Maps.text(body, "name");
    if (name == null || name.isBlank()) {
      throw HfError.badRequest("\"name\" is required");
    }
    String type = checkType(Maps.text(body, "type"));
    String namespace = Optional.ofNullable(Maps.text(body, "organization")).orElse(settings.user());
    String id = name.contains("/") ? name : namespace + "/" + name;
    Repo repo = repos.get(Repo.key(type, id));
    if (repo == null || (repo.isPrivate && !settings.ownsNamespace(repo.namespace))) {
      throw new HfError(404, "RepoNotFound", "Repository not found");
    }
    if (!settings.ownsNamespace(repo.namespace)) {
      throw HfError.forbidden("You don't have the rights to delete " + Repo.prefix(type) + id);
    }
    repos.remove(Repo.key(type, id));
    repoLfs.remove(Repo.key(type, id));
    return Reply.empty(200);
  }

  Reply updateSettings(String type, String id, JsonNode body) {
    Repo repo = writable(type, id);
    if (body.hasNonNull("visibility")) {
      repo.isPrivate = "private".equals(body.get("visibility").asText());
    } else if (body.hasNonNull("private")) {
      repo.isPrivate = body.get("private").asBoolean();
    }
    return Reply.ok(Maps.of("private", repo.isPrivate));
  }

  Reply info(String type, String id, String revision, boolean blobs) {
    Repo repo = visible(type, id);
    Repo.Commit commit = repo.commit(revision);
    List<Object> siblings = new ArrayList<>();
    long storage = 0;
    for (Repo.Entry entry : commit.files().values()) {
      Map<String, Object> sibling = Maps.of("rfilename", entry.path());
      if (blobs) {
        sibling.put("blobId", entry.blobId());
        sibling.put("size", entry.size());
        if (entry.isLfs()) {
          sibling.put("lfs", Maps.of("size", entry.size(), "sha256", entry.lfsOid(),
              "pointerSize", entry.pointer().length));
        }
      }
      siblings.add(sibling);
      storage += entry.size();
    }
    Map<String, Object> info = Maps.of(
        "_id", Hashes.sha1(repo.type + repo.id()).substring(0, 24),
        "id", repo.id(),
        "author", repo.namespace,
        "sha", commit.oid(),
        "lastModified", iso(commit.time()),
        "createdAt", iso(repo.createdAt),
        "private", repo.isPrivate,
        "gated", false,
        "disabled", false,
        "downloads", 0,
        "likes", 0,
        "tags", new ArrayList<>(),
        "siblings", siblings,
        "usedStorage", storage);
    if (type.equals("model")) {
      if (commit.files().containsKey("adapter_config.json")) {
        info.put("library_name", "peft");
        info.put("pipeline_tag", "text-generation");
        info.put("tags", List.of("peft", "safetensors", "trl", "sft", "generated_from_trainer"));
      } else if (commit.files().containsKey("config.json")) {
        info.put("library_name", "transformers");
        info.put("pipeline_tag", "text-generation");
        info.put("tags", List.of("transformers", "safetensors", "trl", "sft", "generated_from_trainer"));
      }
    }
    return Reply.ok(info);
  }

  // ---------------------------------------------------------------- tree and downloads

  Reply tree(ReceivedRequest request, String type, String id, String revision, String path) {
    Repo repo = visible(type, id);
    Repo.Commit commit = repo.commit(revision);
    boolean recursive = request.queryParameter("recursive").map(v -> v.equals("true") || v.equals("1"))
        .orElse(false);
    String dir = path.isEmpty() ? "" : path + "/";
    List<Map<String, Object>> items = new ArrayList<>();
    Set<String> directories = new TreeSet<>();
    for (Repo.Entry entry : commit.files().values()) {
      if (!entry.path().startsWith(dir)) {
        continue;
      }
      String rest = entry.path().substring(dir.length());
      int slash = rest.indexOf('/');
      if (slash >= 0) {
        if (recursive) {
          String[] parts = rest.split("/");
          StringBuilder prefix = new StringBuilder(dir);
          for (int i = 0; i < parts.length - 1; i++) {
            prefix.append(parts[i]);
            directories.add(prefix.toString());
            prefix.append('/');
          }
        } else {
          directories.add(dir + rest.substring(0, slash));
          continue;
        }
      }
      if (slash < 0 || recursive) {
        items.add(fileItem(entry));
      }
    }
    if (!path.isEmpty() && items.isEmpty() && directories.isEmpty()) {
      throw HfError.entryNotFound(path);
    }
    List<Map<String, Object>> all = new ArrayList<>();
    for (String d : directories) {
      all.add(Maps.of("type", "directory", "oid", Hashes.sha1(commit.oid() + d), "size", 0, "path", d));
    }
    all.addAll(items);
    all.sort((a, b) -> ((String) a.get("path")).compareTo((String) b.get("path")));
    String url = base.get() + "/api/" + type + "s/" + id + "/tree/" + revision + (path.isEmpty() ? "" : "/" + path);
    return Paging.page(request, all, settings.pageSize(), url);
  }

  /** The tree items of the given paths that exist (files or directories); unknown paths are left out. */
  Reply pathsInfo(ReceivedRequest request, String type, String id, String revision) {
    Repo repo = visible(type, id);
    Repo.Commit commit = repo.commit(revision);
    List<String> paths = new ArrayList<>();
    String contentType = request.header("Content-Type").orElse("");
    if (contentType.startsWith("application/x-www-form-urlencoded")) {
      for (String pair : request.body().split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals("paths")) {
          paths.add(java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    } else {
      Maps.parseObject(request.bodyBytes()).path("paths").forEach(p -> paths.add(p.asText()));
    }
    if (paths.size() > 1000) {
      throw new HfError(413, null, "Too many paths: " + paths.size() + " (at most 1000 per call)");
    }
    List<Object> out = new ArrayList<>();
    for (String path : paths) {
      Repo.Entry entry = commit.files().get(path);
      if (entry != null) {
        out.add(fileItem(entry));
      } else if (commit.files().keySet().stream().anyMatch(p -> p.startsWith(path + "/"))) {
        out.add(Maps.of("type", "directory", "oid", Hashes.sha1(commit.oid() + path), "size", 0, "path", path));
      }
    }
    return Reply.ok(out);
  }

  private static Map<String, Object> fileItem(Repo.Entry entry) {
    Map<String, Object> item = Maps.of("type", "file", "oid", entry.blobId(), "size", entry.size(),
        "path", entry.path());
    if (entry.isLfs()) {
      item.put("lfs", Maps.of("oid", entry.lfsOid(), "size", entry.size(), "pointerSize", entry.pointer().length));
    }
    return item;
  }

  Reply resolve(String type, String id, String revision, String path, boolean head) {
    Repo repo = visible(type, id);
    Repo.Commit commit = repo.commit(revision);
    Repo.Entry entry = commit.files().get(path);
    if (entry == null) {
      throw HfError.entryNotFound(path);
    }
    if (entry.isLfs()) {
      String location = base.get() + "/lfs-cdn/" + entry.lfsOid() + "?X-Amz-Algorithm=AWS4-HMAC-SHA256"
          + "&X-Amz-Expires=3600&X-Amz-Signature=" + Hashes.sha1(entry.lfsOid() + clock.now()).substring(0, 32);
      return Reply.empty(302)
          .header("Location", location)
          .header("X-Repo-Commit", commit.oid())
          .header("ETag", "\"" + entry.lfsOid() + "\"")
          .header("X-Linked-Etag", "\"" + entry.lfsOid() + "\"")
          .header("X-Linked-Size", Long.toString(entry.size()));
    }
    Reply reply = Reply.bytes(200, head ? new byte[0] : entry.content(), contentType(path))
        .header("X-Repo-Commit", commit.oid())
        .header("ETag", "\"" + entry.blobId() + "\"");
    return head ? reply.header("Content-Length", Long.toString(entry.size())) : reply;
  }

  Reply cdn(String oid, boolean head) {
    byte[] content = lfsStore.get(oid);
    if (content == null) {
      return Reply.bytes(404, "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>"
          .concat("</Error>").getBytes(StandardCharsets.UTF_8), "application/xml");
    }
    return Reply.bytes(200, head ? new byte[0] : content, "application/octet-stream")
        .header("ETag", "\"" + oid + "\"");
  }

  private static String contentType(String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".json")) {
      return "application/json";
    }
    if (lower.endsWith(".jsonl") || lower.endsWith(".md") || lower.endsWith(".txt") || lower.endsWith(".csv")
        || lower.endsWith(".py") || lower.endsWith(".gitattributes") || lower.endsWith(".yaml")) {
      return "text/plain; charset=utf-8";
    }
    return "application/octet-stream";
  }

  // ---------------------------------------------------------------- uploads

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
    Repo repo = writable(type, id);
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
    Repo repo = writable(type, id);
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
          byte[] stored = oid == null ? null : lfsStore.get(oid);
          boolean inRepo = oid != null && repoLfs.getOrDefault(Repo.key(type, repo.id()), Set.of()).contains(oid);
          if (stored == null || !inRepo || stored.length != size) {
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
        String oid = Hashes.sha256(bytes);
        lfsStore.put(oid, bytes.clone());
        repoLfs.computeIfAbsent(Repo.key(repo.type, repo.id()), k -> new HashSet<>()).add(oid);
        files.put(path, Repo.Entry.lfs(path, oid, bytes.length));
      } else {
        files.put(path, Repo.Entry.regular(path, bytes));
      }
    });
    return repo.addCommit(summary, "", clock.now(), files);
  }

  /** The bytes of a file at a commit, following LFS pointers. */
  byte[] read(Repo.Entry entry) {
    return entry.isLfs() ? lfsStore.getOrDefault(entry.lfsOid(), new byte[0]) : entry.content();
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

  // ---------------------------------------------------------------- Git LFS

  Reply lfsBatch(String type, String id, JsonNode body) {
    Repo repo = "download".equals(Maps.text(body, "operation")) ? visible(type, id) : writable(type, id);
    String operation = Optional.ofNullable(Maps.text(body, "operation")).orElse("");
    if (!operation.equals("upload") && !operation.equals("download")) {
      throw HfError.badRequest("\"operation\" must be \"upload\" or \"download\"");
    }
    Set<String> transfers = new HashSet<>();
    body.path("transfers").forEach(t -> transfers.add(t.asText()));
    if (transfers.isEmpty()) {
      transfers.add("basic");
    }
    JsonNode objects = body.get("objects");
    if (objects == null || !objects.isArray() || objects.isEmpty()) {
      throw HfError.badRequest("\"objects\" must be a non-empty array of {oid, size}");
    }
    if (objects.size() > 256) {
      throw new HfError(413, null, "Too many objects in one batch: " + objects.size() + " (at most 256)");
    }
    boolean anyMultipart = false;
    List<Object> out = new ArrayList<>();
    for (JsonNode object : objects) {
      String oid = Optional.ofNullable(Maps.text(object, "oid")).orElse("");
      long size = object.path("size").asLong(-1);
      Map<String, Object> answer = Maps.of("oid", oid, "size", size);
      out.add(answer);
      if (!oid.matches("[0-9a-f]{64}")) {
        answer.put("error", Maps.of("code", 422, "message", "Invalid oid: expected 64 lower-case hex digits"));
        continue;
      }
      if (size <= 0) {
        answer.put("error", Maps.of("code", 422, "message", "Invalid size: must be positive"));
        continue;
      }
      if (operation.equals("download")) {
        if (lfsStore.containsKey(oid)) {
          answer.put("authenticated", true);
          answer.put("actions", Maps.of("download", Maps.of("href", base.get() + "/lfs-cdn/" + oid
              + "?X-Amz-Signature=" + Hashes.sha1(oid).substring(0, 32), "expires_in", 3600)));
        } else {
          answer.put("error", Maps.of("code", 404, "message", "Object does not exist"));
        }
        continue;
      }
      answer.put("authenticated", true);
      if (lfsStore.containsKey(oid) && lfsStore.get(oid).length == size) {
        repoLfs.computeIfAbsent(Repo.key(type, repo.id()), k -> new HashSet<>()).add(oid);
        continue; // already stored: no actions
      }
      String uploadId = ids.nextHex("", 32);
      String signature = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=86400&X-Amz-Signature="
          + Hashes.sha1(uploadId).substring(0, 32);
      Map<String, Object> verify = Maps.of("href", base.get() + "/" + repo.prefix() + repo.id()
          + ".git/info/lfs/objects/verify");
      if (transfers.contains("multipart") && size > settings.multipartThreshold()) {
        anyMultipart = true;
        long chunk = settings.chunkSize();
        int count = (int) ((size + chunk - 1) / chunk);
        uploads.put(uploadId, new Upload(repo, oid, size, chunk, count));
        Map<String, Object> header = Maps.of("chunk_size", Long.toString(chunk));
        for (int i = 1; i <= count; i++) {
          header.put(String.format(Locale.ROOT, "%05d", i), base.get() + "/lfs-multipart/" + uploadId + "/" + i
              + "?partNumber=" + i + "&uploadId=" + uploadId + "&" + signature);
        }
        answer.put("actions", Maps.of(
            "upload", Maps.of("href", base.get() + "/api/complete_multipart?uploadId=" + uploadId, "header", header,
                "expires_in", 86400),
            "verify", verify));
      } else {
        uploads.put(uploadId, new Upload(repo, oid, size, size, 1));
        answer.put("actions", Maps.of(
            "upload", Maps.of("href", base.get() + "/lfs-upload/" + uploadId + "?" + signature, "expires_in", 86400),
            "verify", verify));
      }
    }
    return Reply.json(200, Maps.of("transfer", anyMultipart ? "multipart" : "basic", "objects", out,
        "hash_algo", "sha256")).contentType("application/vnd.git-lfs+json");
  }

  private static boolean carriesHfToken(ReceivedRequest request) {
    return request.header("Authorization").map(v -> v.regionMatches(true, 0, "Bearer ", 0, 7)).orElse(false);
  }

  private static Reply s3Error(int status, String code, String message) {
    return Reply.bytes(status, ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>"
        + message + "</Message></Error>").getBytes(StandardCharsets.UTF_8), "application/xml");
  }

  /** The presigned single-part upload: must come without the Hub token. */
  Reply basicUpload(ReceivedRequest request, String uploadId) {
    if (carriesHfToken(request)) {
      return s3Error(403, "AccessDenied", "Only one auth mechanism allowed; only the X-Amz-Algorithm query "
          + "parameter, Signature query string parameter or the Authorization header should be specified");
    }
    Upload upload = uploads.get(uploadId);
    if (upload == null || upload.partCount != 1 || upload.chunkSize != upload.size) {
      return s3Error(404, "NoSuchUpload", "The specified upload does not exist or has expired.");
    }
    byte[] body = request.bodyBytes();
    if (body.length != upload.size || !Hashes.sha256(body).equals(upload.oid)) {
      return s3Error(400, "BadDigest", "The content does not match the announced oid and size.");
    }
    store(upload, body);
    uploads.remove(uploadId);
    return Reply.empty(200).header("ETag", "\"" + Hashes.md5(body) + "\"");
  }

  Reply partUpload(ReceivedRequest request, String uploadId, int partNumber) {
    if (carriesHfToken(request)) {
      return s3Error(403, "AccessDenied", "Only one auth mechanism allowed; only the X-Amz-Algorithm query "
          + "parameter, Signature query string parameter or the Authorization header should be specified");
    }
    Upload upload = uploads.get(uploadId);
    if (upload == null || partNumber < 1 || partNumber > upload.partCount) {
      return s3Error(404, "NoSuchUpload", "The specified upload does not exist or has expired.");
    }
    byte[] body = request.bodyBytes();
    long expected = partNumber < upload.partCount ? upload.chunkSize
        : upload.size - upload.chunkSize * (upload.partCount - 1);
    if (body.length != expected) {
      return s3Error(400, "InvalidPart", "Part " + partNumber + " must be " + expected + " bytes, got "
          + body.length);
    }
    String etag = "\"" + Hashes.md5(body) + "\"";
    upload.parts.put(partNumber, body);
    upload.etags.put(partNumber, etag);
    return Reply.empty(200).header("ETag", etag);
  }

  Reply completeMultipart(String uploadId, JsonNode body) {
    Upload upload = uploadId == null ? null : uploads.get(uploadId);
    if (upload == null) {
      throw HfError.notFound("Unknown multipart upload");
    }
    if (!upload.oid.equals(Maps.text(body, "oid"))) {
      throw HfError.badRequest("\"oid\" does not match the upload");
    }
    JsonNode parts = body.path("parts");
    if (!parts.isArray() || parts.size() != upload.partCount) {
      throw HfError.badRequest("Expected " + upload.partCount + " parts, got " + parts.size());
    }
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    int expectedNumber = 1;
    for (JsonNode part : parts) {
      int number = part.path("partNumber").asInt();
      String etag = Maps.text(part, "etag");
      if (number != expectedNumber++) {
        throw HfError.badRequest("Parts must be listed in order, starting at 1");
      }
      String stored = upload.etags.get(number);
      if (stored == null) {
        throw HfError.badRequest("Part " + number + " was not uploaded");
      }
      if (etag == null || !(stored.equals(etag) || stored.equals("\"" + etag + "\""))) {
        throw HfError.badRequest("ETag of part " + number + " does not match the uploaded part");
      }
      all.writeBytes(upload.parts.get(number));
    }
    byte[] content = all.toByteArray();
    if (content.length != upload.size || !Hashes.sha256(content).equals(upload.oid)) {
      throw HfError.badRequest("The assembled object does not match the announced oid and size");
    }
    store(upload, content);
    uploads.remove(uploadId);
    return Reply.ok(Maps.of("success", true));
  }

  Reply lfsVerify(String type, String id, JsonNode body) {
    Repo repo = writable(type, id);
    String oid = Maps.text(body, "oid");
    long size = body.path("size").asLong(-1);
    byte[] stored = oid == null ? null : lfsStore.get(oid);
    if (stored == null || stored.length != size
        || !repoLfs.getOrDefault(Repo.key(type, repo.id()), Set.of()).contains(oid)) {
      throw HfError.notFound("Object " + oid + " (size " + size + ") was not uploaded");
    }
    return Reply.ok(Maps.of("success", true)).contentType("application/vnd.git-lfs+json");
  }

  private void store(Upload upload, byte[] content) {
    lfsStore.put(upload.oid, content);
    repoLfs.computeIfAbsent(Repo.key(upload.repo.type, upload.repo.id()), k -> new HashSet<>()).add(upload.oid);
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
