package dev.finetune4j.testkit.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** A thin OkHttp client for the emulator tests: plain HTTP, no SDK. */
final class HfClient {

  static final ObjectMapper JSON = new ObjectMapper();
  static final MediaType JSON_TYPE = MediaType.get("application/json");

  /** A buffered response. */
  record Result(int code, String body, okhttp3.Headers headers) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String header(String name) {
      return headers.get(name);
    }
  }

  final HuggingFaceEmulator emulator;
  final OkHttpClient http;
  String token;

  HfClient(HuggingFaceEmulator emulator) {
    this.emulator = emulator;
    this.token = emulator.token();
    this.http = new OkHttpClient.Builder().retryOnConnectionFailure(false).followRedirects(false).build();
  }

  Request.Builder request(String pathOrUrl) {
    String url = pathOrUrl.startsWith("http") ? pathOrUrl : emulator.hubUrl() + pathOrUrl;
    Request.Builder b = new Request.Builder().url(url);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  Result call(Request request) {
    try (Response r = http.newCall(request).execute()) {
      return new Result(r.code(), r.body().string(), r.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Result get(String path) {
    return call(request(path).get().build());
  }

  Result post(String path, Object json) {
    return call(request(path).post(body(json)).build());
  }

  Result put(String path, Object json) {
    return call(request(path).put(body(json)).build());
  }

  Result delete(String path, Object json) {
    return call(request(path).delete(body(json)).build());
  }

  static RequestBody body(Object json) {
    try {
      return RequestBody.create(json instanceof String s ? s : JSON.writeValueAsString(json), JSON_TYPE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Result commit(String repoPath, List<Object> lines) {
    StringBuilder ndjson = new StringBuilder();
    try {
      for (Object line : lines) {
        ndjson.append(JSON.writeValueAsString(line)).append('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return call(request("/api/" + repoPath + "/commit/main")
        .post(RequestBody.create(ndjson.toString(), MediaType.get("application/x-ndjson"))).build());
  }

  static Object header(String summary) {
    return java.util.Map.of("key", "header", "value", java.util.Map.of("summary", summary, "description", ""));
  }

  static Object file(String path, String content) {
    return java.util.Map.of("key", "file", "value", java.util.Map.of("path", path, "encoding", "base64",
        "content", Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8))));
  }

  static Object lfsFile(String path, String oid, long size) {
    return java.util.Map.of("key", "lfsFile", "value", java.util.Map.of("path", path, "algo", "sha256", "oid", oid,
        "size", size));
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  Result createRepo(String name, String type) {
    return post("/api/repos/create", java.util.Map.of("name", name, "type", type, "private", true));
  }
}
