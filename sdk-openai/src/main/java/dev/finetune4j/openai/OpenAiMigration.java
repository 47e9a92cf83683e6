package dev.finetune4j.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.error.LocalIoException;
import dev.finetune4j.error.MigrationRefusedException;
import dev.finetune4j.error.MigrationRefusedException.Reason;
import dev.finetune4j.error.NotFoundException;
import dev.finetune4j.job.Checkpoint;
import dev.finetune4j.job.Hyperparameter;
import dev.finetune4j.job.Hyperparameters;
import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobEvent;
import dev.finetune4j.job.JobQuery;
import dev.finetune4j.job.TrainingMethod;
import dev.finetune4j.model.ModelInfo;
import dev.finetune4j.openai.OpenAiInventory.FileEntry;
import dev.finetune4j.openai.OpenAiInventory.JobEntry;
import dev.finetune4j.portable.ModelMapping;
import dev.finetune4j.portable.PortableJob;
import dev.finetune4j.spi.http.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Moving fine-tuning off OpenAI: the account's {@link #inventory()}, the {@link #export(String, Path) export} of a
 * job's data and settings as a {@link PortableJob}, and the {@link #defaultModels() default model mapping} for
 * {@link dev.finetune4j.portable.Retargeting}.
 *
 * <pre>{@code
 * try (OpenAi openai = OpenAi.fromEnvironment(); FineTuningClient azure = FineTuning.client("azure")) {
 *   OpenAiInventory inventory = openai.migration().inventory();
 *   System.out.print(inventory.table());
 *   Path dir = Path.of("export", "ftjob-abc");
 *   PortableJob job = openai.migration().export("ftjob-abc", dir);
 *   RetargetPlan plan = Retargeting.plan(job, dir, azure, OpenAiMigration.defaultModels(), dir.resolve("azure"));
 *   UploadedDataset data = azure.datasets().upload(plan.datasetUpload());
 *   Job moved = azure.jobs().create(plan.jobSpec(data).toBuilder().option(AzureTrainingType.GLOBAL).build());
 * }
 * }</pre>
 *
 * <p>Only reads at OpenAI: nothing is created, changed or deleted there. Thread-safe.
 */
public final class OpenAiMigration {
  private static final ModelMapping DEFAULT_MODELS = defaults();

  private final OpenAi openai;

  OpenAiMigration(OpenAi openai) {
    this.openai = Objects.requireNonNull(openai, "openai");
  }

  /**
   * Returns the default models to train elsewhere in place of OpenAI's fine-tunable base models.
   *
   * <ul>
   *   <li>{@code azure}: the same model and version, which Azure OpenAI fine-tunes under the same name
   *       (gpt-4.1, gpt-4.1-mini, gpt-4.1-nano of 2025-04-14, gpt-4o of 2024-08-06, gpt-4o-mini of 2024-07-18,
   *       o4-mini of 2025-04-16); gpt-3.5-turbo has no entry, as Azure's fine-tuning list no longer has it.
   *   <li>{@code huggingface}: an open instruct model trained with LoRA (the Hugging Face default, which the job
   *       merges into the base model before it pushes, so that an Inference Endpoint serves it) by tier, since
   *       OpenAI publishes no sizes: gpt-4.1 and gpt-4o to Qwen2.5-7B-Instruct, the minis to Qwen2.5-3B-Instruct,
   *       gpt-4.1-nano and gpt-3.5-turbo to Qwen2.5-1.5B-Instruct; o4-mini has none (reinforcement training is not
   *       offered there).
   *   <li>the local provider ({@code huggingface-local}) has no default: its model is a path on the machine, so map
   *       it with {@code toBuilder().mapAll("huggingface-local", path)}.
   * </ul>
   *
   * @return the mapping; override entries with {@link ModelMapping#toBuilder()}
   */
  public static ModelMapping defaultModels() {
    return DEFAULT_MODELS;
  }

  private static ModelMapping defaults() {
    ModelMapping.Builder b = ModelMapping.builder();
    for (String m : List.of("gpt-4.1-2025-04-14", "gpt-4.1-mini-2025-04-14", "gpt-4.1-nano-2025-04-14",
        "gpt-4o-2024-08-06", "gpt-4o-mini-2024-07-18", "o4-mini-2025-04-16")) {
      b.map("azure", m, m);
    }
    Map<String, String> open = new LinkedHashMap<>();
    open.put("gpt-4.1-2025-04-14", "Qwen/Qwen2.5-7B-Instruct");
    open.put("gpt-4o-2024-08-06", "Qwen/Qwen2.5-7B-Instruct");
    open.put("gpt-4.1-mini-2025-04-14", "Qwen/Qwen2.5-3B-Instruct");
    open.put("gpt-4o-mini-2024-07-18", "Qwen/Qwen2.5-3B-Instruct");
    open.put("gpt-4.1-nano-2025-04-14", "Qwen/Qwen2.5-1.5B-Instruct");
    open.put("gpt-3.5-turbo-0125", "Qwen/Qwen2.5-1.5B-Instruct");
    open.forEach((source, target) -> b.map("huggingface", source, target));
    return b.build();
  }

