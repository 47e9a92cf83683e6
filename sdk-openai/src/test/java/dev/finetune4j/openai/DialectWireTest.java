package dev.finetune4j.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.error.InvalidResponseException;
import dev.finetune4j.error.LocalValidationException;
import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobQuery;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.JobStatus;
import dev.finetune4j.spi.http.Authentication;
import dev.finetune4j.spi.http.HttpTransport;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;

/** The OpenAI wire code in another dialect: the seam a second OpenAI-protocol provider builds on. */
class DialectWireTest extends WireTestSupport {
  private static final OpenAiDialect OTHER = OpenAiDialect.builder("other", "Other OpenAI")
      .maxSuffixLength(40)
      .filtersJobsByMetadata(false, 3)
      .statusMapping(s -> s.equals("pending") ? JobStatus.QUEUED : JobStatus.of(s))
      .createExtension((spec, body) -> body.put("trainingType", "Standard"))
      .build();

  private OpenAiProtocol protocol() {
    HttpTransport transport = HttpTransport.builder().provider(OTHER.provider())
        .baseUrl(server.url("/openai").toString()).defaultQueryParameter("api-version", "2024-10-21")
        .authentication(Authentication.header("api-key", KEY)).secret(KEY).options(options()).build();
    return OpenAiProtocol.builder().build(transport, OTHER);
  }

  private static JobSpec.Builder spec() {
    return JobSpec.builder().baseModel("gpt-4o-mini-2024-07-18").trainingFile("file-abc123").idempotencyKey("key-1");
  }

  private static String list(boolean more, String... jobs) {
    return "{\"object\":\"list\",\"data\":[" + String.join(",", jobs) + "],\"has_more\":" + more + "}";
  }

  @Test
  void theDialectNamesTheProviderMapsItsStatusesAndAddsItsOwnCreateFields() {
    enqueue(list(false));
    enqueue(job("ftjob-1", "pending"));

    Job job = protocol().jobs().create(spec().build());

    assertThat(job.provider()).isEqualTo("other");
    assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(job.providerStatus()).isEqualTo("pending");
    assertCall(take(), "GET", "/openai/fine_tuning/jobs?api-version=2024-10-21&limit=100");
    var create = take();
    assertCall(create, "POST", "/openai/fine_tuning/jobs?api-version=2024-10-21");
    assertThat(create.getHeaders().get("api-key")).isEqualTo(KEY);
    assertThat(json(body(create)).path("trainingType").asText()).isEqualTo("Standard");
  }

  @Test
  void theDialectsLimitsAreCheckedBeforeAnythingIsSent() {
    assertThatThrownBy(() -> protocol().jobs().create(spec().suffix("s".repeat(41)).build()))
        .isInstanceOf(LocalValidationException.class)
        .hasMessageContaining("Other OpenAI's limits").hasMessageContaining("1 to 40 characters");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void withoutAMetadataFilterARetriedCreateScansPastTheNewestPageToFindItsJob() {
    enqueue(list(false));
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
    String others = job("ftjob-other", "running").replace("key-1", "someone-else");
    enqueue(list(true, others));
    enqueue(list(false, job("ftjob-first", "pending")));

    Job job = protocol().jobs().create(spec().build());

    assertThat(job.id()).isEqualTo("ftjob-first");
    assertCall(take(), "GET", "/openai/fine_tuning/jobs?api-version=2024-10-21&limit=100");
    assertCall(take(), "POST", "/openai/fine_tuning/jobs?api-version=2024-10-21");
    assertCall(take(), "GET", "/openai/fine_tuning/jobs?api-version=2024-10-21&limit=100");
    assertCall(take(), "GET", "/openai/fine_tuning/jobs?api-version=2024-10-21&limit=100&after=ftjob-other");
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void withoutAMetadataFilterLabelsAreFilteredOnTheClient() {
    String other = job("ftjob-2", "running").replace("\"team\":\"kitchen\"", "\"team\":\"bakery\"");
    enqueue(list(false, job("ftjob-1", "running"), other));

    List<Job> jobs = protocol().jobs().list(JobQuery.withLabel("team", "kitchen")).toList();

    assertThat(jobs).extracting(Job::id).containsExactly("ftjob-1");
    assertCall(take(), "GET", "/openai/fine_tuning/jobs?api-version=2024-10-21");
  }

  @Test
  void aJobWithoutAnIdIsAnInvalidResponse() {
    enqueue(job("ftjob-1", "running").replace("\"id\":\"ftjob-1\",", ""));

    assertThatThrownBy(() -> protocol().jobs().retrieve("ftjob-1"))
        .isInstanceOfSatisfying(InvalidResponseException.class, e -> {
          assertThat(e.provider()).isEqualTo("other");
          assertThat(e.statusCode()).isEqualTo(200);
          assertThat(e.getMessage()).contains("GET /openai/fine_tuning/jobs/ftjob-1");
        });
  }

  @Test
  void aListWhoseDataIsNotAnArrayIsAnInvalidResponseNotAnEmptyList() {
    enqueue("{\"object\":\"list\",\"data\":{\"id\":\"ftjob-1\"}}");

    assertThatThrownBy(() -> protocol().jobs().list(JobQuery.all()).toList())
        .isInstanceOf(InvalidResponseException.class).hasMessageContaining("'data' array");
  }
}
