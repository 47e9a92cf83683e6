package dev.finetune4j.openai.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.error.LocalValidationException;
import dev.finetune4j.job.JobStatus;
import dev.finetune4j.spi.http.Json;
import dev.finetune4j.spi.http.JsonStream;
import dev.finetune4j.job.Checkpoint;
import dev.finetune4j.job.Hyperparameter;
import dev.finetune4j.job.Hyperparameters;
import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobError;
import dev.finetune4j.job.JobEvent;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.TrainingMethod;
import dev.finetune4j.job.TrainingMetrics;
import dev.finetune4j.openai.OpenAiDialect;
import dev.finetune4j.openai.WandbIntegration;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Maps jobs, events, checkpoints and metrics between finetune4j's types and OpenAI's JSON. Not API. */
public final class JobWire {
  /** The metadata key that carries a job's idempotency key. */
  public static final String IDEMPOTENCY_KEY = "finetune4j_idempotency_key";

  private JobWire() {}

  /**
   * Builds the body of {@code POST /fine_tuning/jobs}, checking the dialect's limits first.
   *
   * @param dialect the service's dialect
   * @param spec the spec
   * @param idempotencyKey the key stored in the metadata
   * @return the body
   * @throws LocalValidationException listing every limit the spec breaks
   */
  public static ObjectNode createRequest(OpenAiDialect dialect, JobSpec spec, String idempotencyKey) {
    List<String> problems = new ArrayList<>();
    ObjectNode body = Json.object();
    body.put("model", spec.baseModel());
    body.put("training_file", spec.trainingFile());
    spec.validationFile().ifPresent(v -> body.put("validation_file", v));
    spec.suffix().ifPresent(suffix -> {
      if (suffix.length() > dialect.maxSuffixLength()) {
        problems.add("suffix must be 1 to " + dialect.maxSuffixLength() + " characters, was " + suffix.length());
      }
      body.put("suffix", suffix);
    });
    spec.seed().ifPresent(seed -> {
      if (seed > Integer.MAX_VALUE) {
        problems.add("seed must be 0 to 2147483647, was " + seed);
      }
      body.put("seed", seed);
    });
    body.set("method", method(spec.method(), problems));

    ObjectNode metadata = body.putObject("metadata");
    int maxLabels = dialect.maxMetadataPairs() - 1;
    if (spec.labels().size() > maxLabels) {
      problems.add(dialect.displayName() + " takes at most " + dialect.maxMetadataPairs() + " metadata pairs and "
          + "finetune4j uses one for exactly-once creation, so at most " + maxLabels + " labels are allowed, was "
          + spec.labels().size());
    }
    spec.labels().forEach((k, v) -> {
      if (k.length() > 64) {
        problems.add("label key '" + k.substring(0, 20) + "...' must be at most 64 characters, was " + k.length());
      }
      if (v.length() > 512) {
        problems.add("label '" + k + "' must have a value of at most 512 characters, was " + v.length());
      }
      if (k.equals(IDEMPOTENCY_KEY)) {
        problems.add("label key '" + IDEMPOTENCY_KEY + "' is reserved; set JobSpec.idempotencyKey(...) instead");
      }
      metadata.put(k, v);
    });
    metadata.put(IDEMPOTENCY_KEY, idempotencyKey);

    List<WandbIntegration> wandb = spec.options().isEmpty() ? List.of() : spec.options().stream()
        .filter(WandbIntegration.class::isInstance).map(WandbIntegration.class::cast).toList();
    if (wandb.size() > 5) {
      problems.add("a job takes at most 5 integrations, was " + wandb.size());
    }
    if (!wandb.isEmpty()) {
      ArrayNode integrations = body.putArray("integrations");
      for (WandbIntegration w : wandb) {
        ObjectNode entry = integrations.addObject();
        entry.put("type", "wandb");
        ObjectNode settings = entry.putObject("wandb");
        settings.put("project", w.project());
        w.name().ifPresent(n -> settings.put("name", n));
        w.entity().ifPresent(e -> settings.put("entity", e));
        if (!w.tags().isEmpty()) {
          ArrayNode tags = settings.putArray("tags");
          w.tags().forEach(tags::add);
        }
      }
    }
    dialect.extendCreate(spec, body);
    if (!problems.isEmpty()) {
      throw new LocalValidationException("The job spec breaks " + dialect.displayName() + "'s limits: " + String.join("; ", problems),
          problems);
    }
    return body;
  }

