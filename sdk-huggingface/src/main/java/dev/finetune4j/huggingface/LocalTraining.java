package dev.finetune4j.huggingface;

import dev.finetune4j.error.LocalIoException;
import dev.finetune4j.error.LocalProcessException;
import dev.finetune4j.Capability;
import dev.finetune4j.Page;
import dev.finetune4j.Paged;
import dev.finetune4j.Sleeper;
import dev.finetune4j.error.FineTuningException;
import dev.finetune4j.error.NotFoundException;
import dev.finetune4j.error.UnsupportedCapabilityException;
import dev.finetune4j.spi.http.Json;
import dev.finetune4j.huggingface.internal.TrainingLogParser;
import dev.finetune4j.huggingface.internal.TrainingPlan;
import dev.finetune4j.huggingface.internal.TrlCommand;
import dev.finetune4j.huggingface.internal.UnslothScript;
import dev.finetune4j.job.Checkpoint;
import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobError;
import dev.finetune4j.job.JobEvent;
import dev.finetune4j.job.JobQuery;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.JobStatus;
import dev.finetune4j.job.JobWaitTimeoutException;
import dev.finetune4j.job.Jobs;
import dev.finetune4j.wait.Acceptor;
import dev.finetune4j.wait.Backoff;
import dev.finetune4j.wait.WaitSettings;
import dev.finetune4j.wait.Waiter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the same training as {@link HuggingFaceJobs} on this machine (a workstation GPU, say): the {@code trl}
 * command, or the Unsloth script run with {@code uv run}, as a local process. Its output is parsed like a Jobs log
 * into events and metrics; cancelling stops the whole process tree. The trained model is pushed to the Hub as a
 * job would push it, with the token given here in the process's {@code HF_TOKEN} variable.
 *
 * <pre>{@code
 * try (LocalTraining local = LocalTraining.builder().token(System.getenv("HF_TOKEN")).namespace("alice").build()) {
 *   Job job = local.create(spec);
 *   Job done = local.await(job.id(), Duration.ofHours(4));
 * }
 * }</pre>
 *
 * <p>Jobs live as long as this object; ids are {@code local-1}, {@code local-2}... Pausing, resuming and
 * checkpoints are not offered.
 */
