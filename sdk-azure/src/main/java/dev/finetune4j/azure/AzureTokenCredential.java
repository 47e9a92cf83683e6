package dev.finetune4j.azure;

import dev.finetune4j.AccessToken;

/**
 * Supplies Microsoft Entra ID tokens for a scope: {@value AzureOpenAi#DATA_PLANE_SCOPE} for the data plane and
 * {@value AzureOpenAi#RESOURCE_MANAGER_SCOPE} for deployments. Adapt Azure Identity's {@code TokenCredential} with
 * one lambda; the client caches each token and asks again five minutes before it expires.
 */
@FunctionalInterface
public interface AzureTokenCredential {
  /**
   * Fetches a token.
   *
   * @param scope the scope, such as {@code https://cognitiveservices.azure.com/.default}
   * @return the token with its expiry
   */
  AccessToken token(String scope);
}
