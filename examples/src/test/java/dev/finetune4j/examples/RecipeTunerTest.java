package dev.finetune4j.examples;

import dev.finetune4j.testkit.VirtualClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.finetune4j.FineTuningClient;
import dev.finetune4j.job.WaitOptions;
import dev.finetune4j.openai.OpenAi;
import dev.finetune4j.testkit.Fault;
import dev.finetune4j.testkit.openai.OpenAiEmulator;
import dev.finetune4j.testkit.openai.OpenAiFaults;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How to test your own fine-tuning code with the testkit: an {@link OpenAiEmulator} in the test's process, a client
 * pointed at it, and waits that advance the emulator's virtual clock, so that a training job takes milliseconds.
 */
class RecipeTunerTest {
  private static final Path TRAINING = Path.of("data", "recipes-train.jsonl");
  private static final String BASE = "gpt-4.1-mini-2025-04-14";

  private OpenAiEmulator openai;
  private FineTuningClient client;
  private RecipeTuner tuner;

  @BeforeEach
  void startEmulator() {
    openai = OpenAiEmulator.builder().clock(VirtualClock.manual()).build().start();
    client = OpenAi.builder().apiKey("sk-test").baseUrl(openai.baseUrl()).build();
    // The waiter sleeps on the emulator's clock: each poll moves virtual time forward instead of blocking.
    tuner = new RecipeTuner(client, WaitOptions.builder().sleeper(openai.clock()::sleep).build());
  }

  @AfterEach
  void stopEmulator() {
    client.close();
    openai.close();
  }

  @Test
  void tunesAModelThatAnswersInTheStyleOfTheTrainingData() {
    String model = tuner.tune(TRAINING, BASE);

    assertThat(model).startsWith("ft:" + BASE + ":").contains(":recipes:");
    assertThat(tuner.ask(model, "How long should I boil an egg for a runny yolk?"))
        .startsWith("Lower a fridge-cold large egg into boiling water and cook it 6 minutes");
  }

  @Test
  void createsTheJobOnlyOnceWhenTheFirstAnswerIsLost() {
    openai.faults().inject(Fault.dropResponseAfterProcessing().forRequests("POST", "/v1/fine_tuning/jobs"));

    tuner.tune(TRAINING, BASE);

    assertThat(openai.requests("POST", "/v1/fine_tuning/jobs")).hasSize(1);
    assertThat(client.jobs().list().stream().toList()).hasSize(1);
  }

  @Test
  void getsThroughARateLimitOnTheUpload() {
    openai.faults().inject(OpenAiFaults.rateLimited(Duration.ofSeconds(1)).forRequests("POST", "/v1/files"));

    tuner.tune(TRAINING, BASE);

    assertThat(openai.requests("POST", "/v1/files")).hasSize(2);
    assertThat(openai.faults().fired()).hasSize(1);
  }
}
