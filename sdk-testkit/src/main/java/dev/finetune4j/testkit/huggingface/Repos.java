package dev.finetune4j.testkit.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.testkit.ReceivedRequest;
import dev.finetune4j.testkit.VirtualClock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

/**
 * The Hub's repositories: creating, deleting and configuring them, who may see and write them, their info, tree
 * listings and file downloads ({@code resolve}). Called under the emulator's lock.
 */
final class Repos {

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

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,94}");

  private final Settings settings;
  private final VirtualClock clock;
  private final Supplier<String> base;
  private final LfsStorage lfs;
  private final Map<String, Repo> repos = new LinkedHashMap<>();
  /** Whether the request being handled came without a token: it then sees public repositories only. */
  boolean anonymous;

  Repos(Settings settings, VirtualClock clock, Supplier<String> base, LfsStorage lfs) {
    this.settings = settings;
    this.clock = clock;
    this.base = base;
    this.lfs = lfs;
  }

  Optional<Repo> find(String type, String id) {
    return Optional.ofNullable(repos.get(Repo.key(type, id)));
  }

  /** The repository if the caller may see it; the Hub's 401 RepoNotFound otherwise. */
  Repo visible(String type, String id) {
    Repo repo = repos.get(Repo.key(type, id));
    if (repo == null || (repo.isPrivate && (anonymous || !settings.ownsNamespace(repo.namespace)))) {
      throw HfError.repoNotFound();
    }
    return repo;
  }

  /** The repository if the caller may write to it; 401 RepoNotFound or 403 otherwise. */
  Repo writable(String type, String id) {
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
    lfs.forget(repo);
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

  Reply info(ReceivedRequest request, String type, String id, String revision, boolean blobs) {
    Repo repo = visible(type, id);
    Map<String, Object> info = infoMap(repo, repo.commit(revision), blobs);
    List<String> expand = expand(request);
    if (expand.isEmpty()) {
      return Reply.ok(info);
    }
    return Reply.ok(expanded(info, expand));
  }

  /** The {@code expand} (or {@code expand[]}) query values; the Hub then answers with those fields only. */
  static List<String> expand(ReceivedRequest request) {
    List<String> fields = new ArrayList<>();
    for (String name : List.of("expand", "expand[]")) {
      List<String> values = request.query().get(name);
      if (values != null) {
        fields.addAll(values);
      }
    }
    return fields;
  }

  private static Map<String, Object> expanded(Map<String, Object> info, List<String> expand) {
    Map<String, Object> out = Maps.of("_id", info.get("_id"), "id", info.get("id"));
    for (String field : expand) {
      if (!EXPANDABLE.contains(field)) {
        throw HfError.badRequest("Invalid expand value \"" + field + "\": expected one of " + EXPANDABLE);
      }
      if (info.containsKey(field)) {
        out.put(field, info.get(field));
      }
    }
    return out;
  }

  private static final List<String> EXPANDABLE = List.of("author", "cardData", "citation", "config", "createdAt",
      "description", "disabled", "downloads", "downloadsAllTime", "gated", "gguf", "inference",
      "inferenceProviderMapping", "lastModified", "library_name", "likes", "mask_token", "model-index",
      "paperswithcode_id", "pipeline_tag", "private", "resourceGroup", "safetensors", "sha", "siblings", "spaces",
      "tags", "transformersInfo", "trendingScore", "usedStorage", "widgetData", "xetEnabled");

  /** Every repository the caller may see, as the listing endpoints ({@code GET /api/models}...) show them. */
  Reply list(ReceivedRequest request, String type) {
    Optional<String> author = request.queryParameter("author");
    Optional<String> search = request.queryParameter("search").map(v -> v.toLowerCase(Locale.ROOT));
    List<Object> out = new ArrayList<>();
    for (Repo repo : repos.values()) {
      if (!repo.type.equals(type) || (repo.isPrivate && (anonymous || !settings.ownsNamespace(repo.namespace)))
          || author.filter(a -> !a.equalsIgnoreCase(repo.namespace)).isPresent()
          || search.filter(q -> !repo.id().toLowerCase(Locale.ROOT).contains(q)).isPresent()) {
        continue;
      }
      Map<String, Object> info = infoMap(repo, repo.head(), false);
      List<String> expand = expand(request);
      if (expand.isEmpty()) {
        info.remove("siblings");
        info.remove("cardData");
        info.remove("usedStorage");
        out.add(info);
      } else {
        out.add(expanded(info, expand));
      }
    }
    return Paging.page(request, out, settings.pageSize(), base.get() + "/api/" + type + "s");
  }

  private Map<String, Object> infoMap(Repo repo, Repo.Commit commit, boolean blobs) {
    String type = repo.type;
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
        "lastModified", Hub.iso(commit.time()),
        "createdAt", Hub.iso(repo.createdAt),
        "private", repo.isPrivate,
        "gated", false,
        "disabled", false,
        "downloads", 0,
        "likes", 0,
        "tags", new ArrayList<>(),
        "siblings", siblings,
        "usedStorage", storage);
    Repo.Entry readme = commit.files().get("README.md");
    if (readme != null && !readme.isLfs()) {
      Map<String, Object> card = CardData.parse(new String(readme.content(), StandardCharsets.UTF_8));
      if (card != null) {
        info.put("cardData", card);
      }
    }
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
    return info;
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
        Map<String, Object> item = fileItem(entry);
        if (request.queryParameter("expand").map(v -> v.equals("true") || v.equals("1")).orElse(false)) {
          Repo.Commit last = lastCommit(repo, commit, entry.path());
          item.put("lastCommit", Maps.of("id", last.oid(), "title", last.summary(), "date", Hub.iso(last.time())));
          item.put("security", null);
        }
        items.add(item);
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

  /** The newest commit up to {@code at} that changed {@code path}. */
  private static Repo.Commit lastCommit(Repo repo, Repo.Commit at, String path) {
    int index = repo.commits.indexOf(at);
    Repo.Entry current = at.files().get(path);
    for (int i = index; i > 0; i--) {
      Repo.Entry before = repo.commits.get(i - 1).files().get(path);
      if (before == null || !before.blobId().equals(current.blobId())) {
        return repo.commits.get(i);
      }
    }
    return repo.commits.get(0);
  }

  /** {@code GET /api/{type}s/{id}/commits/{rev}}: the history up to a revision, newest first, paginated. */
  Reply commits(ReceivedRequest request, String type, String id, String revision) {
    Repo repo = visible(type, id);
    int index = repo.commits.indexOf(repo.commit(revision));
    List<Object> out = new ArrayList<>();
    for (int i = index; i >= 0; i--) {
      Repo.Commit c = repo.commits.get(i);
      out.add(Maps.of("id", c.oid(), "title", c.summary(), "message", c.description() == null ? ""
          : c.description(), "authors", List.of(Maps.of("user", repo.namespace, "avatar", null)),
          "date", Hub.iso(c.time())));
    }
    return Paging.page(request, out, 50, base.get() + "/api/" + type + "s/" + id + "/commits/" + revision);
  }

  /** {@code GET /api/{type}s/{id}/refs}: the one branch, {@code main}; no tags, conversions or pull requests. */
  Reply refs(ReceivedRequest request, String type, String id) {
    Repo repo = visible(type, id);
    Map<String, Object> out = Maps.of("branches", List.of(Maps.of("name", "main", "ref", "refs/heads/main",
        "targetCommit", repo.head().oid())), "converts", List.of(), "tags", List.of());
    if (request.queryParameter("include_prs").isPresent()) {
      out.put("pullRequests", List.of());
    }
    return Reply.ok(out);
  }

  /** {@code /{prefix}{id}/raw/{rev}/{path}}: a file as stored in git, so the pointer file for an LFS file. */
  Reply raw(String type, String id, String revision, String path) {
    Repo repo = visible(type, id);
    Repo.Commit commit = repo.commit(revision);
    Repo.Entry entry = commit.files().get(path);
    if (entry == null) {
      throw HfError.entryNotFound(path);
    }
    byte[] content = entry.isLfs() ? entry.pointer() : entry.content();
    return Reply.bytes(200, content, entry.isLfs() ? "text/plain; charset=utf-8" : contentType(path))
        .header("X-Repo-Commit", commit.oid())
        .header("ETag", "\"" + entry.blobId() + "\"");
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
      String location = LfsStorage.cdnBase(base.get()) + "/lfs-cdn/" + entry.lfsOid() + "?X-Amz-Algorithm=AWS4-HMAC-SHA256"
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
}
