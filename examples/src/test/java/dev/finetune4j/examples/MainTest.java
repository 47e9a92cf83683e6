package dev.finetune4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobStatus;
import dev.finetune4j.job.JobWaitTimeoutException;
import dev.finetune4j.testkit.Fault;
import dev.finetune4j.testkit.openai.OpenAiFaults;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The main job, run in process against the providers' emulators on virtual time. */
class MainTest {
  private static final Path DATA = Path.of("data");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private final ByteArrayOutputStream output = new ByteArrayOutputStream();
  private final AtomicReference<Emulation> started = new AtomicReference<>();

  @Test
  void runsEndToEndOnTheOpenAiEmulatorAndWritesAConsistentReport() throws Exception {
    int code = run(Map.of(), emulator(e -> {}), "--out", dir.toString(), "--data", DATA.toString());

    assertThat(code).as(output()).isZero();
    assertThat(output()).contains("main job on the OpenAI EMULATOR", "No OPENAI_API_KEY is set", "[1/8] Checking", "[5/8] Training (virtual time)",
        "status queued -> running", "train loss", "Verdict: tuned beats base", "report.html", "Done.");
    assertThat(output()).containsPattern("tokens per example: .*\\(exact\\)");
    checkReport(dir, 3);
  }

  @Test
  void runsEndToEndOnTheHuggingFaceEmulatorAndWritesAConsistentReport() throws Exception {
    int code = run(Map.of(), emulator(e -> {}), "--provider", "huggingface", "--out", dir.toString(),
        "--data", DATA.toString());

    assertThat(code).as(output()).isZero();
    assertThat(output()).contains("main job on the Hugging Face EMULATOR", "billed by GPU time", "status running -> succeeded",
        "is running at", "Verdict: tuned beats base", "Done.");
    assertThat(output()).containsPattern("tokens per example: .*\\(estimated\\)");
    checkReport(dir, 1);
  }

  @Test
  void runsEndToEndOnTheAzureEmulatorWithADeploymentAndWritesAConsistentReport() throws Exception {
    int code = run(Map.of(), emulator(e -> {}), "--provider", "azure", "--out", dir.toString(),
        "--data", DATA.toString());

    assertThat(code).as(output()).isZero();
    assertThat(output()).contains("main job on the Azure OpenAI EMULATOR", "(pending)", "status running -> succeeded",
        ".ft-", "is Succeeded at", "Verdict: tuned beats base", "Done.");
    checkReport(dir, 1);
  }

  @Test
  void nonInteractiveProgressIsPrintedAsPlainLinesWithoutCarriageReturns() throws Exception {
    run(Map.of(), emulator(e -> {}), "--out", dir.toString(), "--data", DATA.toString());

    assertThat(output()).doesNotContain("\r").containsPattern("running \\| step \\d+/\\d+ \\| train loss");
  }

  @Test
  void brokenTrainingDataExitsWithInvalidDataNamingTheLineAndUploadsNothing() throws Exception {
    Path data = copyData();
    Files.writeString(data.resolve(Main.TRAINING_FILE), "{\"messages\": [{\"role\": \"user\"}\n",
        java.nio.file.StandardOpenOption.APPEND);

    int code = run(Map.of(), emulator(e -> {}), "--data", data.toString(), "--out", dir.resolve("out").toString());

    assertThat(code).isEqualTo(ExitCode.INVALID_DATA.code());
    assertThat(output()).contains("recipes-train.jsonl:63:", "INVALID_JSON")
        .containsPattern("FAILED \\(invalid data, exit 3\\): 1 error in the data");
    assertThat(started.get().emulator().requests()).isEmpty();
  }

  @Test
  void anEvaluationExampleWithoutAnswerIsInvalidDataToo() throws Exception {
    Path data = copyData();
    Files.writeString(data.resolve(Main.EVALUATION_FILE),
        "{\"messages\": [{\"role\": \"user\", \"content\": \"How long do I proof brioche?\"}]}\n",
        java.nio.file.StandardOpenOption.APPEND);

    int code = run(Map.of(), emulator(e -> {}), "--data", data.toString(), "--out", dir.resolve("out").toString());

    assertThat(code).isEqualTo(ExitCode.INVALID_DATA.code());
    assertThat(output()).contains("recipes-eval.jsonl:23:", "NO_ASSISTANT_MESSAGE");
    assertThat(started.get().emulator().requests()).isEmpty();
  }

