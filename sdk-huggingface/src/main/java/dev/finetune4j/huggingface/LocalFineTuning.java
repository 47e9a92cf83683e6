package dev.finetune4j.huggingface;

import dev.finetune4j.Capabilities;
import dev.finetune4j.Capability;
import dev.finetune4j.FineTuningClient;
import dev.finetune4j.Page;
import dev.finetune4j.Paged;
import dev.finetune4j.dataset.DatasetFile;
import dev.finetune4j.dataset.DatasetFormat;
import dev.finetune4j.dataset.DatasetRules;
import dev.finetune4j.dataset.ExampleKind;
import dev.finetune4j.dataset.DatasetUpload;
import dev.finetune4j.dataset.Datasets;
import dev.finetune4j.dataset.UploadedDataset;
import dev.finetune4j.error.LocalIoException;
import dev.finetune4j.error.UnsupportedCapabilityException;
import dev.finetune4j.model.ChatModel;
import dev.finetune4j.model.Deployment;
import dev.finetune4j.model.ModelInfo;
import dev.finetune4j.model.Models;
import dev.finetune4j.spi.http.Json;
import dev.finetune4j.spi.http.Pagination;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The whole fine-tuning story on this machine behind the neutral {@link FineTuningClient}: {@code datasets()}
 * prepares local TRL datasets, {@code jobs()} is a {@link LocalTraining} running the same {@code trl} commands as
 * Hugging Face Jobs, {@code models().deploy(...)} serves a trained model with {@code transformers serve} (merging a
 * LoRA adapter first), and {@code chat(model)} talks to it; a model that was not deployed (the base model) gets its
 * own server on first use. Every server is stopped by {@link #close()}.
 *
 * <pre>{@code
 * try (LocalFineTuning local = LocalFineTuning.create(LocalTraining.builder().namespace("local").build(),
 *     model -> LocalServer.builder().model(model))) {
 *   ... the same code as against any provider
 * }
 * }</pre>
 */
public final class LocalFineTuning implements FineTuningClient {
  /** The provider name of local runs. */
  public static final String PROVIDER = HuggingFace.PROVIDER + "-local";
  private static final Capabilities CAPABILITIES = new Capabilities(PROVIDER, EnumSet.of(
      Capability.SUPERVISED_TRAINING, Capability.PREFERENCE_TRAINING, Capability.CANCEL_JOB, Capability.JOB_EVENTS,
      Capability.TRAINING_METRICS, Capability.DATASET_DOWNLOAD, Capability.CHAT), true);

  private final LocalTraining training;
  private final Function<String, LocalServer.Builder> servers;
  private final Map<String, LocalServer> running = new ConcurrentHashMap<>();
  private final Map<String, String> deployedModels = new ConcurrentHashMap<>();

  private LocalFineTuning(LocalTraining training, Function<String, LocalServer.Builder> servers) {
    this.training = training;
    this.servers = servers;
  }

  /**
   * Returns a local client.
   *
   * @param training runs the training; closed with this client
   * @param servers makes the server builder for a model (folder or Hub id), such as
   *     {@code model -> LocalServer.builder().model(model).executable("/opt/venv/bin/transformers")}
   * @return the client
   */
  public static LocalFineTuning create(LocalTraining training, Function<String, LocalServer.Builder> servers) {
    return new LocalFineTuning(Objects.requireNonNull(training, "training"), Objects.requireNonNull(servers,
        "servers"));
  }

  @Override
  public String provider() {
    return PROVIDER;
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public Datasets datasets() {
    return new LocalDatasets();
  }

  @Override
  public LocalTraining jobs() {
    return training;
  }

  @Override
  public Models models() {
    return new LocalModels();
  }

  /** Returns a chat client for a deployed model (by deployment name or model), starting a server for any other. */
  @Override
  public ChatModel chat(String model) {
    Objects.requireNonNull(model, "model");
    String served = deployedModels.getOrDefault(model, model);
    return running.computeIfAbsent(served, m -> servers.apply(m).model(m).build().start()).chat();
  }

  /** Stops every server and cancels every run still going. */
  @Override
  public void close() {
    List<RuntimeException> failures = new ArrayList<>();
    for (LocalServer server : running.values()) {
      try {
        server.close();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    running.clear();
    training.close();
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
  }

  @Override
  public String toString() {
    return "LocalFineTuning{training=" + training + ", servers=" + running.size() + '}';
  }

  private final class LocalDatasets implements Datasets {
    @Override
    public DatasetRules rules(String targetModel) {
      return HuggingFaceDatasetRules.defaults();
    }

    @Override
    public DatasetFormat trainingFormat(ExampleKind kind) {
      return HubDatasets.trlFormat(kind);
    }

    @Override
    public UploadedDataset upload(DatasetUpload upload) {
      return training.prepare(upload);
    }

    @Override
    public DatasetFile retrieve(String fileId) {
      Path file = Path.of(fileId);
      try {
        return new DatasetFile(fileId, file.getFileName().toString(), Files.size(file),
            Files.getLastModifiedTime(file).toInstant(), Json.raw(Json.object().put("path", fileId)));
      } catch (IOException e) {
        throw LocalIoException.of("read", file, e);
      }
    }

    @Override
    public Paged<DatasetFile> list() {
      return Pagination.cursor(cursor -> new Page<>(List.of(), Optional.empty()));
    }

    @Override
    public void delete(String fileId) {
      try {
        Files.deleteIfExists(Path.of(fileId));
      } catch (IOException e) {
        throw LocalIoException.of("delete", Path.of(fileId), e);
      }
    }

    @Override
    public InputStream download(String fileId) {
      try {
        return Files.newInputStream(Path.of(fileId));
      } catch (IOException e) {
        throw LocalIoException.of("read", Path.of(fileId), e);
      }
    }
  }

  private final class LocalModels implements Models {
    @Override
    public List<ModelInfo> list() {
      return deployedModels.keySet().stream().map(this::retrieve).toList();
    }

    @Override
    public ModelInfo retrieve(String modelId) {
      return new ModelInfo(modelId, Optional.empty(), Optional.empty(), Optional.empty(), true,
          Json.raw(Json.object().put("path", modelId)));
    }

    @Override
    public void delete(String modelId) {
      throw new UnsupportedCapabilityException(PROVIDER, Capability.DELETE_MODEL);
    }

    /**
     * Serves a trained model folder (a LoRA adapter is merged into its base first, next to it as
     * {@code <folder>-merged}) and returns once the server answers.
     */
    @Override
    public Deployment deploy(String modelId, Duration timeout) {
      Path folder = Path.of(modelId);
      String served = modelId;
      if (Files.isRegularFile(folder.resolve("adapter_config.json"))) {
        Path merged = folder.resolveSibling(folder.getFileName() + "-merged");
        if (!Files.isRegularFile(merged.resolve("config.json"))) {
          training.mergeAdapter(folder, merged);
        }
        served = merged.toString();
      }
      String model = served;
      LocalServer server = running.computeIfAbsent(model, m -> servers.apply(m).model(m).startupTimeout(timeout)
          .build().start());
      deployedModels.put(modelId, model);
      return new Deployment(modelId, model, "running", true, Optional.of(server.baseUrl()),
          Json.raw(Json.object().put("model", model).put("url", server.baseUrl())));
    }

    @Override
    public void undeploy(String deploymentName) {
      String model = deployedModels.remove(deploymentName);
      LocalServer server = model == null ? null : running.remove(model);
      if (server != null) {
        server.close();
      }
    }
  }
}
