package dev.finetune4j.azure.internal;

import dev.finetune4j.Capability;
import dev.finetune4j.Paged;
import dev.finetune4j.azure.AzureApiVersion;
import dev.finetune4j.error.FineTuningException;
import dev.finetune4j.error.UnsupportedCapabilityException;
import dev.finetune4j.job.Checkpoint;
import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobEvent;
import dev.finetune4j.job.JobQuery;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.Jobs;
import dev.finetune4j.openai.OpenAiFile;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Azure's jobs: the OpenAI protocol's, after waiting for the job's files to be {@code processed} (Azure validates
 * files asynchronously), and with pause and resume refused clearly on API versions that lack them. Not API.
 */
public final class AzureJobs implements Jobs {
  private final Jobs delegate;
  private final AzureApiVersion version;
  private final BiFunction<String, Duration, OpenAiFile> waitForFile;
  private final Duration fileTimeout;

  /**
   * Creates the service.
   *
   * @param delegate the OpenAI protocol's jobs in Azure's dialect
   * @param version the client's API version
   * @param waitForFile waits until a file is processed
   * @param fileTimeout how long to wait for each file
   */
  public AzureJobs(Jobs delegate, AzureApiVersion version, BiFunction<String, Duration, OpenAiFile> waitForFile,
      Duration fileTimeout) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.version = Objects.requireNonNull(version, "version");
    this.waitForFile = Objects.requireNonNull(waitForFile, "waitForFile");
    this.fileTimeout = Objects.requireNonNull(fileTimeout, "fileTimeout");
  }

  /**
   * Waits until the training and validation files are {@code processed}, then creates the job exactly once.
   *
   * @throws FineTuningException if Azure could not process a file
   */
  @Override
  public Job create(JobSpec spec) {
    Objects.requireNonNull(spec, "spec");
    ready(spec.trainingFile());
    spec.validationFile().ifPresent(this::ready);
    return delegate.create(spec);
  }

  /** The OpenAI protocol's checks in Azure's dialect; the files are not looked at. */
  @Override
  public void check(JobSpec spec) {
    delegate.check(spec);
  }

  private void ready(String fileId) {
    OpenAiFile file = waitForFile.apply(fileId, fileTimeout);
    String status = file.status().orElse("processed");
    if (!status.equals("processed")) {
      throw new FineTuningException("Azure OpenAI could not process file " + fileId + " (status '" + status + "'"
          + file.statusDetails().map(d -> ": " + d).orElse("") + "); no job was created");
    }
  }

  @Override
  public Job retrieve(String jobId) {
    return delegate.retrieve(jobId);
  }

  @Override
  public Paged<Job> list(JobQuery query) {
    return delegate.list(query);
  }

  @Override
  public Job cancel(String jobId) {
    return delegate.cancel(jobId);
  }

  @Override
  public Job pause(String jobId) {
    requirePauseResume();
    return delegate.pause(jobId);
  }

  @Override
  public Job resume(String jobId) {
    requirePauseResume();
    return delegate.resume(jobId);
  }

  private void requirePauseResume() {
    if (!version.supportsPauseResume()) {
      throw new UnsupportedCapabilityException(AzureDialect.PROVIDER, Capability.PAUSE_RESUME_JOB,
          "api-version " + version + " has no pause or resume; use AzureApiVersion.V1 or 2025-04-01-preview");
    }
  }

  @Override
  public List<JobEvent> events(String jobId) {
    return delegate.events(jobId);
  }

  @Override
  public List<JobEvent> eventsAfter(String jobId, String eventId) {
    return delegate.eventsAfter(jobId, eventId);
  }

  @Override
  public List<Checkpoint> checkpoints(String jobId) {
    return delegate.checkpoints(jobId);
  }

}