  @Test
  void rejectedCredentialsExitWithAuthentication() {
    Fault unauthorized = Fault.status(401, "{\"error\":{\"message\":\"Incorrect API key provided\","
        + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}").times(100);

    int code = run(Map.of(), emulator(e -> e.faults().inject(unauthorized)), "--out", dir.toString(),
        "--data", DATA.toString());

    assertThat(code).isEqualTo(ExitCode.AUTHENTICATION.code());
    assertThat(lastLine()).startsWith("FAILED (authentication or permission, exit 4): ")
        .contains("Incorrect API key provided");
  }

  @Test
  void exhaustedQuotaExitsWithQuota() {
    int code = run(Map.of(), emulator(e -> e.faults().inject(OpenAiFaults.quotaExhausted()
        .forRequests("POST", "/v1/fine_tuning/jobs"))), "--out", dir.toString(), "--data", DATA.toString());

    assertThat(code).isEqualTo(ExitCode.QUOTA.code());
    assertThat(output()).contains("[4/8] Creating the fine-tuning job");
    assertThat(lastLine()).startsWith("FAILED (quota or rate limit, exit 5): ");
  }

  @Test
  void aServerThatKeepsFailingExitsWithOther() {
    int code = run(Map.of(), emulator(e -> e.faults().inject(OpenAiFaults.serverError().times(100)
        .forRequests("POST", "/v1/files"))), "--out", dir.toString(), "--data", DATA.toString());

    assertThat(code).isEqualTo(ExitCode.OTHER.code());
    assertThat(lastLine()).startsWith("FAILED (other failure, exit 1): ");
  }

  @Test
  void withCredentialsAndNoTerminalItRefusesToSpendWithoutYes() {
    int code = run(Map.of("OPENAI_API_KEY", "sk-live-not-used"), emulator(e -> {}), "--out", dir.toString(),
        "--data", DATA.toString());

    assertThat(code).isEqualTo(ExitCode.NOT_CONFIRMED.code());
    assertThat(output()).contains("OpenAI, for real", "run with --yes").doesNotContain("sk-live-not-used");
    assertThat(started.get()).as("no emulator is started when credentials are set").isNull();
  }

  @Test
  void withCredentialsOnATerminalItAsksAndStopsUnlessTheAnswerIsYes() {
    Main main = new Main(new PrintStream(output, true, StandardCharsets.UTF_8), Map.of("HF_TOKEN", "hf_live"), true,
        () -> new BufferedReader(new StringReader("n\n")), emulator(e -> {}));

    int code = main.run(new String[] {"--provider", "huggingface", "--out", dir.toString(), "--data", "data"});

    assertThat(code).isEqualTo(ExitCode.NOT_CONFIRMED.code());
    assertThat(output()).contains("Continue? [y/N]", "not confirmed; nothing was uploaded");
  }

  @Test
  void helpListsTheOptionsAndEveryExitCode() {
    int code = run(Map.of(), emulator(e -> {}), "--help");

    assertThat(code).isZero();
    assertThat(output()).contains("--provider NAME", "--yes", "--data DIR", "--out DIR", "--job-timeout T", "OPENAI_API_KEY", "HF_TOKEN");
    for (ExitCode exit : ExitCode.values()) {
      assertThat(output()).contains("  " + exit.code() + "  " + exit.meaning());
    }
  }

  @Test
  void anUnknownProviderIsAUsageError() {
    int code = run(Map.of(), emulator(e -> {}), "--provider", "acme");

    assertThat(code).isEqualTo(ExitCode.USAGE.code());
    assertThat(output()).contains("unknown provider 'acme'; known: [azure, huggingface, local, openai]");
  }

  @Test
  void aBaseModelIsForTheLocalProviderOnly() {
    int code = run(Map.of(), emulator(e -> {}), "--provider", "openai", "--base-model", "Qwen/Qwen2.5-0.5B");

    assertThat(code).isEqualTo(ExitCode.USAGE.code());
    assertThat(output()).contains("--base-model is for --provider local");
  }

  @Test
  void aMissingDataDirectoryIsAUsageError() {
    int code = run(Map.of(), emulator(e -> {}), "--data", dir.resolve("nowhere").toString());

    assertThat(code).isEqualTo(ExitCode.USAGE.code());
    assertThat(lastLine()).contains("no such file", "recipes-train.jsonl");
  }

  @Test
  void aJobThatOutlastsTheJobTimeoutExitsWithTimeoutAndNamesTheJob() {
    int code = run(Map.of(), emulator(e -> {}), "--job-timeout", "2m", "--out", dir.toString(),
        "--data", DATA.toString());

    assertThat(code).isEqualTo(ExitCode.TIMEOUT.code());
    assertThat(lastLine()).startsWith("FAILED (timeout, exit 6): Job ftjob-").contains("after waiting PT2M",
        "keeps running");
  }

