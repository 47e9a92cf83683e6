package dev.finetune4j.testkit;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;

/** A minimal emulator for testing the shared infrastructure: counts handled requests and echoes them. */
final class EchoEmulator extends Emulator {

  final AtomicInteger handled = new AtomicInteger();

  EchoEmulator() {
    super(VirtualClock.manual());
  }

  @Override
  protected String basePath() {
    return "/api";
  }

  @Override
  protected MockResponse handle(ReceivedRequest request) {
    if (request.path().endsWith("/boom")) {
      throw new IllegalStateException("boom");
    }
    int count = handled.incrementAndGet();
    return jsonResponse(200, Map.of("handled", count, "path", request.path(), "body", request.body())).build();
  }

  @Override
  protected void addCommonHeaders(MockResponse.Builder response, ReceivedRequest request) {
    response.setHeader("x-request-id", "req_" + request.sequence());
  }
}
