package dev.finetune4j.testkit.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.testkit.VirtualClock;
import dev.finetune4j.testkit.internal.Json;
import dev.finetune4j.testkit.internal.openai.ApiError;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import mockwebserver3.MockResponse;
import okio.Buffer;

/**
 * Azure's states on top of the shared OpenAI routes, which know only OpenAI's: a file a user uploaded or imported is
 * {@code pending} for the first half of the processing time, {@code running} for the second and {@code processed}
 * after it (files the service writes, such as results, are processed at once); a paused job is {@code pausing} for
 * the pause transition, then {@code paused}; a resumed job is {@code resuming} until it runs again. The shared routes
 * keep the behaviour (a paused job makes no progress from the pause on); this class rewrites the statuses in the JSON
 * they answer and refuses what Azure refuses in those states. Called under the emulator's lock.
 */
final class AzureLifecycle {
  private final VirtualClock clock;
  private final Duration fileProcessing;
  private final Duration pauseTransition;
  private final Map<String, Instant> fileUploadedAt = new HashMap<>();
  private final Map<String, Instant> pausingUntil = new HashMap<>();
  private final Set<String> resumed = new HashSet<>();

  AzureLifecycle(VirtualClock clock, Duration fileProcessing, Duration pauseTransition) {
    this.clock = clock;
    this.fileProcessing = fileProcessing;
    this.pauseTransition = pauseTransition;
  }

  /** The Azure status of a file uploaded by a user, or empty for a file the service wrote. */
  Optional<String> fileStatus(String fileId) {
    Instant uploaded = fileUploadedAt.get(fileId);
    if (uploaded == null) {
      return Optional.empty();
    }
    Duration elapsed = Duration.between(uploaded, clock.now());
    if (elapsed.compareTo(fileProcessing) >= 0) {
      return Optional.of("processed");
    }
    return Optional.of(elapsed.compareTo(fileProcessing.dividedBy(2)) < 0 ? "pending" : "running");
  }

  /** Refuses a job whose training or validation file is still being processed, as Azure does. */
  void requireProcessed(JsonNode createBody) {
    for (String field : new String[] {"training_file", "validation_file"}) {
      String id = createBody.path(field).asText(null);
      String status = id == null ? null : fileStatus(id).orElse(null);
      if (status != null && !status.equals("processed")) {
        throw new ApiError(400, "invalid_request_error", "The " + field.replace('_', ' ') + " '" + id
            + "' is not ready: its status is '" + status + "'. Wait until it is 'processed'.", field,
            "invalidPayload");
      }
    }
  }

  /** Refuses to resume a job that is still pausing. */
  void requireResumable(String jobId) {
    if (isPausing(jobId)) {
      throw new ApiError(400, "invalid_request_error", "Job " + jobId + " cannot be resumed: its status is "
          + "'pausing'; wait until it is 'paused'.", null, "unexpectedEntityState");
    }
  }

  private boolean isPausing(String jobId) {
    Instant until = pausingUntil.get(jobId);
    return until != null && clock.now().isBefore(until);
  }

  /** Notes a successful pause or resume of a job. */
  void jobAction(String jobId, String action) {
    if (action.equals("pause")) {
      pausingUntil.put(jobId, clock.now().plus(pauseTransition));
      resumed.remove(jobId);
    } else if (action.equals("resume")) {
      pausingUntil.remove(jobId);
      resumed.add(jobId);
    }
  }

  /**
   * Rewrites a JSON answer of the data plane: records the files it creates ({@code recordFiles}) and writes Azure's
   * statuses of files and jobs, alone, in lists or inside an upload.
   */
  MockResponse rewrite(MockResponse answer, boolean recordFiles) {
    String type = answer.getHeaders().get("Content-Type");
    if (answer.getCode() >= 300 || type == null || !type.startsWith("application/json") || answer.getBody() == null) {
      return answer;
    }
    JsonNode json;
    try {
      Buffer buffer = new Buffer();
      answer.getBody().writeTo(buffer);
      json = Json.MAPPER.readTree(buffer.readByteArray());
    } catch (IOException e) {
      return answer;
    }
    if (!(json instanceof ObjectNode object)) {
      return answer;
    }
    if (object.path("data").isArray()) {
      object.path("data").forEach(item -> rewriteItem(item, false));
    } else {
      rewriteItem(object, recordFiles);
    }
    return answer.newBuilder().body(Json.write(object)).build();
  }

  private void rewriteItem(JsonNode item, boolean recordFiles) {
    if (!(item instanceof ObjectNode o)) {
      return;
    }
    switch (o.path("object").asText("")) {
      case "file" -> {
        if (recordFiles) {
          fileUploadedAt.put(o.path("id").asText(), clock.now());
        }
        fileStatus(o.path("id").asText()).ifPresent(s -> o.put("status", s));
      }
      case "upload" -> rewriteItem(o.path("file"), recordFiles);
      case "fine_tuning.job" -> {
        String id = o.path("id").asText();
        String status = o.path("status").asText("");
        if (status.equals("paused") && isPausing(id)) {
          o.put("status", "pausing");
        } else if (status.equals("pending") && resumed.contains(id)) {
          o.put("status", "resuming");
        }
      }
      default -> {
        // not a file or a job: unchanged
      }
    }
  }
}
