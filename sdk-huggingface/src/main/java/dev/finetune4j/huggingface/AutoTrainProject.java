package dev.finetune4j.huggingface;

import dev.finetune4j.RawJson;
import java.util.Objects;

/**
 * A project AutoTrain started: its job id ({@code <username>/autotrain-<project name>}, the private Space that
 * trains) and the server's message.
 *
 * @param jobId the id to pass to {@link AutoTrain#logs(String)} and {@link AutoTrain#stopTraining(String)}
 * @param message the server's message, such as {@code Project created}
 * @param raw the server's JSON
 */
public record AutoTrainProject(String jobId, String message, RawJson raw) {
  /** Checks that no component is null. */
  public AutoTrainProject {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(raw, "raw");
  }
}
