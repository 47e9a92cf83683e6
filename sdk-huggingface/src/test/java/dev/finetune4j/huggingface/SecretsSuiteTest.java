package dev.finetune4j.huggingface;

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
 * Every Hugging Face flow against a server that echoes the key back in every way it can (raw, upper-cased, JSON-escaped,
 * in the request id, in X-Error-Code, in error fields, in non-JSON bodies), with every logger at TRACE: no key in
 * any log line, exception message, stack trace, {@code body()} or {@code toString()}.
 */
class SecretsSuiteTest {
  private static final String KEY = "hf_SecretSuiteToken0123456789abcdef";

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

  private HuggingFace client() {
    return HuggingFace.builder().apiKey(KEY).hubUrl(server.url("/").toString())
        .endpointsUrl(server.url("/v2").toString()).routerUrl(server.url("/router/v1").toString())
        .namespace("alice").logReadTimeouts(Duration.ofMillis(300), Duration.ofMillis(300))
        .options(ClientOptions.builder().retryPolicy(RetryPolicy.builder().sleeper(d -> { }).build())
            .sleeper(d -> { }).timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(4))
            .build())
        .build();
  }

  private static final Map<String, Consumer<HuggingFace>> FLOWS = Map.ofEntries(
      Map.entry("hub.whoami", c -> c.hub().whoami()),
      Map.entry("hub.repository", c -> c.hub().repository(RepoId.dataset("alice/d"))),
      Map.entry("hub.commit", c -> c.hub().commit(RepoId.dataset("alice/d"), "main", "s",
          List.of(new CommitFile("a.txt", writeTemp())))),
      Map.entry("jobs.create", c -> c.jobs().create(JobSpec.builder().baseModel("Qwen/Qwen2.5-0.5B-Instruct")
          .trainingFile("alice/d@main:train.jsonl").idempotencyKey("k").build())),
      Map.entry("jobs.retrieve", c -> c.jobs().retrieve("j1")),
      Map.entry("jobs.list", c -> c.jobs().list(JobQuery.all()).stream().count()),
      Map.entry("jobs.events", c -> c.jobs().events("j1")),
      Map.entry("jobs.cancel", c -> c.jobs().cancel("j1")),
      Map.entry("jobs.waitFor", c -> c.jobs().waitFor("j1", WaitOptions.builder()
          .timeout(Duration.ofMillis(50)).build())),
      Map.entry("endpoints.list", c -> c.endpoints().list()),
      Map.entry("models.list", c -> c.models().list()),
      Map.entry("chat", c -> c.chat("alice/m").complete(List.of(ChatMessage.user("hi")))));

  private static java.nio.file.Path writeTemp() {
    try {
      java.nio.file.Path file = java.nio.file.Files.createTempFile("secrets", ".txt");
      file.toFile().deleteOnExit();
      return java.nio.file.Files.writeString(file, "a");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void noFlowLetsTheKeyOutWhateverTheServerEchoes() {
    SecretScan scan = new SecretScan(KEY);
    int variants = SecretScan.HOSTILE_ANSWERS;
    scan.runFlows(FLOWS, this::client, answer);
    scan.text("builder toString", HuggingFace.builder().apiKey(KEY).toString());
    scan.text("options toString", ClientOptions.builder().build().toString());
    logs.forEachText(scan::text);

    assertThat(scan.leaks()).isEmpty();
    assertThat(logs.count()).as("the flows were logged").isGreaterThan(variants * 10);
    assertThat(scan.scanned()).isGreaterThan(variants * FLOWS.size() * 5);
  }

  @Test
  void keysThatCannotBeSentAndBaseUrlsWithPasswordsAreRefusedWithoutRepeatingThem() {
    SecretScan scan = new SecretScan(KEY, "hunter2hunter2hunter2");

    scan.thrown("token with a line break", catchThrowable(() -> HuggingFace.builder().apiKey(KEY + "\nX-Evil: 1")));
    scan.thrown("token with a non-ASCII letter", catchThrowable(() -> HuggingFace.builder().apiKey(KEY + "é")));
    scan.thrown("hub URL with a password", catchThrowable(() -> HuggingFace.builder().apiKey(KEY)
        .hubUrl("https://user:hunter2hunter2hunter2@hub.example.com").build()));

    assertThat(scan.scanned()).isGreaterThanOrEqualTo(9);
    assertThat(scan.leaks()).isEmpty();
  }
}
