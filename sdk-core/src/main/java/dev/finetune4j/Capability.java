package dev.finetune4j;

/**
 * Something a provider may or may not be able to do. {@code FineTuningClient.capabilities()} says which ones a
 * provider has; calling an operation it lacks throws {@link dev.finetune4j.error.UnsupportedCapabilityException}.
 * Whether a tuned model must be deployed before it answers is not a capability but a fact about the provider:
 * {@link Capabilities#deploymentRequired()}.
 */
public enum Capability {
  /** Supervised fine-tuning on chat or prompt-completion examples. */
  SUPERVISED_TRAINING("supervised fine-tuning"),
  /** Preference fine-tuning (DPO) on chosen/rejected pairs. */
  PREFERENCE_TRAINING("preference (DPO) fine-tuning"),
  /** Reinforcement fine-tuning with a grader. */
  REINFORCEMENT_TRAINING("reinforcement fine-tuning"),
  /** Cancelling a running job. */
  CANCEL_JOB("cancelling a job"),
  /** Pausing a running job and resuming it later. */
  PAUSE_RESUME_JOB("pausing and resuming a job"),
  /** Reading a job's events. */
  JOB_EVENTS("job events"),
  /** Training metrics (loss, accuracy) while a job runs. */
  TRAINING_METRICS("training metrics"),
  /** Listing a job's checkpoints. */
  CHECKPOINTS("checkpoints"),
  /** Downloading a dataset file that was uploaded. */
  DATASET_DOWNLOAD("downloading datasets"),
  /** Deleting a fine-tuned model. */
  DELETE_MODEL("deleting a model"),
  /** Chatting with base and fine-tuned models. */
  CHAT("chat completions");

  private final String description;

  Capability(String description) {
    this.description = description;
  }

  /**
   * Returns a short description in plain words, used in error messages.
   *
   * @return the description
   */
  public String description() {
    return description;
  }
}
