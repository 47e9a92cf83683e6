package dev.finetune4j.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.AccessToken;
import dev.finetune4j.ClientOptions;
import dev.finetune4j.RetryPolicy;
import dev.finetune4j.error.FineTuningException;
import dev.finetune4j.error.UnsupportedCapabilityException;
import dev.finetune4j.job.Checkpoint;
import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobEvent;
import dev.finetune4j.job.JobQuery;
import dev.finetune4j.job.JobStatus;
import dev.finetune4j.model.ModelInfo;
import dev.finetune4j.openai.OpenAiFile;
import dev.finetune4j.openai.OpenAiUpload;
import dev.finetune4j.spi.http.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operation of the Azure client on the wire: method, path, query ({@code api-version} on the dated API, none
 * on v1), authentication ({@code api-key}, or a bearer token of the data-plane scope; Resource Manager's scope for
 * deployments) and the exact JSON body, in each URL style and authentication mode where the operation exists; and
 * the parsing of Azure's published example answers (from {@code ../shared/specs/azure}) with an unknown field and an
 * unknown status value added.
 */
class OperationsWireTest {
  private static final String KEY = "azure-secret-key-123";
  private static final String DATA_TOKEN = "tok-data";
  private static final String ARM_TOKEN = "tok-arm";
  private static final String ARM_PATH = "/subscriptions/sub-1/resourceGroups/rg-1/providers/"
      + "Microsoft.CognitiveServices/accounts/acct-1/deployments";

  @StartStop
  final MockWebServer server = new MockWebServer();

  @TempDir
  Path dir;

  private final List<String> scopes = new ArrayList<>();

  /** A URL style (an API version) and an authentication mode. */
  record Mode(AzureApiVersion version, boolean entra) {
    boolean v1() {
      return version.isV1();
    }

    @Override
    public String toString() {
      return (v1() ? "v1" : "dated " + version) + (entra ? " with Entra ID" : " with api-key");
    }
  }

  static Stream<Mode> modes() {
    return Stream.concat(v1Modes(), datedModes());
  }

  static Stream<Mode> v1Modes() {
    return Stream.of(new Mode(AzureApiVersion.V1, false), new Mode(AzureApiVersion.V1, true));
  }

  static Stream<Mode> datedModes() {
    return Stream.of(new Mode(AzureApiVersion.PREVIEW_2025_04_01, false),
        new Mode(AzureApiVersion.PREVIEW_2025_04_01, true));
  }

  static Stream<AzureApiVersion> styles() {
    return Stream.of(AzureApiVersion.V1, AzureApiVersion.PREVIEW_2025_04_01);
  }

  // ------------------------------------------------------------------ helpers

  private AzureOpenAi client(Mode mode) {
    AzureOpenAi.Builder b = AzureOpenAi.builder().endpoint(server.url("/").toString()).apiVersion(mode.version())
        .options(ClientOptions.builder().retryPolicy(RetryPolicy.builder().sleeper(d -> { }).build())
            .sleeper(d -> { }).build());
    if (!mode.entra()) {
      return b.apiKey(KEY).build();
    }
    return b.tokenCredential(scope -> {
      scopes.add(scope);
      String token = scope.equals(AzureOpenAi.RESOURCE_MANAGER_SCOPE) ? ARM_TOKEN
          : scope.equals(AzureOpenAi.DATA_PLANE_SCOPE) ? DATA_TOKEN : "tok-wrong-scope";
      return new AccessToken(token, Instant.now().plusSeconds(3600));
    }).resource("sub-1", "rg-1", "acct-1").resourceManagerEndpoint(server.url("/").toString()).build();
  }

  private AzureOpenAi arm(AzureApiVersion version) {
    return client(new Mode(version, true));
  }

  private void enqueue(int code, Object json) {
    server.enqueue(new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json")
        .addHeader("apim-request-id", "apim-1").body(json.toString()).build());
  }

