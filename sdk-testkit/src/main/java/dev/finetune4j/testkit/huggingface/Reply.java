package dev.finetune4j.testkit.huggingface;

import java.util.LinkedHashMap;
import java.util.Map;
import mockwebserver3.MockResponseBody;

/**
 * A successful answer: a status, headers, and a JSON-writable body, raw bytes, or a streamed body.
 */
final class Reply {

  final int status;
  final Object json;
  final byte[] bytes;
  String contentType;
  final MockResponseBody stream;
  final Map<String, String> headers = new LinkedHashMap<>();

  private Reply(int status, Object json, byte[] bytes, String contentType, MockResponseBody stream) {
    this.status = status;
    this.json = json;
    this.bytes = bytes;
    this.contentType = contentType;
    this.stream = stream;
  }

  static Reply ok(Object json) {
    return new Reply(200, json, null, "application/json", null);
  }

  static Reply json(int status, Object json) {
    return new Reply(status, json, null, "application/json", null);
  }

  static Reply bytes(int status, byte[] bytes, String contentType) {
    return new Reply(status, null, bytes, contentType, null);
  }

  static Reply empty(int status) {
    return new Reply(status, null, new byte[0], "text/plain", null);
  }

  static Reply stream(MockResponseBody body, String contentType) {
    return new Reply(200, null, null, contentType, body);
  }

  Reply contentType(String type) {
    this.contentType = type;
    return this;
  }

  Reply header(String name, String value) {
    headers.put(name, value);
    return this;
  }
}
