package dev.finetune4j.testkit.internal.openai;

/** A successful answer of an endpoint: a status and either a JSON-writable body or raw bytes. */
record Reply(int status, Object json, byte[] bytes, String contentType) {

  static Reply ok(Object json) {
    return new Reply(200, json, null, "application/json");
  }

  static Reply created(Object json) {
    return new Reply(201, json, null, "application/json");
  }

  static Reply bytes(byte[] bytes, String contentType) {
    return new Reply(200, null, bytes, contentType);
  }
}
