package dev.finetune4j.openai;

import dev.finetune4j.testsupport.HostileServer;
import dev.finetune4j.testsupport.SmallHeapProbe;
import org.junit.jupiter.api.Test;

/**
 * Hostile answers against an OpenAI client in a child JVM limited to a 256 MB heap: a job that is a 200 MB string
 * field, a gzip bomb (300 MB inflated), 4 million object fields (over the size cap) or 3 million (under it, over
 * the token cap), and a file whose content, read with {@link dev.finetune4j.dataset.JsonlReader}, is one 200 MB line
 * without a newline. The jobs end in {@code InvalidResponseException}, the file in one line skipped unread as
 * {@code LINE_TOO_LONG}; nothing in an {@link OutOfMemoryError}. The answers are generated while they are sent.
 */
class HostileAnswersInASmallHeapTest {
  @Test
  void hostileAnswersEndInTypedErrorsNotOutOfMemoryInA256MegabyteHeap() {
    try (HostileServer server = HostileServer.start().serveJsonAnswers("/v1/fine_tuning/jobs/")
        .serve("/v1/files/line/content", HostileServer.unendedLine("{\"text\":\"", 200 * HostileServer.MB))) {
      String printed = SmallHeapProbe.run(HostileAnswersProbe.class, server.url());

      SmallHeapProbe.assertJsonAnswersRefused(printed);
      SmallHeapProbe.assertLine(printed,
          "200 MB file line -> read 1 line\\(s\\): LINE_TOO_LONG \\(0 characters\\)");
    }
  }
}