  private void enqueueBytes(String text) {
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/octet-stream")
        .body(text).build());
  }

  /** The body of the first answer of a published example, as an object the test may add to. */
  private static ObjectNode example(String folder, String name) {
    try {
      JsonNode example = Json.parse(Files.readString(SpecExamplesTest.specs().resolve(folder).resolve(name)));
      for (JsonNode response : example.path("responses")) {
        if (response.path("body").isObject()) {
          return (ObjectNode) response.get("body").deepCopy();
        }
      }
      throw new AssertionError(name + " has no answer body");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static ObjectNode dated(String name) {
    return example("examples-2024-10-21", name);
  }

  /** Adds a field no version of the API has, so that parsing must ignore it and keep it in the raw JSON. */
  private static ObjectNode withUnknownField(ObjectNode json) {
    json.putObject("x_future_field").put("nested", true);
    return json;
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r).as("a request reached the server").isNotNull();
    return r;
  }

  private static String body(RecordedRequest r) {
    return r.getBody() == null ? "" : r.getBody().string(StandardCharsets.UTF_8);
  }

  private static JsonNode json(RecordedRequest r) throws IOException {
    return Json.parse(body(r));
  }

  /**
   * Checks a data-plane request: its method, the path below {@code /openai/v1} or {@code /openai}, the query (the
   * given parameters plus {@code api-version} on the dated API, nothing else), and the credential of the mode.
   */
  private RecordedRequest expect(Mode mode, String method, String path, Map<String, String> query)
      throws InterruptedException {
    return expect(mode, method, mode.v1() ? "/openai/v1" + path : "/openai" + path,
        mode.v1() ? new LinkedHashMap<>(query) : withApiVersion(query, mode.version().value()));
  }

  private RecordedRequest expect(Mode mode, String method, String fullPath, LinkedHashMap<String, String> query)
      throws InterruptedException {
    RecordedRequest r = take();
    assertThat(r.getMethod()).isEqualTo(method);
    assertThat(r.getUrl().encodedPath()).isEqualTo(fullPath);
    assertThat(queryOf(r.getUrl())).isEqualTo(query);
    if (mode.entra()) {
      assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + DATA_TOKEN);
      assertThat(r.getHeaders().get("api-key")).isNull();
      assertThat(scopes).containsOnly(AzureOpenAi.DATA_PLANE_SCOPE);
    } else {
      assertThat(r.getHeaders().get("api-key")).isEqualTo(KEY);
      assertThat(r.getHeaders().get("Authorization")).isNull();
    }
    return r;
  }

  private RecordedRequest expect(Mode mode, String method, String path) throws InterruptedException {
    return expect(mode, method, path, Map.of());
  }

  /** A request the client sends to the dated API whatever its style: with its own dated version or the latest GA. */
  private RecordedRequest expectDatedOnly(Mode mode, String method, String path, Map<String, String> query)
      throws InterruptedException {
    String version = mode.v1() ? AzureApiVersion.LATEST_GA.value() : mode.version().value();
    return expect(mode, method, "/openai" + path, withApiVersion(query, version));
  }

  private RecordedRequest expectArm(String method, String path, Map<String, String> query)
      throws InterruptedException {
    RecordedRequest r = take();
    assertThat(r.getMethod()).isEqualTo(method);
    assertThat(r.getUrl().encodedPath()).isEqualTo(ARM_PATH + path);
    assertThat(queryOf(r.getUrl())).isEqualTo(withApiVersion(query, AzureDeployments.API_VERSION));
    assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + ARM_TOKEN);
    assertThat(r.getHeaders().get("api-key")).isNull();
    assertThat(scopes).containsOnly(AzureOpenAi.RESOURCE_MANAGER_SCOPE);
    return r;
  }

  private static LinkedHashMap<String, String> withApiVersion(Map<String, String> query, String version) {
    LinkedHashMap<String, String> all = new LinkedHashMap<>(query);
    all.put("api-version", version);
    return all;
  }

  private static LinkedHashMap<String, String> queryOf(HttpUrl url) {
    LinkedHashMap<String, String> query = new LinkedHashMap<>();
    for (String name : url.queryParameterNames()) {
      assertThat(url.queryParameterValues(name)).as("values of " + name).hasSize(1);
      query.put(name, url.queryParameter(name));
    }
    return query;
  }

  private static ObjectNode job(String id, String status) {
    ObjectNode job = dated("get_finetuning_job.json");
    job.put("id", id);
    job.put("status", status);
    return job;
  }

  private static ObjectNode list(JsonNode... items) {
    ObjectNode list = Json.object();
    list.put("object", "list");
    for (JsonNode item : items) {
      list.withArray("data").add(item);
    }
    return list;
  }

  // ------------------------------------------------------------------ jobs

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void retrieveGetsTheJobAndKeepsAnUnknownStatusAndField(Mode mode) throws Exception {
    enqueue(200, withUnknownField(job("ftjob-1", "queuedForCapacity")));
    Job job;
    try (AzureOpenAi azure = client(mode)) {
      job = azure.jobs().retrieve("ftjob-1");
    }
    expect(mode, "GET", "/fine_tuning/jobs/ftjob-1");
    assertThat(job.id()).isEqualTo("ftjob-1");
    assertThat(job.providerStatus()).isEqualTo("queuedForCapacity");
    assertThat(job.status().isKnown()).isFalse();
    assertThat(job.isTerminal()).isFalse();
    assertThat(job.raw().get("x_future_field").booleanValue("nested")).hasValue(true);
    assertThat(job.trainingFile()).hasValue("file-181a1cbdcdcf4677ada87f63a0928099");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void listPagesThroughTheJobsWithTheAfterCursor(Mode mode) throws Exception {
    ObjectNode first = list(job("ftjob-a", "running"), withUnknownField(job("ftjob-b", "pending")));
    first.put("has_more", true);
    ObjectNode last = list(job("ftjob-c", "succeeded"));
    last.put("has_more", false);
    enqueue(200, first);
    enqueue(200, last);
    List<Job> jobs;
    try (AzureOpenAi azure = client(mode)) {
      jobs = azure.jobs().list(JobQuery.all().pageSize(2)).toList();
    }
    expect(mode, "GET", "/fine_tuning/jobs", Map.of("limit", "2"));
    expect(mode, "GET", "/fine_tuning/jobs", orderedQuery("limit", "2", "after", "ftjob-b"));
    assertThat(jobs).extracting(Job::id).containsExactly("ftjob-a", "ftjob-b", "ftjob-c");
    assertThat(jobs).extracting(Job::status).containsExactly(JobStatus.RUNNING, JobStatus.QUEUED,
        JobStatus.SUCCEEDED);
  }

  private static Map<String, String> orderedQuery(String... pairs) {
    Map<String, String> query = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      query.put(pairs[i], pairs[i + 1]);
    }
    return query;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void cancelPostsWithoutABodyAndReadsTheCancelledJob(Mode mode) throws Exception {
    enqueue(200, withUnknownField(dated("cancel_finetuning_job.json")));
    Job job;
    try (AzureOpenAi azure = client(mode)) {
      job = azure.jobs().cancel("ft-72a2792ef7d24ba7b82c7fe4a37e379f");
    }
    RecordedRequest r = expect(mode, "POST", "/fine_tuning/jobs/ft-72a2792ef7d24ba7b82c7fe4a37e379f/cancel");
    assertThat(r.getBodySize()).isZero();
    assertThat(job.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(job.finishedAt()).hasValue(Instant.ofEpochSecond(1646127311));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void pauseAndResumePostToTheirActionsAndMapAzuresTransitionalStates(Mode mode) throws Exception {
    ObjectNode pausing = withUnknownField(example("examples-2025-04-01-preview", "pause_finetuning_job.json"));
    pausing.put("status", "pausing");
    enqueue(200, pausing);
    enqueue(200, example("examples-2025-04-01-preview", "pause_finetuning_job.json"));
    ObjectNode resuming = example("examples-2025-04-01-preview", "resume_finetuning_job.json");
    resuming.put("status", "resuming");
    enqueue(200, resuming);
    String id = "ft-72a2792ef7d24ba7b82c7fe4a37e379f";
    List<Job> answers = new ArrayList<>();
    try (AzureOpenAi azure = client(mode)) {
      answers.add(azure.jobs().pause(id));
      answers.add(azure.jobs().pause(id));
      answers.add(azure.jobs().resume(id));
    }
    assertThat(expect(mode, "POST", "/fine_tuning/jobs/" + id + "/pause").getBodySize()).isZero();
    expect(mode, "POST", "/fine_tuning/jobs/" + id + "/pause");
    assertThat(expect(mode, "POST", "/fine_tuning/jobs/" + id + "/resume").getBodySize()).isZero();
    assertThat(answers).extracting(Job::providerStatus).containsExactly("pausing", "paused", "resuming");
    assertThat(answers).extracting(Job::status).containsExactly(JobStatus.RUNNING, JobStatus.PAUSED,
        JobStatus.RUNNING);
  }

  /** The published events example, newest first as the service pages them (the example lists them oldest first). */
  private static ObjectNode events() {
    ObjectNode page = dated("get_finetuning_job_events.json");
    List<JsonNode> data = new ArrayList<>();
    page.withArray("data").forEach(data::add);
    page.withArray("data").removeAll();
    for (int i = data.size() - 1; i >= 0; i--) {
      page.withArray("data").add(data.get(i));
    }
    return page;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void eventsArePagedNewestFirstAndReturnedOldestFirst(Mode mode) throws Exception {
    ObjectNode newest = events();
    newest.put("has_more", true);
    ObjectNode unknown = (ObjectNode) newest.withArray("data").get(0);
    unknown.put("level", "notice");
    withUnknownField(unknown);
    ObjectNode older = list(Json.parse("{\"id\":\"ftevent-0\",\"created_at\":1646126100,\"level\":\"warning\","
        + "\"message\":\"Queued.\",\"type\":\"message\",\"object\":\"fine_tuning.job.event\"}"));
    older.put("has_more", false);
    enqueue(200, newest);
    enqueue(200, older);
    List<JobEvent> events;
    try (AzureOpenAi azure = client(mode)) {
      events = azure.jobs().events("ftjob-1");
    }
    expect(mode, "GET", "/fine_tuning/jobs/ftjob-1/events", Map.of("limit", "100"));
    expect(mode, "GET", "/fine_tuning/jobs/ftjob-1/events",
        orderedQuery("limit", "100", "after", "ftevent-363dcd7cb4c74539bc53293c1dceef05"));
    assertThat(events).extracting(JobEvent::id).containsExactly("ftevent-0",
        "ftevent-363dcd7cb4c74539bc53293c1dceef05", "ftevent-8c2a44999790437cb3230e543fa2cf0f",
        "ftevent-2d47d651d2f3484c8187c88c00078147");
    assertThat(events.get(0).level()).isEqualTo(JobEvent.Level.WARN);
    assertThat(events.get(3).raw().text("level")).hasValue("notice");
    assertThat(events.get(3).raw().get("x_future_field").isObject()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void eventsAfterStopsReadingAtTheGivenEvent(Mode mode) throws Exception {
    ObjectNode page = events();
    page.put("has_more", true);
    enqueue(200, page);
    List<JobEvent> newer;
    try (AzureOpenAi azure = client(mode)) {
      newer = azure.jobs().eventsAfter("ftjob-1", "ftevent-8c2a44999790437cb3230e543fa2cf0f");
    }
    expect(mode, "GET", "/fine_tuning/jobs/ftjob-1/events", Map.of("limit", "1"));
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(newer).extracting(JobEvent::id).containsExactly("ftevent-2d47d651d2f3484c8187c88c00078147");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void checkpointsAreReadWithTheirMetricsInStepOrder(Mode mode) throws Exception {
    ObjectNode page = dated("get_finetuning_job_checkpoints.json");
    withUnknownField((ObjectNode) page.withArray("data").get(0));
    enqueue(200, page);
    List<Checkpoint> checkpoints;
    try (AzureOpenAi azure = client(mode)) {
      checkpoints = azure.jobs().checkpoints("ftjob-72a2792ef7d24ba7b82c7fe4a37e379f");
    }
    expect(mode, "GET", "/fine_tuning/jobs/ftjob-72a2792ef7d24ba7b82c7fe4a37e379f/checkpoints",
        Map.of("limit", "100"));
    assertThat(checkpoints).hasSize(page.path("data").size());
    assertThat(checkpoints).extracting(Checkpoint::step).isSorted();
    Checkpoint first = checkpoints.stream().filter(c -> c.id().equals("ftckpt_qtZ5Gyk4BLq1SfLFWp3RtO3P"))
        .findFirst().orElseThrow();
    assertThat(first.model()).isEqualTo("gpt-35-turbo-0613.ft-72a2792ef7d24ba7b82c7fe4a37e379f:ckpt-step-10");
    assertThat(first.step()).isEqualTo(10);
    assertThat(first.metrics()).isPresent();
    assertThat(first.raw().get("x_future_field").isObject()).isTrue();
  }

  // ------------------------------------------------------------------ files

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void uploadSendsTheFileAsMultipartWithItsNameAndPurpose(Mode mode) throws Exception {
    Path file = Files.writeString(dir.resolve("puppy.jsonl"), "{\"messages\":[]}\n");
    enqueue(mode.v1() ? 200 : 201, withUnknownField(dated("upload_file.json")));
    OpenAiFile uploaded;
    try (AzureOpenAi azure = client(mode)) {
      uploaded = azure.files().upload(file);
    }
    RecordedRequest r = expect(mode, "POST", "/files");
    assertThat(r.getHeaders().get("Content-Type")).startsWith("multipart/form-data; boundary=");
    assertThat(body(r)).contains("name=\"purpose\"\r\n\r\nfine-tune\r\n")
        .contains("name=\"file\"; filename=\"puppy.jsonl\"").contains("{\"messages\":[]}\n");
    assertThat(uploaded.status()).hasValue("pending");
    assertThat(uploaded.isProcessingDone()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void listReadsTheFilesWithAndWithoutAPurpose(Mode mode) throws Exception {
    enqueue(200, dated("get_files.json"));
    enqueue(200, dated("get_files.json"));
    List<OpenAiFile> all;
    try (AzureOpenAi azure = client(mode)) {
      all = azure.files().list().toList();
      azure.files().list("fine-tune").toList();
    }
    expect(mode, "GET", "/files", Map.of("limit", "100"));
    expect(mode, "GET", "/files", orderedQuery("limit", "100", "purpose", "fine-tune"));
    assertThat(all).extracting(OpenAiFile::purpose).containsExactly("fine-tune", "fine-tune-results");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void retrieveReadsAFileWithAnUnknownStatus(Mode mode) throws Exception {
    ObjectNode file = withUnknownField(dated("get_file.json"));
    file.put("status", "scanning");
    enqueue(200, file);
    OpenAiFile got;
    try (AzureOpenAi azure = client(mode)) {
      got = azure.files().retrieve("file-181a1cbdcdcf4677ada87f63a0928099");
    }
    expect(mode, "GET", "/files/file-181a1cbdcdcf4677ada87f63a0928099");
    assertThat(got.status()).hasValue("scanning");
    assertThat(got.isProcessingDone()).isFalse();
    assertThat(got.bytes()).isEqualTo(140);
    assertThat(got.raw().get("x_future_field").isObject()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void deleteRemovesAFile(Mode mode) throws Exception {
    enqueue(200, withUnknownField(dated("delete_file.json")));
    boolean deleted;
    try (AzureOpenAi azure = client(mode)) {
      deleted = azure.files().delete("file-181a1cbdcdcf4677ada87f63a0928099");
    }
    expect(mode, "DELETE", "/files/file-181a1cbdcdcf4677ada87f63a0928099");
    assertThat(deleted).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void contentStreamsAFilesBytes(Mode mode) throws Exception {
    enqueueBytes("step,train_loss\n1,0.5\n");
    String text;
    try (AzureOpenAi azure = client(mode); InputStream in = azure.files().content("file-results")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    expect(mode, "GET", "/files/file-results/content");
    assertThat(text).isEqualTo("step,train_loss\n1,0.5\n");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void waitUntilProcessedPollsThroughPendingAndRunning(Mode mode) throws Exception {
    for (String status : List.of("pending", "running", "processed")) {
      ObjectNode file = dated("get_file.json");
      file.put("status", status);
      enqueue(200, file);
    }
    OpenAiFile done;
    try (AzureOpenAi azure = client(mode)) {
      done = azure.files().waitUntilProcessed("file-1", Duration.ofMinutes(1));
    }
    for (int i = 0; i < 3; i++) {
      expect(mode, "GET", "/files/file-1");
    }
    assertThat(done.status()).hasValue("processed");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void importFromUrlPostsTheExactJsonToTheDatedApi(Mode mode) throws Exception {
    enqueue(201, withUnknownField(dated("import_file.json")));
    OpenAiFile imported;
    try (AzureOpenAi azure = client(mode)) {
      imported = azure.files().importFromUrl("puppy.jsonl", "https://www.contoso.com/trainingdata/puppy.jsonl");
    }
    RecordedRequest r = expectDatedOnly(mode, "POST", "/files/import", Map.of());
    assertThat(r.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(json(r)).isEqualTo(Json.parse("{\"purpose\":\"fine-tune\",\"filename\":\"puppy.jsonl\","
        + "\"content_url\":\"https://www.contoso.com/trainingdata/puppy.jsonl\"}"));
    assertThat(imported.id()).isEqualTo("file-181a1cbdcdcf4677ada87f63a0928099");
    assertThat(imported.status()).hasValue("pending");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void uploadsGoToTheDatedApiWithExactBodies(Mode mode) throws Exception {
    Path part = Files.writeString(dir.resolve("part.jsonl"), "0123456789");
    enqueue(200, withUnknownField(dated("upload_file_start.json")));
    enqueue(200, dated("upload_file_part.json"));
    enqueue(200, dated("upload_file_complete.json"));
    enqueue(200, dated("upload_file_cancel.json"));
    String upload = "fine-tune-72a2792ef7d24ba7b82c7fe4a37e379f";
    OpenAiUpload started;
    String partId;
    OpenAiUpload completed;
    OpenAiUpload cancelled;
    try (AzureOpenAi azure = client(mode)) {
      started = azure.uploads().create("training_data_v21.jsonl", "fine-tune", 2097152, "application/json");
      partId = azure.uploads().addPart(upload, part, 2, 5);
      completed = azure.uploads().complete(upload, List.of("LnmictL3p0u4LH/ko343nw==", "LmmictL3p0u4LH/ko343nw=="),
          Optional.empty());
      cancelled = azure.uploads().cancel(upload);
    }
    assertThat(json(expectDatedOnly(mode, "POST", "/uploads", Map.of()))).isEqualTo(Json.parse(
        "{\"filename\":\"training_data_v21.jsonl\",\"purpose\":\"fine-tune\",\"bytes\":2097152,"
        + "\"mime_type\":\"application/json\"}"));
    RecordedRequest partRequest = expectDatedOnly(mode, "POST", "/uploads/" + upload + "/parts", Map.of());
    assertThat(partRequest.getHeaders().get("Content-Type")).startsWith("multipart/form-data");
    assertThat(body(partRequest)).contains("name=\"data\"").contains("\r\n\r\n23456\r\n");
    assertThat(json(expectDatedOnly(mode, "POST", "/uploads/" + upload + "/complete", Map.of()))).isEqualTo(
        Json.parse("{\"part_ids\":[\"LnmictL3p0u4LH/ko343nw==\",\"LmmictL3p0u4LH/ko343nw==\"]}"));
    assertThat(expectDatedOnly(mode, "POST", "/uploads/" + upload + "/cancel", Map.of()).getBodySize()).isZero();
    assertThat(started.status()).isEqualTo("pending");
    assertThat(partId).isEqualTo("uplprt-72a2792ef7d24ba7b82c7fe4a37e379f");
    assertThat(completed.status()).isEqualTo("completed");
    assertThat(completed.file().orElseThrow().status()).hasValue("processed");
    assertThat(cancelled.status()).isEqualTo("cancelled");
  }

  // ------------------------------------------------------------------ models

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void modelsAreListedAndRetrievedWithAzuresFields(Mode mode) throws Exception {
    enqueue(200, dated("get_models.json"));
    enqueue(200, withUnknownField(dated("get_model_finetune.json")));
    List<ModelInfo> models;
    ModelInfo tuned;
    try (AzureOpenAi azure = client(mode)) {
      models = azure.models().list();
      tuned = azure.models().retrieve("curie.ft-72a2792ef7d24ba7b82c7fe4a37e379f");
    }
    expect(mode, "GET", "/models");
    expect(mode, "GET", "/models/curie.ft-72a2792ef7d24ba7b82c7fe4a37e379f");
    assertThat(models).hasSize(dated("get_models.json").path("data").size());
    assertThat(tuned.id()).isEqualTo("curie.ft-72a2792ef7d24ba7b82c7fe4a37e379f");
    assertThat(tuned.createdAt()).hasValue(Instant.ofEpochSecond(1646126127));
    assertThat(tuned.raw().text("lifecycle_status")).hasValue("generally-available");
    assertThat(tuned.raw().get("x_future_field").isObject()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("v1Modes")
  void deletingAModelSendsDeleteOnTheV1Api(Mode mode) throws Exception {
    enqueue(200, "{\"id\":\"gpt-4.1-mini-2025-04-14.ft-abc\",\"object\":\"model\",\"deleted\":true,\"x\":1}");
    try (AzureOpenAi azure = client(mode)) {
      azure.models().delete("gpt-4.1-mini-2025-04-14.ft-abc");
    }
    assertThat(expect(mode, "DELETE", "/models/gpt-4.1-mini-2025-04-14.ft-abc").getBodySize()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("datedModes")
  void theDatedApiRefusesToDeleteAModelWithoutSendingAnything(Mode mode) {
    try (AzureOpenAi azure = client(mode)) {
      assertThatThrownBy(() -> azure.models().delete("m.ft-1")).isInstanceOf(UnsupportedCapabilityException.class)
          .hasMessageContaining("V1");
    }
    assertThat(server.getRequestCount()).isZero();
  }

  // ------------------------------------------------------------------ deployments (Resource Manager)

  private static ObjectNode deployment(String state) {
    ObjectNode d = example("arm-2024-10-01", "GetDeployment.json");
    ((ObjectNode) d.path("properties")).put("provisioningState", state);
    return d;
  }

  @ParameterizedTest(name = "data plane {0}")
  @MethodSource("styles")
  void createPutsTheExactBodyWithAResourceManagerToken(AzureApiVersion style) throws Exception {
    enqueue(201, withUnknownField(example("arm-2024-10-01", "PutDeployment.json")));
    AzureDeployment d;
    try (AzureOpenAi azure = arm(style)) {
      d = azure.deployments().create(AzureDeploymentSpec.builder("deploymentName", "ada")
          .sku(AzureDeploymentSpec.STANDARD, 1).build());
    }
    RecordedRequest r = expectArm("PUT", "/deploymentName", Map.of());
    assertThat(json(r)).isEqualTo(Json.parse("{\"sku\":{\"name\":\"Standard\",\"capacity\":1},\"properties\":"
        + "{\"model\":{\"format\":\"OpenAI\",\"name\":\"ada\",\"version\":\"1\"}}}"));
    assertThat(d.name()).isEqualTo("deploymentName");
    assertThat(d.model()).isEqualTo("ada");
    assertThat(d.id()).hasValueSatisfying(id -> assertThat(id).endsWith("/deployments/deploymentName"));
    assertThat(d.rawJson()).contains("x_future_field");
  }

  @ParameterizedTest(name = "data plane {0}")
  @MethodSource("styles")
  void getReadsADeploymentWithAnUnknownProvisioningState(AzureApiVersion style) throws Exception {
    enqueue(200, withUnknownField(deployment("Migrating")));
    AzureDeployment d;
    try (AzureOpenAi azure = arm(style)) {
      d = azure.deployments().get("deploymentName");
    }
    expectArm("GET", "/deploymentName", Map.of());
    assertThat(d.provisioningState()).isEqualTo("Migrating");
    assertThat(d.isProvisioningDone()).isFalse();
    assertThat(d.isSucceeded()).isFalse();
    assertThat(d.skuName()).isEqualTo("Standard");
  }

  @ParameterizedTest(name = "data plane {0}")
  @MethodSource("styles")
  void listReadsTheDeployments(AzureApiVersion style) throws Exception {
    ObjectNode page = Json.object();
    page.withArray("value").add(deployment("Succeeded")).add(deployment("Creating").put("name", "second"));
    enqueue(200, page);
    List<AzureDeployment> all;
    try (AzureOpenAi azure = arm(style)) {
      all = azure.deployments().list();
    }
    expectArm("GET", "", Map.of());
    assertThat(all).extracting(AzureDeployment::name).containsExactly("deploymentName", "second");
    assertThat(all).extracting(AzureDeployment::provisioningState).containsExactly("Succeeded", "Creating");
  }

  @ParameterizedTest(name = "data plane {0}")
  @MethodSource("styles")
  void listFollowsNextLinkToTheLastPage(AzureApiVersion style) throws Exception {
    ObjectNode first = Json.object();
    first.withArray("value").add(deployment("Succeeded"));
    first.put("nextLink", server.url(ARM_PATH).toString() + "?api-version=" + AzureDeployments.API_VERSION
        + "&$skipToken=page2");
    ObjectNode second = Json.object();
    second.withArray("value").add(deployment("Creating").put("name", "second"));
    enqueue(200, first);
    enqueue(200, second);
    List<AzureDeployment> all;
    try (AzureOpenAi azure = arm(style)) {
      all = azure.deployments().list();
    }
    expectArm("GET", "", Map.of());
    expectArm("GET", "", Map.of("$skipToken", "page2"));
    assertThat(all).extracting(AzureDeployment::name).containsExactly("deploymentName", "second");
  }

  @ParameterizedTest(name = "data plane {0}")
  @MethodSource("styles")
  void deleteRemovesTheDeployment(AzureApiVersion style) throws Exception {
    server.enqueue(new MockResponse.Builder().code(202)
        .addHeader("azure-asyncoperation", "http://azure.async.operation/status").build());
    try (AzureOpenAi azure = arm(style)) {
      azure.deployments().delete("deploymentName");
    }
    assertThat(expectArm("DELETE", "/deploymentName", Map.of()).getBodySize()).isZero();
  }

  @ParameterizedTest(name = "data plane {0}")
  @MethodSource("styles")
  void provisioningIsPolledThroughEveryNonTerminalStateToSucceeded(AzureApiVersion style) throws Exception {
    enqueue(201, deployment("Accepted"));
    for (String state : List.of("Accepted", "Creating", "Migrating", "Succeeded")) {
      enqueue(200, deployment(state));
    }
    AzureDeployment d;
    try (AzureOpenAi azure = arm(style)) {
      d = azure.deployments().createAndWait(AzureDeploymentSpec.builder("deploymentName", "ada").build(),
          Duration.ofHours(1));
    }
    expectArm("PUT", "/deploymentName", Map.of());
    for (int i = 0; i < 4; i++) {
      expectArm("GET", "/deploymentName", Map.of());
    }
    assertThat(d.isSucceeded()).isTrue();
  }

  @Test
  void provisioningThatEndsFailedIsAnError() throws Exception {
    enqueue(200, deployment("Creating"));
    enqueue(200, deployment("Failed"));
    try (AzureOpenAi azure = arm(AzureApiVersion.V1)) {
      assertThatThrownBy(() -> azure.deployments().waitUntilProvisioned("deploymentName", Duration.ofHours(1)))
          .isInstanceOf(FineTuningException.class).hasMessageContaining("'Failed'");
    }
    expectArm("GET", "/deploymentName", Map.of());
    expectArm("GET", "/deploymentName", Map.of());
  }

  @ParameterizedTest(name = "data plane {0}")
  @MethodSource("styles")
  void aCheckpointIsDeployedByItsModelId(AzureApiVersion style) throws Exception {
    Checkpoint checkpoint = new Checkpoint("ftchkpt-1", "gpt-4.1-mini-2025-04-14.ft-abc:ckpt-step-10", 10,
        Instant.EPOCH, Optional.empty(), dev.finetune4j.RawJson.parse("{}"));
    enqueue(201, deployment("Accepted"));
    enqueue(200, deployment("Succeeded"));
    try (AzureOpenAi azure = arm(style)) {
      azure.deployments().deployCheckpoint("ckpt-10", checkpoint, Duration.ofHours(1));
    }
    RecordedRequest put = expectArm("PUT", "/ckpt-10", Map.of());
    assertThat(json(put)).isEqualTo(Json.parse("{\"sku\":{\"name\":\"GlobalStandard\",\"capacity\":1},"
        + "\"properties\":{\"model\":{\"format\":\"OpenAI\",\"name\":\"gpt-4.1-mini-2025-04-14.ft-abc:ckpt-step-10\","
        + "\"version\":\"1\"}}}"));
    expectArm("GET", "/ckpt-10", Map.of());
  }

  @ParameterizedTest(name = "data plane {0}")
  @MethodSource("styles")
  void theNeutralDeployAndUndeployGoThroughResourceManager(AzureApiVersion style) throws Exception {
    enqueue(201, deployment("Accepted"));
    enqueue(200, deployment("Succeeded"));
    server.enqueue(new MockResponse.Builder().code(204).build());
    try (AzureOpenAi azure = arm(style)) {
      var d = azure.models().deploy("ada:tuned", Duration.ofHours(1));
      assertThat(d.ready()).isTrue();
      azure.models().undeploy("ada-tuned");
    }
    RecordedRequest put = expectArm("PUT", "/ada-tuned", Map.of());
    assertThat(json(put).path("properties").path("model").path("name").asText()).isEqualTo("ada:tuned");
    expectArm("GET", "/ada-tuned", Map.of());
    expectArm("DELETE", "/ada-tuned", Map.of());
  }
}
