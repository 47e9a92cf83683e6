package dev.finetune4j.testkit.huggingface;

import dev.finetune4j.testkit.ReceivedRequest;
import dev.finetune4j.testkit.VirtualClock;
import dev.finetune4j.testkit.internal.Ids;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The emulated Jobs API. */
final class JobsApi {

  JobsApi(Settings settings, VirtualClock clock, Supplier<String> base, Ids ids, Hub hub, Object lock,
      BooleanSupplier closed) {
  }

  void sync() {
  }

  Reply route(ReceivedRequest request, List<String> s) {
    throw HfError.notFound("Not Found");
  }
}
