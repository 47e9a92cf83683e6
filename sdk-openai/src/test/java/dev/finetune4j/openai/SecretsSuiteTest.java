package dev.finetune4j.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.finetune4j.ClientOptions;
import dev.finetune4j.RetryPolicy;
import dev.finetune4j.job.JobQuery;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.WaitOptions;
import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.testkit.SecretScan;
import dev.finetune4j.testsupport.TraceLogs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every OpenAI flow against a server that echoes the key back in every way it can (raw, upper-cased, JSON-escaped,
 * in the request id, in X-Error-Code, in error fields, in non-JSON bodies), with every logger at TRACE: no key in
 * any log line, exception message, stack trace, {@code body()} or {@code toString()}.
 */
class SecretsSuiteTest {
  private static final String KEY = "sk-proj-SecretSuite0123456789abcdef";
  private static final String ADMIN = "sk-admin-SecretSuite9876543210fedcba";

  @StartStop
  private final MockWebServer server = new MockWebServer();

  private TraceLogs logs;
  private IntConsumer answer;

  @BeforeEach
  void captureEveryLoggerAtTrace() {
    logs = TraceLogs.capture();
    answer = SecretScan.answerHostilely(server, request -> KEY);
  }

  @AfterEach
  void release() {
    logs.close();
  }

  private OpenAi client() {
    return OpenAi.builder().apiKey(KEY).adminKey(ADMIN).baseUrl(server.url("/v1").toString())
        .organization("org-test").project("proj_test")
        .options(ClientOptions.builder().retryPolicy(RetryPolicy.builder().sleeper(d -> { }).build())
            .sleeper(d -> { }).timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(4))
            .build())
        .build();
  }

  private static final Map<String, Consumer<OpenAi>> FLOWS = Map.ofEntries(
      Map.entry("files.upload", c -> c.files().upload("{}\n".getBytes(StandardCharsets.UTF_8), "t.jsonl")),
      Map.entry("files.list", c -> c.files().list().stream().count()),
      Map.entry("files.retrieve", c -> c.files().retrieve("file-1")),
      Map.entry("files.delete", c -> c.files().delete("file-1")),
      Map.entry("jobs.create", c -> c.jobs().create(JobSpec.builder().baseModel("gpt-4o-mini-2024-07-18")
          .trainingFile("file-1").idempotencyKey("k").build())),
      Map.entry("jobs.retrieve", c -> c.jobs().retrieve("ftjob-1")),
      Map.entry("jobs.list", c -> c.jobs().list(JobQuery.all()).stream().count()),
      Map.entry("jobs.events", c -> c.jobs().events("ftjob-1")),
      Map.entry("jobs.cancel", c -> c.jobs().cancel("ftjob-1")),
      Map.entry("jobs.waitFor", c -> c.jobs().waitFor("ftjob-1", WaitOptions.builder()
          .timeout(Duration.ofMillis(50)).build())),
      Map.entry("models.list", c -> c.models().list()),
      Map.entry("chat", c -> c.chat("gpt-4o-mini").complete(List.of(ChatMessage.user("hi")))),
      Map.entry("checkpoint permissions", c -> c.checkpointPermissions().list("ftckpt-1").stream().count()));

  @Test
  void noFlowLetsTheKeyOutWhateverTheServerEchoes() {
    SecretScan scan = new SecretScan(KEY, ADMIN);
    int variants = SecretScan.HOSTILE_ANSWERS;
    scan.runFlows(FLOWS, this::client, answer);
    scan.text("builder toString", OpenAi.builder().apiKey(KEY).toString());
    scan.text("options toString", ClientOptions.builder().build().toString());
    logs.forEachText(scan::text);

    assertThat(scan.leaks()).isEmpty();
    assertThat(logs.count()).as("the flows were logged").isGreaterThan(variants * 10);
    assertThat(scan.scanned()).isGreaterThan(variants * FLOWS.size() * 5);
  }

  @Test
  void keysThatCannotBeSentAndBaseUrlsWithPasswordsAreRefusedWithoutRepeatingThem() {
    SecretScan scan = new SecretScan(KEY, "hunter2hunter2hunter2");

    scan.thrown("key with a line break", catchThrowable(() -> OpenAi.builder().apiKey(KEY + "\nX-Evil: 1")));
    scan.thrown("key with a non-ASCII letter", catchThrowable(() -> OpenAi.builder().apiKey(KEY + "é")));
    scan.thrown("base URL with a password", catchThrowable(() -> OpenAi.builder().apiKey(KEY)
        .baseUrl("https://user:hunter2hunter2hunter2@api.example.com/v1").build()));

    assertThat(scan.scanned()).isGreaterThanOrEqualTo(9);
    assertThat(scan.leaks()).isEmpty();
  }
}
