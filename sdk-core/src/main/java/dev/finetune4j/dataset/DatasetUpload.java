package dev.finetune4j.dataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What to upload: a JSONL training file, optionally a validation file, and the model they are meant for (which
 * chooses the provider's {@link Datasets#rules(String) rules} the validation checks).
 *
 * <p>Files are validated before anything is sent; a file with errors is not uploaded.
 */
public final class DatasetUpload {
  private final Path training;
  private final Path validation;
  private final String name;
  private final String targetModel;

  private DatasetUpload(Builder b) {
    this.training = b.training;
    this.validation = b.validation;
    this.name = b.name;
    this.targetModel = b.targetModel;
  }

  /**
   * Returns an upload of one training file.
   *
   * @param training the JSONL file
   * @return the upload
   */
  public static DatasetUpload of(Path training) {
    return builder().training(training).build();
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the training file */
  public Path training() {
    return training;
  }

  /** @return the validation file, if any */
  public Optional<Path> validation() {
    return Optional.ofNullable(validation);
  }

  /** @return the dataset's name at the provider (a repository name, say), if set */
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  /** @return the model the data is meant to train, if set */
  public Optional<String> targetModel() {
    return Optional.ofNullable(targetModel);
  }

  /** Builds a {@link DatasetUpload}; the training file is required. */
  public static final class Builder {
    private Path training;
    private Path validation;
    private String name;
    private String targetModel;

    private Builder() {}

    /**
     * Sets the training file.
     *
     * @param training an existing, readable JSONL file
     * @return this builder
     */
    public Builder training(Path training) {
      this.training = readable("training", training);
      return this;
    }

    /**
     * Sets the validation file.
     *
     * @param validation an existing, readable JSONL file
     * @return this builder
     */
    public Builder validation(Path validation) {
      this.validation = readable("validation", validation);
      return this;
    }

    /**
     * Sets the dataset's name at the provider, where the provider names datasets.
     *
     * @param name letters, digits, {@code .}, {@code _} and {@code -}
     * @return this builder
     */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name");
      if (!name.matches("[A-Za-z0-9._-]{1,96}")) {
        throw new IllegalArgumentException(
            "name must be 1 to 96 letters, digits, '.', '_' or '-', was '" + name + "'");
      }
      this.name = name;
      return this;
    }

    /**
     * Sets the model the data is meant to train, whose {@link Datasets#rules(String) rules} the validation applies.
     *
     * @param targetModel the base model's id
     * @return this builder
     */
    public Builder targetModel(String targetModel) {
      this.targetModel = Objects.requireNonNull(targetModel, "targetModel");
      return this;
    }

    /**
     * Builds the upload.
     *
     * @return the upload
     * @throws IllegalStateException if no training file was set
     */
    public DatasetUpload build() {
      if (training == null) {
        throw new IllegalStateException("a training file is required");
      }
      return new DatasetUpload(this);
    }

    private static Path readable(String what, Path path) {
      Objects.requireNonNull(path, what);
      if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
        throw new IllegalArgumentException(what + " file " + path + " does not exist or is not readable");
      }
      return path;
    }
  }
}
