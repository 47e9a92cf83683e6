package dev.finetune4j.examples;

import dev.finetune4j.ClientOptions;
import dev.finetune4j.FineTuningClient;
import dev.finetune4j.azure.AzureOpenAi;
import dev.finetune4j.azure.AzureTrainingType;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.testkit.VirtualClock;
import dev.finetune4j.testkit.azure.AzureOpenAiEmulator;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * Azure OpenAI: supervised fine-tuning of gpt-4.1-mini with Global training, deployed through Resource Manager for
 * the evaluation and deleted at the end. The base model answers through the deployment named by
 * {@code AZURE_OPENAI_BASE_DEPLOYMENT} (default {@code gpt-4.1-mini}). The prices are assumptions at OpenAI's list
 * prices for gpt-4.1-mini (Azure's Global training is cheaper than regional; hosting a deployment bills by the
 * hour); check Azure's pricing page before relying on them.
 */
final class AzureSetup implements ProviderSetup {
  static final String BASE_MODEL = "gpt-4.1-mini-2025-04-14";
  static final String BASE_DEPLOYMENT = "gpt-4.1-mini";
  private static final ProviderSetup OPENAI_PRICES = new OpenAiSetup();

  @Override
  public String name() {
    return "azure";
  }

  @Override
  public String displayName() {
    return "Azure OpenAI";
  }

  @Override
  public String credentialVariable() {
    return "AZURE_OPENAI_ENDPOINT";
  }

  @Override
  public List<String> variables() {
    return List.of("AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_API_KEY", "OPENAI_API_VERSION", "AZURE_TENANT_ID",
        "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "AZURE_SUBSCRIPTION_ID", "AZURE_RESOURCE_GROUP",
        "AZURE_OPENAI_ACCOUNT", "AZURE_OPENAI_BASE_DEPLOYMENT");
  }

  @Override
  public String baseModel() {
    return BASE_MODEL;
  }

  @Override
  public String baseChatModel() {
    String configured = System.getenv("AZURE_OPENAI_BASE_DEPLOYMENT");
    return configured == null || configured.isBlank() ? BASE_DEPLOYMENT : configured;
  }

  @Override
  public Optional<BigDecimal> trainingPricePerMillion() {
    return OPENAI_PRICES.trainingPricePerMillion();
  }

  @Override
  public Optional<TokenPrices> basePrices() {
    return OPENAI_PRICES.basePrices();
  }

  @Override
  public Optional<TokenPrices> tunedPrices() {
    return OPENAI_PRICES.tunedPrices();
  }

  @Override
  public JobSpec.Builder customise(JobSpec.Builder spec) {
    return spec.option(AzureTrainingType.GLOBAL);
  }

  @Override
  public Emulation startEmulator() {
    AzureOpenAiEmulator emulator = AzureOpenAiEmulator.builder().clock(VirtualClock.manual()).deployment(BASE_DEPLOYMENT, BASE_MODEL).build()
        .start();
    return new Emulation(emulator, emulator.environment());
  }

  /** The emulator's client waits for deployments on the emulator's virtual clock. */
  @Override
  public FineTuningClient emulatorClient(Emulation emulation, VirtualClock time) {
    return AzureOpenAi.fromEnvironment(emulation.environment(),
        ClientOptions.builder().clock(time.asClock()).sleeper(time::sleep).build());
  }
}