  @Test
  void aJobTimeoutWithoutAUnitIsAUsageError() {
    int code = run(Map.of(), emulator(e -> {}), "--job-timeout", "90");

    assertThat(code).isEqualTo(ExitCode.USAGE.code());
    assertThat(output()).contains("--job-timeout takes a positive number with s, m or h, such as 90m; was '90'");
  }

  @Test
  void aJobWaitThatTimesOutMapsToTheTimeoutExitCode() {
    Job job = Job.builder().id("ftjob-1").provider("openai").status(JobStatus.RUNNING).baseModel("m")
        .createdAt(Instant.EPOCH).build();

    assertThat(Main.exitCodeOf(new JobWaitTimeoutException(job, Duration.ofHours(6)))).isEqualTo(ExitCode.TIMEOUT);
  }

  // ------------------------------------------------------------------------------------------------------ helpers

  private int run(Map<String, String> env, java.util.function.Function<ProviderSetup, Emulation> emulators,
      String... args) {
    Main main = new Main(new PrintStream(output, true, StandardCharsets.UTF_8), env, false,
        () -> new BufferedReader(new java.io.InputStreamReader(new ByteArrayInputStream(new byte[0]),
            StandardCharsets.UTF_8)), emulators);
    return main.run(args);
  }

  private java.util.function.Function<ProviderSetup, Emulation> emulator(Consumer<dev.finetune4j.testkit.Emulator> faults) {
    return setup -> {
      Emulation emulation = setup.startEmulator();
      faults.accept(emulation.emulator());
      started.set(emulation);
      return emulation;
    };
  }

  private String output() {
    return output.toString(StandardCharsets.UTF_8);
  }

  private String lastLine() {
    List<String> lines = output().lines().filter(l -> !l.isBlank()).toList();
    return lines.get(lines.size() - 1);
  }

  private Path copyData() throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    for (String name : List.of(Main.TRAINING_FILE, Main.EVALUATION_FILE)) {
      Files.copy(DATA.resolve(name), data.resolve(name));
    }
    return data;
  }

  /** The report is well-formed, its curves and table hold the numbers of the JSON written next to it. */
  private static void checkReport(Path dir, int minimumCurvePoints) throws Exception {
    Path html = dir.resolve("report.html");
    Path json = dir.resolve("report.json");
    assertThat(html).isRegularFile();
    assertThat(json).isRegularFile();
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(html.toFile());
    JsonNode report = JSON.readTree(json.toFile());

    JsonNode curves = report.path("training").path("curves");
    assertThat(curves.path("trainLoss").size()).isGreaterThan(minimumCurvePoints);
    Map<String, Integer> drawn = new LinkedHashMap<>();
    NodeList paths = doc.getElementsByTagName("path");
    for (int i = 0; i < paths.getLength(); i++) {
      Element path = (Element) paths.item(i);
      drawn.put(path.getAttribute("data-series"), count(Pattern.compile("[ML]"), path.getAttribute("d")));
    }
    assertThat(drawn).containsKey("trainLoss");
    curves.fieldNames().forEachRemaining(name ->
        assertThat(drawn.get(name)).as("points of " + name).isEqualTo(curves.path(name).size()));

    JsonNode candidates = report.path("evaluation").path("candidates");
    assertThat(candidates).hasSize(3);
    Map<String, String> cells = new LinkedHashMap<>();
    NodeList tds = doc.getElementsByTagName("td");
    for (int i = 0; i < tds.getLength(); i++) {
      Element td = (Element) tds.item(i);
      if (td.hasAttribute("data-scorer")) {
        String candidate = ((Element) td.getParentNode()).getAttribute("data-candidate");
        cells.put(candidate + "/" + td.getAttribute("data-scorer"),
            td.getElementsByTagName("span").item(0).getTextContent());
      }
    }
    List<String> expected = new ArrayList<>();
    for (JsonNode c : candidates) {
      c.path("scores").properties().forEach(score -> expected.add(c.path("name").asText() + "/"
          + score.getKey() + "=" + String.format(Locale.ROOT, "%.3f", score.getValue().path("mean").asDouble())));
    }
    List<String> shown = cells.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    assertThat(shown).containsExactlyElementsOf(expected).hasSize(6);
    assertThat(report.path("job").path("status").asText()).isEqualTo("succeeded");
    assertThat(doc.getElementsByTagName("script").getLength()).isZero();
  }

  private static int count(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
