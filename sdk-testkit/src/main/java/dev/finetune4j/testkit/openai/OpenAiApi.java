package dev.finetune4j.testkit.openai;

import dev.finetune4j.testkit.ReceivedRequest;
import dev.finetune4j.testkit.VirtualClock;
import dev.finetune4j.testkit.internal.Ids;

/** The emulated API's state and endpoints. Called one request at a time. */
final class OpenAiApi {

  private final VirtualClock clock;
  private final Ids ids;
  private final String organization;

  OpenAiApi(VirtualClock clock, Ids ids, String organization) {
    this.clock = clock;
    this.ids = ids;
    this.organization = organization;
  }

  Reply route(ReceivedRequest request, String path) {
    throw ApiError.notFound("Invalid URL (" + request.method() + " /v1" + path + ")", null);
  }
}
