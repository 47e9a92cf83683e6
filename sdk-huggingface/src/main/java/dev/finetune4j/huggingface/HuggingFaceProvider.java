package dev.finetune4j.huggingface;

import dev.finetune4j.ClientOptions;
import dev.finetune4j.FineTuningClient;
import dev.finetune4j.spi.FineTuningProvider;
import java.util.List;
import java.util.Map;

/** Makes the Hugging Face provider discoverable as {@code huggingface} through {@link dev.finetune4j.FineTuning}. */
public final class HuggingFaceProvider implements FineTuningProvider {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public HuggingFaceProvider() {}

  @Override
  public String name() {
    return HuggingFace.PROVIDER;
  }

  @Override
  public List<String> environmentVariables() {
    return List.of("HF_TOKEN", "HF_ENDPOINT", "HF_INFERENCE_ENDPOINTS_ENDPOINT", "HF_ROUTER_ENDPOINT", "HF_NAMESPACE");
  }

  @Override
  public FineTuningClient create(Map<String, String> environment) {
    return HuggingFace.fromEnvironment(environment);
  }

  @Override
  public FineTuningClient create(Map<String, String> environment, ClientOptions options) {
    return HuggingFace.fromEnvironment(environment, options);
  }
}
