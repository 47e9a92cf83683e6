package dev.finetune4j.openai;

import dev.finetune4j.job.JobOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reports an OpenAI job's metrics to Weights and Biases. Add it to a spec with
 * {@code JobSpec.builder().option(WandbIntegration.builder().project("recipes").build())}; a job takes up to five.
 * The W&amp;B API key must first be registered in the OpenAI dashboard.
 */
public final class WandbIntegration implements JobOption {
  private final String project;
  private final String name;
  private final String entity;
  private final List<String> tags;

  private WandbIntegration(Builder b) {
    this.project = b.project;
    this.name = b.name;
    this.entity = b.entity;
    this.tags = List.copyOf(b.tags);
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
   * Returns the W&amp;B project the run is logged to.
   *
   * @return the project
   */
  public String project() {
    return project;
  }

  /**
   * Returns the run's display name.
   *
   * @return the name, if set (OpenAI uses the job id otherwise)
   */
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  /**
   * Returns the W&amp;B team or user.
   *
   * @return the entity, if set (the key's default entity otherwise)
   */
  public Optional<String> entity() {
    return Optional.ofNullable(entity);
  }

  /**
   * Returns the tags put on the run.
   *
   * @return the tags; empty if none
   */
  public List<String> tags() {
    return tags;
  }

  @Override
  public String toString() {
    return "WandbIntegration{project=" + project + (name == null ? "" : ", name=" + name)
        + (entity == null ? "" : ", entity=" + entity) + (tags.isEmpty() ? "" : ", tags=" + tags) + '}';
  }

  /** Builds a {@link WandbIntegration}; the project is required. */
  public static final class Builder {
    private String project;
    private String name;
    private String entity;
    private final List<String> tags = new ArrayList<>();

    private Builder() {}

    /**
     * Sets the project.
     *
     * @param project not blank
     * @return this builder
     */
    public Builder project(String project) {
      this.project = notBlank("project", project);
      return this;
    }

    /**
     * Sets the run's display name.
     *
     * @param name not blank
     * @return this builder
     */
    public Builder name(String name) {
      this.name = notBlank("name", name);
      return this;
    }

    /**
     * Sets the team or user.
     *
     * @param entity not blank
     * @return this builder
     */
    public Builder entity(String entity) {
      this.entity = notBlank("entity", entity);
      return this;
    }

    /**
     * Adds a tag.
     *
     * @param tag 1 to 64 characters; at most 50 tags
     * @return this builder
     */
    public Builder tag(String tag) {
      notBlank("tag", tag);
      if (tag.length() > 64) {
        throw new IllegalArgumentException("a W&B tag has at most 64 characters, was " + tag.length());
      }
      if (tags.size() == 50) {
        throw new IllegalArgumentException("a W&B integration has at most 50 tags");
      }
      tags.add(tag);
      return this;
    }

    /**
     * Builds the integration.
     *
     * @return the integration
     * @throws IllegalStateException if no project was set
     */
    public WandbIntegration build() {
      if (project == null) {
        throw new IllegalStateException("project is required");
      }
      return new WandbIntegration(this);
    }

    private static String notBlank(String what, String value) {
      Objects.requireNonNull(value, what);
      if (value.isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank");
      }
      return value;
    }
  }
}
