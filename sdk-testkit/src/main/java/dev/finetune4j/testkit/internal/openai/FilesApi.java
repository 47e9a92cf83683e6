package dev.finetune4j.testkit.internal.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.testkit.ReceivedRequest;
import dev.finetune4j.testkit.internal.Multipart;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Files API and Uploads API. */
final class FilesApi {

  private static final Set<String> FILE_PURPOSES =
      Set.of("assistants", "batch", "fine-tune", "vision", "user_data", "evals");
  private static final Set<String> UPLOAD_PURPOSES = Set.of("assistants", "batch", "fine-tune", "vision");
  private static final long MAX_UPLOAD_BYTES = 8L * 1024 * 1024 * 1024;

  /** A stored file. */
  static final class StoredFile {
    final String id;
    final byte[] content;
    final long createdAt;
    final String filename;
    final String purpose;
    final Long expiresAt;

    StoredFile(String id, byte[] content, long createdAt, String filename, String purpose, Long expiresAt) {
      this.id = id;
      this.content = content;
      this.createdAt = createdAt;
      this.filename = filename;
      this.purpose = purpose;
      this.expiresAt = expiresAt;
    }

    ObjectNode toJson() {
      ObjectNode o = OpenAiApi.object();
      o.put("id", id);
      o.put("object", "file");
      o.put("bytes", content.length);
      o.put("created_at", createdAt);
      if (expiresAt == null) {
        o.putNull("expires_at");
      } else {
        o.put("expires_at", expiresAt);
      }
      o.put("filename", filename);
      o.put("purpose", purpose);
      o.put("status", "processed");
      o.putNull("status_details");
      return o;
    }
  }

  private static final class Upload {
    final String id;
    final long createdAt;
    final long expiresAt;
    final String filename;
    final String purpose;
    final long bytes;
    final String mimeType;
    final Map<String, byte[]> parts = new LinkedHashMap<>();
    String status = "pending";
    StoredFile file;

    Upload(String id, long createdAt, String filename, String purpose, long bytes, String mimeType) {
      this.id = id;
      this.createdAt = createdAt;
      this.expiresAt = createdAt + 3600;
      this.filename = filename;
      this.purpose = purpose;
      this.bytes = bytes;
      this.mimeType = mimeType;
    }

    String status(long now) {
      return status.equals("pending") && now >= expiresAt ? "expired" : status;
    }
  }

  private final OpenAiApi api;
  private final Map<String, StoredFile> files = new LinkedHashMap<>();
  private final Map<String, Upload> uploads = new LinkedHashMap<>();

  FilesApi(OpenAiApi api) {
    this.api = api;
  }

  Optional<StoredFile> find(String id) {
    purgeExpired();
    return Optional.ofNullable(files.get(id));
  }

  /** Files whose {@code expires_at} has passed are deleted, as the service does. */
  private void purgeExpired() {
    long now = api.now();
    files.values().removeIf(f -> f.expiresAt != null && f.expiresAt <= now);
  }

  StoredFile store(byte[] content, String filename, String purpose) {
    StoredFile file = new StoredFile(api.ids.next("file-", 22), content, api.now(), filename, purpose, null);
    files.put(file.id, file);
    return file;
  }

  // ---------------------------------------------------------------- Files

  Optional<Reply> routeFiles(String method, List<String> s, ReceivedRequest request) {
    purgeExpired();
    if (s.size() == 1) {
      return switch (method) {
        case "POST" -> Optional.of(upload(request));
        case "GET" -> Optional.of(list(request));
        default -> Optional.empty();
      };
    }
    StoredFile file = files.get(s.get(1));
    if (s.size() == 2) {
      switch (method) {
        case "GET":
          return Optional.of(Reply.ok(existing(file, s.get(1)).toJson()));
        case "DELETE":
          existing(file, s.get(1));
          files.remove(file.id);
          ObjectNode deleted = OpenAiApi.object();
          deleted.put("id", file.id);
          deleted.put("object", "file");
          deleted.put("deleted", true);
          return Optional.of(Reply.ok(deleted));
        default:
          return Optional.empty();
      }
    }
    if (s.size() == 3 && s.get(2).equals("content") && method.equals("GET")) {
      return Optional.of(Reply.bytes(existing(file, s.get(1)).content.clone(),
          file.filename.endsWith(".csv") ? "text/csv" : "application/octet-stream"));
    }
    return Optional.empty();
  }

  private static StoredFile existing(StoredFile file, String id) {
    if (file == null) {
      throw ApiError.notFound("No such File object: " + id, "id");
    }
    return file;
  }

