package dev.finetune4j.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.job.Hyperparameters;
import dev.finetune4j.job.TrainingMethod;
import dev.finetune4j.model.ModelInfo;
import dev.finetune4j.portable.internal.PortableJson;
import dev.finetune4j.spi.http.Json;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What an OpenAI account holds that a move to another provider needs: every fine-tuning job with its base model,
 * files (and whether they can still be downloaded), method and hyperparameters, status and trained tokens, and every
 * fine-tuned model, with the base model's shutdown date where the Models API gives one ({@code shutdown_date}; null
 * there means none announced, and the date is then empty here, not guessed). Made by
 * {@link OpenAiMigration#inventory()}; printable as a {@link #table()} and as {@link #toJson() JSON}.
 *
 * @param jobs the fine-tuning jobs, newest first
 * @param models the fine-tuned models the Models API lists
 */
public record OpenAiInventory(List<JobEntry> jobs, List<ModelInfo> models) {

  /** Copies the lists. */
  public OpenAiInventory {
    jobs = List.copyOf(jobs);
    models = List.copyOf(models);
  }

  /**
   * A data file a job trained on.
   *
   * @param id the file id
   * @param filename its name, if the file still exists
   * @param bytes its size, if the file still exists
   * @param downloadable whether its content can still be downloaded (false once deleted)
   */
  public record FileEntry(String id, Optional<String> filename, OptionalLong bytes, boolean downloadable) {
    /** Checks that no component is null. */
    public FileEntry {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(filename, "filename");
      Objects.requireNonNull(bytes, "bytes");
    }
  }

  /**
   * One fine-tuning job.
   *
   * @param jobId the job id
   * @param status OpenAI's status, such as {@code succeeded}
   * @param baseModel the model it trained
   * @param fineTunedModel the model it produced, if any
   * @param modelAvailable whether the Models API still lists the produced model
   * @param method the method with the hyperparameters OpenAI resolved
   * @param suffix the suffix, if any
   * @param seed the seed, if reported
   * @param training the training file
   * @param validation the validation file, if any
   * @param trainedTokens the billed tokens, if reported
   * @param baseModelShutdown the base model's shutdown date, if the Models API gives one
   */
  public record JobEntry(String jobId, String status, String baseModel, Optional<String> fineTunedModel,
      boolean modelAvailable, TrainingMethod method, Optional<String> suffix, OptionalLong seed, FileEntry training,
      Optional<FileEntry> validation, OptionalLong trainedTokens, Optional<LocalDate> baseModelShutdown) {
    /** Checks that no component is null. */
    public JobEntry {
      Objects.requireNonNull(jobId, "jobId");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(baseModel, "baseModel");
      Objects.requireNonNull(fineTunedModel, "fineTunedModel");
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(suffix, "suffix");
      Objects.requireNonNull(seed, "seed");
      Objects.requireNonNull(training, "training");
      Objects.requireNonNull(validation, "validation");
      Objects.requireNonNull(trainedTokens, "trainedTokens");
      Objects.requireNonNull(baseModelShutdown, "baseModelShutdown");
    }

    /** @return whether every data file of the job can still be downloaded, so the job can be exported */
    public boolean exportable() {
      return training.downloadable() && validation.map(FileEntry::downloadable).orElse(true);
    }
  }

  /**
   * Returns the inventory as a table for people: one row per job, then the fine-tuned models.
   *
   * @return lines separated by newlines, ending with one
   */
  public String table() {
    StringBuilder sb = new StringBuilder();
    String row = "%-28s %-10s %-26s %-10s %-22s %-12s %-10s %-11s %s%n";
    sb.append(String.format(Locale.ROOT, row, "job", "status", "base model", "method", "hyperparameters",
        "trained tok", "shutdown", "files", "fine-tuned model"));
    for (JobEntry j : jobs) {
      sb.append(String.format(Locale.ROOT, row, j.jobId(), j.status(), j.baseModel(), methodName(j.method()),
          hyperparameters(j.method()), j.trainedTokens().isPresent() ? j.trainedTokens().getAsLong() : "-",
          j.baseModelShutdown().map(LocalDate::toString).orElse("-"),
          j.exportable() ? "downloadable" : "DELETED", j.fineTunedModel().orElse("-")
              + (j.fineTunedModel().isPresent() && !j.modelAvailable() ? " (gone)" : "")));
    }
    sb.append(String.format(Locale.ROOT, "%n%-60s %s%n", "fine-tuned model", "shutdown"));
    for (ModelInfo m : models) {
      sb.append(String.format(Locale.ROOT, "%-60s %s%n", m.id(),
          m.shutdownDate().map(LocalDate::toString).orElse("-")));
    }
    return sb.toString();
  }

  /**
   * Returns the inventory as JSON: {@code {"jobs":[...], "models":[...]}}, each job's method as portable job
   * descriptions write it (hyperparameters as numbers or {@code "auto"}), absent values as null.
   *
   * @return indented JSON
   */
  public String toJson() {
    ObjectNode root = Json.object();
    ArrayNode js = root.putArray("jobs");
    for (JobEntry j : jobs) {
      ObjectNode o = js.addObject();
      o.put("jobId", j.jobId()).put("status", j.status()).put("baseModel", j.baseModel());
      o.put("fineTunedModel", j.fineTunedModel().orElse(null)).put("modelAvailable", j.modelAvailable());
      o.set("method", PortableJson.method(j.method()));
      o.put("suffix", j.suffix().orElse(null));
      if (j.seed().isPresent()) {
        o.put("seed", j.seed().getAsLong());
      } else {
        o.putNull("seed");
      }
      o.set("trainingFile", file(j.training()));
      o.set("validationFile", j.validation().map(OpenAiInventory::file).orElse(null));
      if (j.trainedTokens().isPresent()) {
        o.put("trainedTokens", j.trainedTokens().getAsLong());
      } else {
        o.putNull("trainedTokens");
      }
      o.put("baseModelShutdownDate", j.baseModelShutdown().map(LocalDate::toString).orElse(null));
      o.put("exportable", j.exportable());
    }
    ArrayNode ms = root.putArray("models");
    for (ModelInfo m : models) {
      ms.addObject().put("id", m.id()).put("shutdownDate", m.shutdownDate().map(LocalDate::toString).orElse(null));
    }
    try {
      return Json.writer().withDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always serialises", e);
    }
  }

  private static ObjectNode file(FileEntry f) {
    ObjectNode o = Json.object().put("id", f.id()).put("filename", f.filename().orElse(null));
    if (f.bytes().isPresent()) {
      o.put("bytes", f.bytes().getAsLong());
    } else {
      o.putNull("bytes");
    }
    return o.put("downloadable", f.downloadable());
  }

  private static String methodName(TrainingMethod m) {
    return m instanceof TrainingMethod.Supervised ? "supervised"
        : m instanceof TrainingMethod.Preference ? "dpo" : "reinforcement";
  }

  private static String hyperparameters(TrainingMethod m) {
    Hyperparameters h = m.hyperparameters();
    return "ep=" + h.epochs() + " bs=" + h.batchSize() + " lr=" + h.learningRateMultiplier();
  }
}
