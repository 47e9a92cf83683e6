package dev.finetune4j.azure;

import dev.finetune4j.ClientOptions;
import dev.finetune4j.FineTuningClient;
import dev.finetune4j.spi.FineTuningProvider;
import java.util.List;
import java.util.Map;

/** Makes Azure OpenAI discoverable as {@code azure} through {@link dev.finetune4j.FineTuning}. */
public final class AzureOpenAiProvider implements FineTuningProvider {
  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public AzureOpenAiProvider() {}

  @Override
  public String name() {
    return AzureOpenAi.PROVIDER;
  }

  @Override
  public List<String> environmentVariables() {
    return List.of("AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_API_KEY", "OPENAI_API_VERSION", "AZURE_TENANT_ID",
        "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "AZURE_SUBSCRIPTION_ID", "AZURE_RESOURCE_GROUP",
        "AZURE_OPENAI_ACCOUNT", "AZURE_AUTHORITY_HOST", "AZURE_RESOURCE_MANAGER_ENDPOINT");
  }

  @Override
  public FineTuningClient create(Map<String, String> environment) {
    return AzureOpenAi.fromEnvironment(environment);
  }

  @Override
  public FineTuningClient create(Map<String, String> environment, ClientOptions options) {
    return AzureOpenAi.fromEnvironment(environment, options);
  }
}
