package dev.finetune4j.huggingface.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.spi.http.Json;
import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobError;
import dev.finetune4j.job.JobStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The Jobs API's JSON: the create body, and a job object as a neutral {@link Job}. */
public final class JobWire {
  /** The label carrying the idempotency key of a job created through finetune4j. */
  public static final String KEY_LABEL = "finetune4j-key";
  /** Environment variables a job created through finetune4j carries, so that the job describes itself. */
  public static final String ENV_BASE_MODEL = "FINETUNE4J_BASE_MODEL";
  /** The model repository the job pushes to. */
  public static final String ENV_OUTPUT_MODEL = "FINETUNE4J_OUTPUT_MODEL";
  /** The training data id. */
  public static final String ENV_TRAINING_FILE = "FINETUNE4J_TRAINING_FILE";
  /** The validation data id. */
  public static final String ENV_VALIDATION_FILE = "FINETUNE4J_VALIDATION_FILE";
  /** The logging interval in steps, to number the metrics. */
  public static final String ENV_LOGGING_STEPS = "FINETUNE4J_LOGGING_STEPS";

  private JobWire() {}

  /**
   * Returns the body of {@code POST /api/jobs/{namespace}}.
   *
   * @param image the Docker image
   * @param command the command, run as is
   * @param environment plain environment variables (never secrets)
   * @param secrets encrypted environment variables
   * @param flavor the hardware
   * @param timeoutSeconds the time limit
   * @param labels the labels
   * @return the body
   */
  public static ObjectNode createBody(String image, List<String> command, Map<String, String> environment,
      Map<String, String> secrets, String flavor, long timeoutSeconds, Map<String, String> labels) {
    ObjectNode body = Json.object().put("dockerImage", image);
    ArrayNode cmd = body.putArray("command");
    command.forEach(cmd::add);
    body.putArray("arguments");
    ObjectNode env = body.putObject("environment");
    environment.forEach(env::put);
    ObjectNode sec = body.putObject("secrets");
    secrets.forEach(sec::put);
    body.put("flavor", flavor).put("timeoutSeconds", timeoutSeconds);
    ObjectNode lab = body.putObject("labels");
    labels.forEach(lab::put);
    return body;
  }

  /**
   * Maps a Jobs stage to the neutral status: SCHEDULING is queued; RUNNING and UPDATING running; COMPLETED
   * succeeded; ERROR failed; CANCELED, DELETED and STOPPED cancelled; PAUSED paused; any other stage is kept as an
   * unknown, non-terminal status.
   *
   * @param stage the stage, such as {@code RUNNING}
   * @return the status
   */
  public static JobStatus status(String stage) {
    return switch (stage.toUpperCase(Locale.ROOT)) {
      case "SCHEDULING" -> JobStatus.QUEUED;
      case "RUNNING", "UPDATING" -> JobStatus.RUNNING;
      case "COMPLETED" -> JobStatus.SUCCEEDED;
      case "ERROR" -> JobStatus.FAILED;
      case "CANCELED", "CANCELLED", "DELETED", "STOPPED" -> JobStatus.CANCELLED;
      case "PAUSED" -> JobStatus.PAUSED;
      default -> JobStatus.of(stage);
    };
  }

  /**
   * Reads a job object.
   *
   * @param json the Hub's JSON
   * @param provider the provider name
   * @return the job
   */
  public static Job toJob(JsonNode json, String provider) {
    JsonNode id = json.path("id");
    if (!id.isTextual() || id.asText().isEmpty()) {
      throw new IllegalArgumentException("a job needs a text 'id', was " + id.getNodeType());
    }
    JsonNode statusNode = json.path("status");
    if (!statusNode.isMissingNode() && !statusNode.isNull() && !statusNode.isObject()) {
      throw new IllegalArgumentException("a job's 'status' must be an object, was " + statusNode.getNodeType());
    }
    String stage = json.path("status").path("stage").asText("UNKNOWN");
    JobStatus status = status(stage);
    JsonNode env = json.path("environment");
    Map<String, String> labels = new LinkedHashMap<>();
    json.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
    String baseModel = Json.text(env, ENV_BASE_MODEL)
        .or(() -> flag(json.path("command"), "--model_name_or_path"))
        .orElse("");
    Optional<String> output = Json.text(env, ENV_OUTPUT_MODEL).or(() -> flag(json.path("command"), "--hub_model_id"));
    Job.Builder b = Job.builder()
        .id(json.path("id").asText())
        .provider(provider)
        .status(status)
        .providerStatus(stage)
        .baseModel(baseModel)
        .fineTunedModel(status.equals(JobStatus.SUCCEEDED) ? output.orElse(null) : null)
        .trainingFile(Json.text(env, ENV_TRAINING_FILE).orElse(null))
        .validationFile(Json.text(env, ENV_VALIDATION_FILE).orElse(null))
        .createdAt(instant(json, "createdAt").orElse(Instant.EPOCH))
        .finishedAt(instant(json, "finishedAt").orElse(null))
        .labels(labels)
        .raw(Json.raw(json));
    if (status.equals(JobStatus.FAILED)) {
      String message = json.path("status").path("message").asText("");
      b.error(new JobError(Optional.of(stage), message.isBlank() ? "the job ended with an error" : message,
          Optional.empty()));
    }
    return b.build();
  }

  /**
   * Returns the logging interval a job was started with.
   *
   * @param json the job object
   * @return the interval, 10 (TRL's default) when unknown
   */
  public static int loggingSteps(JsonNode json) {
    Optional<String> value = Json.text(json.path("environment"), ENV_LOGGING_STEPS)
        .or(() -> flag(json.path("command"), "--logging_steps"));
    try {
      return value.map(Integer::parseInt).orElse(10);
    } catch (NumberFormatException e) {
      return 10;
    }
  }

  private static Optional<String> flag(JsonNode command, String name) {
    for (int i = 0; i + 1 < command.size(); i++) {
      if (name.equals(command.get(i).asText())) {
        return Optional.of(command.get(i + 1).asText());
      }
    }
    return Optional.empty();
  }

  private static Optional<Instant> instant(JsonNode json, String field) {
    Optional<String> text = Json.text(json, field);
    if (text.isPresent()) {
      try {
        return Optional.of(Instant.parse(text.get()));
      } catch (RuntimeException e) {
        try {
          return Optional.of(java.time.OffsetDateTime.parse(text.get()).toInstant());
        } catch (RuntimeException ignored) {
          return Optional.empty();
        }
      }
    }
    return Json.epochSeconds(json, field);
  }
}
