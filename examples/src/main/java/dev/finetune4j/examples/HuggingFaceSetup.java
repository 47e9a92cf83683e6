package dev.finetune4j.examples;

import dev.finetune4j.ClientOptions;
import dev.finetune4j.testkit.VirtualClock;
import dev.finetune4j.FineTuningClient;
import dev.finetune4j.dataset.DatasetStatistics;
import dev.finetune4j.huggingface.HuggingFace;
import dev.finetune4j.huggingface.HuggingFaceJobOptions;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.testkit.huggingface.HuggingFaceEmulator;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hugging Face: LoRA fine-tuning of Qwen2.5-0.5B-Instruct with TRL on Hugging Face Jobs, hosted afterwards on an
 * Inference Endpoint. Jobs bill GPU time, not tokens: an {@code a10g-large} costs $1.50 an hour (the Jobs price
 * list); a two-hour time limit caps the run at $3.00. Endpoints bill by the hour too, so the evaluation shows tokens
 * but no per-token cost, and the endpoint is deleted when the program ends.
 */
final class HuggingFaceSetup implements ProviderSetup {
  static final String BASE_MODEL = "Qwen/Qwen2.5-0.5B-Instruct";
  static final String FLAVOR = "a10g-large";
  static final BigDecimal FLAVOR_PRICE_PER_HOUR = new BigDecimal("1.50");
  static final Duration JOB_LIMIT = Duration.ofHours(2);

  @Override
  public String name() {
    return "huggingface";
  }

  @Override
  public String displayName() {
    return "Hugging Face";
  }

  @Override
  public String credentialVariable() {
    return "HF_TOKEN";
  }

  @Override
  public List<String> variables() {
    return List.of("HF_TOKEN", "HF_ENDPOINT", "HF_INFERENCE_ENDPOINTS_ENDPOINT", "HF_ROUTER_ENDPOINT", "HF_NAMESPACE");
  }

  @Override
  public String baseModel() {
    return BASE_MODEL;
  }

  @Override
  public Optional<BigDecimal> trainingPricePerMillion() {
    return Optional.empty();
  }

  @Override
  public Optional<String> trainingCostNote(DatasetStatistics statistics) {
    BigDecimal cap = FLAVOR_PRICE_PER_HOUR.multiply(BigDecimal.valueOf(JOB_LIMIT.toMinutes()))
        .divide(BigDecimal.valueOf(60));
    return Optional.of("billed by GPU time: " + FLAVOR + " at $" + FLAVOR_PRICE_PER_HOUR + "/h; the job's "
        + JOB_LIMIT.toHours() + " h limit caps training at $" + cap.setScale(2, java.math.RoundingMode.HALF_UP));
  }

  @Override
  public JobSpec.Builder customise(JobSpec.Builder spec) {
    // Full fine-tuning (no LoRA): a 0.5B model fits an A10G whole, so the job needs no merge step before it pushes a
    // model an Inference Endpoint can serve (a LoRA job merges its adapter into the base model first).
    return spec.option(HuggingFaceJobOptions.builder().flavor(FLAVOR).timeout(JOB_LIMIT).lora(false)
        .loggingSteps(2).build());
  }

  @Override
  public Duration jobTimeout() {
    return JOB_LIMIT.plusMinutes(30);
  }

  /**
   * Builds the client with {@link HuggingFace#builder()} rather than from the environment: the deployment's wait
   * must run on the emulator's virtual clock, and the emulator's log stream needs no long silences.
   */
  @Override
  public FineTuningClient emulatorClient(Emulation emulation, VirtualClock time) {
    HuggingFaceEmulator emulator = (HuggingFaceEmulator) emulation.emulator();
    return HuggingFace.builder()
        .apiKey(emulation.environment().get("HF_TOKEN"))
        .hubUrl(emulator.hubUrl())
        .endpointsUrl(emulator.endpointsUrl())
        .routerUrl(emulator.routerUrl() + "/v1")
        .options(ClientOptions.builder().clock(time.asClock()).sleeper(time::sleep).build())
        // The emulator writes a job's log lines as soon as they exist: a short silence ends a read of the log.
        .logReadTimeouts(Duration.ofSeconds(1), Duration.ofMillis(150))
        .build();
  }

  @Override
  public Emulation startEmulator() {
    // a manual clock: the main job's waits drive its time, so a job timeout is one of virtual time
    HuggingFaceEmulator emulator = HuggingFaceEmulator.builder().clock(VirtualClock.manual()).build().start();
    return new Emulation(emulator, Map.of("HF_TOKEN", HuggingFaceEmulator.DEFAULT_TOKEN,
        "HF_ENDPOINT", emulator.hubUrl(), "HF_INFERENCE_ENDPOINTS_ENDPOINT", emulator.endpointsUrl(),
        "HF_ROUTER_ENDPOINT", emulator.routerUrl() + "/v1"));
  }
}