  private static ObjectNode method(TrainingMethod method, List<String> problems) {
    ObjectNode node = Json.object();
    if (method instanceof TrainingMethod.Supervised s) {
      node.put("type", "supervised");
      ObjectNode hp = node.putObject("supervised").putObject("hyperparameters");
      common(hp, s.hyperparameters(), problems);
    } else if (method instanceof TrainingMethod.Preference p) {
      node.put("type", "dpo");
      ObjectNode hp = node.putObject("dpo").putObject("hyperparameters");
      common(hp, p.hyperparameters(), problems);
      hp.set("beta", value(p.beta()));
    } else if (method instanceof TrainingMethod.Reinforcement r) {
      node.put("type", "reinforcement");
      ObjectNode rft = node.putObject("reinforcement");
      rft.set("grader", Json.tree(r.grader()));
      ObjectNode hp = rft.putObject("hyperparameters");
      common(hp, r.hyperparameters(), problems);
      if (r.computeMultiplier().value().map(v -> v.doubleValue() > 10).orElse(false)) {
        problems.add("computeMultiplier must be auto or in (0, 10], was " + r.computeMultiplier());
      }
      hp.set("compute_multiplier", value(r.computeMultiplier()));
      hp.set("eval_interval", value(r.evalInterval()));
      hp.set("eval_samples", value(r.evalSamples()));
      r.reasoningEffort().ifPresent(e -> hp.put("reasoning_effort", e));
    }
    return node;
  }

  private static void common(ObjectNode hp, Hyperparameters h, List<String> problems) {
    if (h.batchSize().value().map(v -> v.longValue() > 256).orElse(false)) {
      problems.add("batchSize must be auto or 1 to 256, was " + h.batchSize());
    }
    if (h.epochs().value().map(v -> v.longValue() > 50).orElse(false)) {
      problems.add("epochs must be auto or 1 to 50, was " + h.epochs());
    }
    hp.set("batch_size", value(h.batchSize()));
    hp.set("learning_rate_multiplier", value(h.learningRateMultiplier()));
    hp.set("n_epochs", value(h.epochs()));
  }

  private static JsonNode value(Hyperparameter h) {
    if (h.isAuto()) {
      return Json.nodes().textNode("auto");
    }
    Number n = h.value().orElseThrow();
    if (h.isWholeNumber()) {
      return Json.nodes().numberNode(n.longValue());
    }
    double d = n.doubleValue();
    return Json.nodes().numberNode(d);
  }

  /**
   * Maps a job object.
   *
   * @param dialect the service's dialect
   * @param json the {@code fine_tuning.job}
   * @return the job
   */
  public static Job job(OpenAiDialect dialect, JsonNode json) {
    String status = Wire.text(json, "status").orElse("unknown");
    Map<String, String> labels = new LinkedHashMap<>();
    JsonNode metadata = json.path("metadata");
    for (Map.Entry<String, JsonNode> e : metadata.properties()) {
      if (!e.getKey().equals(IDEMPOTENCY_KEY) && e.getValue().isValueNode() && !e.getValue().isNull()) {
        labels.put(e.getKey(), e.getValue().asText());
      }
    }
    return Job.builder()
        .id(Wire.text(json, "id").orElse(""))
        .provider(dialect.provider())
        .status(dialect.status(status))
        .providerStatus(status)
        .baseModel(Wire.text(json, "model").orElse(""))
        .fineTunedModel(Wire.text(json, "fine_tuned_model").orElse(null))
        .trainingFile(Wire.text(json, "training_file").orElse(null))
        .validationFile(Wire.text(json, "validation_file").orElse(null))
        .createdAt(Wire.time(json, "created_at").orElse(Instant.EPOCH))
        .finishedAt(Wire.time(json, "finished_at").orElse(null))
        .estimatedFinish(Wire.time(json, "estimated_finish").orElse(null))
        .trainedTokens(json.path("trained_tokens").isNumber() ? json.path("trained_tokens").asLong() : null)
        .error(error(json.path("error")).orElse(null))
        .labels(labels)
        .raw(Json.raw(json))
        .build();
  }

  /**
   * Reads a job's error, treating {@code null} and {@code {}} as no error.
   *
   * @param error the {@code error} field
   * @return the error, if there is one
   */
  public static Optional<JobError> error(JsonNode error) {
    if (error == null || !error.isObject()) {
      return Optional.empty();
    }
    Optional<String> message = Wire.text(error, "message");
    Optional<String> code = Wire.text(error, "code");
    if (message.isEmpty() && code.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new JobError(code, message.orElse(code.get()), Wire.text(error, "param")));
  }

