package dev.finetune4j.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.error.LocalValidationException;
import dev.finetune4j.job.Hyperparameters;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.TrainingMethod;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code jobs().check(spec)}: the limits create checks, every one listed, with nothing sent. */
class JobsCheckTest {
  private MockWebServer server;
  private OpenAi openai;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    openai = OpenAi.builder().apiKey("sk-check").baseUrl(server.url("/v1").toString()).build();
  }

  @AfterEach
  void stop() {
    openai.close();
    server.close();
  }

  private static JobSpec.Builder planned() {
    return JobSpec.builder().baseModel("gpt-4.1-mini-2025-04-14").trainingFile("planned-training");
  }

  @Test
  void aSpecWithinTheLimitsPassesWithAnyFileIds() {
    assertThatCode(() -> openai.jobs().check(planned().suffix("s".repeat(64)).seed(Integer.MAX_VALUE).build()))
        .doesNotThrowAnyException();

    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void everyBrokenLimitIsListedAndNothingIsSent() {
    JobSpec spec = planned().suffix("s".repeat(65)).seed(Integer.MAX_VALUE + 1L)
        .method(TrainingMethod.supervised(Hyperparameters.builder().epochs(51).batchSize(257).build())).build();

    assertThatThrownBy(() -> openai.jobs().check(spec)).isInstanceOfSatisfying(LocalValidationException.class,
        e -> assertThat(e.problems()).containsExactlyInAnyOrder("suffix must be 1 to 64 characters, was 65",
            "seed must be 0 to 2147483647, was 2147483648", "batchSize must be auto or 1 to 256, was 257",
            "epochs must be auto or 1 to 50, was 51"));
    assertThat(server.getRequestCount()).isZero();
  }
}
