package dev.finetune4j.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.RawJson;
import dev.finetune4j.Capability;
import dev.finetune4j.error.UnsupportedCapabilityException;
import dev.finetune4j.model.Deployment;
import dev.finetune4j.model.ModelInfo;
import dev.finetune4j.model.Models;
import dev.finetune4j.openai.internal.OpenAiModels;
import dev.finetune4j.openai.internal.Wire;
import dev.finetune4j.spi.http.ApiRequest;
import dev.finetune4j.spi.http.HttpTransport;
import dev.finetune4j.spi.http.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The neutral models of an Azure resource: the data plane's {@code /models}, and deployment through Resource
 * Manager, so that a tuned model is callable after {@link #deploy(String, Duration)}.
 */
final class AzureModels implements Models {
  private final HttpTransport transport;
  private final AzureApiVersion version;
  private final Supplier<AzureDeployments> deployments;
  private final String skuName;
  private final int capacity;
  private final String endpoint;

  AzureModels(HttpTransport transport, AzureApiVersion version, Supplier<AzureDeployments> deployments,
      String skuName, int capacity, String endpoint) {
    this.transport = transport;
    this.version = version;
    this.deployments = deployments;
    this.skuName = skuName;
    this.capacity = capacity;
    this.endpoint = endpoint;
  }

  @Override
  public List<ModelInfo> list() {
    return transport.call(ApiRequest.get("models").build(), json -> Wire.page(json, AzureModels::model).items());
  }

  @Override
  public ModelInfo retrieve(String modelId) {
    return transport.call(ApiRequest.get(path(modelId)).build(), AzureModels::model);
  }

  /** Deletes a fine-tuned model: {@code DELETE /openai/v1/models/{model}}, which only the v1 API has. */
  @Override
  public void delete(String modelId) {
    if (!version.isV1()) {
      throw new UnsupportedCapabilityException(AzureOpenAi.PROVIDER, Capability.DELETE_MODEL,
          "the dated API (api-version " + version + ") cannot delete models; use AzureApiVersion.V1");
    }
    transport.execute(ApiRequest.delete(path(modelId)).build());
  }

  /**
   * Deploys the model through Resource Manager under a name derived from it, with the client's default SKU, and
   * waits until provisioning succeeded.
   */
  @Override
  public Deployment deploy(String modelId, Duration timeout) {
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(timeout, "timeout");
    AzureDeployment d = deployments.get().createAndWait(AzureDeploymentSpec.builder(deploymentName(modelId), modelId)
        .sku(skuName, capacity).build(), timeout);
    return new Deployment(d.name(), d.name(), d.provisioningState(), d.isSucceeded(), Optional.of(endpoint),
        raw(d.rawJson()));
  }

  @Override
  public void undeploy(String deploymentName) {
    deployments.get().delete(deploymentName);
  }

  /**
   * Returns the deployment name {@link #deploy} uses for a model: the model id with characters Azure does not take
   * replaced by {@code -}, shortened with a hash to 64 characters.
   */
  static String deploymentName(String modelId) {
    String name = modelId.replaceAll("[^A-Za-z0-9._-]", "-");
    if (name.length() <= 64) {
      return name;
    }
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(modelId.getBytes(StandardCharsets.UTF_8));
      return name.substring(0, 51) + "-" + HexFormat.of().formatHex(hash).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static RawJson raw(String json) {
    try {
      return Json.raw(Json.parse(json));
    } catch (java.io.IOException e) {
      return Json.raw(Json.object());
    }
  }

  private static String path(String modelId) {
    Objects.requireNonNull(modelId, "modelId");
    if (modelId.isBlank()) {
      throw new IllegalArgumentException("modelId must not be blank");
    }
    return "models/" + HttpTransport.encode(modelId);
  }

  static ModelInfo model(JsonNode json) {
    ModelInfo info = OpenAiModels.model(json);
    boolean tuned = info.id().contains(".ft-") || json.hasNonNull("fine_tune");
    return new ModelInfo(info.id(), info.ownedBy(), info.createdAt().or(() -> Wire.time(json, "created_at")),
        info.shutdownDate(), tuned, Json.raw(json));
  }
}
