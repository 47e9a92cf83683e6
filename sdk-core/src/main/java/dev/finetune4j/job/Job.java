package dev.finetune4j.job;

import dev.finetune4j.RawJson;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A fine-tuning job as the provider last reported it. Immutable: fetch the job again, or use
 * {@link Jobs#waitFor(String)}, to see it change.
 */
public final class Job {
  private final String id;
  private final String provider;
  private final JobStatus status;
  private final String providerStatus;
  private final String baseModel;
  private final String fineTunedModel;
  private final String trainingFile;
  private final String validationFile;
  private final Instant createdAt;
  private final Instant finishedAt;
  private final Instant estimatedFinish;
  private final Long trainedTokens;
  private final JobError error;
  private final Map<String, String> labels;
  private static final RawJson EMPTY = RawJson.of(Map.of());

  private final RawJson raw;

  private Job(Builder b) {
    this.id = Checks.notBlank("id", b.id);
    this.provider = Checks.notBlank("provider", b.provider);
    this.status = Objects.requireNonNull(b.status, "status");
    this.providerStatus = b.providerStatus != null ? b.providerStatus : b.status.value();
    this.baseModel = Objects.requireNonNull(b.baseModel, "baseModel");
    this.fineTunedModel = b.fineTunedModel;
    this.trainingFile = b.trainingFile;
    this.validationFile = b.validationFile;
    this.createdAt = Objects.requireNonNull(b.createdAt, "createdAt");
    this.finishedAt = b.finishedAt;
    this.estimatedFinish = b.estimatedFinish;
    this.trainedTokens = b.trainedTokens;
    this.error = b.error;
    this.labels = b.labels.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(b.labels));
    this.raw = b.raw;
  }

  /**
   * Returns a new builder; providers use it to map their responses.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this job's values.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.provider = provider;
    b.status = status;
    b.providerStatus = providerStatus;
    b.baseModel = baseModel;
    b.fineTunedModel = fineTunedModel;
    b.trainingFile = trainingFile;
    b.validationFile = validationFile;
    b.createdAt = createdAt;
    b.finishedAt = finishedAt;
    b.estimatedFinish = estimatedFinish;
    b.trainedTokens = trainedTokens;
    b.error = error;
    b.labels.putAll(labels);
    b.raw = raw;
    return b;
  }

  /** @return the job's id at the provider */
  public String id() {
    return id;
  }

  /** @return the provider running the job, such as {@code openai} */
  public String provider() {
    return provider;
  }

  /** @return the neutral status */
  public JobStatus status() {
    return status;
  }

  /** @return the status exactly as the provider wrote it, such as {@code validating_files} or {@code SCHEDULING} */
  public String providerStatus() {
    return providerStatus;
  }

  /** @return the model training started from */
  public String baseModel() {
    return baseModel;
  }

  /** @return the fine-tuned model's name, once the job succeeded */
  public Optional<String> fineTunedModel() {
    return Optional.ofNullable(fineTunedModel);
  }

  /** @return the training data id, if the provider reports it */
  public Optional<String> trainingFile() {
    return Optional.ofNullable(trainingFile);
  }

  /** @return the validation data id, if any */
  public Optional<String> validationFile() {
    return Optional.ofNullable(validationFile);
  }

  /** @return when the job was created */
  public Instant createdAt() {
    return createdAt;
  }

  /** @return when the job ended, once it has */
  public Optional<Instant> finishedAt() {
    return Optional.ofNullable(finishedAt);
  }

  /** @return the provider's estimate of when the job will end, if it gives one */
  public Optional<Instant> estimatedFinish() {
    return Optional.ofNullable(estimatedFinish);
  }

  /** @return the number of billed training tokens, once known */
  public OptionalLong trainedTokens() {
    return trainedTokens == null ? OptionalLong.empty() : OptionalLong.of(trainedTokens);
  }

  /** @return why the job failed, when it did */
  public Optional<JobError> error() {
    return Optional.ofNullable(error);
  }

  /** @return the job's labels (OpenAI metadata, Hugging Face labels); empty if none */
  public Map<String, String> labels() {
    return labels;
  }

  /** @return the provider's JSON for this job, with every field the neutral type does not model */
  public RawJson raw() {
    return raw;
  }

  /** @return true once the job can no longer change */
  public boolean isTerminal() {
    return status.isTerminal();
  }

  /** @return true if the job ended with a fine-tuned model */
  public boolean isSucceeded() {
    return status.equals(JobStatus.SUCCEEDED);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Job j && id.equals(j.id) && provider.equals(j.provider) && status.equals(j.status)
        && providerStatus.equals(j.providerStatus) && Objects.equals(fineTunedModel, j.fineTunedModel)
        && raw.equals(j.raw);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, provider, providerStatus);
  }

  @Override
  public String toString() {
    return "Job{id=" + id + ", provider=" + provider + ", status=" + status
        + (providerStatus.equals(status.value()) ? "" : " (" + providerStatus + ")")
        + ", baseModel=" + baseModel
        + (fineTunedModel == null ? "" : ", fineTunedModel=" + fineTunedModel)
        + (error == null ? "" : ", error=" + error.message()) + '}';
  }

  /** Builds a {@link Job}. Id, provider, status, base model and creation time are required. */
  public static final class Builder {
    private String id;
    private String provider;
    private JobStatus status;
    private String providerStatus;
    private String baseModel;
    private String fineTunedModel;
    private String trainingFile;
    private String validationFile;
    private Instant createdAt;
    private Instant finishedAt;
    private Instant estimatedFinish;
    private Long trainedTokens;
    private JobError error;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private RawJson raw = EMPTY;

    private Builder() {}

    /**
     * Sets the job id.
     *
     * @param v the job id
     * @return this builder
     */
    public Builder id(String v) {
      this.id = v;
      return this;
    }

    /**
     * Sets the provider name.
     *
     * @param v the provider name
     * @return this builder
     */
    public Builder provider(String v) {
      this.provider = v;
      return this;
    }

    /**
     * Sets the neutral status.
     *
     * @param v the neutral status
     * @return this builder
     */
    public Builder status(JobStatus v) {
      this.status = v;
      return this;
    }

    /**
     * Sets the status as the provider wrote it.
     *
     * @param v the status as the provider wrote it
     * @return this builder
     */
    public Builder providerStatus(String v) {
      this.providerStatus = v;
      return this;
    }

    /**
     * Sets the base model.
     *
     * @param v the base model
     * @return this builder
     */
    public Builder baseModel(String v) {
      this.baseModel = v;
      return this;
    }

    /**
     * Sets the fine-tuned model, or null while there is none.
     *
     * @param v the fine-tuned model, or null while there is none
     * @return this builder
     */
    public Builder fineTunedModel(String v) {
      this.fineTunedModel = v;
      return this;
    }

    /**
     * Sets the training data id, or null.
     *
     * @param v the training data id, or null
     * @return this builder
     */
    public Builder trainingFile(String v) {
      this.trainingFile = v;
      return this;
    }

    /**
     * Sets the validation data id, or null.
     *
     * @param v the validation data id, or null
     * @return this builder
     */
    public Builder validationFile(String v) {
      this.validationFile = v;
      return this;
    }

    /**
     * Sets the creation time.
     *
     * @param v the creation time
     * @return this builder
     */
    public Builder createdAt(Instant v) {
      this.createdAt = v;
      return this;
    }

    /**
     * Sets the end time, or null.
     *
     * @param v the end time, or null
     * @return this builder
     */
    public Builder finishedAt(Instant v) {
      this.finishedAt = v;
      return this;
    }

    /**
     * Sets the estimated end time, or null.
     *
     * @param v the estimated end time, or null
     * @return this builder
     */
    public Builder estimatedFinish(Instant v) {
      this.estimatedFinish = v;
      return this;
    }

    /**
     * Sets the billed training tokens, or null.
     *
     * @param v the billed training tokens, or null
     * @return this builder
     */
    public Builder trainedTokens(Long v) {
      this.trainedTokens = v;
      return this;
    }

    /**
     * Sets the failure, or null.
     *
     * @param v the failure, or null
     * @return this builder
     */
    public Builder error(JobError v) {
      this.error = v;
      return this;
    }

    /**
     * Sets the labels.
     *
     * @param v the labels
     * @return this builder
     */
    public Builder labels(Map<String, String> v) {
      labels.clear();
      labels.putAll(v);
      return this;
    }

    /**
     * Sets the provider's JSON.
     *
     * @param v the provider's JSON
     * @return this builder
     */
    public Builder raw(RawJson v) {
      this.raw = Objects.requireNonNull(v, "raw");
      return this;
    }

    /** @return the job */
    public Job build() {
      return new Job(this);
    }
  }
}
