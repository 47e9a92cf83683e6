package dev.finetune4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;

/**
 * The short examples run to the end on the emulators. They pick the real provider when its credentials are set, so
 * each test is disabled then: tests never spend money.
 */
class ShortExamplesTest {
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream original;

  @BeforeEach
  void captureOutput() {
    original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreOutput() {
    System.setOut(original);
  }

  @Test
  @DisabledIfEnvironmentVariable(named = "OPENAI_API_KEY", matches = ".+")
  void preferenceTrainingTrainsADpoModelAndAsksIt() {
    PreferenceTraining.main(new String[] {"data/recipes-preference.jsonl"});

    assertThat(output()).contains("12 examples", "ended succeeded with ft:", ":recipes-dpo:",
        "Press plastic wrap directly onto the surface");
  }

  @Test
  @DisabledIfEnvironmentVariable(named = "OPENAI_API_KEY", matches = ".+")
  void severalJobsAreFollowedAtOnceUntilAllSucceed() {
    WaitForSeveralJobs.main(new String[] {"data/recipes-train.jsonl"});

    assertThat(output().lines().filter(l -> l.matches("ftjob-\\S+ succeeded ft:\\S+ trained tokens \\d+")))
        .hasSize(3);
  }

  @Test
  @DisabledIfEnvironmentVariable(named = "HF_TOKEN", matches = ".+")
  void huggingFaceExampleTrainsServesAndChats() {
    HuggingFaceTrainAndServe.main(new String[] {"data/recipes-train.jsonl"});

    assertThat(output()).containsPattern("step \\d+ loss \\d\\.\\d{4}").contains("serving ", " tokens)");
  }

  private String output() {
    return captured.toString(StandardCharsets.UTF_8);
  }
}
