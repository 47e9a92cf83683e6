package dev.finetune4j.testkit.openai;

import static dev.finetune4j.testkit.openai.FineTuningJobsTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FilesAndUploadsTest {

  private final OpenAiEmulator openai = OpenAiEmulator.create();
  private Api api;

  @BeforeEach
  void start() {
    openai.start();
    api = new Api(openai);
  }

  @AfterEach
  void stop() {
    openai.close();
  }

  @Test
  void uploadedFileCanBeRetrievedListedReadAndDeleted() {
    byte[] content = Fixtures.training(10).getBytes(StandardCharsets.UTF_8);
    JsonNode file = api.ok(api.upload("train.jsonl", content, "fine-tune"));
    String id = file.path("id").asText();
    assertThat(id).startsWith("file-");
    assertThat(file.path("object").asText()).isEqualTo("file");
    assertThat(file.path("bytes").asInt()).isEqualTo(content.length);
    assertThat(file.path("filename").asText()).isEqualTo("train.jsonl");
    assertThat(file.path("purpose").asText()).isEqualTo("fine-tune");
    assertThat(file.path("created_at").asLong()).isEqualTo(openai.clock().epochSecond());
    assertThat(file.path("expires_at").isNull()).isTrue();

    assertThat(api.get("/files/" + id)).isEqualTo(file);
    assertThat(api.send("GET", "/files/" + id + "/content", null).bytes()).isEqualTo(content);

    JsonNode deleted = api.ok(api.send("DELETE", "/files/" + id, null));
    assertThat(deleted).isEqualTo(Api.JSON.valueToTree(Map.of("id", id, "object", "file", "deleted", true)));
    assertThat(api.send("GET", "/files/" + id, null).code()).isEqualTo(404);
  }

  @Test
  void fileListIsNewestFirstFiltersByPurposeAndPages() {
    String a = api.uploadTraining(Fixtures.training(10));
    String b = api.ok(api.upload("batch.jsonl", "{}".getBytes(StandardCharsets.UTF_8), "batch")).path("id").asText();
    String c = api.uploadTraining(Fixtures.training(11));

    JsonNode all = api.get("/files");
    assertThat(all.path("object").asText()).isEqualTo("list");
    assertThat(all.path("data")).extracting(f -> f.path("id").asText()).containsExactly(c, b, a);
    assertThat(all.path("first_id").asText()).isEqualTo(c);
    assertThat(all.path("last_id").asText()).isEqualTo(a);
    assertThat(all.path("has_more").asBoolean()).isFalse();

    assertThat(api.get("/files?purpose=fine-tune").path("data")).extracting(f -> f.path("id").asText())
        .containsExactly(c, a);
    JsonNode page = api.get("/files?order=asc&limit=1&after=" + a);
    assertThat(page.path("data")).extracting(f -> f.path("id").asText()).containsExactly(b);
    assertThat(page.path("has_more").asBoolean()).isTrue();
  }

  @Test
  void fileWithExpiryDisappearsOnceItExpires() throws Exception {
    okhttp3.MultipartBody body = new okhttp3.MultipartBody.Builder().setType(okhttp3.MultipartBody.FORM)
        .addFormDataPart("purpose", "batch")
        .addFormDataPart("expires_after[anchor]", "created_at")
        .addFormDataPart("expires_after[seconds]", "3600")
        .addFormDataPart("file", "in.jsonl", okhttp3.RequestBody.create("{}".getBytes(StandardCharsets.UTF_8)))
        .build();
    JsonNode file = api.ok(api.call("POST", "/files", body));
    assertThat(file.path("expires_at").asLong()).isEqualTo(file.path("created_at").asLong() + 3600);
    openai.clock().advance(java.time.Duration.ofMinutes(59));
    assertThat(api.send("GET", "/files/" + file.path("id").asText(), null).code()).isEqualTo(200);
    openai.clock().advance(java.time.Duration.ofMinutes(1));
    assertThat(api.send("GET", "/files/" + file.path("id").asText(), null).code()).isEqualTo(404);
  }

  @Test
  void uploadNeedsAFilenameAPurposeAndJsonlForFineTuning() {
    assertError(api.upload(null, "data".getBytes(StandardCharsets.UTF_8), "fine-tune"), 400, "file",
        "missing_required_parameter", "filename");
    assertError(api.upload("train.jsonl", "x".getBytes(StandardCharsets.UTF_8), "homework"), 400, "purpose", null,
        "'homework' is not one of");
    assertError(api.upload("train.csv", "x".getBytes(StandardCharsets.UTF_8), "fine-tune"), 400, "file", null,
        "Must be .jsonl");
    assertThat(api.get("/files").path("data")).isEmpty();
  }

  @Test
  void uploadInPartsWithMd5BecomesAFileWithTheAssembledBytes() throws Exception {
    byte[] content = new byte[5 * 1024 * 1024 + 123];
    new Random(1).nextBytes(content);
    String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
    JsonNode upload = api.post("/uploads", Map.of("filename", "big.jsonl", "purpose", "fine-tune", "bytes",
        content.length, "mime_type", "text/jsonl"));
    String id = upload.path("id").asText();
    assertThat(id).startsWith("upload_");
    assertThat(upload.path("object").asText()).isEqualTo("upload");
    assertThat(upload.path("status").asText()).isEqualTo("pending");
    assertThat(upload.path("expires_at").asLong()).isEqualTo(upload.path("created_at").asLong() + 3600);

    int partSize = 2 * 1024 * 1024;
    String[] partIds = new String[3];
    // Parts are sent out of order; part_ids give the order.
    for (int i : new int[] {2, 0, 1}) {
      byte[] part = Arrays.copyOfRange(content, i * partSize, Math.min(content.length, (i + 1) * partSize));
      JsonNode p = api.addPart(id, part);
      assertThat(p.path("id").asText()).startsWith("part_");
      assertThat(p.path("object").asText()).isEqualTo("upload.part");
      assertThat(p.path("upload_id").asText()).isEqualTo(id);
      partIds[i] = p.path("id").asText();
    }

    assertError(api.send("POST", "/uploads/" + id + "/complete", "{\"part_ids\":[\"" + partIds[0] + "\",\""
        + partIds[1] + "\",\"" + partIds[2] + "\"],\"md5\":\"00000000000000000000000000000000\"}"), 400, "md5", null,
        "md5");
    assertError(api.send("POST", "/uploads/" + id + "/complete", "{\"part_ids\":[\"" + partIds[0] + "\"]}"), 400,
        "part_ids", null, "bytes=" + content.length);

    JsonNode completed = api.post("/uploads/" + id + "/complete", Map.of("part_ids", List.of(partIds), "md5", md5));
    assertThat(completed.path("status").asText()).isEqualTo("completed");
    JsonNode file = completed.path("file");
    assertThat(file.path("id").asText()).startsWith("file-");
    assertThat(file.path("bytes").asLong()).isEqualTo(content.length);
    assertThat(file.path("filename").asText()).isEqualTo("big.jsonl");
    assertThat(api.send("GET", "/files/" + file.path("id").asText() + "/content", null).bytes()).isEqualTo(content);

    assertThat(api.send("POST", "/uploads/" + id + "/parts", null).code()).isEqualTo(400);
  }

  @Test
  void cancelledOrExpiredUploadTakesNoMoreParts() {
    String id = api.post("/uploads", Map.of("filename", "a.jsonl", "purpose", "fine-tune", "bytes", 3,
        "mime_type", "text/jsonl")).path("id").asText();
    assertThat(api.post("/uploads/" + id + "/cancel", (String) null).path("status").asText()).isEqualTo("cancelled");
    assertError(api.send("POST", "/uploads/" + id + "/complete", "{\"part_ids\":[]}"), 400, null, null,
        "'cancelled'");

    String other = api.post("/uploads", Map.of("filename", "b.jsonl", "purpose", "fine-tune", "bytes", 3,
        "mime_type", "text/jsonl")).path("id").asText();
    openai.clock().advance(java.time.Duration.ofHours(2));
    assertThat(api.get("/files").path("data")).isEmpty();
    assertError(api.send("POST", "/uploads/" + other + "/cancel", null), 400, null, null, "'expired'");
  }

  @Test
  void uploadCreationChecksRequiredFields() {
    assertError(api.send("POST", "/uploads", "{\"filename\":\"a.jsonl\",\"purpose\":\"fine-tune\",\"bytes\":3}"),
        400, "mime_type", "missing_required_parameter", "'mime_type'");
    assertError(api.send("POST", "/uploads", "{\"filename\":\"a.jsonl\",\"purpose\":\"evals\",\"bytes\":3,"
        + "\"mime_type\":\"text/jsonl\"}"), 400, "purpose", null, "'evals' is not one of");
  }
}