  /**
   * Lists every fine-tuning job and fine-tuned model of the account, checking each job's files and each base
   * model's shutdown date.
   *
   * @return the inventory
   */
  public OpenAiInventory inventory() {
    List<ModelInfo> models = openai.models().list();
    Map<String, ModelInfo> byId = models.stream().collect(Collectors.toMap(ModelInfo::id, m -> m, (a, b) -> a));
    Map<String, FileEntry> files = new HashMap<>();
    List<JobEntry> jobs = new ArrayList<>();
    for (Job job : openai.jobs().list(JobQuery.all())) {
      jobs.add(entry(job, byId, files));
    }
    return new OpenAiInventory(jobs, models.stream().filter(ModelInfo::fineTuned).toList());
  }

  /**
   * Exports a job: downloads its training and validation files into a directory (as {@code training.jsonl} and
   * {@code validation.jsonl}), checks each against the size the Files API records, and writes the job's
   * {@link PortableJob} beside them as {@value PortableJob#FILE_NAME}, with its checkpoints and final metrics.
   *
   * @param jobId the job
   * @param directory where to write; created if missing
   * @return the description written
   * @throws MigrationRefusedException {@link Reason#FILES_DELETED} if a file was deleted at OpenAI,
   *     {@link Reason#FILE_MISMATCH} if a download does not have the recorded size. Either way, as for any other
   *     failure, the directory is left as it was: the files are downloaded beside their place and moved there,
   *     and the description written, only once every one is complete
   * @throws NotFoundException if there is no such job
   * @throws LocalIoException if the directory or a file cannot be written
   */
  public PortableJob export(String jobId, Path directory) {
    Job job = openai.jobs().retrieve(jobId);
    JobEntry entry = entry(job, Map.of(), new HashMap<>());
    List<String> deleted = new ArrayList<>();
    for (FileEntry f : files(entry)) {
      if (!f.downloadable()) {
        deleted.add("file " + f.id() + " of job " + jobId + " is deleted at OpenAI; its content cannot be"
            + " downloaded (if a copy exists elsewhere, write the description with PortableJob.builder())");
      }
    }
    if (!deleted.isEmpty()) {
      throw new MigrationRefusedException(Reason.FILES_DELETED,
          "job " + jobId + " cannot be exported: its data files are deleted at OpenAI", deleted);
    }
    createDirectories(directory);
    PortableJob.Builder b = PortableJob.builder()
        .source(new PortableJob.Source(OpenAi.PROVIDER, jobId, job.fineTunedModel(), job.providerStatus(),
            job.trainedTokens()))
        .baseModel(job.baseModel())
        .method(entry.method());
    entry.suffix().ifPresent(b::suffix);
    entry.seed().ifPresent(b::seed);
    Map<Path, Path> partials = new LinkedHashMap<>();
    try {
      b.file(download(entry.training(), PortableJob.TRAINING, directory, partials));
      entry.validation().ifPresent(v -> b.file(download(v, PortableJob.VALIDATION, directory, partials)));
      List<Checkpoint> checkpoints = openai.jobs().checkpoints(jobId);
      for (Checkpoint c : checkpoints) {
        b.checkpoint(new PortableJob.PortableCheckpoint(c.model(), c.step(),
            numbers(Json.tree(c.raw()).path("metrics"))));
      }
      finalMetrics(jobId, checkpoints).forEach(b::finalMetric);
      PortableJob portable = b.build();
      for (Map.Entry<Path, Path> p : partials.entrySet()) {
        move(p.getKey(), p.getValue());
      }
      portable.writeTo(directory.resolve(PortableJob.FILE_NAME));
      return portable;
    } finally {
      partials.keySet().forEach(OpenAiMigration::deleteIfExists);
    }
  }

  private static List<FileEntry> files(JobEntry entry) {
    List<FileEntry> files = new ArrayList<>(List.of(entry.training()));
    entry.validation().ifPresent(files::add);
    return files;
  }

  /** The metrics of the last checkpoint, else of the newest event that reports metrics. */
  private Map<String, Double> finalMetrics(String jobId, List<Checkpoint> checkpoints) {
    Optional<Checkpoint> last = checkpoints.stream().max((a, b) -> Long.compare(a.step(), b.step()));
    if (last.isPresent()) {
      return numbers(Json.tree(last.get().raw()).path("metrics"));
    }
    for (JobEvent e : openai.jobs().events(jobId)) {
      if (e.metrics().isPresent()) {
        return numbers(Json.tree(e.raw()).path("data"));
      }
    }
    return Map.of();
  }

  private static Map<String, Double> numbers(JsonNode object) {
    Map<String, Double> out = new LinkedHashMap<>();
    object.fields().forEachRemaining(f -> {
      if (!f.getKey().equals("step") && f.getValue().isNumber() && Double.isFinite(f.getValue().asDouble())) {
        out.put(f.getKey(), f.getValue().asDouble());
      }
    });
    return out;
  }

