package dev.finetune4j.portable;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which model to train on a target provider in place of a source job's base model, by target provider name
 * ({@code FineTuningClient.provider()}). An entry maps one source model; a provider-wide entry
 * ({@link Builder#mapAll(String, String)}) answers for every source model without its own entry.
 *
 * <pre>{@code
 * ModelMapping models = OpenAiMigration.defaultModels().toBuilder()        // the defaults, then an override
 *     .map("huggingface", "gpt-4.1-mini-2025-04-14", "Qwen/Qwen2.5-1.5B-Instruct")
 *     .build();
 * }</pre>
 *
 * <p>A fine-tuned source model ({@code ft:<base>:...}) is looked up by its base. Immutable and thread-safe.
 */
public final class ModelMapping {
  private static final ModelMapping EMPTY = new Builder().build();

  private final Map<String, Map<String, String>> models;
  private final Map<String, String> fallbacks;

  private ModelMapping(Builder b) {
    Map<String, Map<String, String>> copy = new LinkedHashMap<>();
    b.models.forEach((provider, m) -> copy.put(provider, Map.copyOf(m)));
    this.models = Map.copyOf(copy);
    this.fallbacks = Map.copyOf(b.fallbacks);
  }

  /**
   * Returns a mapping without entries.
   *
   * @return the empty mapping
   */
  public static ModelMapping empty() {
    return EMPTY;
  }

  /**
   * Returns a new builder without entries.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding these entries, to override some.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    models.forEach((provider, m) -> b.models.put(provider, new LinkedHashMap<>(m)));
    b.fallbacks.putAll(fallbacks);
    return b;
  }

  /**
   * Returns the model to train on a target in place of a source model.
   *
   * @param targetProvider the target's provider name, such as {@code azure}
   * @param sourceModel the source job's base model, or a fine-tuned {@code ft:<base>:...} name
   * @return the target model: the source model's entry, else the provider-wide one; empty if neither exists
   */
  public Optional<String> target(String targetProvider, String sourceModel) {
    String base = sourceModel.startsWith("ft:") && sourceModel.indexOf(':', 3) > 0
        ? sourceModel.substring(3, sourceModel.indexOf(':', 3)) : sourceModel;
    Map<String, String> m = models.getOrDefault(targetProvider, Map.of());
    return Optional.ofNullable(m.get(base)).or(() -> Optional.ofNullable(fallbacks.get(targetProvider)));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelMapping m && models.equals(m.models) && fallbacks.equals(m.fallbacks);
  }

  @Override
  public int hashCode() {
    return Objects.hash(models, fallbacks);
  }

  @Override
  public String toString() {
    return "ModelMapping{models=" + models + ", fallbacks=" + fallbacks + '}';
  }

  /** Builds a {@link ModelMapping}; a later entry for the same source model replaces the earlier one. */
  public static final class Builder {
    private final Map<String, Map<String, String>> models = new LinkedHashMap<>();
    private final Map<String, String> fallbacks = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Maps one source model to a target model on a provider.
     *
     * @param targetProvider the target's provider name, not blank
     * @param sourceModel the source base model, not blank
     * @param targetModel the model to train instead, not blank
     * @return this builder
     */
    public Builder map(String targetProvider, String sourceModel, String targetModel) {
      models.computeIfAbsent(notBlank("targetProvider", targetProvider), k -> new LinkedHashMap<>())
          .put(notBlank("sourceModel", sourceModel), notBlank("targetModel", targetModel));
      return this;
    }

    /**
     * Maps every source model without its own entry to one target model on a provider, such as a local model path.
     *
     * @param targetProvider the target's provider name, not blank
     * @param targetModel the model to train, not blank
     * @return this builder
     */
    public Builder mapAll(String targetProvider, String targetModel) {
      fallbacks.put(notBlank("targetProvider", targetProvider), notBlank("targetModel", targetModel));
      return this;
    }

    /**
     * Builds the mapping.
     *
     * @return the mapping
     */
    public ModelMapping build() {
      return new ModelMapping(this);
    }

    private static String notBlank(String name, String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      return value;
    }
  }
}
