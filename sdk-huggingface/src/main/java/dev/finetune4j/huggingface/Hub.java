package dev.finetune4j.huggingface;

import dev.finetune4j.error.LocalIoException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.Page;
import dev.finetune4j.Paged;
import dev.finetune4j.error.ApiErrorDetails;
import dev.finetune4j.error.InvalidResponseException;
import dev.finetune4j.error.AuthenticationException;
import dev.finetune4j.error.ConflictException;
import dev.finetune4j.error.FineTuningException;
import dev.finetune4j.error.NotFoundException;
import dev.finetune4j.spi.http.ApiRequest;
import dev.finetune4j.spi.http.ApiResponse;
import dev.finetune4j.spi.http.HttpTransport;
import dev.finetune4j.spi.http.Json;
import dev.finetune4j.spi.http.Pagination;
import dev.finetune4j.spi.http.StreamedResponse;
import dev.finetune4j.huggingface.internal.HubErrorParser;
import dev.finetune4j.huggingface.internal.Links;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import dev.finetune4j.wait.Acceptor;
import dev.finetune4j.wait.Backoff;
import dev.finetune4j.wait.WaitSettings;
import dev.finetune4j.wait.Waiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hugging Face Hub: the identity behind the token, repositories, their files, and commits that add files
 * (small files inline, large ones through Git LFS, as the Hub decides in its pre-upload check).
 *
 * <pre>{@code
 * Hub hub = huggingFace.hub();
 * RepoId repo = RepoId.dataset(hub.whoami().name() + "/recipes");
 * hub.createRepository(repo, true);
 * CommitResult commit = hub.commit(repo, "main", "Add training data",
 *     List.of(new CommitFile("train.jsonl", Path.of("train.jsonl"))));
 * }</pre>
 *
 * <p>Thread-safe. A Hub answers 401 both for a missing repository and for one the token may not see; calls on a
 * repository turn such a 401 into a {@link NotFoundException} unless the message says the credentials are bad.
 */
public final class Hub {
  private static final Logger LOG = LoggerFactory.getLogger(Hub.class);
  private static final MediaType LFS_JSON = MediaType.get("application/vnd.git-lfs+json");
  private static final MediaType NDJSON = MediaType.get("application/x-ndjson");
  private static final int PREUPLOAD_BATCH = 256;
  private static final int SAMPLE_BYTES = 512;
  private static final Duration CONFLICT_WAIT = Duration.ofMinutes(2);

  private final HttpTransport transport;
  private volatile WhoAmI whoami;

  Hub(HttpTransport transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
  }

  /**
   * Returns who the token belongs to. Asked once, then cached: the Hub rate-limits this call strictly.
   *
   * @return the identity
   */
  public WhoAmI whoami() {
    WhoAmI cached = whoami;
    if (cached != null) {
      return cached;
    }
    synchronized (this) {
      if (whoami == null) {
        JsonNode json = transport.call(ApiRequest.get("/api/whoami-v2").build(), answer -> {
          if (Json.text(answer, "name").isEmpty()) {
            throw new IllegalArgumentException("whoami answered without a name");
          }
          return answer;
        });
        ObjectNode raw = json.deepCopy();
        JsonNode auth = raw.path("auth");
        if (auth.path("accessToken").isObject()) {
          ((ObjectNode) auth.get("accessToken")).remove("token");
        }
        List<String> orgs = new ArrayList<>();
        json.path("orgs").forEach(o -> Json.text(o, "name").ifPresent(orgs::add));
        whoami = new WhoAmI(Json.text(json, "name").orElseThrow(
            () -> new FineTuningException("huggingface: whoami answered without a name")),
            Json.text(json, "type").orElse("user"), Json.text(json, "fullname"), orgs,
            Json.text(json.path("auth").path("accessToken"), "role"), Json.raw(raw));
      }
      return whoami;
    }
  }

