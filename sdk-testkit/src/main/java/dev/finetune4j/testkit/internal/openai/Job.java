package dev.finetune4j.testkit.internal.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One fine-tuning job and its simulation. The job's progress is a function of its <em>active</em> elapsed virtual
 * time (paused periods excluded); {@link #sync(Instant)} replays every milestone up to now, emitting events,
 * checkpoints and finally the model, each stamped with the virtual time it happened at.
 */
final class Job {

  static final long VALIDATE_MS = 20_000;
  static final long RUN_START_MS = 60_000;
  static final long FINALIZE_MS = 10_000;
  static final long MAX_RUN_MS = 240_000;
  static final long MAX_STEP_MICROS = 3_000_000;
  static final long REQUEUE_MS = 10_000;
  static final int KEPT_CHECKPOINTS = 3;

  enum Phase { VALIDATING, QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED }

  record Event(String id, long createdAt, String level, String message, String type, ObjectNode data) {
    ObjectNode toJson() {
      ObjectNode o = OpenAiApi.object();
      o.put("object", "fine_tuning.job.event");
      o.put("id", id);
      o.put("created_at", createdAt);
      o.put("level", level);
      o.put("message", message);
      o.put("type", type);
      if (data == null) {
        o.set("data", OpenAiApi.object());
      } else {
        o.set("data", data);
      }
      return o;
    }
  }

  record Checkpoint(String id, long createdAt, String name, int step, ObjectNode metrics, String jobId) {
    ObjectNode toJson() {
      ObjectNode o = OpenAiApi.object();
      o.put("object", "fine_tuning.job.checkpoint");
      o.put("id", id);
      o.put("created_at", createdAt);
      o.put("fine_tuned_model_checkpoint", name);
      o.put("step_number", step);
      o.set("metrics", metrics);
      o.put("fine_tuning_job_id", jobId);
      return o;
    }
  }

  private final OpenAiApi api;
  final String id;
  final String model;
  final String baseModel;
  final Instant createdAt;
  final String trainingFile;
  final String validationFile;
  final byte[] trainingContent;
  final byte[] validationContent;
  final String suffix;
  final long seed;
  final JsonNode metadata;
  final JsonNode integrations;
  final String methodType;
  final ObjectNode methodExtras;
  final ObjectNode requestedHyperparameters;

  Phase phase = Phase.VALIDATING;
  private Instant pausedAt;
  private long pausedTotalMs;
  private long frozenMs;
  private Instant resumeReadyAt;
  private int stepsDone;
  TrainingData data;
  private int epochs;
  private int batchSize;
  private int totalSteps;
  private int stepsPerEpoch;
  private long stepMicros;
  private ObjectNode resolvedHyperparameters;
  String fineTunedModel;
  private Long finishedAt;
  private Long trainedTokens;
  private final List<String> resultFiles = new ArrayList<>();
  private ObjectNode error;
  final List<Event> events = new ArrayList<>();
  final List<Checkpoint> checkpoints = new ArrayList<>();
  private final StringBuilder csv = new StringBuilder("step,train_loss,train_accuracy,valid_loss,"
      + "valid_mean_token_accuracy\n");

  Job(OpenAiApi api, String id, String model, String baseModel, String trainingFile, byte[] trainingContent,
      String validationFile, byte[] validationContent, String suffix, long seed, JsonNode metadata,
      JsonNode integrations, String methodType, ObjectNode methodExtras, ObjectNode requestedHyperparameters) {
    this.api = api;
    this.id = id;
    this.model = model;
    this.baseModel = baseModel;
    this.createdAt = api.clock.now();
    this.trainingFile = trainingFile;
    this.trainingContent = trainingContent;
    this.validationFile = validationFile;
    this.validationContent = validationContent;
    this.suffix = suffix;
    this.seed = seed;
    this.metadata = metadata;
    this.integrations = integrations;
    this.methodType = methodType;
    this.methodExtras = methodExtras;
    this.requestedHyperparameters = requestedHyperparameters;
    event(createdAt.getEpochSecond(), "info", "Created fine-tuning job: " + id, "message", null);
    event(createdAt.getEpochSecond(), "info", "Validating training file: " + trainingFile
        + (validationFile == null ? "" : " and validation file: " + validationFile), "message", null);
  }

  boolean terminal() {
    return phase == Phase.SUCCEEDED || phase == Phase.FAILED || phase == Phase.CANCELLED;
  }

  boolean paused() {
    return pausedAt != null;
  }

  String status(Instant now) {
    if (terminal()) {
      return phase.name().toLowerCase(Locale.ROOT);
    }
    if (pausedAt != null) {
      return "paused";
    }
    if (resumeReadyAt != null && now.isBefore(resumeReadyAt)) {
      return "queued";
    }
    return switch (phase) {
      case VALIDATING -> "validating_files";
      case QUEUED -> "queued";
      default -> "running";
    };
  }

  private long elapsedMs(Instant now) {
    if (pausedAt != null) {
      return frozenMs;
    }
    long e = api.clock.work(createdAt, now).toMillis() - pausedTotalMs;
    return Math.max(e, frozenMs);
  }

  private long wall(long elapsedMs) {
    return api.clock.after(createdAt, Duration.ofMillis(pausedTotalMs + elapsedMs)).getEpochSecond();
  }

  // ---------------------------------------------------------------- user actions

  void pause(Instant now) {
    sync(now);
    if (terminal() || !status(now).equals("running")) {
      throw ApiError.invalid("Job " + id + " cannot be paused: only running jobs can be paused, its status is '"
          + status(now) + "'.", null);
    }
    frozenMs = elapsedMs(now);
    pausedAt = now;
    event(now.getEpochSecond(), "info", "Fine-tuning job paused", "message", null);
  }

  void resume(Instant now) {
    sync(now);
    if (pausedAt == null) {
      throw ApiError.invalid("Job " + id + " cannot be resumed: only paused jobs can be resumed, its status is '"
          + status(now) + "'.", null);
    }
    pausedTotalMs += api.clock.work(pausedAt, now).toMillis() + REQUEUE_MS;
    pausedAt = null;
    resumeReadyAt = api.clock.after(now, Duration.ofMillis(REQUEUE_MS));
    event(now.getEpochSecond(), "info", "Fine-tuning job resumed", "message", null);
  }

  void cancel(Instant now) {
    sync(now);
    if (terminal()) {
      throw ApiError.invalid("Job " + id + " has already " + (phase == Phase.CANCELLED ? "been cancelled"
          : "completed") + " and cannot be cancelled.", null);
    }
    phase = Phase.CANCELLED;
    pausedAt = null;
    event(now.getEpochSecond(), "info", "Fine-tuning job cancelled", "message", null);
  }

  // ---------------------------------------------------------------- simulation

  void sync(Instant now) {
    if (terminal() || pausedAt != null) {
      return;
    }
    long e = elapsedMs(now);
    while (!terminal()) {
      long at;
      switch (phase) {
        case VALIDATING -> {
          at = VALIDATE_MS;
          if (e < at) {
            return;
          }
          validate(at);
        }
        case QUEUED -> {
          at = RUN_START_MS;
          if (e < at) {
            return;
          }
          phase = Phase.RUNNING;
          event(wall(at), "info", "Fine-tuning job started", "message", null);
        }
        case RUNNING -> {
          if (stepsDone < totalSteps) {
            int stride = Math.max(1, (totalSteps + 99) / 100);
            int next = Math.min(totalSteps, Math.min(nextMultiple(stepsDone, stride),
                nextMultiple(stepsDone, stepsPerEpoch)));
            at = RUN_START_MS + next * stepMicros / 1000;
            if (e < at) {
              return;
            }
            step(next, wall(at));
          } else {
            at = RUN_START_MS + totalSteps * stepMicros / 1000 + FINALIZE_MS;
            if (e < at) {
              return;
            }
            succeed(wall(at));
          }
        }
        default -> {
          return;
        }
      }
    }
  }

  private static int nextMultiple(int value, int of) {
    return (value / of + 1) * of;
  }

  private void validate(long at) {
    data = TrainingData.parse(trainingContent, "training", methodType);
    if (data.failed()) {
      fail(at, data.errorCode, data.errorMessage, "training_file");
      return;
    }
    if (validationContent != null) {
      TrainingData validation = TrainingData.parse(validationContent, "validation", methodType);
      if (validation.failed() && !validation.errorCode.equals("invalid_n_examples")) {
        fail(at, validation.errorCode, validation.errorMessage, "validation_file");
        return;
      }
    }
    int n = data.examples;
    epochs = intOr(requestedHyperparameters.get("n_epochs"),
        n * 3 < 100 ? Math.min(25, 100 / n) : n * 3 > 25_000 ? Math.max(1, 25_000 / n) : 3);
    batchSize = intOr(requestedHyperparameters.get("batch_size"),
        Math.max(1, Math.min(256, (int) Math.round(n * 0.002))));
    stepsPerEpoch = (n + batchSize - 1) / batchSize;
    totalSteps = stepsPerEpoch * epochs;
    stepMicros = Math.max(1, Math.min(MAX_STEP_MICROS, MAX_RUN_MS * 1000 / totalSteps));
    resolvedHyperparameters = OpenAiApi.object();
    resolvedHyperparameters.put("batch_size", batchSize);
    JsonNode lr = requestedHyperparameters.get("learning_rate_multiplier");
    resolvedHyperparameters.put("learning_rate_multiplier", lr != null && lr.isNumber() ? lr.asDouble() : 1.8);
    resolvedHyperparameters.put("n_epochs", epochs);
    if (methodType.equals("dpo")) {
      JsonNode beta = requestedHyperparameters.get("beta");
      resolvedHyperparameters.put("beta", beta != null && beta.isNumber() ? beta.asDouble() : 0.1);
    }
    if (methodType.equals("reinforcement")) {
      requestedHyperparameters.properties().forEach(f -> {
        if (!resolvedHyperparameters.has(f.getKey())) {
          resolvedHyperparameters.set(f.getKey(), f.getValue());
        }
      });
      resolvedHyperparameters.put("reasoning_effort",
          requestedHyperparameters.path("reasoning_effort").asText("medium"));
      putAuto("compute_multiplier", 1.0);
      putAuto("eval_interval", 1);
      putAuto("eval_samples", Math.min(n, 10));
    }
    phase = Phase.QUEUED;
    event(wall(at), "info", "Files validated, moving job to queued state", "message", null);
  }

  private void putAuto(String name, double value) {
    JsonNode given = requestedHyperparameters.get(name);
    if (given != null && given.isNumber()) {
      resolvedHyperparameters.set(name, given);
    } else if (value == Math.rint(value)) {
      resolvedHyperparameters.put(name, (int) value);
    } else {
      resolvedHyperparameters.put(name, value);
    }
  }

  private static int intOr(JsonNode node, int fallback) {
    return node != null && node.isNumber() ? node.asInt() : fallback;
  }

  private void fail(long at, String code, String message, String param) {
    phase = Phase.FAILED;
    error = OpenAiApi.object();
    error.put("code", code);
    error.put("message", message);
    error.put("param", param);
    finishedAt = wall(at);
    event(finishedAt, "error", message, "message", null);
    event(finishedAt, "error", "The job failed due to an invalid " + param.replace('_', ' ') + ".", "message", null);
  }

  private void step(int step, long when) {
    double progress = (double) step / totalSteps;
    double noise = noise(step);
    double trainLoss = Math.max(0.01, 0.25 + 1.9 * Math.exp(-3.5 * progress) + noise);
    double accuracy = Math.min(1, Math.max(0, 0.55 + 0.42 * (1 - Math.exp(-3.5 * progress)) - noise / 2));
    ObjectNode metrics = OpenAiApi.object();
    metrics.put("step", step);
    metrics.put("train_loss", round(trainLoss));
    metrics.put("train_mean_token_accuracy", round(accuracy));
    boolean validation = validationFile != null;
    double validLoss = trainLoss * 1.08 + 0.03;
    double validAccuracy = Math.max(0, accuracy - 0.03);
    if (validation) {
      metrics.put("valid_loss", round(validLoss));
      metrics.put("valid_mean_token_accuracy", round(validAccuracy));
    }
    boolean epochEnd = step % stepsPerEpoch == 0;
    if (validation && epochEnd) {
      metrics.put("full_valid_loss", round(validLoss + 0.01));
      metrics.put("full_valid_mean_token_accuracy", round(validAccuracy));
    }
    ObjectNode data = metrics.deepCopy();
    data.put("total_steps", totalSteps);
    String message = String.format(Locale.ROOT, "Step %d/%d: training loss=%.2f", step, totalSteps, trainLoss)
        + (validation ? String.format(Locale.ROOT, ", validation loss=%.2f", validLoss) : "")
        + (validation && epochEnd ? String.format(Locale.ROOT, ", full validation loss=%.2f", validLoss + 0.01) : "");
    event(when, "info", message, "metrics", data);
    csv.append(step).append(',').append(round(trainLoss)).append(',').append(round(accuracy)).append(',')
        .append(validation ? Double.toString(round(validLoss)) : "").append(',')
        .append(validation ? Double.toString(round(validAccuracy)) : "").append('\n');
    if (epochEnd) {
      ObjectNode checkpointMetrics = OpenAiApi.object();
      checkpointMetrics.put("step", step);
      checkpointMetrics.put("train_loss", round(trainLoss));
      checkpointMetrics.put("train_mean_token_accuracy", round(accuracy));
      if (validation) {
        checkpointMetrics.put("valid_loss", round(validLoss));
        checkpointMetrics.put("valid_mean_token_accuracy", round(validAccuracy));
        checkpointMetrics.put("full_valid_loss", round(validLoss + 0.01));
        checkpointMetrics.put("full_valid_mean_token_accuracy", round(validAccuracy));
      }
      checkpoints.add(new Checkpoint(api.ids.next("ftckpt_", 24), when, api.modelIds.checkpoint(modelName(), step), step,
          checkpointMetrics, id));
      while (checkpoints.size() > KEPT_CHECKPOINTS) {
        checkpoints.remove(0);
      }
    }
    stepsDone = step;
  }

  private double noise(int step) {
    long h = (seed * 0x9E3779B97F4A7C15L) ^ (step * 0xC2B2AE3D27D4EB4FL);
    h ^= h >>> 31;
    h *= 0x94D049BB133111EBL;
    h ^= h >>> 29;
    return ((h & 0xFFFF) / 65535.0 - 0.5) * 0.08;
  }

  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }

  private void succeed(long when) {
    phase = Phase.SUCCEEDED;
    fineTunedModel = modelName();
    finishedAt = when;
    trainedTokens = data.tokens * epochs;
    resultFiles.add(api.files.store(csv.toString().getBytes(StandardCharsets.UTF_8), "step_metrics.csv",
        "fine-tune-results").id);
    api.models.registerFineTune(fineTunedModel, when, baseModel);
    event(when, "info", "New fine-tuned model created", "message", null);
    event(when, "info", "The job has successfully completed", "message", null);
  }

  String modelName() {
    return api.modelIds.model(baseModel, Optional.ofNullable(suffix), id);
  }

  /** Virtual time (Unix seconds) at which the job reached a terminal state, if it did. */
  Optional<Long> finishedAt() {
    return Optional.ofNullable(finishedAt);
  }

  Optional<String> servedModel(String name) {
    if (name.equals(fineTunedModel)) {
      return Optional.of(name);
    }
    return checkpoints.stream().map(Checkpoint::name).filter(name::equals).findFirst();
  }

  private void event(long createdAt, String level, String message, String type, ObjectNode data) {
    events.add(new Event(api.ids.next("ftevent-", 24), createdAt, level, message, type, data));
  }

  // ---------------------------------------------------------------- JSON

  ObjectNode toJson(Instant now) {
    ObjectNode o = OpenAiApi.object();
    o.put("object", "fine_tuning.job");
    o.put("id", id);
    o.put("model", model);
    o.put("created_at", createdAt.getEpochSecond());
    putNullable(o, "finished_at", finishedAt);
    if (fineTunedModel == null) {
      o.putNull("fine_tuned_model");
    } else {
      o.put("fine_tuned_model", fineTunedModel);
    }
    o.put("organization_id", api.organizationId);
    ArrayNode results = o.putArray("result_files");
    resultFiles.forEach(results::add);
    String status = status(now);
    o.put("status", api.jobStatusNames.apply(status));
    if (validationFile == null) {
      o.putNull("validation_file");
    } else {
      o.put("validation_file", validationFile);
    }
    o.put("training_file", trainingFile);
    ObjectNode hyperparameters = resolvedHyperparameters != null ? resolvedHyperparameters
        : requestedHyperparameters;
    // the deprecated top-level object is an object for every method (the description requires one): the three
    // hyperparameters every method shares
    ObjectNode legacy = OpenAiApi.object();
    for (String name : List.of("batch_size", "learning_rate_multiplier", "n_epochs")) {
      legacy.set(name, hyperparameters.path(name).isMissingNode() ? OpenAiApi.MAPPER.valueToTree("auto")
          : hyperparameters.get(name));
    }
    o.set("hyperparameters", legacy);
    putNullable(o, "trained_tokens", trainedTokens);
    o.set("error", error == null ? OpenAiApi.object() : error);
    if (suffix == null) {
      o.putNull("user_provided_suffix");
    } else {
      o.put("user_provided_suffix", suffix);
    }
    o.put("seed", seed);
    if (status.equals("running")) {
      o.put("estimated_finish", wall(RUN_START_MS + totalSteps * stepMicros / 1000 + FINALIZE_MS));
    } else {
      o.putNull("estimated_finish");
    }
    o.set("integrations", integrations);
    o.set("metadata", metadata);
    ObjectNode method = OpenAiApi.object();
    method.put("type", methodType);
    ObjectNode details = methodExtras.deepCopy();
    ObjectNode methodHyperparameters = hyperparameters.deepCopy();
    for (String name : List.of("batch_size", "learning_rate_multiplier", "n_epochs")) {
      if (!methodHyperparameters.has(name)) {
        methodHyperparameters.put(name, "auto");
      }
    }
    details.set("hyperparameters", methodHyperparameters);
    method.set(methodType, details);
    o.set("method", method);
    o.putNull("usage_metrics");
    o.put("shared_with_openai", false);
    return o;
  }

  private static void putNullable(ObjectNode o, String name, Long value) {
    if (value == null) {
      o.putNull(name);
    } else {
      o.put(name, value);
    }
  }
}
