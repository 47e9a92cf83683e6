package dev.finetune4j.testkit.huggingface;

import dev.finetune4j.testkit.ReceivedRequest;
import dev.finetune4j.testkit.VirtualClock;
import java.util.List;
import java.util.function.Supplier;

/** The emulated Inference Endpoints API. */
final class EndpointsApi {

  EndpointsApi(Settings settings, VirtualClock clock, Supplier<String> base, Hub hub, JobsApi jobs) {
  }

  void sync() {
  }

  Reply route(ReceivedRequest request, List<String> s) {
    throw HfError.notFound("Not Found");
  }

  Reply serve(ReceivedRequest request, List<String> s) {
    throw HfError.notFound("Not Found");
  }

  Reply router(ReceivedRequest request, List<String> s) {
    throw HfError.notFound("Not Found");
  }
}