  /**
   * Creates a repository. When a retried request finds the repository created by the first attempt, that counts
   * as success.
   *
   * @param repo the repository
   * @param isPrivate whether only its owner can see it
   * @return the repository's web address; also when it already existed (its visibility is then left as it is)
   */
  public String createRepository(RepoId repo, boolean isPrivate) {
    ObjectNode body = Json.object()
        .put("name", repo.name())
        .put("organization", repo.namespace())
        .put("type", repo.type().value())
        .put("private", isPrivate)
        .put("visibility", isPrivate ? "private" : "public");
    // A 409 means "already exists", except while another operation on the name is in progress: then the
    // repository may never be created, so the request is sent again (as huggingface_hub's create_repo does).
    java.util.function.Supplier<String> attempt = () -> {
      try {
        JsonNode json = transport.json(ApiRequest.post("/api/repos/create").json(body)
            .retryGuard(() -> exists(repo)).build());
        LOG.debug("huggingface: created repository {}", repo);
        return Json.text(json, "url").orElse(base() + repo.webPath());
      } catch (ConflictException e) {
        if (conflictingOperation(e)) {
          throw e;
        }
        LOG.debug("huggingface: repository {} already exists", repo);
        return base() + repo.webPath();
      }
    };
    return Waiter.<String>builder(attempt)
        .waitingFor("huggingface: the conflicting operation on " + repo + " to end")
        .acceptor(Acceptor.successWhen(url -> true))
        .acceptor(Acceptor.retryOnException(e -> e instanceof ConflictException c && conflictingOperation(c)))
        .settings(WaitSettings.builder().timeout(CONFLICT_WAIT)
            .backoff(Backoff.builder().intervals(Duration.ofSeconds(1), Duration.ofSeconds(8)).factor(2).build())
            .clock(transport.options().clock()).sleeper(transport.options().sleeper()).build())
        .build()
        .run();
  }

  private static boolean conflictingOperation(ConflictException e) {
    String text = (e.getMessage() + " " + e.body()).toLowerCase(java.util.Locale.ROOT);
    return text.contains("conflicting operation");
  }

