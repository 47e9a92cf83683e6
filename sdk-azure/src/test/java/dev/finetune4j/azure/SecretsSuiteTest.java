package dev.finetune4j.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.finetune4j.AccessToken;
import dev.finetune4j.ClientOptions;
import dev.finetune4j.RetryPolicy;
import dev.finetune4j.job.JobQuery;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.WaitOptions;
import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.testkit.SecretScan;
import dev.finetune4j.testsupport.TraceLogs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Azure OpenAI flow, with an {@code api-key}, with Entra ID client credentials and with a token credential
 * (data plane and Resource Manager), against a server that echoes back the secret each request carried in every way
 * it can (raw, upper-cased, JSON-escaped, in the request id, in X-Error-Code, in error fields, in non-JSON bodies),
 * with every logger at TRACE: no secret in any log line, exception message, stack trace, {@code body()} or
 * {@code toString()}.
 */
class SecretsSuiteTest {
  private static final String KEY = "azkeySecretSuite0123456789abcdef";
  private static final String CLIENT_SECRET = "azclientSecretSuite9876543210fedcba";
  private static final String TOKEN = "eyJazTokenSecretSuite0123456789";

  @StartStop
  private final MockWebServer server = new MockWebServer();

  @TempDir
  Path dir;

  private TraceLogs logs;
  private IntConsumer answer;

  @BeforeEach
  void captureEveryLoggerAtTrace() {
    logs = TraceLogs.capture();
    answer = SecretScan.answerHostilely(server, SecretsSuiteTest::secretCarriedBy);
  }

  /** The secret the request carried: its api-key, its bearer token, or the client secret of a token request. */
  private static String secretCarriedBy(RecordedRequest request) {
    if (request.getHeaders().get("api-key") != null) {
      return KEY;
    }
    String authorization = request.getHeaders().get("Authorization");
    return authorization != null && authorization.startsWith("Bearer ") ? TOKEN : CLIENT_SECRET;
  }

  @AfterEach
  void release() {
    logs.close();
  }

  private AzureOpenAi.Builder builder() {
    return AzureOpenAi.builder().endpoint(server.url("/").toString())
        .resource("sub-1", "rg-1", "acct-1").resourceManagerEndpoint(server.url("/").toString())
        .fileProcessingTimeout(Duration.ofMillis(50))
        .options(ClientOptions.builder().retryPolicy(RetryPolicy.builder().sleeper(d -> { }).build())
            .sleeper(d -> { }).timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(4))
            .build());
  }

  private AzureOpenAi withKey() {
    return builder().apiKey(KEY).build();
  }

  private AzureOpenAi withClientSecret() {
    return builder().authorityHost(server.url("/").toString()).clientSecret("tenant-1", "client-1", CLIENT_SECRET)
        .build();
  }

  private AzureOpenAi withTokenCredential() {
    return builder().tokenCredential(scope -> new AccessToken(TOKEN, Instant.now().plusSeconds(3600))).build();
  }

  private Map<String, Consumer<AzureOpenAi>> flows() throws IOException {
    Path training = Files.writeString(dir.resolve("t.jsonl"), "{}\n");
    return Map.ofEntries(
        Map.entry("files.upload", c -> c.files().upload(training)),
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
        Map.entry("deployments.create", c -> c.deployments().create(
            AzureDeploymentSpec.builder("d-1", "gpt-4o-mini-2024-07-18.ft-1").build())),
        Map.entry("deployments.list", c -> c.deployments().list()),
        Map.entry("chat", c -> c.chat("d-1").complete(List.of(ChatMessage.user("hi")))));
  }

  @Test
  void noFlowLetsASecretOutWhateverTheServerEchoes() throws IOException {
    SecretScan scan = new SecretScan(KEY, CLIENT_SECRET, TOKEN);
    int variants = SecretScan.HOSTILE_ANSWERS;
    Map<String, Consumer<AzureOpenAi>> flows = flows();
    scan.runFlows(flows, this::withKey, answer);
    // Entra ID: the token request and a call each of the data plane, Resource Manager and chat
    Map<String, Consumer<AzureOpenAi>> tokenFlows = Map.of("files.list", flows.get("files.list"),
        "jobs.create", flows.get("jobs.create"), "deployments.create", flows.get("deployments.create"),
        "chat", flows.get("chat"));
    scan.runFlows(tokenFlows, this::withClientSecret, answer);
    scan.runFlows(tokenFlows, this::withTokenCredential, answer);
    scan.text("builder toString", AzureOpenAi.builder().apiKey(KEY).toString());
    scan.text("client toString, api-key", withKey().toString());
    scan.text("client toString, client secret", withClientSecret().toString());
    logs.forEachText(scan::text);

    assertThat(scan.leaks()).isEmpty();
    assertThat(logs.count()).as("the flows were logged").isGreaterThan(variants * 10);
    int runs = variants * (flows.size() + 2 * tokenFlows.size());
    assertThat(scan.scanned()).isGreaterThan(runs * 3);
    assertThat(server.getRequestCount()).as("every flow reached the server").isGreaterThan(runs);
  }

  @Test
  void keysThatCannotBeSentAndEndpointsWithPasswordsAreRefusedWithoutRepeatingThem() {
    SecretScan scan = new SecretScan(KEY, CLIENT_SECRET, "hunter2hunter2hunter2");
    scan.thrown("key with a line break", catchThrowable(() -> AzureOpenAi.builder().apiKey(KEY + "\nX-Evil: 1")));
    scan.thrown("key with a non-ASCII letter", catchThrowable(() -> AzureOpenAi.builder().apiKey(KEY + "é")));
    scan.thrown("client secret with a line break", catchThrowable(() -> AzureOpenAi.builder()
        .clientSecret("tenant-1", "client-1", CLIENT_SECRET + "\r\n")));
    scan.thrown("endpoint with a password", catchThrowable(() -> AzureOpenAi.builder().apiKey(KEY)
        .endpoint("https://user:hunter2hunter2hunter2@acct.openai.azure.com/").build()));

    assertThat(scan.scanned()).isGreaterThanOrEqualTo(4);
    assertThat(scan.leaks()).isEmpty();
  }
}
