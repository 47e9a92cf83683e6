package dev.finetune4j.openai;

import dev.finetune4j.ClientOptions;
import dev.finetune4j.dataset.Datasets;
import dev.finetune4j.job.Jobs;
import dev.finetune4j.model.ChatModel;
import dev.finetune4j.model.Models;
import dev.finetune4j.model.OpenAiCompatibleChatModel;
import dev.finetune4j.openai.internal.OpenAiDatasets;
import dev.finetune4j.openai.internal.OpenAiJobs;
import dev.finetune4j.openai.internal.OpenAiModels;
import dev.finetune4j.spi.http.HttpTransport;
import java.util.Objects;

/**
 * The OpenAI fine-tuning protocol, written once: files, uploads, jobs with their events and checkpoints, models,
 * datasets, chat and evals over one transport, in one {@link OpenAiDialect}. {@link OpenAi} is this protocol in
 * OpenAI's dialect; the Azure OpenAI module builds the same services in its own.
 *
 * <p>Part of the provider kit for modules built on the OpenAI protocol; applications use {@link OpenAi} (or the
 * Azure module's client). Thread-safe and immutable.
 */
public final class OpenAiProtocol {
  /** The default size above which files go through the Uploads API: 512 MB, the Files API's limit. */
  public static final long DEFAULT_UPLOAD_THRESHOLD = OpenAiFiles.MAX_FILE_SIZE;
  /** The largest part the Uploads API accepts, and the default part size: 64 MB. */
  public static final int MAX_UPLOAD_PART_SIZE = 64 * 1024 * 1024;
  /** The default number of upload parts sent at once. */
  public static final int DEFAULT_UPLOAD_PARALLELISM = 4;

  private final HttpTransport transport;
  private final OpenAiDialect dialect;
  private final OpenAiFiles files;
  private final OpenAiUploads uploads;
  private final OpenAiJobs jobs;
  private final OpenAiModels models;
  private final OpenAiDatasets datasets;
  private final OpenAiEvals evals;

  private OpenAiProtocol(Builder b, HttpTransport transport, OpenAiDialect dialect) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.dialect = Objects.requireNonNull(dialect, "dialect");
    ClientOptions options = transport.options();
    this.files = new OpenAiFiles(transport, options.sleeper(), options.clock());
    this.uploads = new OpenAiUploads(transport, b.uploadPartSize, b.uploadParallelism, b.uploadMd5);
    this.jobs = new OpenAiJobs(transport, dialect);
    this.models = new OpenAiModels(transport);
    this.datasets = new OpenAiDatasets(files, uploads, b.uploadThreshold);
    this.evals = new OpenAiEvals(transport, options.sleeper(), options.clock());
  }

  /**
   * Starts the protocol's settings; a provider client's builder keeps one and builds the protocol with its
   * transport and dialect.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the dialect the services speak */
  public OpenAiDialect dialect() {
    return dialect;
  }

  /** @return the transport the services send through */
  public HttpTransport transport() {
    return transport;
  }

  /** @return the Files API */
  public OpenAiFiles files() {
    return files;
  }

  /** @return the Uploads API */
  public OpenAiUploads uploads() {
    return uploads;
  }

  /** @return the fine-tuning jobs */
  public Jobs jobs() {
    return jobs;
  }

  /** @return the models */
  public Models models() {
    return models;
  }

  /** @return the neutral datasets service: validates, then uploads through Files or Uploads */
  public Datasets datasets() {
    return datasets;
  }

  /** @return the Evals API */
  public OpenAiEvals evals() {
    return evals;
  }

  /**
   * Returns a chat model over Chat Completions.
   *
   * @param model the model name sent in the body
   * @return the chat model
   */
  public ChatModel chat(String model) {
    return OpenAiCompatibleChatModel.using(transport, Objects.requireNonNull(model, "model"));
  }

  /** Builds an {@link OpenAiProtocol}; the upload settings are checked at once. */
  public static final class Builder {
    private long uploadThreshold = DEFAULT_UPLOAD_THRESHOLD;
    private int uploadPartSize = MAX_UPLOAD_PART_SIZE;
    private int uploadParallelism = DEFAULT_UPLOAD_PARALLELISM;
    private boolean uploadMd5;

    private Builder() {}

    /**
     * Sets the size above which {@code datasets().upload(...)} sends a file through the Uploads API in parts;
     * default 512 MB, the Files API's limit.
     *
     * @param bytes 1 to 512 MB
     * @return this builder
     */
    public Builder uploadThreshold(long bytes) {
      if (bytes < 1 || bytes > DEFAULT_UPLOAD_THRESHOLD) {
        throw new IllegalArgumentException("uploadThreshold must be 1 byte to 512 MB (" + DEFAULT_UPLOAD_THRESHOLD
            + " bytes), was " + bytes);
      }
      this.uploadThreshold = bytes;
      return this;
    }

    /**
     * Sets the size of the parts of a multipart upload; default and maximum 64 MB.
     *
     * @param bytes 1 byte to 64 MB
     * @return this builder
     */
    public Builder uploadPartSize(int bytes) {
      if (bytes < 1 || bytes > MAX_UPLOAD_PART_SIZE) {
        throw new IllegalArgumentException("uploadPartSize must be 1 byte to 64 MB (" + MAX_UPLOAD_PART_SIZE
            + " bytes), was " + bytes);
      }
      this.uploadPartSize = bytes;
      return this;
    }

    /**
     * Sets how many parts of a multipart upload are sent at once; default 4.
     *
     * @param parts 1 to 16
     * @return this builder
     */
    public Builder uploadParallelism(int parts) {
      if (parts < 1 || parts > 16) {
        throw new IllegalArgumentException("uploadParallelism must be 1 to 16, was " + parts);
      }
      this.uploadParallelism = parts;
      return this;
    }

    /**
     * Sets whether a multipart upload sends the MD5 of the whole file on completion, for OpenAI to check; default
     * off, as in OpenAI's own clients. When on, the file is hashed on a thread of its own while the parts are sent,
     * so the upload takes as long as the slower of the two (MD5 runs at about 0.6 GB/s on one core).
     *
     * @param md5 whether to send the MD5
     * @return this builder
     */
    public Builder uploadMd5(boolean md5) {
      this.uploadMd5 = md5;
      return this;
    }

    /**
     * Builds the services; later changes to this builder do not reach them.
     *
     * @param transport the transport (base URL, authentication, default query such as {@code api-version})
     * @param dialect the dialect
     * @return the protocol
     */
    public OpenAiProtocol build(HttpTransport transport, OpenAiDialect dialect) {
      return new OpenAiProtocol(this, transport, dialect);
    }
  }
}