  private Optional<JsonNode> exists(RepoId repo) {
    try {
      repository(repo);
      return Optional.of(Json.object().put("url", base() + repo.webPath()).put("id", repo.id()));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Deletes a repository and everything in it.
   *
   * @param repo the repository
   * @throws NotFoundException if there is no such repository
   */
  public void deleteRepository(RepoId repo) {
    ObjectNode body = Json.object()
        .put("name", repo.name())
        .put("organization", repo.namespace())
        .put("type", repo.type().value());
    onRepo(repo, () -> transport.execute(ApiRequest.delete("/api/repos/delete").json(body).build()));
  }

  /**
   * Fetches a repository's details at its main branch.
   *
   * @param repo the repository
   * @return the details
   * @throws NotFoundException if there is no such repository, or the token may not see it
   */
  public RepoInfo repository(RepoId repo) {
    return repository(repo, Optional.empty());
  }

  /**
   * Fetches a repository's details at a revision.
   *
   * @param repo the repository
   * @param revision a branch, tag or commit id
   * @return the details
   * @throws NotFoundException if there is no such repository or revision
   */
  public RepoInfo repository(RepoId repo, String revision) {
    return repository(repo, Optional.of(revision));
  }

  private RepoInfo repository(RepoId repo, Optional<String> revision) {
    String path = repo.apiPath() + revision.map(r -> "/revision/" + HttpTransport.encode(r)).orElse("");
    JsonNode json = onRepo(repo, () -> transport.json(ApiRequest.get(path).build()));
    List<String> files = new ArrayList<>();
    json.path("siblings").forEach(s -> Json.text(s, "rfilename").ifPresent(files::add));
    return new RepoInfo(repo, Json.text(json, "sha"), json.path("private").asBoolean(false),
        Json.text(json, "lastModified").flatMap(Hub::instant), files, Json.raw(json));
  }

  /**
   * Lists a repository's files and directories, recursively, page by page.
   *
   * @param repo the repository
   * @param revision a branch, tag or commit id
   * @return the entries
   */
  public Paged<RepoFile> files(RepoId repo, String revision) {
    String first = repo.apiPath() + "/tree/" + HttpTransport.encode(revision);
    return Pagination.cursor(cursor -> {
      ApiRequest request = cursor.isPresent()
          ? ApiRequest.get(cursor.get()).build()
          : ApiRequest.get(first).query("recursive", "true").query("expand", "false").build();
      ApiResponse response = onRepo(repo, () -> transport.execute(request));
      List<RepoFile> items = new ArrayList<>();
      for (JsonNode entry : response.json()) {
        items.add(new RepoFile(entry.path("path").asText(), "directory".equals(entry.path("type").asText()),
            entry.path("size").asLong(0), entry.path("oid").asText(""),
            Json.text(entry.path("lfs"), "oid"), Json.raw(entry)));
      }
      return new Page<>(items, Links.next(response.header("Link")));
    });
  }

  /**
   * Opens a file of a repository. Large files are redirected to a CDN; the token is not sent off the Hub's host.
   *
   * @param repo the repository
   * @param revision a branch, tag or commit id
   * @param path the file's path in the repository
   * @return the content; the caller closes it
   * @throws NotFoundException if there is no such file
   */
  public InputStream download(RepoId repo, String revision, String path) {
    StreamedResponse response = onRepo(repo,
        () -> transport.stream(ApiRequest.get(resolvePath(repo, revision, path)).build()));
    return response.body();
  }

  /**
   * Returns the absolute address a file can be downloaded from, as jobs and scripts use it.
   *
   * @param repo the repository
   * @param revision a branch, tag or commit id
   * @param path the file's path
   * @return the {@code .../resolve/{revision}/{path}} URL
   */
  public String resolveUrl(RepoId repo, String revision, String path) {
    return base() + resolvePath(repo, revision, path);
  }

  private String base() {
    String url = transport.baseUrl().toString();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static String resolvePath(RepoId repo, String revision, String path) {
    StringBuilder sb = new StringBuilder(repo.webPath()).append("/resolve/").append(HttpTransport.encode(revision));
    for (String segment : path.split("/")) {
      sb.append('/').append(HttpTransport.encode(segment));
    }
    return sb.toString();
  }

  /**
   * Adds files to a repository in one commit: asks the Hub which files go through LFS, uploads those (in one
   * request, or in parts when the Hub asks for parts), then commits. A commit is retried after 429 and 503, which say
   * the Hub did not act, but not after a lost answer (it would commit twice); the uploads before it are retried.
   *
   * @param repo the repository
   * @param revision the branch to commit to, such as {@code main}
   * @param summary the commit message
   * @param files the files to add or replace
   * @return the commit
   */
  public CommitResult commit(RepoId repo, String revision, String summary, List<CommitFile> files) {
    Objects.requireNonNull(summary, "summary");
    if (files.isEmpty()) {
      throw new IllegalArgumentException("a commit needs at least one file");
    }
    Map<String, String> modes = preupload(repo, revision, files);
    List<CommitFile> lfs = new ArrayList<>();
    Map<String, String> shas = new LinkedHashMap<>();
    for (CommitFile file : files) {
      if ("lfs".equals(modes.get(file.pathInRepo()))) {
        lfs.add(file);
        shas.put(file.pathInRepo(), sha256(file.source()));
      }
    }
    if (!lfs.isEmpty()) {
      uploadLfs(repo, revision, lfs, shas);
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    ObjectNode header = Json.object();
    header.put("key", "header").putObject("value").put("summary", summary).put("description", "");
    writeLine(body, header);
    for (CommitFile file : files) {
      String mode = modes.get(file.pathInRepo());
      if (mode == null) {
        continue; // the Hub said to ignore it
      }
      ObjectNode line = Json.object();
      if (mode.equals("lfs")) {
        line.put("key", "lfsFile").putObject("value").put("path", file.pathInRepo()).put("algo", "sha256")
            .put("oid", shas.get(file.pathInRepo())).put("size", size(file.source()));
      } else {
        line.put("key", "file").putObject("value").put("path", file.pathInRepo())
            .put("content", Base64.getEncoder().encodeToString(read(file.source()))).put("encoding", "base64");
      }
      writeLine(body, line);
    }
    return postCommit(repo, revision, body.toByteArray());
  }

  /**
   * Deletes files from a repository in one commit.
   *
   * @param repo the repository
   * @param revision the branch, such as {@code main}
   * @param summary the commit message
   * @param paths the paths of the files to delete
   * @return the commit
   */
  public CommitResult deleteFiles(RepoId repo, String revision, String summary, List<String> paths) {
    Objects.requireNonNull(summary, "summary");
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("deleteFiles needs at least one path");
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    ObjectNode header = Json.object();
    header.put("key", "header").putObject("value").put("summary", summary).put("description", "");
    writeLine(body, header);
    for (String path : paths) {
      ObjectNode line = Json.object();
      line.put("key", "deletedFile").putObject("value").put("path", path);
      writeLine(body, line);
    }
    return postCommit(repo, revision, body.toByteArray());
  }

  private CommitResult postCommit(RepoId repo, String revision, byte[] body) {
    String path = repo.apiPath() + "/commit/" + HttpTransport.encode(revision);
    // a commit whose answer was lost is not sent again (it could commit twice); 429 and 503 say nothing was done
    return onRepo(repo, () -> transport.call(ApiRequest.post(path)
        .body(RequestBody.create(body, NDJSON), false).retriedAfter(429, 503).build(), json -> new CommitResult(
            Json.text(json, "commitOid").orElseThrow(
                () -> new IllegalArgumentException("the commit answer has no commitOid")),
            Json.text(json, "commitUrl").orElse(""), Json.text(json, "pullRequestUrl"), Json.raw(json))));
  }

  /** Asks the Hub how each file is to be uploaded; files it says to ignore are left out of the map. */
  private Map<String, String> preupload(RepoId repo, String revision, List<CommitFile> files) {
    Map<String, String> modes = new LinkedHashMap<>();
    String path = repo.apiPath() + "/preupload/" + HttpTransport.encode(revision);
    for (int from = 0; from < files.size(); from += PREUPLOAD_BATCH) {
      List<CommitFile> batch = files.subList(from, Math.min(files.size(), from + PREUPLOAD_BATCH));
      ObjectNode body = Json.object();
      ArrayNode list = body.putArray("files");
      for (CommitFile file : batch) {
        list.addObject().put("path", file.pathInRepo()).put("size", size(file.source()))
            .put("sample", Base64.getEncoder().encodeToString(sample(file.source())));
      }
      JsonNode json = onRepo(repo, () -> transport.json(ApiRequest.post(path).json(body).build()));
      for (JsonNode answer : json.path("files")) {
        if (answer.path("shouldIgnore").asBoolean(false)) {
          continue;
        }
        String filePath = answer.path("path").asText();
        modes.put(filePath, "lfs".equals(answer.path("uploadMode").asText()) ? "lfs" : "regular");
      }
    }
    for (CommitFile file : files) {
      if (size(file.source()) == 0 && modes.containsKey(file.pathInRepo())) {
        modes.put(file.pathInRepo(), "regular"); // LFS rejects empty files
      }
    }
    return modes;
  }

  private void uploadLfs(RepoId repo, String revision, List<CommitFile> files, Map<String, String> shas) {
    ObjectNode body = Json.object().put("operation", "upload");
    body.putArray("transfers").add("basic").add("multipart");
    ArrayNode objects = body.putArray("objects");
    Map<String, CommitFile> byOid = new LinkedHashMap<>();
    for (CommitFile file : files) {
      String oid = shas.get(file.pathInRepo());
      if (byOid.putIfAbsent(oid, file) == null) {
        objects.addObject().put("oid", oid).put("size", size(file.source()));
      }
    }
    body.put("hash_algo", "sha256");
    body.putObject("ref").put("name", revision);
    String path = repo.webPath() + ".git/info/lfs/objects/batch";
    JsonNode json = onRepo(repo, () -> transport.json(ApiRequest.post(path)
        .header("Accept", LFS_JSON.toString())
        .body(RequestBody.create(body.toString().getBytes(StandardCharsets.UTF_8), LFS_JSON), true)
        .build()));
    for (JsonNode object : json.path("objects")) {
      String oid = object.path("oid").asText();
      CommitFile file = byOid.get(oid);
      if (file == null) {
        continue;
      }
      if (object.has("error")) {
        throw new FineTuningException("huggingface: the Hub refused to store " + file.pathInRepo() + " with LFS: "
            + object.path("error").path("message").asText("error " + object.path("error").path("code").asText()));
      }
      JsonNode actions = object.path("actions");
      JsonNode upload = actions.path("upload");
      if (!upload.isObject()) {
        LOG.debug("huggingface: {} is already stored, not uploading it", file.pathInRepo());
        continue;
      }
      JsonNode headers = upload.path("header");
      if (headers.has("chunk_size")) {
        uploadParts(file, oid, upload);
      } else {
        ApiRequest.Builder put = ApiRequest.put(upload.path("href").asText())
            .body(ApiRequest.fileBody(file.source(), "application/octet-stream"), true)
            .withoutAuthentication();
        headers.properties().forEach(h -> put.header(h.getKey(), h.getValue().asText()));
        transport.execute(put.build());
      }
      JsonNode verify = actions.path("verify");
      if (verify.isObject()) {
        ApiRequest.Builder post = ApiRequest.post(verify.path("href").asText())
            .header("Accept", LFS_JSON.toString())
            .body(RequestBody.create(Json.object().put("oid", oid).put("size", size(file.source())).toString()
                .getBytes(StandardCharsets.UTF_8), LFS_JSON), true);
        verify.path("header").properties().forEach(h -> post.header(h.getKey(), h.getValue().asText()));
        transport.execute(post.build());
      }
    }
  }

  private void uploadParts(CommitFile file, String oid, JsonNode upload) {
    JsonNode headers = upload.path("header");
    long chunk;
    try {
      chunk = Long.parseLong(headers.path("chunk_size").asText());
    } catch (NumberFormatException e) {
      chunk = 0;
    }
    if (chunk <= 0) {
      throw invalidBatch("the Hub asked for parts of " + headers.path("chunk_size").asText() + " bytes for "
          + file.pathInRepo() + "; a part size must be a positive whole number");
    }
    long size = size(file.source());
    List<String> keys = new ArrayList<>();
    for (Iterator<String> names = headers.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (name.matches("\\d{1,9}")) { // part numbers; longer digit strings are not parts
        keys.add(name);
      }
    }
    keys.sort((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
    long expected = (size + chunk - 1) / chunk;
    if (keys.size() != expected) {
      throw invalidBatch("the Hub gave " + keys.size() + " part URLs for " + file.pathInRepo() + " but " + size
          + " bytes in parts of " + chunk + " make " + expected);
    }
    ObjectNode completion = Json.object().put("oid", oid);
    ArrayNode parts = completion.putArray("parts");
    for (int i = 0; i < keys.size(); i++) {
      long offset = i * chunk;
      long length = Math.min(chunk, size - offset);
      ApiResponse response = transport.execute(ApiRequest.put(headers.path(keys.get(i)).asText())
          .body(ApiRequest.fileRegion(file.source(), offset, length), true)
          .withoutAuthentication().build());
      int partNumber = Integer.parseInt(keys.get(i));
      String etag = response.header("ETag").orElseThrow(() -> response.invalidAnswer(
          "part " + partNumber + " of " + file.pathInRepo() + " was stored without an ETag"));
      parts.addObject().put("partNumber", partNumber).put("etag", etag);
    }
    transport.execute(ApiRequest.post(upload.path("href").asText())
        .header("Accept", LFS_JSON.toString())
        .body(RequestBody.create(completion.toString().getBytes(StandardCharsets.UTF_8), LFS_JSON), true)
        .withoutAuthentication().build());
  }

  /** An LFS batch answer that cannot be followed. */
  private static InvalidResponseException invalidBatch(String message) {
    return new InvalidResponseException(new ApiErrorDetails(HuggingFace.PROVIDER, "POST", "lfs/objects/batch", 200,
        message, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), ""), null);
  }

  /** Runs a call on a repository, turning the Hub's ambiguous 401 into "not found". */
  <T> T onRepo(RepoId repo, Supplier<T> call) {
    try {
      return call.get();
    } catch (AuthenticationException e) {
      if (HubErrorParser.isBadCredentials(e.getMessage())) {
        throw e;
      }
      throw new NotFoundException(new ApiErrorDetails(e.provider(), "", repo.toString(), e.statusCode(),
          "repository " + repo + " does not exist or this token may not access it (the Hub answers 401 for both)",
          Optional.of(e.code().orElse("RepoNotFound")), e.type(), e.param(), e.requestId(), Optional.empty(),
          e.body()));
    }
  }

  private static void writeLine(ByteArrayOutputStream out, JsonNode line) {
    out.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
    out.write('\n');
  }

  private static Optional<Instant> instant(String text) {
    try {
      return Optional.of(Instant.parse(text));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new LocalIoException("cannot read " + file + ": " + e.getMessage(), null, e);
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new LocalIoException("cannot read " + file + ": " + e.getMessage(), null, e);
    }
  }

  private static byte[] sample(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(SAMPLE_BYTES);
    } catch (IOException e) {
      throw new LocalIoException("cannot read " + file + ": " + e.getMessage(), null, e);
    }
  }

  static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new LocalIoException("cannot read " + file + ": " + e.getMessage(), null, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
