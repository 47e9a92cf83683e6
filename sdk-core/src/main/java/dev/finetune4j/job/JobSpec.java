package dev.finetune4j.job;

import dev.finetune4j.dataset.UploadedDataset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything needed to start a fine-tuning job, in provider-neutral terms: the base model, the uploaded training
 * and validation data, the method with its settings, and the naming and bookkeeping around it.
 *
 * <pre>{@code
 * JobSpec spec = JobSpec.builder()
 *     .baseModel("gpt-4.1-mini-2025-04-14")
 *     .data(uploaded)
 *     .method(TrainingMethod.supervised(Hyperparameters.builder().epochs(3).build()))
 *     .suffix("recipes")
 *     .label("team", "kitchen")
 *     .build();
 * }</pre>
 */
public final class JobSpec {
  private final String baseModel;
  private final String trainingFile;
  private final String validationFile;
  private final TrainingMethod method;
  private final String suffix;
  private final Long seed;
  private final Map<String, String> labels;
  private final String idempotencyKey;
  private final List<JobOption> options;

  private JobSpec(Builder b) {
    this.baseModel = b.baseModel;
    this.trainingFile = b.trainingFile;
    this.validationFile = b.validationFile;
    this.method = b.method;
    this.suffix = b.suffix;
    this.seed = b.seed;
    this.labels = Collections.unmodifiableMap(new LinkedHashMap<>(b.labels));
    this.idempotencyKey = b.idempotencyKey;
    this.options = List.copyOf(b.options);
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this spec's values.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.baseModel = baseModel;
    b.trainingFile = trainingFile;
    b.validationFile = validationFile;
    b.method = method;
    b.suffix = suffix;
    b.seed = seed;
    b.labels.putAll(labels);
    b.idempotencyKey = idempotencyKey;
    b.options.addAll(options);
    return b;
  }

  /**
   * Returns the model to start from: a base model, or a fine-tuned one to train further.
   *
   * @return the model id
   */
  public String baseModel() {
    return baseModel;
  }

  /**
   * Returns the id of the uploaded training data, as returned by {@code datasets().upload(...)}.
   *
   * @return the training data id
   */
  public String trainingFile() {
    return trainingFile;
  }

  /**
   * Returns the id of the uploaded validation data.
   *
   * @return the validation data id, if any
   */
  public Optional<String> validationFile() {
    return Optional.ofNullable(validationFile);
  }

  /**
   * Returns the training method with its settings.
   *
   * @return the method; supervised with "auto" settings unless set
   */
  public TrainingMethod method() {
    return method;
  }

  /**
   * Returns the text the provider adds to the fine-tuned model's name.
   *
   * @return the suffix, if set
   */
  public Optional<String> suffix() {
    return Optional.ofNullable(suffix);
  }

  /**
   * Returns the random seed that makes training reproducible.
   *
   * @return the seed, if set
   */
  public OptionalLong seed() {
    return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
  }

  /**
   * Returns the labels attached to the job (OpenAI metadata, Hugging Face job labels).
   *
   * @return the labels, in insertion order; empty if none
   */
  public Map<String, String> labels() {
    return labels;
  }

  /**
   * Returns the key that makes creation exactly-once. When absent the provider generates one per call; set it to
   * make a create that is repeated by the application itself (after a crash, say) find the job made before.
   *
   * @return the idempotency key, if set
   */
  public Optional<String> idempotencyKey() {
    return Optional.ofNullable(idempotencyKey);
  }

  /**
   * Returns the provider options of the given type.
   *
   * @param type the option type defined by a provider module
   * @param <T> the option type
   * @return the first option of that type, if any
   */
  public <T extends JobOption> Optional<T> option(Class<T> type) {
    return options.stream().filter(type::isInstance).map(type::cast).findFirst();
  }

  /**
   * Returns all provider options.
   *
   * @return the options; empty if none
   */
  public List<JobOption> options() {
    return options;
  }

