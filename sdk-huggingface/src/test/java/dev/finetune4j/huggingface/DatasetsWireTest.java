package dev.finetune4j.huggingface;

import static org.assertj.core.api.Assertions.assertThat;

import dev.finetune4j.dataset.DatasetUpload;
import dev.finetune4j.dataset.UploadedDataset;
import dev.finetune4j.spi.http.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsWireTest extends WireTestSupport {
  @TempDir
  Path dir;

  @Test
  void openAiPreferenceDataIsCommittedInTrlPreferenceShape() throws Exception {
    String line = "{\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]},"
        + "\"preferred_output\":[{\"role\":\"assistant\",\"content\":\"Hello!\"}],"
        + "\"non_preferred_output\":[{\"role\":\"assistant\",\"content\":\"Go away\"}]}\n";
    Path file = Files.writeString(dir.resolve("prefs.jsonl"), line);
    enqueueJson("{\"url\":\"u\",\"id\":\"alice/prefs\"}");
    enqueueJson("{\"files\":[{\"path\":\"train.jsonl\",\"uploadMode\":\"regular\"}]}");
    enqueueJson("{\"commitOid\":\"abc1234\",\"commitUrl\":\"u\"}");

    UploadedDataset data = hf.datasets().upload(DatasetUpload.builder().training(file).name("prefs").build());

    assertThat(data.training().id()).isEqualTo("alice/prefs@abc1234:train.jsonl");
    assertThat(data.validation()).isEmpty();
    RecordedRequest create = take();
    assertThat(json(create).path("private").asBoolean()).isTrue();
    take();
    String ndjson = take().getBody().utf8();
    String fileLine = ndjson.split("\n")[1];
    String content = new String(Base64.getDecoder().decode(
        Json.parse(fileLine).path("value").path("content").asText()), StandardCharsets.UTF_8);
    assertThat(json(content.strip())).isEqualTo(json("{\"prompt\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
        + "\"chosen\":[{\"role\":\"assistant\",\"content\":\"Hello!\"}],"
        + "\"rejected\":[{\"role\":\"assistant\",\"content\":\"Go away\"}]}"));
  }

  @Test
  void deletingAFileCommitsItsDeletion() throws Exception {
    enqueueJson("{\"commitOid\":\"d1\",\"commitUrl\":\"u\"}");

    hf.datasets().delete("alice/prefs@abc1234:train.jsonl");

    RecordedRequest commit = take();
    assertThat(commit.getTarget()).isEqualTo("/api/datasets/alice/prefs/commit/main");
    assertThat(commit.getBody().utf8()).endsWith("{\"key\":\"deletedFile\",\"value\":{\"path\":\"train.jsonl\"}}\n");
  }
}
