package dev.finetune4j.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.JobStatus;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * What differs between services that speak the OpenAI fine-tuning protocol (OpenAI itself, Azure OpenAI): the
 * provider's name, its limits, how its job statuses map to neutral ones, whether its job list filters by metadata
 * (and so how a retried create finds the job an earlier attempt made), and what it adds to a create request. The
 * wire code in this module is written once and takes a dialect; base path and query parameters such as
 * {@code api-version} and the authentication are the transport's.
 *
 * <p>Part of the provider kit for modules built on the OpenAI protocol; applications use {@link OpenAi} (or the
 * Azure module's client) and never need a dialect. Immutable.
 */
public final class OpenAiDialect {
  /** OpenAI's own dialect. */
  public static final OpenAiDialect OPENAI = builder(OpenAi.PROVIDER, "OpenAI").build();

  private final String provider;
  private final String displayName;
  private final int maxSuffixLength;
  private final int maxMetadataPairs;
  private final boolean filtersJobsByMetadata;
  private final int lookupPages;
  private final Function<String, JobStatus> statusMapping;
  private final BiConsumer<JobSpec, ObjectNode> createExtension;
  private final CreatedJobMatcher createdJobMatcher;

  private OpenAiDialect(Builder b) {
    this.provider = b.provider;
    this.displayName = b.displayName;
    this.maxSuffixLength = b.maxSuffixLength;
    this.maxMetadataPairs = b.maxMetadataPairs;
    this.filtersJobsByMetadata = b.filtersJobsByMetadata;
    this.lookupPages = b.lookupPages;
    this.statusMapping = b.statusMapping;
    this.createExtension = b.createExtension;
    this.createdJobMatcher = b.createdJobMatcher;
  }

  /**
   * Starts a dialect with OpenAI's rules, to change what differs.
   *
   * @param provider the provider name in jobs, errors and logs, such as {@code azure}
   * @param displayName the name in messages, such as {@code Azure OpenAI}
   * @return the builder
   */
  public static Builder builder(String provider, String displayName) {
    return new Builder(provider, displayName);
  }

  /** @return the provider name in jobs, errors and logs */
  public String provider() {
    return provider;
  }

  /** @return the provider's name in messages */
  public String displayName() {
    return displayName;
  }

  /** @return the longest job suffix the service accepts */
  public int maxSuffixLength() {
    return maxSuffixLength;
  }

  /** @return how many metadata pairs a job takes (one of them carries the SDK's idempotency key) */
  public int maxMetadataPairs() {
    return maxMetadataPairs;
  }

  /**
   * Tells whether the job list filters by {@code metadata[key]=value} on the server. When it does, labels and the
   * lookup of a retried create are queries; when it does not, the SDK reads the list newest first and filters it
   * itself, reading at most {@link #lookupPages()} pages.
   *
   * @return true if the server filters
   */
  public boolean filtersJobsByMetadata() {
    return filtersJobsByMetadata;
  }

  /** @return how many pages of the job list a client-side lookup reads at most */
  public int lookupPages() {
    return lookupPages;
  }

  /**
   * Maps the service's status string to a neutral status.
   *
   * @param status the status as sent
   * @return the neutral status (an unknown value is kept, never fatal)
   */
  public JobStatus status(String status) {
    return statusMapping.apply(status);
  }

  /**
   * Lets the dialect add its own fields to a create request, such as Azure's {@code trainingType}.
   *
   * @param spec the spec being sent
   * @param body the request body built so far
   */
  public void extendCreate(JobSpec spec, ObjectNode body) {
    createExtension.accept(spec, body);
  }

  /**
   * Tells whether a job in the list is the one a create request made, for the lookup of a retried create.
   *
   * @param job a job as listed
   * @param createBody the body of the create request
   * @return true if the create made it
   */
  public boolean createdBy(JsonNode job, JsonNode createBody) {
    return createdJobMatcher.matches(job, createBody);
  }

  /**
   * Recognises the job a create request made. OpenAI's dialect compares the idempotency key the request stored in
   * the metadata; a service that keeps no metadata compares what it does keep.
   */
  @FunctionalInterface
  public interface CreatedJobMatcher {
    /**
     * Tells whether the create request made the job.
     *
     * @param job a job as listed
     * @param createBody the body of the create request
     * @return true if it did
     */
    boolean matches(JsonNode job, JsonNode createBody);

    /**
     * Returns the matcher that compares the idempotency key in the metadata, OpenAI's.
     *
     * @return the matcher
     */
    static CreatedJobMatcher byIdempotencyKey() {
      return (job, body) -> {
        String key = body.path("metadata").path(dev.finetune4j.openai.internal.JobWire.IDEMPOTENCY_KEY).asText(null);
        return key != null
            && key.equals(job.path("metadata").path(dev.finetune4j.openai.internal.JobWire.IDEMPOTENCY_KEY)
                .asText(null));
      };
    }
  }

  @Override
  public String toString() {
    return "OpenAiDialect{" + provider + '}';
  }

  /** Builds an {@link OpenAiDialect}; starts from OpenAI's rules. */
  public static final class Builder {
    private final String provider;
    private final String displayName;
    private int maxSuffixLength = 64;
    private int maxMetadataPairs = 16;
    private boolean filtersJobsByMetadata = true;
    private int lookupPages = 10;
    private Function<String, JobStatus> statusMapping = JobStatus::of;
    private BiConsumer<JobSpec, ObjectNode> createExtension = (spec, body) -> { };
    private CreatedJobMatcher createdJobMatcher = CreatedJobMatcher.byIdempotencyKey();

    private Builder(String provider, String displayName) {
      this.provider = requireText("provider", provider);
      this.displayName = requireText("displayName", displayName);
    }

    /**
     * Sets the longest suffix; default 64.
     *
     * @param length 1 or more
     * @return this builder
     */
    public Builder maxSuffixLength(int length) {
      if (length < 1) {
        throw new IllegalArgumentException("maxSuffixLength must be at least 1, was " + length);
      }
      this.maxSuffixLength = length;
      return this;
    }

    /**
     * Sets how many metadata pairs a job takes; default 16.
     *
     * @param pairs 1 or more (one is the SDK's)
     * @return this builder
     */
    public Builder maxMetadataPairs(int pairs) {
      if (pairs < 1) {
        throw new IllegalArgumentException("maxMetadataPairs must be at least 1, was " + pairs);
      }
      this.maxMetadataPairs = pairs;
      return this;
    }

    /**
     * Sets whether the job list filters by metadata on the server; default true.
     *
     * @param filters true if it does
     * @param pagesWhenNot how many pages a client-side lookup reads at most when it does not, 1 or more
     * @return this builder
     */
    public Builder filtersJobsByMetadata(boolean filters, int pagesWhenNot) {
      if (pagesWhenNot < 1) {
        throw new IllegalArgumentException("lookup pages must be at least 1, was " + pagesWhenNot);
      }
      this.filtersJobsByMetadata = filters;
      this.lookupPages = pagesWhenNot;
      return this;
    }

    /**
     * Sets how status strings map to neutral statuses; default {@link JobStatus#of(String)}.
     *
     * @param mapping the mapping
     * @return this builder
     */
    public Builder statusMapping(Function<String, JobStatus> mapping) {
      this.statusMapping = Objects.requireNonNull(mapping, "mapping");
      return this;
    }

    /**
     * Sets what the dialect adds to a create request; default nothing.
     *
     * @param extension called with the spec and the body built so far
     * @return this builder
     */
    public Builder createExtension(BiConsumer<JobSpec, ObjectNode> extension) {
      this.createExtension = Objects.requireNonNull(extension, "extension");
      return this;
    }

    /**
     * Sets how the lookup of a retried create recognises its job; default
     * {@link CreatedJobMatcher#byIdempotencyKey()}.
     *
     * @param matcher the matcher
     * @return this builder
     */
    public Builder createdJobMatcher(CreatedJobMatcher matcher) {
      this.createdJobMatcher = Objects.requireNonNull(matcher, "matcher");
      return this;
    }

    /**
     * Builds the dialect.
     *
     * @return the dialect
     */
    public OpenAiDialect build() {
      return new OpenAiDialect(this);
    }

    private static String requireText(String name, String value) {
      Objects.requireNonNull(value, name);
      if (value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      return value;
    }
  }
}
