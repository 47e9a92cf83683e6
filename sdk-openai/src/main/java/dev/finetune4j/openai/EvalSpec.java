package dev.finetune4j.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.RawJson;
import dev.finetune4j.spi.http.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an OpenAI eval checks: the shape of its data items and the testing criteria (graders) applied to each
 * sample.
 *
 * <pre>{@code
 * EvalSpec spec = EvalSpec.builder()
 *     .name("recipes")
 *     .itemSchema(schema)                                   // JSON schema of one data item
 *     .testingCriterion(EvalGraders.stringCheck("exact", "{{sample.output_text}}", "{{item.answer}}", "eq"))
 *     .build();
 * }</pre>
 */
public final class EvalSpec {
  private final String name;
  private final RawJson dataSourceConfig;
  private final List<RawJson> testingCriteria;
  private final Map<String, String> metadata;

  private EvalSpec(Builder b) {
    this.name = b.name;
    this.dataSourceConfig = b.dataSourceConfig;
    this.testingCriteria = List.copyOf(b.testingCriteria);
    this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
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
   * Returns the eval's name.
   *
   * @return the name, if set
   */
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  /**
   * Returns the data source configuration.
   *
   * @return the JSON object
   */
  public RawJson dataSourceConfig() {
    return dataSourceConfig;
  }

  /**
   * Returns the testing criteria.
   *
   * @return the grader JSON objects
   */
  public List<RawJson> testingCriteria() {
    return testingCriteria;
  }

  /**
   * Returns the metadata.
   *
   * @return the metadata; empty if none
   */
  public Map<String, String> metadata() {
    return metadata;
  }

  /**
   * Returns the request body of {@code POST /evals}.
   *
   * @return the JSON body
   */
  ObjectNode toJson() {
    ObjectNode body = Json.object();
    if (name != null) {
      body.put("name", name);
    }
    if (!metadata.isEmpty()) {
      ObjectNode m = body.putObject("metadata");
      metadata.forEach(m::put);
    }
    body.set("data_source_config", Json.tree(dataSourceConfig));
    testingCriteria.forEach(c -> body.withArray("testing_criteria").add(Json.tree(c)));
    return body;
  }

  @Override
  public String toString() {
    return "EvalSpec{name=" + name + ", dataSourceConfig=" + dataSourceConfig + ", testingCriteria="
        + testingCriteria.size() + '}';
  }

  /** Builds an {@link EvalSpec}; a data source configuration and at least one testing criterion are required. */
  public static final class Builder {
    private String name;
    private RawJson dataSourceConfig;
    private final List<RawJson> testingCriteria = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets the name.
     *
     * @param name not blank
     * @return this builder
     */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank");
      }
      this.name = name;
      return this;
    }

    /**
     * Describes the data items with a JSON schema ({@code custom} data source), without a sample schema.
     *
     * @param itemSchema the JSON schema of one item
     * @return this builder
     */
    public Builder itemSchema(RawJson itemSchema) {
      return itemSchema(itemSchema, false);
    }

    /**
     * Describes the data items with a JSON schema ({@code custom} data source).
     *
     * @param itemSchema the JSON schema of one item
     * @param includeSampleSchema whether the run generates samples ({@code {{sample.output_text}}}) to grade
     * @return this builder
     */
    public Builder itemSchema(RawJson itemSchema, boolean includeSampleSchema) {
      Objects.requireNonNull(itemSchema, "itemSchema");
      ObjectNode config = Json.object().put("type", "custom");
      config.set("item_schema", Json.tree(itemSchema));
      config.put("include_sample_schema", includeSampleSchema);
      this.dataSourceConfig = Json.raw(config);
      return this;
    }

    /**
     * Sets the data source configuration as OpenAI's JSON ({@code custom}, {@code logs}, ...).
     *
     * @param config a JSON object with a {@code type}
     * @return this builder
     */
    public Builder dataSourceConfig(RawJson config) {
      Objects.requireNonNull(config, "config");
      if (!hasType(config)) {
        throw new IllegalArgumentException("a data source configuration needs a \"type\", such as \"custom\"");
      }
      this.dataSourceConfig = config;
      return this;
    }

    /**
     * Adds a testing criterion: a grader such as those {@link EvalGraders} builds.
     *
     * @param grader a JSON object with a {@code type}
     * @return this builder
     */
    public Builder testingCriterion(RawJson grader) {
      Objects.requireNonNull(grader, "grader");
      if (!hasType(grader)) {
        throw new IllegalArgumentException("a testing criterion needs a \"type\", such as \"string_check\"");
      }
      testingCriteria.add(grader);
      return this;
    }

    /**
     * Adds a metadata pair.
     *
     * @param key at most 64 characters; at most 16 pairs
     * @param value at most 512 characters
     * @return this builder
     */
    public Builder metadata(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (key.isEmpty() || key.length() > 64 || value.length() > 512) {
        throw new IllegalArgumentException("metadata keys have 1 to 64 characters and values at most 512");
      }
      if (metadata.size() == 16 && !metadata.containsKey(key)) {
        throw new IllegalArgumentException("at most 16 metadata pairs are allowed");
      }
      metadata.put(key, value);
      return this;
    }

    /**
     * Builds the spec.
     *
     * @return the spec
     * @throws IllegalStateException if the data source or the testing criteria are missing
     */
    public EvalSpec build() {
      if (dataSourceConfig == null) {
        throw new IllegalStateException("a data source configuration is required: call itemSchema(...) or "
            + "dataSourceConfig(...)");
      }
      if (testingCriteria.isEmpty()) {
        throw new IllegalStateException("at least one testing criterion is required");
      }
      return new EvalSpec(this);
    }

    private static boolean hasType(RawJson json) {
      return !json.get("type").isMissing() && !json.get("type").isNull();
    }
  }
}