public final class LocalTraining implements Jobs, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalTraining.class);
  private static final Duration CANCEL_GRACE = Duration.ofSeconds(10);
  private static final Backoff POLL = Backoff.builder()
      .intervals(Duration.ofSeconds(1), Duration.ofSeconds(10)).factor(1.5).build();

  private final String token;
  private final String namespace;
  private final Path workingDirectory;
  private final String trlExecutable;
  private final String uvExecutable;
  private final String pythonExecutable;
  private final Map<String, String> environment;
  private final Clock clock;
  private final Sleeper sleeper;
  private final AtomicLong ids = new AtomicLong();
  private final Map<String, Run> runs = new java.util.concurrent.ConcurrentHashMap<>();

  private LocalTraining(Builder b) {
    this.token = b.token;
    this.namespace = b.namespace;
    this.workingDirectory = b.workingDirectory;
    this.trlExecutable = b.trlExecutable;
    this.uvExecutable = b.uvExecutable;
    this.pythonExecutable = b.pythonExecutable;
    this.environment = Map.copyOf(b.environment);
    this.clock = b.clock;
    this.sleeper = b.sleeper;
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** One local run: its process, what it printed, and how it ended. */
  private final class Run {
    final String id;
    final JobSpec spec;
    final TrainingPlan plan;
    final Instant createdAt;
    final Process process;
    final Path outputDir;
    final List<JobEvent> events = new CopyOnWriteArrayList<>();
    final Thread reader;
    volatile boolean cancelled;
    volatile String lastError;
    volatile Instant finishedAt;

    Run(String id, JobSpec spec, TrainingPlan plan, Process process, Path outputDir) {
      this.id = id;
      this.outputDir = outputDir;
      this.spec = spec;
      this.plan = plan;
      this.createdAt = clock.instant();
      this.process = process;
      this.reader = new Thread(this::read, "finetune4j-local-" + id);
      this.reader.setDaemon(true);
      this.reader.start();
    }

    private void read() {
      TrainingLogParser parser = new TrainingLogParser(plan.options().loggingSteps());
      long index = 0;
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; index++) {
          Optional<JobEvent> event = parser.accept(index, line, clock.instant());
          event.ifPresent(events::add);
          event.filter(e -> e.level() == JobEvent.Level.ERROR).ifPresent(e -> lastError = e.message());
        }
      } catch (IOException e) {
        LOG.debug("local training {}: output closed: {}", id, e.toString());
      }
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      finishedAt = clock.instant();
    }

    Job toJob() {
      JobStatus status;
      JobError error = null;
      boolean ended = !process.isAlive() && finishedAt != null;
      if (cancelled) {
        status = ended ? JobStatus.CANCELLED : JobStatus.RUNNING;
      } else if (!ended) {
        status = JobStatus.RUNNING;
      } else if (process.exitValue() == 0) {
        status = JobStatus.SUCCEEDED;
      } else {
        status = JobStatus.FAILED;
        error = new JobError(Optional.of("exit " + process.exitValue()),
            lastError != null ? lastError : "the training process exited with code " + process.exitValue(),
            Optional.empty());
      }
      var raw = Json.object().put("id", id).put("pid", process.pid()).put("outputDir", outputDir.toString());
      if (plan.options().pushToHub()) {
        raw.put("hubModelId", plan.hubModelId());
      }
      String model = plan.options().pushToHub() ? plan.hubModelId() : outputDir.toString();
      if (ended) {
        raw.put("exitCode", process.exitValue());
      }
      return Job.builder().id(id).provider(HuggingFace.PROVIDER + "-local").status(status)
          .providerStatus(status.value()).baseModel(plan.baseModel())
          .fineTunedModel(status.equals(JobStatus.SUCCEEDED) ? model : null)
          .trainingFile(spec.trainingFile()).validationFile(spec.validationFile().orElse(null))
          .createdAt(createdAt).finishedAt(ended ? finishedAt : null).error(error).labels(spec.labels())
          .raw(Json.raw(raw)).build();
    }
  }

  /**
   * Returns the command line a spec runs as.
   *
   * @param plan the resolved spec
   * @param scriptFile where the Unsloth script is written, when the spec uses Unsloth
   * @param outputDir where the trainer writes the model
   * @return the command
   */
  List<String> command(TrainingPlan plan, Path scriptFile, Path outputDir) {
    if (plan.options().trainer() == Trainer.UNSLOTH) {
      try {
        Files.writeString(scriptFile, UnslothScript.render(plan), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new LocalIoException("cannot write " + scriptFile + ": " + e.getMessage(), null, e);
      }
      return List.of(uvExecutable, "run", scriptFile.toString());
    }
    return TrlCommand.job(plan, outputDir.toString(), trlExecutable, pythonExecutable);
  }

  /**
   * Prepares training data for a local run, as {@code datasets().upload(...)} does for a job: validated with the
   * Hugging Face rules (nothing is written if it is invalid), converted to TRL's format and written as
   * {@code train.jsonl} and {@code test.jsonl} in a new folder under the working directory. The file ids are the
   * files' absolute paths; {@code trl} reads the folder as a dataset with splits {@code train} and {@code test}.
   *
   * @param upload the files
   * @return the ids to put in a {@link JobSpec}
   * @throws dev.finetune4j.dataset.DatasetValidationException if the data is invalid
   * @throws LocalIoException if the files cannot be read or written
   */
  public dev.finetune4j.dataset.UploadedDataset prepare(dev.finetune4j.dataset.DatasetUpload upload) {
    Objects.requireNonNull(upload, "upload");
    try {
      Files.createDirectories(workingDirectory);
      Path dir = Files.createTempDirectory(workingDirectory,
          "data-" + upload.name().orElse("upload") + "-").toAbsolutePath();
      List<CommitFile> files = HubDatasets.writeTrlFiles(upload, dir).files();
      Instant now = clock.instant();
      List<dev.finetune4j.dataset.DatasetFile> out = new ArrayList<>();
      for (CommitFile f : files) {
        out.add(new dev.finetune4j.dataset.DatasetFile(f.source().toString(), f.pathInRepo(), Files.size(f.source()),
            now, Json.raw(Json.object().put("path", f.source().toString()))));
      }
      LOG.info("local training: prepared {} in {}", upload.training().getFileName(), dir);
      return new dev.finetune4j.dataset.UploadedDataset(out.get(0),
          out.size() > 1 ? Optional.of(out.get(1)) : Optional.empty());
    } catch (IOException e) {
      throw new LocalIoException("cannot prepare the training data in " + workingDirectory + ": " + e.getMessage(),
          null, e);
    }
  }

  /**
   * Merges a LoRA adapter into its base model and saves the result as a complete model folder that any server
   * can load, with the adapter's tokenizer. Runs the merge a Hugging Face job runs before it pushes a LoRA model
   * (PEFT's {@code merge_and_unload}) with the
   * {@link Builder#pythonExecutable(String) Python} that has {@code peft} and {@code transformers}.
   *
   * @param adapter a folder holding {@code adapter_config.json}, such as a run's output
   * @param output the folder to write; created
   * @return {@code output}
   * @throws LocalProcessException if the merge fails
   */
  public Path mergeAdapter(Path adapter, Path output) {
    Objects.requireNonNull(adapter, "adapter");
    Objects.requireNonNull(output, "output");
    if (!Files.isRegularFile(adapter.resolve("adapter_config.json"))) {
      throw new LocalIoException("no LoRA adapter in " + adapter + ": adapter_config.json is missing", adapter, null);
    }
    // the merge a Hugging Face job runs before it pushes, saving here instead
    List<String> command = List.of(pythonExecutable, "-c", TrlCommand.MERGE_SCRIPT, adapter.toString(),
        output.toString());
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().putAll(environment);
      Process process = builder.start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int code = process.waitFor();
      if (code != 0) {
        throw new LocalProcessException("Merging the adapter in " + adapter + " failed with exit code " + code + ": "
            + out.strip().lines().reduce((a, b) -> b).orElse(""), command, code, null);
      }
      LOG.info("local training: merged the adapter {} into {}", adapter, output);
      return output;
    } catch (IOException e) {
      throw new LocalProcessException("Cannot start " + pythonExecutable + ": " + e.getMessage(), command, null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FineTuningException("Interrupted while merging the adapter in " + adapter, e);
    }
  }

  /** The checks of {@link #create(JobSpec)} but the data's; nothing is started. */
  @Override
  public void check(JobSpec spec) {
    TrainingPlan.of(TrainingPlan.withPlaceholderData(spec), namespace, HuggingFace.PROVIDER, clock);
  }

  /** Starts the training process. The idempotency key is ignored: a local process is started exactly once. */
  @Override
  public Job create(JobSpec spec) {
    TrainingPlan plan = TrainingPlan.of(spec, namespace, HuggingFace.PROVIDER, clock);
    String id = "local-" + ids.incrementAndGet();
    try {
      Files.createDirectories(workingDirectory);
    } catch (IOException e) {
      throw LocalIoException.of("create the working directory", workingDirectory, e);
    }
    Path outputDir;
    try {
      outputDir = Files.createTempDirectory(workingDirectory, id + "-").toAbsolutePath();
    } catch (IOException e) {
      throw LocalIoException.of("create the output directory", workingDirectory, e);
    }
    List<String> command = command(plan, workingDirectory.resolve(id + "-train.py"), outputDir);
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
          .redirectErrorStream(true);
      builder.environment().putAll(environment);
      if (token != null) {
        builder.environment().put("HF_TOKEN", token);
      }
      builder.environment().put("PYTHONUNBUFFERED", "1");
      if (plan.options().trainer() == Trainer.UNSLOTH) {
        builder.environment().put("OUTPUT_DIR", outputDir.toString()); // the script's setting, like TRL's flag
      }
      Process process = builder.start();
      Run run = new Run(id, spec, plan, process, outputDir);
      runs.put(id, run);
      LOG.info("local training {}: started {} (pid {})", id, command.get(0), process.pid());
      return run.toJob();
    } catch (IOException e) {
      throw new LocalProcessException("Cannot start the local training process " + command.get(0) + ": "
          + e.getMessage(), command, null, e);
    }
  }

  @Override
  public Job retrieve(String jobId) {
    return run(jobId).toJob();
  }

  /**
   * Waits until a run's process has ended and its output is read. The run is looked at every second at first, up
   * to every 10 seconds later; unless a {@link Builder#sleeper(Sleeper) sleeper} was set, each wait between two
   * looks also ends as soon as the run does.
   *
   * @param jobId the run
   * @param timeout how long to wait, measured on the {@link Builder#clock(Clock) clock}
   * @return the run in its terminal status
   * @throws JobWaitTimeoutException if it is still running after the timeout; it keeps running
   * @throws dev.finetune4j.wait.WaitInterruptedException if the thread is interrupted
   */
  public Job await(String jobId, Duration timeout) {
    Run run = run(jobId);
    Sleeper untilEnded = sleeper != null ? sleeper : d -> run.reader.join(Math.max(1, d.toMillis()));
    return Waiter.builder(run::toJob)
        .waitingFor("local training " + jobId + " to end")
        .acceptor(Acceptor.successWhen(Job::isTerminal))
        .describe(job -> "still " + job.status())
        .settings(WaitSettings.builder().timeout(timeout).backoff(POLL).clock(clock).sleeper(untilEnded).build())
        .timeoutException(e -> new JobWaitTimeoutException((Job) e.lastValue().orElseGet(run::toJob), e.timeout()))
        .build()
        .run();
  }

  @Override
  public Paged<Job> list(JobQuery query) {
    List<Job> jobs = new ArrayList<>();
    new ArrayList<>(runs.values()).stream()
        .sorted((a, b) -> b.createdAt.compareTo(a.createdAt))
        .filter(r -> query.labels().entrySet().stream()
            .allMatch(e -> e.getValue().equals(r.spec.labels().get(e.getKey()))))
        .forEach(r -> jobs.add(r.toJob()));
    return dev.finetune4j.spi.http.Pagination.cursor(cursor -> new Page<>(jobs, Optional.empty()));
  }

  /** Stops the process and every process it started: politely first, forcibly after 10 seconds. */
  @Override
  public Job cancel(String jobId) {
    Run run = run(jobId);
    run.cancelled = true;
    List<ProcessHandle> tree = new ArrayList<>(run.process.descendants().toList());
    tree.forEach(ProcessHandle::destroy);
    run.process.destroy();
    try {
      if (!run.process.waitFor(CANCEL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        run.process.destroyForcibly();
      }
      for (ProcessHandle child : tree) {
        try {
          child.onExit().get(CANCEL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          child.destroyForcibly();
        } catch (java.util.concurrent.ExecutionException ignored) {
          // it is gone
        }
      }
      run.reader.join(CANCEL_GRACE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FineTuningException("Interrupted while cancelling " + jobId, e);
    }
    return run.toJob();
  }

  @Override
  public Job pause(String jobId) {
    throw new UnsupportedCapabilityException(HuggingFace.PROVIDER + "-local", Capability.PAUSE_RESUME_JOB);
  }

  @Override
  public Job resume(String jobId) {
    throw new UnsupportedCapabilityException(HuggingFace.PROVIDER + "-local", Capability.PAUSE_RESUME_JOB);
  }

  @Override
  public List<JobEvent> events(String jobId) {
    return List.copyOf(run(jobId).events);
  }

  @Override
  public List<JobEvent> eventsAfter(String jobId, String eventId) {
    long after = Long.parseLong(eventId);
    return run(jobId).events.stream().filter(e -> Long.parseLong(e.id()) > after).toList();
  }

  @Override
  public List<Checkpoint> checkpoints(String jobId) {
    throw new UnsupportedCapabilityException(HuggingFace.PROVIDER + "-local", Capability.CHECKPOINTS);
  }

  /** Cancels every run still going. */
  @Override
  public void close() {
    runs.values().stream().filter(r -> r.process.isAlive()).forEach(r -> cancel(r.id));
  }

  private Run run(String jobId) {
    Run run = runs.get(Objects.requireNonNull(jobId, "jobId"));
    if (run == null) {
      throw new LocalProcessException("No local training run " + jobId + " was started by this LocalTraining"
          + " (runs are known only to the instance that started them)", List.of(), null, null);
    }
    return run;
  }

  @Override
  public String toString() {
    return "LocalTraining{workingDirectory=" + workingDirectory + ", namespace=" + namespace + ", runs="
        + runs.size() + '}';
  }

  /** Builds a {@link LocalTraining}; the namespace is required (the model is pushed to {@code namespace/name}). */
  public static final class Builder {
    private String token;
    private String namespace;
    private Path workingDirectory = Path.of(System.getProperty("java.io.tmpdir"), "finetune4j-local");
    private String trlExecutable = "trl";
    private String uvExecutable = "uv";
    private String pythonExecutable = "python3";
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper;

    private Builder() {}

    /**
     * Sets the Hugging Face token the process gets as {@code HF_TOKEN} (to read private data and push the model).
     *
     * @param apiKey the token, not blank
     * @return this builder
     */
    public Builder apiKey(String apiKey) {
      this.token = dev.finetune4j.spi.ClientSettings.secret("apiKey", apiKey);
      return this;
    }

    /**
     * Sets the namespace the trained model is pushed to.
     *
     * @param namespace a user or organisation
     * @return this builder
     */
    public Builder namespace(String namespace) {
      Objects.requireNonNull(namespace, "namespace");
      if (!namespace.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
        throw new IllegalArgumentException("namespace must be a user or organisation name, was '" + namespace + "'");
      }
      this.namespace = namespace;
      return this;
    }

    /**
     * Sets the directory the processes run in (checkpoints, scripts).
     *
     * @param directory created if missing
     * @return this builder
     */
    public Builder workingDirectory(Path directory) {
      this.workingDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Sets the {@code trl} program to run.
     *
     * @param executable a name on the PATH or a path; default {@code trl}
     * @return this builder
     */
    public Builder trlExecutable(String executable) {
      this.trlExecutable = Objects.requireNonNull(executable, "executable");
      return this;
    }

    /**
     * Sets the {@code uv} program that runs Unsloth scripts.
     *
     * @param executable a name on the PATH or a path; default {@code uv}
     * @return this builder
     */
    public Builder uvExecutable(String executable) {
      this.uvExecutable = Objects.requireNonNull(executable, "executable");
      return this;
    }

    /**
     * Sets the Python that {@link LocalTraining#mergeAdapter(Path, Path)} runs, and that a LoRA run pushing to the
     * Hub runs after {@code trl} to merge the adapter and push the merged model, as a job does (it needs
     * {@code peft}, {@code transformers} and {@code huggingface_hub}).
     *
     * @param executable a name on the PATH or a path; default {@code python3}
     * @return this builder
     */
    public Builder pythonExecutable(String executable) {
      this.pythonExecutable = Objects.requireNonNull(executable, "executable");
      return this;
    }

    /**
     * Adds an environment variable for the processes, such as {@code CUDA_VISIBLE_DEVICES}.
     *
     * @param name the name
     * @param value the value
     * @return this builder
     */
    public Builder environment(String name, String value) {
      environment.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Sets the clock for event times, default model names and the timeout of {@link LocalTraining#await}.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets what waits between the looks of {@link LocalTraining#await} at a run, such as a virtual clock's sleep for
     * tests. By default each wait also ends as soon as the run does.
     *
     * @param sleeper the sleeper
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Builds it.
     *
     * @return the local runner
     * @throws dev.finetune4j.error.ConfigurationException if no namespace was set
     */
    public LocalTraining build() {
      if (namespace == null) {
        throw new dev.finetune4j.error.ConfigurationException("namespace is required: the trained model is pushed to namespace/name");
      }
      return new LocalTraining(this);
    }
  }
}
