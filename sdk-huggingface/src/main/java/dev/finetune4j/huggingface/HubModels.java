package dev.finetune4j.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.spi.http.ApiRequest;
import dev.finetune4j.spi.http.HttpTransport;
import dev.finetune4j.spi.http.Json;
import dev.finetune4j.model.Deployment;
import dev.finetune4j.model.ModelInfo;
import dev.finetune4j.model.Models;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Models as Hub model repositories (the ones fine-tuning jobs push to), hosted on Inference Endpoints.
 * A model counts as fine-tuned when its card names a {@code base_model}.
 */
final class HubModels implements Models {
  private final Hub hub;
  private final HttpTransport transport;
  private final InferenceEndpoints endpoints;
  private final Supplier<String> namespace;

  HubModels(Hub hub, HttpTransport transport, InferenceEndpoints endpoints, Supplier<String> namespace) {
    this.hub = hub;
    this.transport = transport;
    this.endpoints = endpoints;
    this.namespace = namespace;
  }

  /** Lists the namespace's model repositories ({@code GET /api/models?author=<namespace>}, first page). */
  @Override
  public List<ModelInfo> list() {
    return transport.call(ApiRequest.get("/api/models").query("author", namespace.get()).build(), json -> {
      if (!json.isArray()) {
        throw new IllegalArgumentException("expected a list of models, got " + json.getNodeType());
      }
      List<ModelInfo> models = new ArrayList<>();
      json.forEach(m -> models.add(toModel(m)));
      return models;
    });
  }

  @Override
  public ModelInfo retrieve(String modelId) {
    return toModel(Json.tree(hub.repository(RepoId.model(modelId)).raw()));
  }

  @Override
  public void delete(String modelId) {
    hub.deleteRepository(RepoId.model(modelId));
  }

  /**
   * Creates an Inference Endpoint (vLLM, defaults of {@link EndpointSpec}) named after the model, or reuses the one
   * of that name, and waits until it runs. A LoRA adapter repository must be merged into its base model first:
   * vLLM serves full models, so one holding {@code adapter_config.json} and no {@code config.json} is refused with
   * a {@link dev.finetune4j.error.LocalValidationException} before an endpoint is created.
   */
  @Override
  public Deployment deploy(String modelId, Duration timeout) {
    String name = endpointName(modelId);
    try {
      endpoints.get(name);
    } catch (dev.finetune4j.error.NotFoundException e) {
      List<String> files = hub.repository(RepoId.model(modelId)).files();
      if (files.contains("adapter_config.json") && !files.contains("config.json")) {
        throw new dev.finetune4j.error.LocalValidationException(modelId + " is a LoRA adapter, not a model an"
            + " Inference Endpoint can serve", List.of("vLLM and TGI load a repository with config.json; merge the"
            + " adapter into its base model first (LocalTraining.mergeAdapter, or train with this SDK, whose LoRA"
            + " jobs push the merged model)"));
      }
      endpoints.create(EndpointSpec.builder(name, modelId).build());
    }
    InferenceEndpoint running = endpoints.waitUntilRunning(name, timeout);
    return new Deployment(name, name, running.state(), true, running.url(), running.raw());
  }

  @Override
  public void undeploy(String deploymentName) {
    endpoints.delete(deploymentName);
  }

  /**
   * Derives an endpoint name from a model id: the lower-cased model name, cut to fit 32 characters with a short
   * hash of the whole id so that different models get different names.
   *
   * @param modelId the model id
   * @return the name
   */
  static String endpointName(String modelId) {
    String base = modelId.substring(modelId.indexOf('/') + 1).toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9-]", "-").replaceAll("-+", "-").replaceAll("^-|-$", "");
    String hash;
    try {
      hash = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(modelId.getBytes(java.nio.charset.StandardCharsets.UTF_8))).substring(0, 6);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
    if (base.length() > 25) {
      base = base.substring(0, 25).replaceAll("-$", "");
    }
    return (base.isEmpty() ? "model" : base) + "-" + hash;
  }

  static ModelInfo toModel(JsonNode json) {
    String id = Json.text(json, "id").or(() -> Json.text(json, "modelId")).orElse("");
    Optional<Instant> created = Json.text(json, "createdAt").flatMap(t -> {
      try {
        return Optional.of(Instant.parse(t));
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    });
    boolean fineTuned = json.path("cardData").has("base_model");
    for (JsonNode tag : json.path("tags")) {
      fineTuned |= tag.asText().startsWith("base_model:");
    }
    return new ModelInfo(id, Json.text(json, "author"), created, Optional.empty(), fineTuned, Json.raw(json));
  }
}
