package dev.finetune4j.portable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.error.LocalIoException;
import dev.finetune4j.error.MigrationRefusedException;
import dev.finetune4j.error.MigrationRefusedException.Reason;
import dev.finetune4j.job.TrainingMethod;
import dev.finetune4j.portable.internal.PortableJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A fine-tuning job described so that it can be run again elsewhere: where it came from, the base model, the method
 * with its hyperparameters, suffix and seed, its data files (names, sizes, SHA-256 digests), and the original run's
 * final metrics and checkpoints. Written as versioned JSON ({@value #FILE_NAME}) beside the data files it names.
 *
 * <pre>{@code
 * PortableJob job = PortableJob.read(Path.of("export/ftjob-abc/job.json"));
 * job.verifyFiles(Path.of("export/ftjob-abc"));      // sizes and digests as recorded
 * }</pre>
 *
 * <p>Versioning: {@link #SCHEMA_VERSION} is {@code MAJOR.MINOR}. A reader accepts every minor version of its major
 * version (unknown fields are ignored) and refuses another major version with a {@link MigrationRefusedException}.
 * Immutable and thread-safe.
 */
public final class PortableJob {
  /** The schema version this SDK writes, {@value}. */
  public static final String SCHEMA_VERSION = "1.0";
  /** The name the description is written under beside its files, {@value}. */
  public static final String FILE_NAME = "job.json";

  private static final int MAJOR = 1;

  private final Source source;
  private final String baseModel;
  private final TrainingMethod method;
  private final String suffix;
  private final Long seed;
  private final List<PortableFile> files;
  private final Map<String, Double> finalMetrics;
  private final List<PortableCheckpoint> checkpoints;

  private PortableJob(Builder b) {
    this.source = b.source;
    this.baseModel = b.baseModel;
    this.method = b.method;
    this.suffix = b.suffix;
    this.seed = b.seed;
    this.files = List.copyOf(b.files);
    this.finalMetrics = Map.copyOf(b.finalMetrics);
    this.checkpoints = List.copyOf(b.checkpoints);
  }

  /**
   * Where a job came from.
   *
   * @param provider the provider it ran at, such as {@code openai}
   * @param jobId its id there
   * @param fineTunedModel the model it produced, if it succeeded
   * @param status its status there when exported, such as {@code succeeded}
   * @param trainedTokens the tokens it was billed for, if reported
   */
  public record Source(String provider, String jobId, Optional<String> fineTunedModel, String status,
      OptionalLong trainedTokens) {
    /** Checks that no component is null or blank. */
    public Source {
      notBlank("provider", provider);
      notBlank("jobId", jobId);
      Objects.requireNonNull(fineTunedModel, "fineTunedModel");
      notBlank("status", status);
      Objects.requireNonNull(trainedTokens, "trainedTokens");
    }
  }

  /**
   * A data file of the job, stored beside the description.
   *
   * @param role {@code training} or {@code validation}
   * @param path its name relative to the description's directory, such as {@code training.jsonl}
   * @param sourceId its id at the source provider
   * @param bytes its size
   * @param sha256 its SHA-256 digest, lower-case hex
   */
  public record PortableFile(String role, String path, String sourceId, long bytes, String sha256) {
    /** Checks the components: a known role, a relative path, a size of 0 or more, a 64-digit digest. */
    public PortableFile {
      if (!TRAINING.equals(role) && !VALIDATION.equals(role)) {
        throw new IllegalArgumentException("role must be \"training\" or \"validation\", was " + role);
      }
      notBlank("path", path);
      if (Path.of(path).isAbsolute() || Path.of(path).normalize().startsWith("..")) {
        throw new IllegalArgumentException("path must stay inside the description's directory, was " + path);
      }
      notBlank("sourceId", sourceId);
      if (bytes < 0) {
        throw new IllegalArgumentException("bytes must be 0 or more, was " + bytes);
      }
      if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits, was " + sha256);
      }
    }
  }

  /**
   * A checkpoint the original run kept, with its metrics under the source provider's names.
   *
   * @param model the checkpoint's model name at the source
   * @param step the step it was saved at
   * @param metrics its metrics, such as {@code train_loss}
   */
  public record PortableCheckpoint(String model, long step, Map<String, Double> metrics) {
    /** Checks the components and copies the metrics. */
    public PortableCheckpoint {
      notBlank("model", model);
      metrics = Map.copyOf(metrics);
    }
  }

  /** The role of the training file, {@value}. */
  public static final String TRAINING = "training";
  /** The role of the validation file, {@value}. */
  public static final String VALIDATION = "validation";

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this description's values.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.source = source;
    b.baseModel = baseModel;
    b.method = method;
    b.suffix = suffix;
    b.seed = seed;
    b.files.addAll(files);
    b.finalMetrics.putAll(finalMetrics);
    b.checkpoints.addAll(checkpoints);
    return b;
  }

  /** @return where the job came from */
  public Source source() {
    return source;
  }

  /** @return the base model the job trained, at the source */
  public String baseModel() {
    return baseModel;
  }

  /** @return the method with the hyperparameters the source resolved (numbers where it reported them) */
  public TrainingMethod method() {
    return method;
  }

  /** @return the suffix the job gave its model, if any */
  public Optional<String> suffix() {
    return Optional.ofNullable(suffix);
  }

  /** @return the seed of the run, if known */
  public OptionalLong seed() {
    return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
  }

  /** @return the data files, training first */
  public List<PortableFile> files() {
    return files;
  }

  /** @return the training file */
  public PortableFile training() {
    return file(TRAINING).orElseThrow();
  }

  /** @return the validation file, if the job had one */
  public Optional<PortableFile> validation() {
    return file(VALIDATION);
  }

  private Optional<PortableFile> file(String role) {
    return files.stream().filter(f -> f.role().equals(role)).findFirst();
  }

  /** @return the original run's final metrics under the source provider's names; empty if none were reported */
  public Map<String, Double> finalMetrics() {
    return finalMetrics;
  }

  /** @return the checkpoints the original run kept, by step */
  public List<PortableCheckpoint> checkpoints() {
    return checkpoints;
  }

  /**
   * Checks that every file is in the directory with the recorded size and SHA-256 digest.
   *
   * @param directory the directory holding the description's files
   * @throws MigrationRefusedException ({@link Reason#FILE_MISMATCH}) naming each file that is missing or differs
   * @throws LocalIoException if a file cannot be read
   */
  public void verifyFiles(Path directory) {
    List<String> problems = new ArrayList<>();
    for (PortableFile f : files) {
      Path p = directory.resolve(f.path());
      if (!Files.isRegularFile(p)) {
        problems.add(p + ": missing (" + f.role() + " file " + f.sourceId() + ")");
        continue;
      }
      long size = size(p);
      String digest = sha256(p);
      if (size != f.bytes() || !digest.equals(f.sha256())) {
        problems.add(p + ": " + size + " bytes, sha256 " + digest + "; the description records " + f.bytes()
            + " bytes, sha256 " + f.sha256());
      }
    }
    if (!problems.isEmpty()) {
      throw new MigrationRefusedException(Reason.FILE_MISMATCH,
          "the files in " + directory + " are not the ones the job description records", problems);
    }
  }

  /**
   * Returns the SHA-256 digest of a file.
   *
   * @param file the file
   * @return 64 lower-case hex digits
   * @throws LocalIoException if it cannot be read
   */
  public static String sha256(Path file) {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (IOException e) {
      throw LocalIoException.of("read", file, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw LocalIoException.of("read", file, e);
    }
  }

  /**
   * Returns this description as JSON, with {@code schemaVersion} {@value #SCHEMA_VERSION}.
   *
   * @return the JSON text, indented
   */
  public String toJson() {
    return PortableJson.write(this);
  }

  /**
   * Writes this description to a file, usually {@value #FILE_NAME} beside its data files, through a file beside
   * it that is then moved into place, so that the file never holds half a description.
   *
   * @param file where to write
   * @throws LocalIoException if it cannot be written
   */
  public void writeTo(Path file) {
    Path partial = file.resolveSibling(file.getFileName() + ".part");
    try {
      Files.writeString(partial, toJson(), StandardCharsets.UTF_8);
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw LocalIoException.of("write", file, e);
    }
  }

  /**
   * Reads a description written by {@link #writeTo(Path)}.
   *
   * @param file the file
   * @return the description
   * @throws MigrationRefusedException ({@link Reason#INVALID_DESCRIPTION}) for another major version, text that is
   *     not JSON, or a missing or wrong field, naming the file and field
   * @throws LocalIoException if it cannot be read
   */
  public static PortableJob read(Path file) {
    try {
      return fromJson(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw LocalIoException.of("read", file, e);
    }
  }

  /**
   * Reads a description from JSON text.
   *
   * @param json the text
   * @param origin what to name in errors, such as the file it came from
   * @return the description
   * @throws MigrationRefusedException ({@link Reason#INVALID_DESCRIPTION}) for another major version, text that is
   *     not JSON, or a missing or wrong field
   */
  public static PortableJob fromJson(String json, String origin) {
    JsonNode root;
    try {
      root = PortableJson.parse(json);
    } catch (JsonProcessingException e) {
      throw invalid(origin, "not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw invalid(origin, "not a JSON object");
    }
    String version = root.path("schemaVersion").asText("");
    if (!version.matches("\\d+\\.\\d+")) {
      throw invalid(origin, "field schemaVersion: expected MAJOR.MINOR such as \"" + SCHEMA_VERSION + "\", was "
          + root.path("schemaVersion"));
    }
    int major = Integer.parseInt(version.substring(0, version.indexOf('.')));
    if (major != MAJOR) {
      throw invalid(origin, "field schemaVersion: version " + version + " is not supported; this SDK reads "
          + MAJOR + ".x (written by " + SCHEMA_VERSION + ")");
    }
    try {
      return PortableJson.read((ObjectNode) root);
    } catch (IllegalArgumentException | IllegalStateException | NullPointerException e) {
      throw invalid(origin, e.getMessage());
    }
  }

  private static MigrationRefusedException invalid(String origin, String problem) {
    return new MigrationRefusedException(Reason.INVALID_DESCRIPTION,
        "cannot read the job description " + origin + ": " + problem, List.of(origin + ": " + problem));
  }

  private static String notBlank(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is required and must not be blank");
    }
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PortableJob p && source.equals(p.source) && baseModel.equals(p.baseModel)
        && method.equals(p.method) && Objects.equals(suffix, p.suffix) && Objects.equals(seed, p.seed)
        && files.equals(p.files) && finalMetrics.equals(p.finalMetrics) && checkpoints.equals(p.checkpoints);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, baseModel, method, suffix, seed, files, finalMetrics, checkpoints);
  }

  @Override
  public String toString() {
    return "PortableJob{source=" + source.provider() + "/" + source.jobId() + ", baseModel=" + baseModel
        + ", method=" + method + ", files=" + files.size() + '}';
  }

  /** Builds a {@link PortableJob}. The source, base model and training file are required. */
  public static final class Builder {
    private Source source;
    private String baseModel;
    private TrainingMethod method = TrainingMethod.supervised();
    private String suffix;
    private Long seed;
    private final List<PortableFile> files = new ArrayList<>();
    private final Map<String, Double> finalMetrics = new LinkedHashMap<>();
    private final List<PortableCheckpoint> checkpoints = new ArrayList<>();

    private Builder() {}

    /**
     * Sets where the job came from.
     *
     * @param source the source
     * @return this builder
     */
    public Builder source(Source source) {
      this.source = Objects.requireNonNull(source, "source");
      return this;
    }

    /**
     * Sets the base model.
     *
     * @param baseModel not blank
     * @return this builder
     */
    public Builder baseModel(String baseModel) {
      this.baseModel = notBlank("baseModel", baseModel);
      return this;
    }

    /**
     * Sets the method; default supervised with every setting auto.
     *
     * @param method the method
     * @return this builder
     */
    public Builder method(TrainingMethod method) {
      this.method = Objects.requireNonNull(method, "method");
      return this;
    }

    /**
     * Sets the suffix.
     *
     * @param suffix not blank
     * @return this builder
     */
    public Builder suffix(String suffix) {
      this.suffix = notBlank("suffix", suffix);
      return this;
    }

    /**
     * Sets the seed.
     *
     * @param seed 0 or more
     * @return this builder
     */
    public Builder seed(long seed) {
      if (seed < 0) {
        throw new IllegalArgumentException("seed must be 0 or more, was " + seed);
      }
      this.seed = seed;
      return this;
    }

    /**
     * Adds a data file; at most one per role.
     *
     * @param file the file
     * @return this builder
     */
    public Builder file(PortableFile file) {
      Objects.requireNonNull(file, "file");
      if (files.stream().anyMatch(f -> f.role().equals(file.role()))) {
        throw new IllegalArgumentException("there is already a " + file.role() + " file");
      }
      files.add(file);
      files.sort((a, b) -> a.role().equals(TRAINING) ? -1 : b.role().equals(TRAINING) ? 1 : 0);
      return this;
    }

    /**
     * Adds a final metric.
     *
     * @param name the source provider's name for it, not blank
     * @param value a finite number
     * @return this builder
     */
    public Builder finalMetric(String name, double value) {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("metric " + name + " must be finite, was " + value);
      }
      finalMetrics.put(notBlank("metric name", name), value);
      return this;
    }

    /**
     * Adds a checkpoint.
     *
     * @param checkpoint the checkpoint
     * @return this builder
     */
    public Builder checkpoint(PortableCheckpoint checkpoint) {
      checkpoints.add(Objects.requireNonNull(checkpoint, "checkpoint"));
      checkpoints.sort((a, b) -> Long.compare(a.step(), b.step()));
      return this;
    }

    /**
     * Builds the description.
     *
     * @return the description
     * @throws IllegalStateException if the source, the base model or the training file is missing
     */
    public PortableJob build() {
      if (source == null) {
        throw new IllegalStateException("source is required");
      }
      if (baseModel == null) {
        throw new IllegalStateException("baseModel is required");
      }
      if (files.stream().noneMatch(f -> f.role().equals(TRAINING))) {
        throw new IllegalStateException("a training file is required");
      }
      return new PortableJob(this);
    }
  }
}
