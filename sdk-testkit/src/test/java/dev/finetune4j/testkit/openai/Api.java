package dev.finetune4j.testkit.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** A tiny OpenAI client for the tests: plain OkHttp and Jackson. */
final class Api {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  record Reply(int code, Headers headers, byte[] bytes) {
    JsonNode json() {
      try {
        return JSON.readTree(bytes);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private final OkHttpClient client = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
  private final String baseUrl;
  private final String key;

  Api(String baseUrl, String key) {
    this.baseUrl = baseUrl;
    this.key = key;
  }

  Api(OpenAiEmulator emulator) {
    this(emulator.baseUrl(), emulator.apiKey());
  }

  Reply call(String method, String path, RequestBody body) throws IOException {
    Request.Builder b = new Request.Builder().url(baseUrl + path).method(method, body);
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    try (Response r = client.newCall(b.build()).execute()) {
      return new Reply(r.code(), r.headers(), r.body().bytes());
    }
  }

  Reply send(String method, String path, String json) {
    try {
      return call(method, path, json == null ? (method.equals("POST") ? RequestBody.create(new byte[0]) : null)
          : RequestBody.create(json, JSON_TYPE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JsonNode ok(Reply reply) {
    if (reply.code() / 100 != 2) {
      throw new AssertionError("expected 2xx, got " + reply.code() + ": " + reply.text());
    }
    return reply.json();
  }

  JsonNode get(String path) {
    return ok(send("GET", path, null));
  }

  JsonNode post(String path, String json) {
    return ok(send("POST", path, json));
  }

  JsonNode post(String path, Object body) {
    try {
      return post(path, JSON.writeValueAsString(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Reply upload(String filename, byte[] content, String purpose) {
    MultipartBody.Builder body = new MultipartBody.Builder().setType(MultipartBody.FORM)
        .addFormDataPart("purpose", purpose);
    if (filename == null) {
      body.addFormDataPart("file", new String(content, StandardCharsets.UTF_8));
    } else {
      body.addFormDataPart("file", filename, RequestBody.create(content, MediaType.get("application/octet-stream")));
    }
    try {
      return call("POST", "/files", body.build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String uploadTraining(String content) {
    return ok(upload("train.jsonl", content.getBytes(StandardCharsets.UTF_8), "fine-tune")).path("id").asText();
  }

  JsonNode addPart(String uploadId, byte[] data) {
    MultipartBody body = new MultipartBody.Builder().setType(MultipartBody.FORM)
        .addFormDataPart("data", "blob", RequestBody.create(data, MediaType.get("application/octet-stream")))
        .build();
    try {
      return ok(call("POST", "/uploads/" + uploadId + "/parts", body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