  @Override
  public String toString() {
    return "JobSpec{baseModel=" + baseModel + ", trainingFile=" + trainingFile
        + (validationFile == null ? "" : ", validationFile=" + validationFile)
        + ", method=" + method
        + (suffix == null ? "" : ", suffix=" + suffix)
        + (seed == null ? "" : ", seed=" + seed)
        + (labels.isEmpty() ? "" : ", labels=" + labels) + '}';
  }

  /** Builds a {@link JobSpec}. The base model and the training data are required. */
  public static final class Builder {
    private String baseModel;
    private String trainingFile;
    private String validationFile;
    private TrainingMethod method = TrainingMethod.supervised();
    private String suffix;
    private Long seed;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private String idempotencyKey;
    private final List<JobOption> options = new ArrayList<>();

    private Builder() {}

    /**
     * Sets the model to start from.
     *
     * @param baseModel the model id, not blank
     * @return this builder
     */
    public Builder baseModel(String baseModel) {
      this.baseModel = Checks.notBlank("baseModel", baseModel);
      return this;
    }

    /**
     * Sets the training data.
     *
     * @param trainingFile the id of the uploaded training data, not blank
     * @return this builder
     */
    public Builder trainingFile(String trainingFile) {
      this.trainingFile = Checks.notBlank("trainingFile", trainingFile);
      return this;
    }

    /**
     * Sets the validation data.
     *
     * @param validationFile the id of the uploaded validation data, not blank
     * @return this builder
     */
    public Builder validationFile(String validationFile) {
      this.validationFile = Checks.notBlank("validationFile", validationFile);
      return this;
    }

    /**
     * Sets the training and (when uploaded) validation data from an upload.
     *
     * @param dataset the result of {@code datasets().upload(...)}
     * @return this builder
     */
    public Builder data(UploadedDataset dataset) {
      this.trainingFile = dataset.training().id();
      this.validationFile = dataset.validation().map(f -> f.id()).orElse(null);
      return this;
    }

    /**
     * Sets the training method.
     *
     * @param method the method with its settings
     * @return this builder
     */
    public Builder method(TrainingMethod method) {
      this.method = Objects.requireNonNull(method, "method");
      return this;
    }

    /**
     * Sets the text added to the fine-tuned model's name.
     *
     * @param suffix not blank; providers check their own length limits before sending
     * @return this builder
     */
    public Builder suffix(String suffix) {
      this.suffix = Checks.notBlank("suffix", suffix);
      return this;
    }

    /**
     * Sets the random seed.
     *
     * @param seed 0 or more
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = Checks.atLeast("seed", seed, 0);
      return this;
    }

    /**
     * Adds a label.
     *
     * @param key not blank
     * @param value the value
     * @return this builder
     */
    public Builder label(String key, String value) {
      labels.put(Checks.notBlank("label key", key), Objects.requireNonNull(value, "label value"));
      return this;
    }

    /**
     * Replaces the labels.
     *
     * @param labels the labels
     * @return this builder
     */
    public Builder labels(Map<String, String> labels) {
      this.labels.clear();
      labels.forEach(this::label);
      return this;
    }

    /**
     * Sets the key that makes creation exactly-once across repeated calls.
     *
     * @param key not blank, at most 64 characters
     * @return this builder
     */
    public Builder idempotencyKey(String key) {
      Checks.notBlank("idempotencyKey", key);
      if (key.length() > 64) {
        throw new IllegalArgumentException("idempotencyKey must be at most 64 characters, was " + key.length());
      }
      this.idempotencyKey = key;
      return this;
    }

    /**
     * Adds a provider option.
     *
     * @param option an option type defined by a provider module
     * @return this builder
     */
    public Builder option(JobOption option) {
      options.add(Objects.requireNonNull(option, "option"));
      return this;
    }

    /**
     * Builds the spec.
     *
     * @return the spec
     * @throws IllegalStateException if the base model or the training data is missing
     */
    public JobSpec build() {
      if (baseModel == null) {
        throw new IllegalStateException("baseModel is required");
      }
      if (trainingFile == null) {
        throw new IllegalStateException("trainingFile is required (set it or call data(uploadedDataset))");
      }
      return new JobSpec(this);
    }
  }
}
