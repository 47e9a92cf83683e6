package dev.finetune4j.job;

import java.util.Objects;
import java.util.Optional;

/**
 * Why a job failed, as the provider reported it.
 *
 * @param code the provider's error code, such as {@code invalid_n_examples}
 * @param message the provider's explanation
 * @param param the request field at fault, such as {@code training_file}
 */
public record JobError(Optional<String> code, String message, Optional<String> param) {
  /** Checks that no component is null. */
  public JobError {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(param, "param");
  }
}
