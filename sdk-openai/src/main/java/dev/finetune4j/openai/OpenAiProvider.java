package dev.finetune4j.openai;

import dev.finetune4j.ClientOptions;
import dev.finetune4j.FineTuningClient;
import dev.finetune4j.spi.FineTuningProvider;
import java.util.List;
import java.util.Map;

/** Makes OpenAI discoverable as {@code openai} through {@link dev.finetune4j.FineTuning}. */
public final class OpenAiProvider implements FineTuningProvider {
  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public OpenAiProvider() {}

  @Override
  public String name() {
    return OpenAi.PROVIDER;
  }

  @Override
  public List<String> environmentVariables() {
    return List.of("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID", "OPENAI_ADMIN_KEY");
  }

  @Override
  public FineTuningClient create(Map<String, String> environment) {
    return OpenAi.fromEnvironment(environment);
  }

  @Override
  public FineTuningClient create(Map<String, String> environment, ClientOptions options) {
    return OpenAi.fromEnvironment(environment, options);
  }
}