  /**
   * Reads a job event from a streamed list; metrics events carry their {@link TrainingMetrics}. A field of the wrong
   * type reads as absent, as in every other mapping; the event's {@link JobEvent#raw() raw} JSON is parsed only if it
   * is read.
   *
   * @param json the list, its parser at the {@code fine_tuning.job.event}'s first token; left at its last
   * @return the event
   * @throws IOException if the answer is not JSON
   */
  public static JobEvent event(JsonStream json) throws IOException {
    JsonParser p = json.parser();
    long start = json.start();
    String id = "";
    Instant createdAt = Instant.EPOCH;
    String level = "info";
    String message = "";
    String type = "";
    Map<String, Number> data = Map.of();
    if (p.currentToken() == JsonToken.START_OBJECT) {
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "id" -> id = Wire.text(p, "");
          case "created_at" -> createdAt = value.isNumeric()
              ? Instant.ofEpochSecond(p.getNumberValue().longValue()) : Instant.EPOCH;
          case "level" -> level = Wire.text(p, "info");
          case "message" -> message = Wire.text(p, "");
          case "type" -> type = Wire.text(p, "");
          case "data" -> data = value == JsonToken.START_OBJECT ? numbers(p) : Map.of();
          default -> { }
        }
        p.skipChildren();
      }
    } else {
      p.skipChildren();
    }
    Optional<TrainingMetrics> metrics = "metrics".equals(type) && data.get("step") != null
        ? Optional.of(metrics(data)) : Optional.empty();
    return new JobEvent(id, createdAt, JobEvent.Level.parse(level), message, metrics, json.view(start));
  }

  /** Reads an object's fields, the parser at its start, with null for a value that is not a number; last one wins. */
  private static Map<String, Number> numbers(JsonParser p) throws IOException {
    Map<String, Number> numbers = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      numbers.put(name, p.nextToken().isNumeric() ? p.getNumberValue() : null);
      p.skipChildren();
    }
    return numbers;
  }

  /**
   * Maps a checkpoint.
   *
   * @param json the {@code fine_tuning.job.checkpoint}
   * @return the checkpoint
   */
  public static Checkpoint checkpoint(JsonNode json) {
    long step = Wire.integer(json, "step_number").orElse(0);
    JsonNode m = json.path("metrics");
    Optional<TrainingMetrics> metrics = Optional.empty();
    if (m.isObject()) {
      Map<String, Number> numbers = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : m.properties()) {
        numbers.put(e.getKey(), e.getValue().isNumber() ? e.getValue().numberValue() : null);
      }
      if (numbers.get("step") == null) {
        numbers.put("step", step);
      }
      metrics = Optional.of(metrics(numbers));
    }
    return new Checkpoint(
        Wire.text(json, "id").orElse(""),
        Wire.text(json, "fine_tuned_model_checkpoint").orElse(""),
        step,
        Wire.time(json, "created_at").orElse(Instant.EPOCH),
        metrics,
        Json.raw(json));
  }

  /**
   * Maps OpenAI's metrics object (event {@code data} or checkpoint {@code metrics}).
   *
   * @param data the object's fields in their order, null for a value that is not a number; {@code step} must be a
   *     number
   * @return the metrics
   */
  private static TrainingMetrics metrics(Map<String, Number> data) {
    TrainingMetrics.Builder b = TrainingMetrics.builder(Math.max(0, data.get("step").longValue()));
    for (Map.Entry<String, Number> e : data.entrySet()) {
      Number value = e.getValue();
      if (value == null) {
        continue;
      }
      double v = value.doubleValue();
      switch (e.getKey()) {
        case "step" -> { }
        case "total_steps" -> {
          if (value.longValue() >= 1) {
            b.totalSteps(value.longValue());
          }
        }
        case "epoch" -> b.epoch(v);
        case "train_loss" -> b.trainLoss(v);
        case "valid_loss" -> b.validationLoss(v);
        case "full_valid_loss" -> b.fullValidationLoss(v);
        case "train_mean_token_accuracy" -> b.trainTokenAccuracy(v);
        case "valid_mean_token_accuracy" -> b.validationTokenAccuracy(v);
        case "full_valid_mean_token_accuracy" -> b.fullValidationTokenAccuracy(v);
        case "learning_rate" -> b.learningRate(v);
        default -> b.other(e.getKey(), v);
      }
    }
    return b.build();
  }
}