  private Reply upload(ReceivedRequest request) {
    Map<String, Multipart.Part> parts;
    try {
      parts = Multipart.parse(request.header("Content-Type").orElse(null), request.bodyBytes());
    } catch (IllegalArgumentException e) {
      throw ApiError.invalid("Invalid request: " + e.getMessage() + ". Uploads must be multipart/form-data.", null);
    }
    Multipart.Part purposePart = parts.get("purpose");
    if (purposePart == null) {
      throw new ApiError(400, "invalid_request_error", "Missing required parameter: 'purpose'.", "purpose",
          "missing_required_parameter");
    }
    String purpose = purposePart.text().trim();
    if (!FILE_PURPOSES.contains(purpose)) {
      throw ApiError.invalid("'" + purpose + "' is not one of ['fine-tune', 'assistants', 'batch', 'user_data',"
          + " 'vision', 'evals'] - 'purpose'", "purpose");
    }
    Multipart.Part filePart = parts.get("file");
    if (filePart == null || filePart.filename().isEmpty() || filePart.filename().get().isBlank()) {
      throw new ApiError(400, "invalid_request_error", "Missing required parameter: 'file'. The 'file' field must be a"
          + " file part with a filename.", "file", "missing_required_parameter");
    }
    String filename = filePart.filename().get();
    if (purpose.equals("fine-tune") && !filename.toLowerCase(java.util.Locale.ROOT).endsWith(".jsonl")) {
      throw ApiError.invalid("Invalid file format for Fine-Tuning API. Must be .jsonl", "file");
    }
    if (filePart.content().length > 512L * 1024 * 1024) {
      throw ApiError.invalid("File is too large: the maximum size is 512 MB; use the Uploads API.", "file");
    }
    Long expiresAt = null;
    if (parts.containsKey("expires_after[seconds]")) {
      long seconds;
      try {
        seconds = Long.parseLong(parts.get("expires_after[seconds]").text().trim());
      } catch (NumberFormatException e) {
        throw ApiError.invalid("Invalid 'expires_after[seconds]': expected an integer.", "expires_after[seconds]");
      }
      if (seconds < 3600 || seconds > 2_592_000) {
        throw ApiError.invalid("Invalid 'expires_after[seconds]': expected a value between 3600 and 2592000, but got "
            + seconds + " instead.", "expires_after[seconds]");
      }
      expiresAt = api.now() + seconds;
    }
    StoredFile file = new StoredFile(api.ids.next("file-", 22), filePart.content(), api.now(), filename, purpose,
        expiresAt);
    files.put(file.id, file);
    return Reply.ok(file.toJson());
  }

  private Reply list(ReceivedRequest request) {
    int limit = OpenAiApi.limit(request, 10_000, 10_000);
    boolean ascending = OpenAiApi.ascending(request, false, "asc", "desc");
    Optional<String> purpose = request.queryParameter("purpose");
    List<StoredFile> ordered = new ArrayList<>();
    for (StoredFile f : files.values()) {
      if (purpose.isEmpty() || purpose.get().equals(f.purpose)) {
        ordered.add(f);
      }
    }
    if (!ascending) {
      java.util.Collections.reverse(ordered);
    }
    return Reply.ok(OpenAiApi.page(ordered, f -> f.id, StoredFile::toJson, request, limit, true));
  }

  // ---------------------------------------------------------------- Uploads

  Optional<Reply> routeUploads(String method, List<String> s, ReceivedRequest request) {
    if (!method.equals("POST")) {
      return Optional.empty();
    }
    if (s.size() == 1) {
      return Optional.of(createUpload(OpenAiApi.json(request)));
    }
    if (s.size() != 3) {
      return Optional.empty();
    }
    Upload upload = uploads.get(s.get(1));
    if (upload == null) {
      throw ApiError.notFound("No such Upload object: " + s.get(1), "upload_id");
    }
    return switch (s.get(2)) {
      case "parts" -> Optional.of(addPart(upload, request));
      case "complete" -> Optional.of(complete(upload, OpenAiApi.json(request)));
      case "cancel" -> Optional.of(cancel(upload));
      default -> Optional.empty();
    };
  }

