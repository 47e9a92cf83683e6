package dev.finetune4j.huggingface;

import dev.finetune4j.RawJson;
import java.util.Objects;
import java.util.Optional;

/**
 * An Inference Endpoint as the API last reported it.
 *
 * @param name the endpoint's name
 * @param state {@code pending}, {@code initializing}, {@code updating}, {@code updateFailed}, {@code running},
 *     {@code paused}, {@code failed}, {@code scaledToZero}, or a state this SDK does not know yet
 * @param url where it answers, once it has an address
 * @param repository the model repository it serves
 * @param message the API's explanation of the state, if any
 * @param raw the API's JSON
 */
public record InferenceEndpoint(
    String name, String state, Optional<String> url, String repository, Optional<String> message, RawJson raw) {

  /** Checks that no component is null. */
  public InferenceEndpoint {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(raw, "raw");
  }

  /** @return true when it runs and has an address */
  public boolean isRunning() {
    return state.equals("running") && url.isPresent();
  }

  /** @return true when it will not become ready without being changed ({@code failed}, {@code updateFailed}) */
  public boolean isFailed() {
    return state.equals("failed") || state.equals("updateFailed");
  }
}
