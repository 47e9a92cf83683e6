package dev.finetune4j.huggingface;

import dev.finetune4j.testsupport.HostileServer;
import dev.finetune4j.testsupport.SmallHeapProbe;
import org.junit.jupiter.api.Test;

/**
 * Hostile answers against a client in a child JVM limited to a 256 MB heap: a 200 MB string field, a gzip bomb
 * (300 MB inflated), 4 million object fields (over the size cap), 3 million (under it, over the token cap) and a
 * 200 MB log line without a newline. Each ends in a typed error (the log line in a snapshot whose line is cut to
 * its first mebicharacter), never in an {@link OutOfMemoryError}. The answers are generated while they are sent,
 * so this JVM holds none of them.
 */
class HostileAnswersInASmallHeapTest {
  private static final String JOB = "{\"id\":\"line\",\"createdAt\":\"2026-11-24T10:00:00.000Z\",\"dockerImage\":"
      + "\"huggingface/trl\",\"command\":[\"trl\",\"sft\"],\"status\":{\"stage\":\"RUNNING\"},"
      + "\"owner\":{\"name\":\"alice\"}}";

  @Test
  void hostileAnswersEndInTypedErrorsNotOutOfMemoryInA256MegabyteHeap() {
    try (HostileServer server = HostileServer.start().serveJsonAnswers("/api/jobs/alice/")
        .serve("/api/jobs/alice/line", HostileServer.text(JOB))
        .serve("/api/jobs/alice/line/logs",
            HostileServer.unendedLine("data: {\"data\":\"", 200 * HostileServer.MB))) {
      String printed = SmallHeapProbe.run(HostileAnswersProbe.class, server.url());

      SmallHeapProbe.assertJsonAnswersRefused(printed);
      SmallHeapProbe.assertLine(printed,
          "200 MB log line -> returned 1 event\\(s\\), the longest of 1048570 characters");
    }
  }
}
