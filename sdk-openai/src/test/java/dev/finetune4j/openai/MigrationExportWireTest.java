package dev.finetune4j.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.error.MigrationRefusedException;
import dev.finetune4j.portable.PortableJob;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export of a job whose Files API record and content disagree: the emulator always serves consistent files,
 * so a mock server answers here with a record of one size and content of another.
 */
class MigrationExportWireTest {
  private static final String MODEL = "gpt-4.1-mini-2025-04-14";
  private static final String LINE = "{\"messages\":[{\"role\":\"user\",\"content\":\"Soup?\"},"
      + "{\"role\":\"assistant\",\"content\":\"Leek soup.\"}]}\n";
  private static final String TRAINING = LINE.repeat(3);
  private static final String VALIDATION = LINE;

  @TempDir
  Path dir;

  private MockWebServer server;
  private OpenAi openai;
  /** The bytes the Files API records for each file; the content served is always the file's real text. */
  private Map<String, Integer> recorded;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return answer(request.getUrl().encodedPath());
      }
    });
    server.start();
    openai = OpenAi.builder().apiKey("sk-export").baseUrl(server.url("/v1").toString()).build();
  }

  @AfterEach
  void stop() {
    openai.close();
    server.close();
  }

  private MockResponse answer(String path) {
    if (path.equals("/v1/fine_tuning/jobs/ftjob-abc")) {
      return json("""
          {"object":"fine_tuning.job","id":"ftjob-abc","model":"%s","created_at":1721764800,
           "finished_at":1721767800,"fine_tuned_model":"ft:%s:org:recipes:x1","organization_id":"org-1",
           "result_files":[],"status":"succeeded","training_file":"file-train","validation_file":"file-valid",
           "hyperparameters":{"n_epochs":3,"batch_size":1,"learning_rate_multiplier":1.8},
           "method":{"type":"supervised","supervised":{"hyperparameters":{"n_epochs":3,"batch_size":1,
           "learning_rate_multiplier":1.8}}},"trained_tokens":1234,"seed":42,"error":null,"metadata":null}
          """.formatted(MODEL, MODEL));
    }
    if (path.startsWith("/v1/models/")) {
      return json("{\"id\":\"" + path.substring("/v1/models/".length()) + "\",\"object\":\"model\","
          + "\"created\":1721764800,\"owned_by\":\"system\"}");
    }
    if (path.startsWith("/v1/files/")) {
      String id = path.substring("/v1/files/".length()).replace("/content", "");
      String text = id.equals("file-train") ? TRAINING : VALIDATION;
      if (path.endsWith("/content")) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/octet-stream")
            .body(text).build();
      }
      return json("{\"id\":\"" + id + "\",\"object\":\"file\",\"bytes\":" + recorded.get(id)
          + ",\"created_at\":1721764000,\"filename\":\"" + id + ".jsonl\",\"purpose\":\"fine-tune\","
          + "\"status\":\"processed\"}");
    }
    if (path.endsWith("/checkpoints") || path.endsWith("/events")) {
      return json("{\"object\":\"list\",\"data\":[],\"has_more\":false}");
    }
    return new MockResponse.Builder().code(404)
        .body("{\"error\":{\"message\":\"no " + path + "\",\"type\":\"invalid_request_error\"}}").build();
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build();
  }

  private static int size(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  private Stream<String> files() throws Exception {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).toList().stream();
    }
  }

  @Test
  void aTrainingFileShorterThanItsRecordIsRefusedNamingTheFileAndBothSizesAndNothingIsWritten() throws Exception {
    recorded = Map.of("file-train", size(TRAINING) + 10, "file-valid", size(VALIDATION));
    Path export = dir.resolve("ftjob-abc");

    assertThatThrownBy(() -> openai.migration().export("ftjob-abc", export))
        .isInstanceOfSatisfying(MigrationRefusedException.class, e -> {
          assertThat(e.reason()).isEqualTo(MigrationRefusedException.Reason.FILE_MISMATCH);
          assertThat(e.getMessage()).contains("file-train", "has " + size(TRAINING) + " bytes",
              "records " + (size(TRAINING) + 10));
          assertThat(e.problems()).containsExactly(export.resolve("training.jsonl") + ": downloaded "
              + size(TRAINING) + " bytes of file file-train, the Files API records " + (size(TRAINING) + 10));
        });

    try (Stream<Path> left = Files.list(export)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aValidationFileLongerThanItsRecordLeavesAnEarlierExportAsItWas() throws Exception {
    recorded = Map.of("file-train", size(TRAINING), "file-valid", size(VALIDATION) - 1);
    Files.writeString(dir.resolve("training.jsonl"), "earlier training\n");
    Files.writeString(dir.resolve(PortableJob.FILE_NAME), "{\"earlier\":true}");

    assertThatThrownBy(() -> openai.migration().export("ftjob-abc", dir))
        .isInstanceOfSatisfying(MigrationRefusedException.class, e -> {
          assertThat(e.reason()).isEqualTo(MigrationRefusedException.Reason.FILE_MISMATCH);
          assertThat(e.getMessage()).contains("file-valid", "has " + size(VALIDATION) + " bytes",
              "records " + (size(VALIDATION) - 1));
        });

    assertThat(files()).containsExactlyInAnyOrder("training.jsonl", PortableJob.FILE_NAME);
    assertThat(dir.resolve("training.jsonl")).hasContent("earlier training");
    assertThat(dir.resolve(PortableJob.FILE_NAME)).hasContent("{\"earlier\":true}");
  }

  @Test
  void filesOfTheirRecordedSizeAreExportedWithTheDescriptionBesideThem() throws Exception {
    recorded = Map.of("file-train", size(TRAINING), "file-valid", size(VALIDATION));

    PortableJob job = openai.migration().export("ftjob-abc", dir);

    assertThat(files()).containsExactlyInAnyOrder("training.jsonl", "validation.jsonl", PortableJob.FILE_NAME);
    assertThat(dir.resolve("training.jsonl")).hasContent(TRAINING.strip());
    assertThat(PortableJob.read(dir.resolve(PortableJob.FILE_NAME))).isEqualTo(job);
    job.verifyFiles(dir);
  }
}
