package dev.finetune4j.azure;

import dev.finetune4j.job.JobOption;
import java.util.Objects;

/**
 * Azure's {@code trainingType} of a job, sent with every create (Azure answers a create without it with a misleading
 * "The specified base model does not support fine-tuning"). Without this option a job trains
 * {@link #GLOBAL}: available for every fine-tunable model in the most regions and cheaper than {@link #STANDARD}.
 * Immutable.
 *
 * <pre>{@code
 * JobSpec.builder()...option(AzureTrainingType.STANDARD).build();   // keep the data in the resource's region
 * }</pre>
 *
 * @param value the value sent
 */
public record AzureTrainingType(String value) implements JobOption {
  /** Regional training: data stays in the resource's region. */
  public static final AzureTrainingType STANDARD = new AzureTrainingType("Standard");
  /** Global training: cheaper, in many regions, without data residency. The default. */
  public static final AzureTrainingType GLOBAL = new AzureTrainingType("GlobalStandard");
  /** Developer training: the cheapest, pre-emptible (the system may pause and resume the job). */
  public static final AzureTrainingType DEVELOPER = new AzureTrainingType("Developer");

  /** Checks the value is not blank. */
  public AzureTrainingType {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("trainingType must not be blank; use Standard, GlobalStandard or Developer");
    }
  }

  /**
   * Returns a training type spelled as a gateway or a new service version needs it.
   *
   * @param value such as {@code globalstandard}
   * @return the option
   */
  public static AzureTrainingType of(String value) {
    return new AzureTrainingType(value);
  }
}
