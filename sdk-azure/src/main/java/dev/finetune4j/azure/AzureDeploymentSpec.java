package dev.finetune4j.azure;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What to deploy: a deployment name, the model (a fine-tuned model or a checkpoint's model id), its version and
 * format, and the SKU with its capacity. Defaults: version {@code 1} (every fine-tuned model's), format
 * {@code OpenAI}, SKU {@code GlobalStandard} with capacity 1. Standard and Global deployments bill hosting by the
 * hour even when idle, and Azure deletes a fine-tuned deployment unused for 15 days; {@code developertier}
 * deployments have no hosting fee and last 24 hours. Immutable.
 */
public final class AzureDeploymentSpec {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{1,63}");

  /** The SKU of a global standard deployment, the default. */
  public static final String GLOBAL_STANDARD = "GlobalStandard";
  /** The SKU of a regional standard deployment. */
  public static final String STANDARD = "Standard";
  /** The SKU of a developer deployment: no hosting fee, 24 hours. */
  public static final String DEVELOPER = "developertier";

  private final String name;
  private final String model;
  private final String modelVersion;
  private final String modelFormat;
  private final String skuName;
  private final int capacity;

  private AzureDeploymentSpec(Builder b) {
    this.name = b.name;
    this.model = b.model;
    this.modelVersion = b.modelVersion;
    this.modelFormat = b.modelFormat;
    this.skuName = b.skuName;
    this.capacity = b.capacity;
  }

  /**
   * Starts a spec.
   *
   * @param name the deployment name: 2 to 64 letters, digits, dots, dashes or underscores
   * @param model the model to deploy
   * @return the builder
   */
  public static Builder builder(String name, String model) {
    return new Builder(name, model);
  }

  /** @return the deployment name */
  public String name() {
    return name;
  }

  /** @return the model */
  public String model() {
    return model;
  }

  /** @return the model version */
  public String modelVersion() {
    return modelVersion;
  }

  /** @return the model format */
  public String modelFormat() {
    return modelFormat;
  }

  /** @return the SKU name */
  public String skuName() {
    return skuName;
  }

  /** @return the capacity */
  public int capacity() {
    return capacity;
  }

  @Override
  public String toString() {
    return "AzureDeploymentSpec{" + name + " <- " + model + " v" + modelVersion + ", " + skuName + " x" + capacity
        + '}';
  }

  /** Builds an {@link AzureDeploymentSpec}; every setter checks its value at once. */
  public static final class Builder {
    private final String name;
    private final String model;
    private String modelVersion = "1";
    private String modelFormat = "OpenAI";
    private String skuName = GLOBAL_STANDARD;
    private int capacity = 1;

    private Builder(String name, String model) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(model, "model");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("a deployment name has 2 to 64 letters, digits, '.', '-' or '_' and "
            + "starts with a letter or digit, got '" + name + "'");
      }
      if (model.isBlank()) {
        throw new IllegalArgumentException("model must not be blank");
      }
      this.name = name;
      this.model = model;
    }

    /**
     * Sets the model version; default {@code 1}.
     *
     * @param version not blank
     * @return this builder
     */
    public Builder modelVersion(String version) {
      this.modelVersion = text("modelVersion", version);
      return this;
    }

    /**
     * Sets the model format; default {@code OpenAI}.
     *
     * @param format not blank
     * @return this builder
     */
    public Builder modelFormat(String format) {
      this.modelFormat = text("modelFormat", format);
      return this;
    }

    /**
     * Sets the SKU and its capacity; default {@code GlobalStandard} with 1.
     *
     * @param skuName such as {@link #STANDARD}, {@link #GLOBAL_STANDARD} or {@link #DEVELOPER}
     * @param capacity 1 or more (thousands of tokens per minute)
     * @return this builder
     */
    public Builder sku(String skuName, int capacity) {
      this.skuName = text("skuName", skuName);
      if (capacity < 1) {
        throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
      }
      this.capacity = capacity;
      return this;
    }

    /**
     * Builds the spec.
     *
     * @return the spec
     */
    public AzureDeploymentSpec build() {
      return new AzureDeploymentSpec(this);
    }

    private static String text(String name, String value) {
      Objects.requireNonNull(value, name);
      if (value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      return value;
    }
  }
}
