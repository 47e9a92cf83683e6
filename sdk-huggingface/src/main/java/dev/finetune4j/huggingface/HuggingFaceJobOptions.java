package dev.finetune4j.huggingface;

import dev.finetune4j.job.JobOption;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Hugging Face settings of a job that the neutral {@link dev.finetune4j.job.JobSpec} does not model: the hardware,
 * the time limit, LoRA, the sequence length, the trainer and the name of the model repository the job pushes to.
 *
 * <pre>{@code
 * JobSpec spec = JobSpec.builder()
 *     .baseModel("Qwen/Qwen2.5-0.5B-Instruct")
 *     .data(uploaded)
 *     .option(HuggingFaceJobOptions.builder().flavor("a10g-large").timeout(Duration.ofHours(3)).build())
 *     .build();
 * }</pre>
 *
 * <p>Defaults: flavor {@code a10g-large}; a time limit of one hour per epoch, at least two hours (never the Jobs
 * API's own 30 minutes); LoRA on with rank 16 and alpha 32; maximum length 1024 tokens; logging every 10 steps;
 * the TRL trainer with the {@code huggingface/trl} image's latest tag; the output model named after the base model,
 * the method and the time; pushed to a private repository. With the Unsloth trainer, LoRA loads the base model in
 * 4 bits (QLoRA) unless {@link Builder#loadIn4Bit(boolean)} turns it off.
 */
public final class HuggingFaceJobOptions implements JobOption {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}");
  private static final Pattern FLAVOR = Pattern.compile("[a-z0-9][a-z0-9-]*");
  private static final HuggingFaceJobOptions DEFAULTS = builder().build();

  private final String flavor;
  private final Duration timeout;
  private final boolean lora;
  private final int loraRank;
  private final int loraAlpha;
  private final Boolean loadIn4Bit;
  private final int maxLength;
  private final int loggingSteps;
  private final Trainer trainer;
  private final String imageTag;
  private final String outputModelName;
  private final boolean pushToHub;
  private final boolean privateRepository;

  private HuggingFaceJobOptions(Builder b) {
    this.flavor = b.flavor;
    this.timeout = b.timeout;
    this.lora = b.lora;
    this.loraRank = b.loraRank;
    this.loraAlpha = b.loraAlpha;
    this.loadIn4Bit = b.loadIn4Bit;
    this.maxLength = b.maxLength;
    this.loggingSteps = b.loggingSteps;
    this.trainer = b.trainer;
    this.imageTag = b.imageTag;
    this.outputModelName = b.outputModelName;
    this.pushToHub = b.pushToHub;
    this.privateRepository = b.privateRepository;
  }

  /**
   * Returns the defaults.
   *
   * @return the default options
   */
  public static HuggingFaceJobOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a builder holding the defaults.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding these options.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.flavor = flavor;
    b.timeout = timeout;
    b.lora = lora;
    b.loraRank = loraRank;
    b.loraAlpha = loraAlpha;
    b.loadIn4Bit = loadIn4Bit;
    b.maxLength = maxLength;
    b.loggingSteps = loggingSteps;
    b.trainer = trainer;
    b.imageTag = imageTag;
    b.outputModelName = outputModelName;
    b.pushToHub = pushToHub;
    b.privateRepository = privateRepository;
    return b;
  }

  /** @return the hardware flavor, such as {@code a10g-large} */
  public String flavor() {
    return flavor;
  }

  /** @return the time limit, if set; otherwise it is derived from the number of epochs */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  /**
   * Returns whether the Unsloth trainer loads the base model in 4 bits (QLoRA); TRL jobs load it in the hardware's
   * precision whatever this says.
   *
   * @return as set, else whether LoRA is on: 4-bit weights train adapters only
   */
  public boolean loadIn4Bit() {
    return loadIn4Bit != null ? loadIn4Bit : lora;
  }

  /** @return whether to train a LoRA adapter instead of all weights */
  public boolean lora() {
    return lora;
  }

  /** @return the LoRA rank */
  public int loraRank() {
    return loraRank;
  }

  /** @return the LoRA alpha */
  public int loraAlpha() {
    return loraAlpha;
  }

  /** @return the longest tokenized example; longer ones are truncated */
  public int maxLength() {
    return maxLength;
  }

  /** @return how many optimizer steps pass between two logged metric lines */
  public int loggingSteps() {
    return loggingSteps;
  }

  /** @return the training program */
  public Trainer trainer() {
    return trainer;
  }

  /** @return the tag of the training image, if not the latest */
  public Optional<String> imageTag() {
    return Optional.ofNullable(imageTag);
  }

  /** @return the name of the model repository the job pushes to (in the client's namespace), if set */
  public Optional<String> outputModelName() {
    return Optional.ofNullable(outputModelName);
  }

  /**
   * Returns whether the trained model is pushed to the Hub (TRL's {@code --push_to_hub}).
   *
   * @return true by default: a job's container is discarded when it ends, so a Jobs run must push
   */
  public boolean pushToHub() {
    return pushToHub;
  }

  /**
   * Returns whether the model repository the job creates is private (TRL's {@code --hub_private_repo}).
   *
   * @return true by default
   */
  public boolean privateRepository() {
    return privateRepository;
  }

  @Override
  public String toString() {
    return "HuggingFaceJobOptions{flavor=" + flavor + ", timeout=" + (timeout == null ? "derived" : timeout)
        + ", lora=" + (lora ? "r" + loraRank + "/alpha" + loraAlpha : "off")
        + (trainer == Trainer.UNSLOTH ? ", loadIn4Bit=" + loadIn4Bit() : "") + ", maxLength=" + maxLength
        + ", loggingSteps=" + loggingSteps + ", trainer=" + trainer
        + (imageTag == null ? "" : ", imageTag=" + imageTag)
        + (outputModelName == null ? "" : ", outputModelName=" + outputModelName)
        + ", pushToHub=" + pushToHub + (pushToHub ? ", private=" + privateRepository : "") + '}';
  }

  /** Builds {@link HuggingFaceJobOptions}; every setter checks its input at once. */
  public static final class Builder {
    private String flavor = "a10g-large";
    private Duration timeout;
    private boolean lora = true;
    private int loraRank = 16;
    private int loraAlpha = 32;
    private Boolean loadIn4Bit;
    private int maxLength = 1024;
    private int loggingSteps = 10;
    private Trainer trainer = Trainer.TRL;
    private String imageTag;
    private String outputModelName;
    private boolean pushToHub = true;
    private boolean privateRepository = true;

    private Builder() {}

    /**
     * Sets whether the trained model is pushed to the Hub. Only a local run ({@link LocalTraining}) may keep it on
     * disk instead: a Jobs container is discarded when it ends, so {@link HuggingFaceJobs} refuses a spec without it.
     *
     * @param pushToHub true to push (the default)
     * @return this builder
     */
    public Builder pushToHub(boolean pushToHub) {
      this.pushToHub = pushToHub;
      return this;
    }

    /**
     * Sets whether the model repository created by the push is private.
     *
     * @param privateRepository true for private (the default), false for public
     * @return this builder
     */
    public Builder privateRepository(boolean privateRepository) {
      this.privateRepository = privateRepository;
      return this;
    }

    /**
     * Sets the hardware.
     *
     * @param flavor a Jobs flavor such as {@code cpu-basic}, {@code t4-small}, {@code a10g-large},
     *     {@code a100-large} or {@code h200} (lower-case letters, digits and '-')
     * @return this builder
     */
    public Builder flavor(String flavor) {
      Objects.requireNonNull(flavor, "flavor");
      if (!FLAVOR.matcher(flavor).matches()) {
        throw new IllegalArgumentException("flavor must be a Jobs hardware name such as a10g-large (lower-case"
            + " letters, digits and '-'), was '" + flavor + "'");
      }
      this.flavor = flavor;
      return this;
    }

    /**
     * Sets the time limit after which the Hub stops the job.
     *
     * @param timeout at least one minute, at most 7 days
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.compareTo(Duration.ofMinutes(1)) < 0 || timeout.compareTo(Duration.ofDays(7)) > 0) {
        throw new IllegalArgumentException("timeout must be between 1 minute and 7 days, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Sets whether the Unsloth trainer loads the base model in 4 bits (QLoRA, the least memory) or in 16 bits; by
     * default it does with LoRA and does not without. TRL jobs ignore it.
     *
     * @param loadIn4Bit true for 4-bit weights; only with LoRA on
     * @return this builder
     */
    public Builder loadIn4Bit(boolean loadIn4Bit) {
      this.loadIn4Bit = loadIn4Bit;
      return this;
    }

    /**
     * Turns LoRA on or off; off trains every weight (full fine-tuning, far more memory).
     *
     * @param lora true for a LoRA adapter
     * @return this builder
     */
    public Builder lora(boolean lora) {
      this.lora = lora;
      return this;
    }

    /**
     * Turns LoRA on with a rank and an alpha.
     *
     * @param rank 1 to 1024
     * @param alpha 1 to 4096
     * @return this builder
     */
    public Builder lora(int rank, int alpha) {
      if (rank < 1 || rank > 1024) {
        throw new IllegalArgumentException("LoRA rank must be between 1 and 1024, was " + rank);
      }
      if (alpha < 1 || alpha > 4096) {
        throw new IllegalArgumentException("LoRA alpha must be between 1 and 4096, was " + alpha);
      }
      this.lora = true;
      this.loraRank = rank;
      this.loraAlpha = alpha;
      return this;
    }

    /**
     * Sets the longest tokenized example.
     *
     * @param maxLength 16 to 1,048,576 tokens
     * @return this builder
     */
    public Builder maxLength(int maxLength) {
      if (maxLength < 16 || maxLength > 1_048_576) {
        throw new IllegalArgumentException("maxLength must be between 16 and 1048576 tokens, was " + maxLength);
      }
      this.maxLength = maxLength;
      return this;
    }

    /**
     * Sets how many steps pass between logged metrics.
     *
     * @param loggingSteps at least 1
     * @return this builder
     */
    public Builder loggingSteps(int loggingSteps) {
      if (loggingSteps < 1) {
        throw new IllegalArgumentException("loggingSteps must be at least 1, was " + loggingSteps);
      }
      this.loggingSteps = loggingSteps;
      return this;
    }

    /**
     * Sets the training program.
     *
     * @param trainer TRL or Unsloth
     * @return this builder
     */
    public Builder trainer(Trainer trainer) {
      this.trainer = Objects.requireNonNull(trainer, "trainer");
      return this;
    }

    /**
     * Sets the tag of the {@code huggingface/trl} image, such as {@code 0.24.0}.
     *
     * @param imageTag letters, digits, '.', '_' and '-'
     * @return this builder
     */
    public Builder imageTag(String imageTag) {
      Objects.requireNonNull(imageTag, "imageTag");
      if (!imageTag.matches("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}")) {
        throw new IllegalArgumentException("imageTag must be a Docker tag (letters, digits, '.', '_', '-'), was '"
            + imageTag + "'");
      }
      this.imageTag = imageTag;
      return this;
    }

    /**
     * Sets the name of the model repository the job pushes the trained model to.
     *
     * @param name letters, digits, '.', '_' and '-', at most 96 characters, without namespace
     * @return this builder
     */
    public Builder outputModelName(String name) {
      Objects.requireNonNull(name, "name");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("outputModelName must be 1 to 96 letters, digits, '.', '_' or '-'"
            + " without a namespace, was '" + name + "'");
      }
      this.outputModelName = name;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     * @throws IllegalStateException if 4-bit loading is on without LoRA: quantised weights cannot be trained
     */
    public HuggingFaceJobOptions build() {
      if (Boolean.TRUE.equals(loadIn4Bit) && !lora) {
        throw new IllegalStateException("loadIn4Bit(true) needs LoRA: 4-bit weights train adapters only (QLoRA);"
            + " a full fine-tune (lora(false)) loads 16-bit weights");
      }
      return new HuggingFaceJobOptions(this);
    }
  }
}
