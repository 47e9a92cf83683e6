package dev.finetune4j.openai.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.spi.http.ApiRequest;
import dev.finetune4j.spi.http.HttpTransport;
import dev.finetune4j.spi.http.Json;
import dev.finetune4j.model.Deployment;
import dev.finetune4j.model.ModelInfo;
import dev.finetune4j.model.Models;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Models over {@code /models}. OpenAI serves fine-tuned models directly, so {@link #deploy} returns a ready
 * deployment of the model itself and {@link #undeploy} does nothing. Not API: use {@code OpenAi.models()}.
 */
public final class OpenAiModels implements Models {
  private final HttpTransport transport;

  /**
   * Creates the service.
   *
   * @param transport the OpenAI transport
   */
  public OpenAiModels(HttpTransport transport) {
    this.transport = transport;
  }

  @Override
  public List<ModelInfo> list() {
    return transport.call(ApiRequest.get("models").build(), json -> Wire.page(json, OpenAiModels::model).items());
  }

  @Override
  public ModelInfo retrieve(String modelId) {
    return transport.call(ApiRequest.get(path(modelId)).build(), OpenAiModels::model);
  }

  @Override
  public void delete(String modelId) {
    transport.execute(ApiRequest.delete(path(modelId)).build());
  }

  /** Returns a ready deployment named after the model: OpenAI serves fine-tunes without deploying them. */
  @Override
  public Deployment deploy(String modelId, Duration timeout) {
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(timeout, "timeout");
    return new Deployment(modelId, modelId, "ready", true, Optional.of(transport.baseUrl().toString()),
        Json.raw(Json.object().put("model", modelId)));
  }

  /** Does nothing: OpenAI has no deployments to remove. */
  @Override
  public void undeploy(String deploymentName) {
    Objects.requireNonNull(deploymentName, "deploymentName");
  }

  private static String path(String modelId) {
    Objects.requireNonNull(modelId, "modelId");
    if (modelId.isBlank()) {
      throw new IllegalArgumentException("modelId must not be blank");
    }
    return "models/" + HttpTransport.encode(modelId);
  }

  /**
   * Maps a model object.
   *
   * @param json the {@code model}
   * @return the model info
   */
  public static ModelInfo model(JsonNode json) {
    String id = Wire.text(json, "id").orElse("");
    return new ModelInfo(id, Wire.text(json, "owned_by"), Wire.time(json, "created"),
        shutdownDate(json.get("shutdown_date")), id.startsWith("ft:"), Json.raw(json));
  }

  private static Optional<LocalDate> shutdownDate(JsonNode value) {
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (value.isNumber()) {
      return Optional.of(LocalDate.ofInstant(Instant.ofEpochSecond(value.asLong()), ZoneOffset.UTC));
    }
    if (value.isTextual()) {
      String text = value.asText().trim();
      try {
        return Optional.of(LocalDate.parse(text.length() >= 10 ? text.substring(0, 10) : text));
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }
}
