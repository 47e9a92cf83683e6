package dev.finetune4j.azure;

import dev.finetune4j.testsupport.HostileServer;
import dev.finetune4j.testsupport.SmallHeapProbe;
import org.junit.jupiter.api.Test;

/**
 * Hostile answers against an Azure OpenAI client in a child JVM limited to a 256 MB heap: a job that is a 200 MB
 * string field, a gzip bomb (300 MB inflated), 4 million object fields (over the size cap) or 3 million (under it,
 * over the token cap). Each ends in {@code InvalidResponseException}, never in an {@link OutOfMemoryError}. The
 * answers are generated while they are sent, so this JVM holds none of them.
 */
class HostileAnswersInASmallHeapTest {
  @Test
  void hostileAnswersEndInTypedErrorsNotOutOfMemoryInA256MegabyteHeap() {
    try (HostileServer server = HostileServer.start().serveJsonAnswers("/openai/v1/fine_tuning/jobs/")) {
      SmallHeapProbe.assertJsonAnswersRefused(SmallHeapProbe.run(HostileAnswersProbe.class, server.url()));
    }
  }
}
