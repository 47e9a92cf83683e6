package dev.finetune4j.huggingface;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.spi.http.Json;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What Inference Endpoint to create. Defaults: vLLM ({@code vllm/vllm-openai:latest} on port 8000), AWS
 * {@code us-east-1}, one NVIDIA L4 GPU, 0 to 1 replicas scaling to zero after 15 idle minutes, type
 * {@code authenticated} (a Hugging Face token is needed to call it), task {@code text-generation}.
 *
 * <pre>{@code
 * EndpointSpec spec = EndpointSpec.builder("recipes-bot", "alice/Qwen2.5-0.5B-recipes")
 *     .instance("nvidia-a10g", "x1")
 *     .build();
 * }</pre>
 */
public final class EndpointSpec {
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?");

  private final String name;
  private final String repository;
  private final String revision;
  private final String vendor;
  private final String region;
  private final String accelerator;
  private final String instanceType;
  private final String instanceSize;
  private final int minReplica;
  private final int maxReplica;
  private final int scaleToZeroMinutes;
  private final String type;
  private final String vllmImage;

  private EndpointSpec(Builder b) {
    this.name = b.name;
    this.repository = b.repository;
    this.revision = b.revision;
    this.vendor = b.vendor;
    this.region = b.region;
    this.accelerator = b.accelerator;
    this.instanceType = b.instanceType;
    this.instanceSize = b.instanceSize;
    this.minReplica = b.minReplica;
    this.maxReplica = b.maxReplica;
    this.scaleToZeroMinutes = b.scaleToZeroMinutes;
    this.type = b.type;
    this.vllmImage = b.vllmImage;
  }

  /**
   * Returns a builder.
   *
   * @param name the endpoint's name: 1 to 32 lower-case letters, digits and '-', not starting or ending with '-'
   * @param repository the model repository to serve, {@code namespace/name}
   * @return the builder
   */
  public static Builder builder(String name, String repository) {
    return new Builder(name, repository);
  }

  /** @return the endpoint's name */
  public String name() {
    return name;
  }

  /** @return the model repository it serves */
  public String repository() {
    return repository;
  }

  /** @return the repository revision, if pinned */
  public Optional<String> revision() {
    return Optional.ofNullable(revision);
  }

  /**
   * Returns the body of {@code POST /endpoint/{namespace}}.
   *
   * @return the JSON body
   */
  ObjectNode toJson() {
    ObjectNode body = Json.object().put("name", name).put("type", type);
    body.putObject("provider").put("vendor", vendor).put("region", region);
    ObjectNode compute = body.putObject("compute").put("accelerator", accelerator)
        .put("instanceType", instanceType).put("instanceSize", instanceSize);
    ObjectNode scaling = compute.putObject("scaling").put("minReplica", minReplica).put("maxReplica", maxReplica);
    if (minReplica == 0) {
      scaling.put("scaleToZeroTimeout", scaleToZeroMinutes);
    }
    ObjectNode model = body.putObject("model").put("repository", repository);
    if (revision != null) {
      model.put("revision", revision);
    }
    model.put("task", "text-generation").put("framework", "pytorch");
    model.putObject("image").putObject("vLLM").put("url", vllmImage).put("port", 8000);
    return body;
  }

  @Override
  public String toString() {
    return "EndpointSpec{name=" + name + ", repository=" + repository + ", " + vendor + "/" + region + ", "
        + instanceType + " " + instanceSize + ", replicas " + minReplica + ".." + maxReplica + '}';
  }

  /** Builds an {@link EndpointSpec}; every setter checks its input at once. */
  public static final class Builder {
    private final String name;
    private final String repository;
    private String revision;
    private String vendor = "aws";
    private String region = "us-east-1";
    private String accelerator = "gpu";
    private String instanceType = "nvidia-l4";
    private String instanceSize = "x1";
    private int minReplica = 0;
    private int maxReplica = 1;
    private int scaleToZeroMinutes = 15;
    private String type = "authenticated";
    private String vllmImage = "vllm/vllm-openai:latest";