  private Reply createUpload(JsonNode body) {
    String filename = OpenAiApi.requiredString(body, "filename");
    String purpose = OpenAiApi.requiredString(body, "purpose");
    String mimeType = OpenAiApi.requiredString(body, "mime_type");
    JsonNode bytes = body.get("bytes");
    if (bytes == null || bytes.isNull()) {
      throw new ApiError(400, "invalid_request_error", "Missing required parameter: 'bytes'.", "bytes",
          "missing_required_parameter");
    }
    if (!bytes.isIntegralNumber() || bytes.asLong() < 0) {
      throw ApiError.invalid("Invalid 'bytes': expected a non-negative integer.", "bytes");
    }
    if (bytes.asLong() > MAX_UPLOAD_BYTES) {
      throw ApiError.invalid("Invalid 'bytes': an Upload can hold at most 8 GB, but " + bytes.asLong()
          + " bytes were declared.", "bytes");
    }
    if (!UPLOAD_PURPOSES.contains(purpose)) {
      throw ApiError.invalid("'" + purpose + "' is not one of ['assistants', 'batch', 'fine-tune', 'vision'] -"
          + " 'purpose'", "purpose");
    }
    Upload upload = new Upload(api.ids.nextHex("upload_", 32), api.now(), filename, purpose, bytes.asLong(),
        mimeType);
    uploads.put(upload.id, upload);
    return Reply.ok(uploadJson(upload));
  }

  private Reply addPart(Upload upload, ReceivedRequest request) {
    requirePending(upload, "add parts to");
    Map<String, Multipart.Part> parts;
    try {
      parts = Multipart.parse(request.header("Content-Type").orElse(null), request.bodyBytes());
    } catch (IllegalArgumentException e) {
      throw ApiError.invalid("Invalid request: " + e.getMessage() + ". Parts must be multipart/form-data.", "data");
    }
    Multipart.Part data = parts.get("data");
    if (data == null) {
      throw new ApiError(400, "invalid_request_error", "Missing required parameter: 'data'.", "data",
          "missing_required_parameter");
    }
    if (data.content().length > 64 * 1024 * 1024) {
      throw ApiError.invalid("Invalid 'data': a part can be at most 64 MB.", "data");
    }
    String id = api.ids.nextHex("part_", 32);
    upload.parts.put(id, data.content());
    ObjectNode part = OpenAiApi.object();
    part.put("id", id);
    part.put("object", "upload.part");
    part.put("created_at", api.now());
    part.put("upload_id", upload.id);
    return Reply.ok(part);
  }

  private Reply complete(Upload upload, JsonNode body) {
    requirePending(upload, "complete");
    JsonNode partIds = body.get("part_ids");
    if (partIds == null || partIds.isNull()) {
      throw new ApiError(400, "invalid_request_error", "Missing required parameter: 'part_ids'.", "part_ids",
          "missing_required_parameter");
    }
    if (!partIds.isArray()) {
      throw ApiError.invalid("Invalid type for 'part_ids': expected an array of strings.", "part_ids");
    }
    ByteArrayOutputStream assembled = new ByteArrayOutputStream();
    for (JsonNode partId : partIds) {
      byte[] part = upload.parts.get(partId.asText());
      if (part == null) {
        throw ApiError.invalid("Invalid 'part_ids': part '" + partId.asText() + "' does not belong to upload "
            + upload.id + ".", "part_ids");
      }
      assembled.writeBytes(part);
    }
    byte[] content = assembled.toByteArray();
    if (content.length != upload.bytes) {
      throw ApiError.invalid("The uploaded parts add up to " + content.length + " bytes, but the upload was created"
          + " with bytes=" + upload.bytes + ".", "part_ids");
    }
    Optional<String> md5 = OpenAiApi.optionalString(body, "md5");
    if (md5.isPresent() && !md5.get().equalsIgnoreCase(md5(content))) {
      throw ApiError.invalid("The md5 checksum " + md5.get() + " does not match the uploaded content ("
          + md5(content) + ").", "md5");
    }
    upload.file = store(content, upload.filename, upload.purpose);
    upload.status = "completed";
    return Reply.ok(uploadJson(upload));
  }

  private Reply cancel(Upload upload) {
    requirePending(upload, "cancel");
    upload.status = "cancelled";
    return Reply.ok(uploadJson(upload));
  }

  private void requirePending(Upload upload, String action) {
    String status = upload.status(api.now());
    if (!status.equals("pending")) {
      throw ApiError.invalid("Cannot " + action + " upload " + upload.id + ": its status is '" + status
          + "', not 'pending'.", null);
    }
  }

  private ObjectNode uploadJson(Upload upload) {
    ObjectNode o = OpenAiApi.object();
    o.put("id", upload.id);
    o.put("object", "upload");
    o.put("bytes", upload.bytes);
    o.put("created_at", upload.createdAt);
    o.put("expires_at", upload.expiresAt);
    o.put("filename", upload.filename);
    o.put("purpose", upload.purpose);
    o.put("status", upload.status(api.now()));
    if (upload.file == null) {
      o.putNull("file");
    } else {
      o.set("file", upload.file.toJson());
    }
    return o;
  }

  static String md5(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 not available", e);
    }
  }
}
