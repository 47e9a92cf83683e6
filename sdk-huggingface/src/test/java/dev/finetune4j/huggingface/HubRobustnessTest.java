package dev.finetune4j.huggingface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.error.InvalidResponseException;
import dev.finetune4j.error.TransportException;
import dev.finetune4j.huggingface.internal.HubErrorParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hub answers that used to escape the exception hierarchy, and the commit's retries. */
class HubRobustnessTest extends WireTestSupport {
  @TempDir
  Path dir;

  private Path smallFile() throws Exception {
    Path file = Files.writeString(dir.resolve("train.jsonl"), "{\"a\":1}\n");
    enqueueJson("{\"files\":[{\"path\":\"train.jsonl\",\"uploadMode\":\"regular\",\"shouldIgnore\":false}]}");
    return file;
  }

  @Test
  void aCommitIsRetriedAfter503And429() throws Exception {
    Path file = smallFile();
    server.enqueue(new MockResponse.Builder().code(503).body("{\"error\":\"busy\"}").build());
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "1").body("{}").build());
    enqueueJson("{\"commitOid\":\"c0ffee\",\"commitUrl\":\"u\"}");

    CommitResult commit = hf.hub().commit(RepoId.dataset("alice/d"), "main", "Add data",
        List.of(new CommitFile("train.jsonl", file)));

    assertThat(commit.commitOid()).isEqualTo("c0ffee");
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void aCommitWhoseAnswerWasLostIsNotSentAgain() throws Exception {
    Path file = smallFile();
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
    enqueueJson("{\"commitOid\":\"second\",\"commitUrl\":\"u\"}");

    assertThatThrownBy(() -> hf.hub().commit(RepoId.dataset("alice/d"), "main", "Add data",
        List.of(new CommitFile("train.jsonl", file)))).isInstanceOf(TransportException.class);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aCommitAnswerWithoutItsOidIsAnInvalidResponse() throws Exception {
    Path file = smallFile();
    enqueueJson("{}");

    assertThatThrownBy(() -> hf.hub().commit(RepoId.dataset("alice/d"), "main", "Add data",
        List.of(new CommitFile("train.jsonl", file)))).isInstanceOf(InvalidResponseException.class);
  }

  /** Queues a preupload answer and an LFS batch that asks for one file of 21 bytes in parts of chunkSize. */
  private Path multipartBatchOfOnePart(String chunkSize) throws Exception {
    Path file = Files.write(dir.resolve("w.bin"), new byte[21]);
    String sha = Hub.sha256(file);
    enqueueJson("{\"files\":[{\"path\":\"w.bin\",\"uploadMode\":\"lfs\"}]}");
    enqueueJson("{\"transfer\":\"multipart\",\"objects\":[{\"oid\":\"" + sha + "\",\"size\":21,\"actions\":{\"upload\":"
        + "{\"href\":\"" + server.url("/done") + "\",\"header\":{\"chunk_size\":\"" + chunkSize + "\",\"00001\":\""
        + server.url("/p1") + "\"}}}}]}");
    return file;
  }

  @Test
  void anLfsPartSizeOfZeroIsAnInvalidResponseNotADivisionByZero() throws Exception {
    Path file = multipartBatchOfOnePart("0");

    assertThatThrownBy(() -> hf.hub().commit(RepoId.model("alice/m"), "main", "s",
        List.of(new CommitFile("w.bin", file))))
        .isInstanceOf(InvalidResponseException.class).hasMessageContaining("part size");
  }

  @Test
  void anLfsPartStoredWithoutAnEtagIsAnInvalidResponseNamingThePart() throws Exception {
    Path file = multipartBatchOfOnePart("21");
    enqueueJson("");

    assertThatThrownBy(() -> hf.hub().commit(RepoId.model("alice/m"), "main", "s",
        List.of(new CommitFile("w.bin", file))))
        .isInstanceOf(InvalidResponseException.class)
        .hasMessageContaining("part 1 of w.bin was stored without an ETag").hasMessageContaining("PUT /p1");
  }

  @Test
  void aRateLimitHeaderWithAHugeResetIsCappedNotANumberFormatException() {
    assertThat(HubErrorParser.rateLimitWait("\"api\";r=0;t=99999999999999999999999999"))
        .contains(Duration.ofSeconds(86_401));
    assertThat(HubErrorParser.rateLimitWait("\"api\";r=99999999999999999999999;t=5")).isEmpty();
    assertThat(HubErrorParser.rateLimitWait("\"api\";r=0;t=9223372036854775807")).contains(Duration.ofSeconds(86_401));
  }
}
