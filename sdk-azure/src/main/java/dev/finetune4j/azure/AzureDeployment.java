package dev.finetune4j.azure;

import java.util.Objects;
import java.util.Optional;

/**
 * A deployment of an Azure OpenAI resource, as Azure Resource Manager describes it.
 *
 * @param name the deployment's name; chat with it
 * @param model the deployed model, such as a fine-tuned {@code gpt-4.1-mini-2025-04-14.ft-...}
 * @param modelVersion the model's version ({@code 1} for fine-tuned models)
 * @param modelFormat the model format, {@code OpenAI}
 * @param skuName the SKU, such as {@code GlobalStandard}, {@code Standard} or {@code developertier}
 * @param capacity the SKU's capacity (thousands of tokens per minute)
 * @param provisioningState {@code Accepted}, {@code Creating}, {@code Succeeded}, {@code Failed}, {@code Deleting},
 *     ...
 * @param id the Resource Manager id
 * @param rawJson the JSON Resource Manager returned
 */
public record AzureDeployment(
    String name,
    String model,
    Optional<String> modelVersion,
    String modelFormat,
    String skuName,
    int capacity,
    String provisioningState,
    Optional<String> id,
    String rawJson) {

  /** Checks that no component is null. */
  public AzureDeployment {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(modelFormat, "modelFormat");
    Objects.requireNonNull(skuName, "skuName");
    Objects.requireNonNull(provisioningState, "provisioningState");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(rawJson, "rawJson");
  }

  /** @return true once provisioning succeeded: the deployment answers */
  public boolean isSucceeded() {
    return provisioningState.equalsIgnoreCase("Succeeded");
  }

  /** @return true when provisioning has ended, successfully or not */
  public boolean isProvisioningDone() {
    return switch (provisioningState.toLowerCase(java.util.Locale.ROOT)) {
      case "succeeded", "failed", "canceled", "disabled" -> true;
      default -> false;
    };
  }
}