    private Builder(String name, String repository) {
      Objects.requireNonNull(name, "name");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("an endpoint name must be 1 to 32 lower-case letters, digits or '-',"
            + " not starting or ending with '-', was '" + name + "'");
      }
      this.name = name;
      this.repository = RepoId.model(Objects.requireNonNull(repository, "repository")).id();
    }

    /**
     * Pins the repository revision.
     *
     * @param revision a branch, tag or commit id
     * @return this builder
     */
    public Builder revision(String revision) {
      this.revision = notBlank("revision", revision);
      return this;
    }

    /**
     * Sets the cloud and region.
     *
     * @param vendor {@code aws}, {@code gcp} or {@code azure}
     * @param region such as {@code us-east-1}
     * @return this builder
     */
    public Builder provider(String vendor, String region) {
      if (!java.util.Set.of("aws", "gcp", "azure").contains(vendor)) {
        throw new IllegalArgumentException("vendor must be aws, gcp or azure, was '" + vendor + "'");
      }
      this.vendor = vendor;
      this.region = notBlank("region", region);
      return this;
    }

    /**
     * Sets the GPU instance.
     *
     * @param instanceType such as {@code nvidia-l4}, {@code nvidia-a10g}
     * @param instanceSize {@code x1} to {@code x8}
     * @return this builder
     */
    public Builder instance(String instanceType, String instanceSize) {
      this.instanceType = notBlank("instanceType", instanceType);
      if (!instanceSize.matches("x[1-8]")) {
        throw new IllegalArgumentException("instanceSize must be x1 to x8, was '" + instanceSize + "'");
      }
      this.instanceSize = instanceSize;
      return this;
    }

    /**
     * Sets the accelerator kind.
     *
     * @param accelerator {@code cpu}, {@code gpu} or {@code neuron}
     * @return this builder
     */
    public Builder accelerator(String accelerator) {
      if (!java.util.Set.of("cpu", "gpu", "neuron").contains(accelerator)) {
        throw new IllegalArgumentException("accelerator must be cpu, gpu or neuron, was '" + accelerator + "'");
      }
      this.accelerator = accelerator;
      return this;
    }

    /**
     * Sets the replica range.
     *
     * @param min 0 or more; 0 lets the endpoint scale to zero
     * @param max at least {@code max(min, 1)}
     * @return this builder
     */
    public Builder replicas(int min, int max) {
      if (min < 0 || max < Math.max(min, 1)) {
        throw new IllegalArgumentException("replicas must satisfy 0 <= min <= max and max >= 1, was " + min
            + ".." + max);
      }
      this.minReplica = min;
      this.maxReplica = max;
      return this;
    }

    /**
     * Sets how many idle minutes pass before an endpoint with 0 minimum replicas scales to zero.
     *
     * @param minutes at least 1
     * @return this builder
     */
    public Builder scaleToZeroAfterMinutes(int minutes) {
      if (minutes < 1) {
        throw new IllegalArgumentException("scaleToZeroAfterMinutes must be at least 1, was " + minutes);
      }
      this.scaleToZeroMinutes = minutes;
      return this;
    }

    /**
     * Sets who may call it.
     *
     * @param type {@code public}, {@code authenticated} or {@code private}
     * @return this builder
     */
    public Builder type(String type) {
      if (!java.util.Set.of("public", "authenticated", "private", "protected").contains(type)) {
        throw new IllegalArgumentException("type must be public, authenticated or private, was '" + type + "'");
      }
      this.type = type;
      return this;
    }

    /**
     * Sets the vLLM image.
     *
     * @param image such as {@code vllm/vllm-openai:v0.11.0}
     * @return this builder
     */
    public Builder vllmImage(String image) {
      this.vllmImage = notBlank("image", image);
      return this;
    }

    /** @return the spec */
    public EndpointSpec build() {
      return new EndpointSpec(this);
    }

    private static String notBlank(String name, String value) {
      Objects.requireNonNull(value, name);
      if (value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      return value;
    }
  }
}
