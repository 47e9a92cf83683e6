package dev.finetune4j.testkit.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.testkit.ReceivedRequest;
import dev.finetune4j.testkit.internal.Ids;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The Hub's Git LFS storage: the object store and which repository each object was uploaded to, the batch API, the
 * presigned single-part and multipart uploads it hands out, verify, and the storage download URL. Access to the
 * repository is checked by the caller. Called under the emulator's lock.
 */
final class LfsStorage {

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
  private final Supplier<String> base;
  private final Ids ids;
  private final Map<String, byte[]> lfsStore = new HashMap<>();
  private final Map<String, Set<String>> repoLfs = new HashMap<>();
  private final Map<String, Upload> uploads = new HashMap<>();

  LfsStorage(Settings settings, Supplier<String> base, Ids ids) {
    this.settings = settings;
    this.base = base;
    this.ids = ids;
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

  /**
   * Where stored LFS objects are downloaded from: the emulator itself under the host name {@code localhost}, so that
   * clients treat it as the separate storage host the Hub redirects to (they keep the Hub's headers from the redirect
   * and do not send their token there).
   */
  static String cdnBase(String hubUrl) {
    return hubUrl.replaceFirst("^http://127\\.0\\.0\\.1([:/]|$)", "http://localhost$1");
  }

  /** The bytes of a file at a commit, following LFS pointers. */
  byte[] read(Repo.Entry entry) {
    return entry.isLfs() ? lfsStore.getOrDefault(entry.lfsOid(), new byte[0]) : entry.content();
  }

  /** Whether a batch call asks to download, which needs read access only (uploads need write access). */
  static boolean isDownload(JsonNode batch) {
    return "download".equals(Maps.text(batch, "operation"));
  }

  /** The batch API for a repository the caller may read (download) or write (upload). */
  Reply batch(Repo repo, JsonNode body) {
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
          answer.put("actions", Maps.of("download", Maps.of("href", cdnBase(base.get()) + "/lfs-cdn/" + oid
              + "?X-Amz-Signature=" + Hashes.sha1(oid).substring(0, 32), "expires_in", 3600)));
        } else {
          answer.put("error", Maps.of("code", 404, "message", "Object does not exist"));
        }
        continue;
      }
      answer.put("authenticated", true);
      if (lfsStore.containsKey(oid) && lfsStore.get(oid).length == size) {
        link(repo, oid);
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

  /** S3's answer to a presigned URL called with the Hub token as well. */
  private static Reply tokenNotAllowed() {
    return s3Error(403, "AccessDenied", "Only one auth mechanism allowed; only the X-Amz-Algorithm query "
        + "parameter, Signature query string parameter or the Authorization header should be specified");
  }

  private static Reply s3Error(int status, String code, String message) {
    return Reply.bytes(status, ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>"
        + message + "</Message></Error>").getBytes(StandardCharsets.UTF_8), "application/xml");
  }

  /** The presigned single-part upload: must come without the Hub token. */
  Reply basicUpload(ReceivedRequest request, String uploadId) {
    if (carriesHfToken(request)) {
      return tokenNotAllowed();
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
      return tokenNotAllowed();
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

  /** The verify call after an upload, for a repository the caller may write to. */
  Reply verify(Repo repo, JsonNode body) {
    String oid = Maps.text(body, "oid");
    long size = body.path("size").asLong(-1);
    if (!holds(repo, oid, size)) {
      throw HfError.notFound("Object " + oid + " (size " + size + ") was not uploaded");
    }
    return Reply.ok(Maps.of("success", true)).contentType("application/vnd.git-lfs+json");
  }

  /** Whether the object with this oid and size was uploaded to (or committed in) the repository. */
  boolean holds(Repo repo, String oid, long size) {
    byte[] stored = oid == null ? null : lfsStore.get(oid);
    return stored != null && stored.length == size
        && repoLfs.getOrDefault(Repo.key(repo.type, repo.id()), Set.of()).contains(oid);
  }

  /** Stores content written by the emulator itself (a job pushing its model) for the repository; returns its oid. */
  String put(Repo repo, byte[] content) {
    String oid = Hashes.sha256(content);
    store(repo, oid, content.clone());
    return oid;
  }

  /** Forgets which objects were uploaded to a deleted repository; the objects stay in the store. */
  void forget(Repo repo) {
    repoLfs.remove(Repo.key(repo.type, repo.id()));
  }

  private void store(Upload upload, byte[] content) {
    store(upload.repo, upload.oid, content);
  }

  private void store(Repo repo, String oid, byte[] content) {
    lfsStore.put(oid, content);
    link(repo, oid);
  }

  private void link(Repo repo, String oid) {
    repoLfs.computeIfAbsent(Repo.key(repo.type, repo.id()), k -> new HashSet<>()).add(oid);
  }
}