  /** Downloads a file to {@code <role>.jsonl.part}, checked against the recorded size; moved in place by export. */
  private PortableJob.PortableFile download(FileEntry f, String role, Path directory, Map<Path, Path> partials) {
    Path target = directory.resolve(role + ".jsonl");
    Path partial = directory.resolve(role + ".jsonl.part");
    partials.put(partial, target);
    try (InputStream in = openai.files().content(f.id())) {
      Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
      long size = Files.size(partial);
      if (size != f.bytes().orElse(size)) {
        throw new MigrationRefusedException(Reason.FILE_MISMATCH, "the download of " + f.id() + " has " + size
            + " bytes, the Files API records " + f.bytes().getAsLong() + "; nothing was exported",
            List.of(target + ": downloaded " + size + " bytes of file " + f.id() + ", the Files API records "
                + f.bytes().getAsLong()));
      }
      return new PortableJob.PortableFile(role, target.getFileName().toString(), f.id(), size,
          PortableJob.sha256(partial));
    } catch (IOException e) {
      throw LocalIoException.of("write", partial, e);
    }
  }

  private static void move(Path from, Path to) {
    try {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw LocalIoException.of("move", from, e);
    }
  }

  private static void deleteIfExists(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw LocalIoException.of("delete", file, e);
    }
  }

  private JobEntry entry(Job job, Map<String, ModelInfo> models, Map<String, FileEntry> files) {
    JsonNode raw = Json.tree(job.raw());
    String training = job.trainingFile().orElse(raw.path("training_file").asText());
    Optional<FileEntry> validation = job.validationFile().map(id -> files.computeIfAbsent(id, this::file));
    ModelInfo base = models.containsKey(job.baseModel()) ? models.get(job.baseModel()) : model(job.baseModel());
    boolean available = job.fineTunedModel()
        .map(m -> models.isEmpty() ? model(m) != null : models.containsKey(m)).orElse(false);
    return new JobEntry(job.id(), job.providerStatus(), job.baseModel(), job.fineTunedModel(), available,
        method(raw), suffix(raw, job.fineTunedModel()),
        raw.path("seed").isIntegralNumber() ? OptionalLong.of(raw.path("seed").asLong()) : OptionalLong.empty(),
        files.computeIfAbsent(training, this::file), validation, job.trainedTokens(),
        Optional.ofNullable(base).flatMap(ModelInfo::shutdownDate));
  }

  private FileEntry file(String id) {
    try {
      OpenAiFile f = openai.files().retrieve(id);
      return new FileEntry(id, Optional.of(f.filename()), OptionalLong.of(f.bytes()), true);
    } catch (NotFoundException e) {
      return new FileEntry(id, Optional.empty(), OptionalLong.empty(), false);
    }
  }

  private ModelInfo model(String id) {
    try {
      return openai.models().retrieve(id);
    } catch (NotFoundException e) {
      return null;
    }
  }

  /** OpenAI's undocumented {@code user_provided_suffix}, else the suffix part of {@code ft:base:org:suffix:id}. */
  private static Optional<String> suffix(JsonNode raw, Optional<String> model) {
    String given = raw.path("user_provided_suffix").asText("");
    if (!given.isBlank()) {
      return Optional.of(given);
    }
    return model.map(m -> m.split(":")).filter(p -> p.length == 5 && !p[3].isBlank()).map(p -> p[3]);
  }

  /** The method with OpenAI's resolved hyperparameters: {@code method.<type>.hyperparameters}, else the legacy ones. */
  static TrainingMethod method(JsonNode raw) {
    JsonNode m = raw.path("method");
    String type = m.path("type").asText("supervised");
    JsonNode hp = m.path(type).path("hyperparameters");
    if (hp.isMissingNode()) {
      hp = raw.path("hyperparameters");
    }
    Hyperparameters h = Hyperparameters.builder()
        .epochs(value(hp, "n_epochs"))
        .batchSize(value(hp, "batch_size"))
        .learningRateMultiplier(value(hp, "learning_rate_multiplier"))
        .build();
    switch (type) {
      case "dpo":
        return TrainingMethod.preference(h, value(hp, "beta"));
      case "reinforcement":
        TrainingMethod.Reinforcement.Builder r = TrainingMethod.reinforcement(Json.raw(m.path(type).path("grader")))
            .hyperparameters(h)
            .computeMultiplier(value(hp, "compute_multiplier"))
            .evalInterval(value(hp, "eval_interval"))
            .evalSamples(value(hp, "eval_samples"));
        String effort = hp.path("reasoning_effort").asText("");
        if (!effort.isBlank()) {
          r.reasoningEffort(effort);
        }
        return r.build();
      default:
        return TrainingMethod.supervised(h);
    }
  }

  private static final Set<String> WHOLE = Set.of("n_epochs", "batch_size", "eval_interval", "eval_samples");

  private static Hyperparameter value(JsonNode hp, String field) {
    JsonNode v = hp.path(field);
    if (!v.isNumber()) {
      return Hyperparameter.AUTO;
    }
    return WHOLE.contains(field) ? Hyperparameter.of(v.asLong()) : Hyperparameter.of(v.asDouble());
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw LocalIoException.of("create", dir, e);
    }
  }
}
