package dev.finetune4j.model;

import dev.finetune4j.RawJson;
import java.util.Objects;
import java.util.Optional;

/**
 * A model made callable: an Inference Endpoint, an Azure deployment, or, for providers that serve fine-tuned models
 * without one, the model itself.
 *
 * @param name the deployment's name at the provider
 * @param model the name to pass to {@code FineTuningClient.chat(...)}
 * @param state the provider's state, such as {@code running}
 * @param ready whether it answers requests now
 * @param url the address it is served at, when it has its own
 * @param raw the provider's JSON for it; an empty object when there is none
 */
public record Deployment(
    String name, String model, String state, boolean ready, Optional<String> url, RawJson raw) {

  /** Checks that no component is null. */
  public Deployment {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(raw, "raw");
  }
}
