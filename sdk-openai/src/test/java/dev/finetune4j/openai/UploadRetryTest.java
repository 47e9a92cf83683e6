package dev.finetune4j.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.error.InvalidResponseException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A file upload whose answer was lost is found in the file list, not stored a second time. */
class UploadRetryTest extends WireTestSupport {
  private static final byte[] CONTENT = "{\"prompt\":\"a\",\"completion\":\"b\"}\n".getBytes(StandardCharsets.UTF_8);

  private static String file(String id, String name, long bytes, long createdAt) {
    return """
        {"object":"file","id":"%s","purpose":"fine-tune","filename":"%s","bytes":%d,"created_at":%d,
         "status":"processed"}""".formatted(id, name, bytes, createdAt);
  }

  private static String list(String... files) {
    return "{\"object\":\"list\",\"data\":[" + String.join(",", files) + "],\"has_more\":false}";
  }



  @Test
  void anUploadWhoseAnswerWasLostIsFoundInsteadOfStoredAgain() {
    long now = Instant.now().getEpochSecond();
    dropAnswer();
    enqueue(list(file("file-other", "train.jsonl", 999, now), file("file-mine", "train.jsonl", CONTENT.length, now)));

    OpenAiFile stored = client().files().upload(CONTENT, "train.jsonl");

    assertThat(stored.id()).isEqualTo("file-mine");
    assertThat(posts()).isEqualTo(1);
  }

  @Test
  void anUploadIsFoundWhenTheFileListLagsBehindItForTwoLookups() {
    long now = Instant.now().getEpochSecond();
    dropAnswer();
    enqueue(list());
    enqueue(list());
    enqueue(list(file("file-mine", "train.jsonl", CONTENT.length, now)));

    OpenAiFile stored = client().files().upload(CONTENT, "train.jsonl");

    assertThat(stored.id()).isEqualTo("file-mine");
    assertThat(posts()).isEqualTo(1);
  }

  @Test
  void anOlderFileOfTheSameNameAndSizeIsNotTakenForTheUpload() {
    long longAgo = Instant.now().getEpochSecond() - 3600;
    dropAnswer();
    for (int lookup = 0; lookup < 3; lookup++) {
      enqueue(list(file("file-old", "train.jsonl", CONTENT.length, longAgo)));
    }
    enqueue(file("file-new", "train.jsonl", CONTENT.length, Instant.now().getEpochSecond()));

    OpenAiFile stored = client().files().upload(CONTENT, "train.jsonl");

    assertThat(stored.id()).isEqualTo("file-new");
    assertThat(posts()).isEqualTo(2);
  }

  @Test
  void aDeleteAnswerWithoutItsFlagIsAnInvalidResponse() {
    enqueue("{}");

    assertThatThrownBy(() -> client().files().delete("file-1")).isInstanceOf(InvalidResponseException.class)
        .hasMessageContaining("'deleted'");
  }
}
