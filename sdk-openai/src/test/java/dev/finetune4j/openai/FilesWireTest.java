package dev.finetune4j.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.dataset.DatasetUpload;
import dev.finetune4j.dataset.DatasetValidationException;
import dev.finetune4j.dataset.FindingCode;
import dev.finetune4j.dataset.UploadedDataset;
import dev.finetune4j.error.WaitTimeoutException;
import dev.finetune4j.RetryPolicy;
import dev.finetune4j.testkit.VirtualClock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesWireTest extends WireTestSupport {
  @TempDir
  Path dir;

  private static void assertMultipartFile(RecordedRequest request, String filename, String content) {
    assertThat(request.getHeaders().get("Content-Type")).startsWith("multipart/form-data; boundary=");
    String body = body(request);
    assertThat(body).contains("Content-Disposition: form-data; name=\"purpose\"\r\n\r\nfine-tune\r\n");
    assertThat(body).contains("Content-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"");
    assertThat(body).contains(content);
  }

  @Test
  void uploadFromAPathSendsTheFileWithItsNameAndPurposeFineTune() throws IOException {
    Path file = Files.writeString(dir.resolve("train.jsonl"), "{\"a\":1}\n");
    enqueue(FILE);

    OpenAiFile stored = client().files().upload(file);

    RecordedRequest request = take();
    assertCall(request, "POST", "/v1/files");
    assertMultipartFile(request, "train.jsonl", "{\"a\":1}\n");
    assertThat(body(request)).contains("Content-Type: text/jsonl");
    assertThat(stored.id()).isEqualTo("file-abc123");
    assertThat(stored.status()).contains("processed");
    assertThat(stored.createdAt()).isEqualTo(Instant.ofEpochSecond(1677610602));
    assertThat(stored.raw().get("some_new_field").booleanValue("nested")).contains(true);
  }

  @Test
  void uploadFromAStreamKeepsTheGivenFilename() {
    enqueue(FILE);
    InputStream in = new ByteArrayInputStream("{\"b\":2}\n".getBytes(StandardCharsets.UTF_8));

    client().files().upload(in, "stream.jsonl");

    assertMultipartFile(take(), "stream.jsonl", "{\"b\":2}\n");
  }

  @Test
  void uploadFromBytesKeepsTheGivenFilenameAndIsRetried() {
    enqueue(500, "{\"error\":{\"message\":\"try again\",\"type\":\"server_error\"}}");
    for (int lookup = 0; lookup < 3; lookup++) {   // the list may lag: asked again after 1 s and 2 s
      enqueue("{\"object\":\"list\",\"data\":[],\"has_more\":false}");
    }
    enqueue(FILE);

    client().files().upload("{\"c\":3}\n".getBytes(StandardCharsets.UTF_8), "bytes.jsonl");

    take();
    assertThat(take().getUrl().encodedPath()).as("the stored file is looked for first").isEqualTo("/v1/files");
    take();
    take();
    assertMultipartFile(take(), "bytes.jsonl", "{\"c\":3}\n");
  }

  @Test
  void uploadFromAStreamIsNotRetriedSinceTheStreamCannotBeReadTwice() {
    enqueue(500, "{\"error\":{\"message\":\"try again\",\"type\":\"server_error\"}}");

    assertThatThrownBy(() -> client().files().upload(new ByteArrayInputStream(new byte[] {1}), "x.jsonl"))
        .isInstanceOf(dev.finetune4j.error.ServerException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aBlankFilenameIsRefusedBeforeSending() {
    assertThatThrownBy(() -> client().files().upload(new byte[] {1}, " "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OpenAI needs a file name");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aFileAboveTheFilesApiLimitIsRefusedWithAPointerToTheUploadsApi() throws IOException {
    Path big = dir.resolve("huge.jsonl");
    try (java.io.RandomAccessFile sparse = new java.io.RandomAccessFile(big.toFile(), "rw")) {
      sparse.setLength(OpenAiFiles.MAX_FILE_SIZE + 1);
    }

    assertThatThrownBy(() -> client().files().upload(big))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uploads().upload(path)");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void listFollowsTheCursorAndFiltersByPurpose() {
    enqueue("{\"object\":\"list\",\"data\":[" + FILE + "],\"first_id\":\"file-abc123\",\"last_id\":\"file-abc123\","
        + "\"has_more\":true}");
    enqueue("{\"object\":\"list\",\"data\":[" + FILE.replace("file-abc123", "file-older") + "],\"has_more\":false}");

    List<OpenAiFile> files = client().files().list("fine-tune").toList();

    assertThat(files).extracting(OpenAiFile::id).containsExactly("file-abc123", "file-older");
    assertCall(take(), "GET", "/v1/files?limit=100&purpose=fine-tune");
    assertCall(take(), "GET", "/v1/files?limit=100&purpose=fine-tune&after=file-abc123");
  }

  @Test
  void retrieveDeleteAndContentUseTheFilePaths() throws IOException {
    enqueue(FILE);
    enqueue("{\"id\":\"file-abc123\",\"object\":\"file\",\"deleted\":true}");
    server.enqueue(new MockResponse.Builder().body("step,train_loss\n1,0.5\n").build());
    OpenAi openai = client();

    assertThat(openai.files().retrieve("file-abc123").filename()).isEqualTo("train.jsonl");
    assertThat(openai.files().delete("file-abc123")).isTrue();
    try (InputStream content = openai.files().content("file-abc123")) {
      assertThat(new String(content.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("step,train_loss\n1,0.5\n");
    }

    assertCall(take(), "GET", "/v1/files/file-abc123");
    assertCall(take(), "DELETE", "/v1/files/file-abc123");
    assertCall(take(), "GET", "/v1/files/file-abc123/content");
  }

  @Test
  void waitUntilProcessedPollsWithTheSleeperUntilTheFileIsProcessed() {
    enqueue(FILE.replace("\"processed\"", "\"uploaded\""));
    enqueue(FILE.replace("\"processed\"", "\"uploaded\""));
    enqueue(FILE);

    OpenAiFile file = client().files().waitUntilProcessed("file-abc123", Duration.ofMinutes(30));

    assertThat(file.status()).contains("processed");
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void waitUntilProcessedGivesUpAtTheTimeoutOnVirtualTime() {
    for (int i = 0; i < 10; i++) {
      enqueue(FILE.replace("\"processed\"", "\"uploaded\""));
    }
    VirtualClock time = VirtualClock.manual();
    OpenAi openai = builder()
        .options(options().toBuilder().clock(time.asClock()).sleeper(time::sleep).build()).build();

    assertThatThrownBy(() -> openai.files().waitUntilProcessed("file-abc123", Duration.ofSeconds(10)))
        .isInstanceOfSatisfying(WaitTimeoutException.class, e -> {
          assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(10));
          assertThat(e.waitedFor()).isEqualTo("OpenAI file file-abc123 to be processed");
          assertThat(e.lastValue()).containsInstanceOf(OpenAiFile.class);
          assertThat(e.getMessage()).contains("after PT10S").contains("still 'uploaded'");
        });
    assertThat(time.now()).isEqualTo(VirtualClock.DEFAULT_START.plusSeconds(10));
    assertThat(server.getRequestCount()).isEqualTo(5); // at 0, 1, 3, 7 and 10 seconds
  }

  @Test
  void waitUntilProcessedPollsAgainAfterAServerErrorOfItsFirstPoll() {
    enqueue(500, "{\"error\":{\"message\":\"oops\",\"type\":\"server_error\"}}");
    enqueue(FILE);
    OpenAi openai = builder()
        .options(options().toBuilder().retryPolicy(RetryPolicy.builder().maxRetries(0).build()).build()).build();

    OpenAiFile file = openai.files().waitUntilProcessed("file-abc123", Duration.ofMinutes(30));

    assertThat(file.status()).contains("processed");
    assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void theNeutralUploadValidatesAndSendsTrainingAndValidationFiles() {
    Path training = chatData(dir, "train.jsonl", 0, 12);
    Path validation = chatData(dir, "valid.jsonl", 100, 3);
    enqueue(FILE);
    enqueue(FILE.replace("file-abc123", "file-val").replace("train.jsonl", "valid.jsonl"));

    UploadedDataset uploaded = client().datasets().upload(DatasetUpload.builder().training(training)
        .validation(validation).targetModel("gpt-4o-mini-2024-07-18").build());

    assertThat(uploaded.training().id()).isEqualTo("file-abc123");
    assertThat(uploaded.validation()).hasValueSatisfying(v -> assertThat(v.id()).isEqualTo("file-val"));
    assertMultipartFile(take(), "train.jsonl", "Recipe number 0?");
    assertMultipartFile(take(), "valid.jsonl", "Recipe number 100?");
  }

  @Test
  void invalidTrainingDataIsRejectedAndNothingIsUploaded() throws IOException {
    Path training = chatData(dir, "train.jsonl", 0, 12);
    Files.writeString(training, "{\"messages\":[{\"role\":\"user\"}]}\n", java.nio.file.StandardOpenOption.APPEND);

    assertThatThrownBy(() -> client().datasets().upload(DatasetUpload.of(training)))
        .isInstanceOf(DatasetValidationException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void theNeutralUploadAppliesOpenAisMinimumOfTenExamples() {
    Path training = chatData(dir, "train.jsonl", 0, 9);

    assertThatThrownBy(() -> client().datasets().upload(DatasetUpload.builder().training(training)
        .targetModel("gpt-4.1-mini-2025-04-14").build()))
        .isInstanceOfSatisfying(DatasetValidationException.class,
            e -> assertThat(e.report().count(FindingCode.TOO_FEW_EXAMPLES)).isEqualTo(1));
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void validationDataOverlappingTheTrainingDataIsReportedAsAWarningAndStillUploaded() {
    Path training = chatData(dir, "train.jsonl", 0, 12);
    Path validation = chatData(dir, "valid.jsonl", 5, 2);
    enqueue(FILE);
    enqueue(FILE.replace("file-abc123", "file-val"));

    UploadedDataset uploaded = client().datasets().upload(DatasetUpload.builder().training(training)
        .validation(validation).build());

    assertThat(uploaded.validation()).isPresent();
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void theNeutralServiceListsFineTuneFilesAndDownloads() throws IOException {
    enqueue("{\"object\":\"list\",\"data\":[" + FILE + "],\"has_more\":false}");
    server.enqueue(new MockResponse.Builder().body("line\n").build());
    OpenAi openai = client();

    assertThat(openai.datasets().list().toList()).singleElement()
        .satisfies(f -> assertThat(f.filename()).isEqualTo("train.jsonl"));
    try (InputStream in = openai.datasets().download("file-abc123")) {
      assertThat(in.readAllBytes()).hasSize(5);
    }
    assertCall(take(), "GET", "/v1/files?limit=100&purpose=fine-tune");
    assertCall(take(), "GET", "/v1/files/file-abc123/content");
  }
}
