package dev.finetune4j.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.dataset.DatasetUpload;
import dev.finetune4j.dataset.UploadedDataset;
import dev.finetune4j.error.InvalidRequestException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadsWireTest extends WireTestSupport {
  private static final int PART = 256 * 1024;

  @TempDir
  Path dir;

  private Path file;
  private String content;
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final Map<Integer, AtomicInteger> failuresByOffset = new ConcurrentHashMap<>();
  private final Map<Integer, Integer> statusByOffset = new ConcurrentHashMap<>();
  private final Object partsLock = new Object();
  private int partsInFlight;
  private int partsArrived;
  private int maxPartsInFlight;
  private int holdUntilInFlight;

  @BeforeEach
  void largeFileAndUploadsApi() throws IOException {
    file = chatData(dir, "big-train.jsonl", 0, 9000);
    content = Files.readString(file);
    assertThat(Files.size(file)).isGreaterThan(1024 * 1024);
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        requests.add(request);
        String path = request.getUrl().encodedPath();
        if (path.equals("/v1/uploads")) {
          return ok("""
              {"id":"upload_1","object":"upload","bytes":%d,"created_at":1719184911,"filename":"big-train.jsonl",
               "purpose":"fine-tune","status":"pending","expires_at":1719188511}""".formatted(content.length()));
        }
        if (path.equals("/v1/uploads/upload_1/parts")) {
          holdUntilOthersArrive();
          String data = partData(body(request));
          int offset = content.indexOf(data);
          AtomicInteger failures = failuresByOffset.get(offset);
          if (failures != null && failures.getAndDecrement() > 0) {
            return new MockResponse.Builder().code(statusByOffset.get(offset))
                .body("{\"error\":{\"message\":\"part refused\",\"type\":\"invalid_request_error\"}}").build();
          }
          return ok("{\"id\":\"part_at_" + offset + "\",\"object\":\"upload.part\",\"created_at\":1719185911,"
              + "\"upload_id\":\"upload_1\"}");
        }
        if (path.equals("/v1/uploads/upload_1/complete")) {
          return ok("""
              {"id":"upload_1","object":"upload","bytes":%d,"created_at":1719184911,"filename":"big-train.jsonl",
               "purpose":"fine-tune","status":"completed","expires_at":1719188511,
               "file":{"id":"file-big","object":"file","bytes":%d,"created_at":1719186911,
                       "filename":"big-train.jsonl","purpose":"fine-tune"}}"""
              .formatted(content.length(), content.length()));
        }
        if (path.equals("/v1/uploads/upload_1/cancel")) {
          return ok("""
              {"id":"upload_1","object":"upload","bytes":1,"created_at":1719184911,"filename":"big-train.jsonl",
               "purpose":"fine-tune","status":"cancelled","expires_at":1719188511}""");
        }
        return new MockResponse.Builder().code(404).body("{\"error\":{\"message\":\"no route\"}}").build();
      }
    });
  }

  /** Holds a part until {@code holdUntilInFlight} parts are in at once (or all have come), to see the overlap. */
  private void holdUntilOthersArrive() throws InterruptedException {
    synchronized (partsLock) {
      partsInFlight++;
      partsArrived++;
      maxPartsInFlight = Math.max(maxPartsInFlight, partsInFlight);
      partsLock.notifyAll();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (partsInFlight < holdUntilInFlight && partsArrived < expectedPartIds().size()
          && System.nanoTime() < deadline) {
        partsLock.wait(100);
      }
      partsInFlight--;
    }
  }

  private static MockResponse ok(String json) {
    return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(json).build();
  }

  private static String partData(String multipart) {
    int start = multipart.indexOf("\r\n\r\n", multipart.indexOf("name=\"data\"")) + 4;
    int end = multipart.lastIndexOf("\r\n--");
    return multipart.substring(start, end);
  }

  private OpenAi client(int parallelism) {
    return builder().uploadThreshold(1024 * 1024).uploadPartSize(PART).uploadParallelism(parallelism).build();
  }

  private List<String> paths() {
    return requests.stream().map(r -> r.getMethod() + " " + r.getUrl().encodedPath()).toList();
  }

  private JsonNode completion() {
    return requests.stream().filter(r -> r.getUrl().encodedPath().endsWith("/complete"))
        .map(r -> json(body(r))).findFirst().orElseThrow();
  }

  private List<String> expectedPartIds() {
    List<String> ids = new ArrayList<>();
    for (int offset = 0; offset < content.length(); offset += PART) {
      ids.add("part_at_" + offset);
    }
    return ids;
  }

  @Test
  void aFileAboveTheThresholdGoesThroughCreatePartsAndCompleteWithOrderedPartsAndNoMd5ByDefault() {
    UploadedDataset uploaded = client(3).datasets().upload(DatasetUpload.of(file));

    assertThat(uploaded.training().id()).isEqualTo("file-big");
    JsonNode create = requests.stream().filter(r -> r.getUrl().encodedPath().equals("/v1/uploads"))
        .map(r -> json(body(r))).findFirst().orElseThrow();
    assertThat(create).isEqualTo(json("""
        {"filename":"big-train.jsonl","purpose":"fine-tune","bytes":%d,"mime_type":"text/jsonl"}"""
        .formatted(content.length())));
    List<String> partIds = new ArrayList<>();
    completion().path("part_ids").forEach(id -> partIds.add(id.asText()));
    assertThat(partIds).containsExactlyElementsOf(expectedPartIds()).hasSizeGreaterThan(4);
    assertThat(completion().has("md5")).isFalse();
    assertThat(paths()).doesNotContain("POST /v1/files");
  }

  @Test
  void withUploadMd5TheCompletionCarriesTheMd5OfTheWholeFileHashedWhileThePartsAreSent() throws Exception {
    holdUntilInFlight = 3;

    builder().uploadPartSize(PART).uploadParallelism(3).uploadMd5(true).build().uploads().upload(file);

    String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(file)));
    assertThat(completion().path("md5").asText()).isEqualTo(md5);
    synchronized (partsLock) {
      assertThat(maxPartsInFlight).isEqualTo(3);
    }
  }

  @Test
  void partsAreSentInParallelButNeverMoreThanTheConfiguredNumberAtOnce() {
    holdUntilInFlight = 3;

    client(3).uploads().upload(file);

    synchronized (partsLock) {
      assertThat(maxPartsInFlight).isEqualTo(3);
    }
  }

  @Test
  void eachPartCarriesAFilenameInItsDataField() {
    client(1).uploads().upload(file);

    RecordedRequest part = requests.stream().filter(r -> r.getUrl().encodedPath().endsWith("/parts"))
        .findFirst().orElseThrow();
    assertThat(body(part)).contains("Content-Disposition: form-data; name=\"data\"; filename=\"big-train.jsonl\"");
  }

  @Test
  void aPartThatFailsOnceIsRetriedOnItsOwn() {
    failuresByOffset.put(PART, new AtomicInteger(1));
    statusByOffset.put(PART, 503);

    OpenAiFile stored = client(2).uploads().upload(file);

    assertThat(stored.id()).isEqualTo("file-big");
    assertThat(paths().stream().filter(p -> p.endsWith("/parts"))).hasSize(expectedPartIds().size() + 1);
    List<String> partIds = new ArrayList<>();
    completion().path("part_ids").forEach(id -> partIds.add(id.asText()));
    assertThat(partIds).containsExactlyElementsOf(expectedPartIds());
  }

  @Test
  void aPartThatCannotBeStoredCancelsTheUploadAndNothingIsCompleted() {
    failuresByOffset.put(2 * PART, new AtomicInteger(1));
    statusByOffset.put(2 * PART, 400);

    assertThatThrownBy(() -> client(2).uploads().upload(file))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("part refused");
    assertThat(paths()).contains("POST /v1/uploads/upload_1/cancel")
        .doesNotContain("POST /v1/uploads/upload_1/complete");
  }

  @Test
  void progressGrowsToTheTotalSize() {
    List<long[]> progress = new CopyOnWriteArrayList<>();

    client(3).uploads().upload(file, (sent, total) -> progress.add(new long[] {sent, total}));

    assertThat(progress).hasSize(expectedPartIds().size());
    assertThat(progress).allSatisfy(p -> assertThat(p[1]).isEqualTo(content.length()));
    for (int i = 1; i < progress.size(); i++) {
      assertThat(progress.get(i)[0]).isGreaterThan(progress.get(i - 1)[0]);
    }
    assertThat(progress.get(progress.size() - 1)[0]).isEqualTo(content.length());
  }
}
