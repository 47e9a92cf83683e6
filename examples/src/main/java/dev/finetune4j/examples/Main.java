package dev.finetune4j.examples;

import dev.finetune4j.error.LocalIoException;
import dev.finetune4j.testkit.VirtualClock;
import dev.finetune4j.Capability;
import dev.finetune4j.FineTuningClient;
import dev.finetune4j.Sleeper;
import dev.finetune4j.dataset.CostEstimate;
import dev.finetune4j.dataset.DatasetFormat;
import dev.finetune4j.dataset.DatasetSplitter;
import dev.finetune4j.dataset.DatasetStatistics;
import dev.finetune4j.dataset.DatasetUpload;
import dev.finetune4j.dataset.DatasetValidationException;
import dev.finetune4j.dataset.DatasetValidator;
import dev.finetune4j.dataset.Finding;
import dev.finetune4j.dataset.UploadedDataset;
import dev.finetune4j.dataset.ValidationReport;
import dev.finetune4j.error.ApiException;
import dev.finetune4j.error.AuthenticationException;
import dev.finetune4j.error.ConfigurationException;
import dev.finetune4j.error.LocalValidationException;
import dev.finetune4j.error.PermissionDeniedException;
import dev.finetune4j.error.QuotaExhaustedException;
import dev.finetune4j.error.RateLimitException;
import dev.finetune4j.error.RequestTimeoutException;
import dev.finetune4j.eval.Candidate;
import dev.finetune4j.eval.CandidateSummary;
import dev.finetune4j.eval.Comparison;
import dev.finetune4j.eval.EvalReport;
import dev.finetune4j.eval.EvalSet;
import dev.finetune4j.eval.Evaluation;
import dev.finetune4j.eval.ScoreSummary;
import dev.finetune4j.eval.Scorers;
import dev.finetune4j.huggingface.LocalFineTuning;
import dev.finetune4j.job.Checkpoint;
import dev.finetune4j.job.Hyperparameters;
import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.error.WaitTimeoutException;
import dev.finetune4j.job.TrainingMethod;
import dev.finetune4j.job.WaitOptions;
import dev.finetune4j.model.ChatModel;
import dev.finetune4j.model.Deployment;
import dev.finetune4j.report.FineTuningReport;
import dev.finetune4j.report.ReportFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The main job: the whole story of fine-tuning in one run. It checks and prices a recipe assistant's training data,
 * uploads it, trains a model and follows the job live, deploys the tuned model, evaluates it against the base model
 * (zero-shot and few-shot) on held-out questions, and writes an HTML report with the same figures as JSON.
 *
 * <p>Without the provider's credentials in the environment it runs against the provider's emulator in this process,
 * on virtual time, so the whole run takes seconds and nothing leaves the machine. With them, it uses the real
 * provider and asks before spending money (or takes {@code --yes}).
 *
 * <pre>
 * mvn -q -B -pl examples -am compile exec:java
 * mvn -q -B -pl examples -am compile exec:java -Dexec.args="--provider huggingface"
 * </pre>
 */
public final class Main {
  static final String TRAINING_FILE = "recipes-train.jsonl";
  static final String EVALUATION_FILE = "recipes-eval.jsonl";
  private static final int FEW_SHOT_EXAMPLES = 3;
  private static final long SEED = 42;
  private static final int MAX_FINDINGS_SHOWN = 20;

  private final PrintStream out;
  private final Map<String, String> environment;
  private final boolean interactive;
  private final Supplier<BufferedReader> terminal;
  private final Function<ProviderSetup, Emulation> emulators;

  Main(PrintStream out, Map<String, String> environment, boolean interactive, Supplier<BufferedReader> terminal,
      Function<ProviderSetup, Emulation> emulators) {
    this.out = out;
    this.environment = Map.copyOf(environment);
    this.interactive = interactive;
    this.terminal = terminal;
    this.emulators = emulators;
  }

  /**
   * Runs the main job and exits with one of the {@link ExitCode}s.
   *
   * @param args the options; {@code --help} lists them
   */
  public static void main(String[] args) {
    boolean terminal = isTerminal();
    Main main = new Main(System.out, System.getenv(), terminal,
        () -> new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
        ProviderSetup::startEmulator);
    ExitCode.exit(main.run(args));
  }

  /**
   * Runs the main job.
   *
   * @param args the options
   * @return the exit code
   */
  int run(String[] args) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      return usage(out, e);
    }
    if (options.help()) {
      out.print(help());
      return ExitCode.OK.code();
    }
    ProviderSetup setup;
    try {
      setup = ProviderSetup.ALL.get(options.provider()).configured(options.baseModel());
    } catch (IllegalArgumentException e) {
      return fail(ExitCode.USAGE, e.getMessage());
    } catch (RuntimeException e) {
      return failure(e);
    }
    Path trainingFile = options.data().resolve(TRAINING_FILE);
    Path evaluationFile = options.data().resolve(EVALUATION_FILE);
    for (Path file : List.of(trainingFile, evaluationFile)) {
      if (!Files.isRegularFile(file)) {
        return fail(ExitCode.USAGE, "no such file: " + file + " (--data names the directory holding "
            + TRAINING_FILE + " and " + EVALUATION_FILE + ")");
      }
    }
    try (Emulation emulation = setup.real(environment) ? null : startEmulator(setup)) {
      return new Run(setup, options, trainingFile, evaluationFile, emulation).execute();
    } catch (RuntimeException e) {
      return failure(e);
    }
  }

  private Emulation startEmulator(ProviderSetup setup) {
    quietEmulatorLogging();
    return emulators.apply(setup);
  }

  /** One run of the job against one provider. */
  private final class Run {
    private final ProviderSetup setup;
    private final Options options;
    private final Path trainingFile;
    private final Path evaluationFile;
    private final Emulation emulation;
    private final Clock clock;
    private final Sleeper sleeper;
    private final VirtualClock time;
    private final int steps = 8;
    private int step;

    Run(ProviderSetup setup, Options options, Path trainingFile, Path evaluationFile, Emulation emulation) {
      this.setup = setup;
      this.options = options;
      this.trainingFile = trainingFile;
      this.evaluationFile = evaluationFile;
      this.emulation = emulation;
      if (emulation != null) {
        this.time = emulation.emulator().clock();
        this.clock = time.asClock();
        this.sleeper = time::sleep;
      } else {
        this.time = null;
        this.clock = Clock.systemUTC();
        this.sleeper = Sleeper.THREAD;
      }
    }

    int execute() {
      if (setup.local()) {
        out.println("finetune4j main job on " + setup.displayName() + ", for real: TRL trains, transformers serve"
            + " serves, nothing is billed.");
      } else if (emulation == null) {
        out.println("finetune4j main job: " + setup.displayName() + ", for real (credentials from "
            + setup.credentialVariable() + "). This costs money; "
            + (options.yes() ? "--yes was given, so it will not ask." : "it asks before spending any."));
      } else {
        out.println("finetune4j main job on the " + setup.displayName() + " EMULATOR (in this process at "
            + emulation.emulator().baseUrl() + ", on virtual time).");
        out.println("No " + setup.credentialVariable() + " is set, so nothing leaves this machine and nothing is"
            + " billed; set it to run the same steps for real.");
      }
      out.println("Base model " + setup.baseModel() + "; data from " + options.data() + "; report to "
          + options.out() + ".");

      try (FineTuningClient client = setup.client(options.out().resolve("local"), environment, emulation)) {
        // 1. Check the data before anything leaves the machine, with the rules the provider's upload applies for the
        //    base model (its tokenizer where one is known, its per-example limit, its fewest examples).
        header("Checking the training and evaluation data");
        DatasetValidator validator = DatasetValidator.builder()
            .format(DatasetFormat.OPENAI_CHAT)
            .rules(client.datasets().rules(setup.baseModel()))
            .build();
        ValidationReport checked = validator.validate(trainingFile, evaluationFile);
        printFindings(checked);
        if (!checked.isValid()) {
          return fail(ExitCode.INVALID_DATA, checked.errorCount() + (checked.errorCount() == 1 ? " error" : " errors")
              + " in the data (listed above with their lines); nothing was uploaded");
        }
        DatasetStatistics trainingStats = checked.statistics();
        out.printf(Locale.ROOT, "  ok: %d training examples, %d held-out evaluation examples%n",
            trainingStats.exampleCount(),
            checked.validationStatistics().map(DatasetStatistics::exampleCount).orElse(0L));

        // 2. Split off a validation file for the loss curve, then price the training.
        header("Statistics and cost estimate");
        Path prepared = options.out().resolve("data");
        Path train = prepared.resolve("train.jsonl");
        Path validation = prepared.resolve("validation.jsonl");
        createDirectories(prepared);
        DatasetSplitter.Result split = DatasetSplitter.builder().validationFraction(0.1).seed(SEED).build()
            .split(trainingFile, train, validation);
        ValidationReport splitReport = validator.validate(train, validation);
        DatasetStatistics stats = splitReport.statistics();
        out.printf(Locale.ROOT, "  split %d examples: %d for training, %d for validation (seed %d)%n",
            split.trainingLines() + split.validationLines(), split.trainingLines(), split.validationLines(), SEED);
        out.printf(Locale.ROOT, "  tokens per example: min %d, median %.0f, p90 %.0f, max %d (%s); %,d in total%n",
            stats.minTokens(), stats.medianTokens(), stats.p90Tokens(), stats.maxTokens(),
            stats.exactCounts() ? "exact" : "estimated", stats.totalTokens());
        int epochs = CostEstimate.defaultEpochs(stats.exampleCount());
        CostEstimate estimate = setup.trainingPricePerMillion()
            .map(price -> CostEstimate.estimate(stats, price, epochs))
            .orElse(null);
        String costLine;
        if (estimate != null) {
          costLine = String.format(Locale.ROOT, "%,d billable tokens x %d epochs = %,d trained tokens at $%s per"
              + " million: about $%s", estimate.billableTokens(), estimate.epochs(), estimate.trainedTokens(),
              estimate.pricePerMillionTokens().toPlainString(), money(estimate.cost()));
        } else {
          costLine = setup.trainingCostNote(stats).orElse("no estimate for this provider");
        }
        out.println("  training cost: " + costLine);

        if (emulation == null && !setup.local() && !options.yes()) {
          Optional<ExitCode> refused = confirm(costLine);
          if (refused.isPresent()) {
            return refused.get().code();
          }
        }

        // 3. Upload: validated again by the SDK, and nothing is sent if it finds errors.
        header("Uploading");
        UploadedDataset uploaded = client.datasets().upload(DatasetUpload.builder()
            .training(train).validation(validation).name("recipes").targetModel(setup.baseModel()).build());
        out.println("  training data   " + uploaded.training().id());
        uploaded.validation().ifPresent(v -> out.println("  validation data " + v.id()));

        // 4. Create the job: exactly once, even if the request is retried.
        header("Creating the fine-tuning job");
        JobSpec spec = setup.customise(JobSpec.builder()
                .baseModel(setup.baseModel())
                .data(uploaded)
                .method(TrainingMethod.supervised(Hyperparameters.builder().epochs(epochs).build()))
                .suffix("recipes")
                .seed(SEED)
                .label("example", "finetune4j-main"))
            .build();
        Job job = client.jobs().create(spec);
        out.println("  job " + job.id() + " (" + job.providerStatus() + ")");

        // 5. Follow it live.
        header("Training" + (emulation == null ? "" : " (virtual time)"));
        ProgressLine progress = new ProgressLine(out, interactive, clock);
        Job done;
        try {
          done = client.jobs().waitFor(job.id(), WaitOptions.builder()
              .timeout(options.jobTimeout().orElse(setup.jobTimeout()))
              .listener(progress)
              .clock(clock)
              .sleeper(sleeper)
              .build());
        } finally {
          progress.endLine();
        }
        if (!done.isSucceeded()) {
          return fail(ExitCode.JOB_FAILED, "job " + done.id() + " ended " + done.status().value()
              + done.error().map(e -> ": " + e.message()).orElse(""));
        }
        String tunedModel = done.fineTunedModel().orElseThrow();
        out.println("  tuned model " + tunedModel + done.trainedTokens().stream()
            .mapToObj(t -> String.format(Locale.ROOT, " (%,d trained tokens)", t)).findFirst().orElse(""));
        List<Checkpoint> checkpoints = client.capabilities().supports(Capability.CHECKPOINTS)
            ? client.jobs().checkpoints(done.id()) : List.of();

        // 6. Make the tuned model callable.
        header("Deploying the tuned model");
        Deployment deployment = client.models().deploy(tunedModel, setup.deployTimeout());
        out.println("  " + deployment.model() + " is " + deployment.state()
            + deployment.url().map(u -> " at " + u).orElse(""));
        EvalReport evaluation;
        EvalSet cases = EvalSet.fromJsonl(evaluationFile);
        try {
          // 7. Compare it with the base model on held-out questions.
          header("Evaluating base and tuned model on " + evaluationFile.getFileName());
          evaluation = evaluate(client, cases, deployment.model());
        } finally {
          if (client.capabilities().deploymentRequired() && emulation == null) {
            client.models().undeploy(deployment.name());
            out.println(client.provider().equals(LocalFineTuning.PROVIDER)
                ? "  stopped the local server of " + deployment.name()
                : "  deleted deployment " + deployment.name() + " (it bills by the hour)");
          }
        }
        printSummary(out, evaluation);

        // 8. The report.
        header("Writing the report");
        FineTuningReport.Builder report = FineTuningReport.builder()
            .title("Recipe assistant: fine-tuning " + setup.baseModel() + " on " + setup.displayName()
                + (emulation == null ? "" : " (emulator)"))
            .clock(clock)
            .job(done)
            .jobSpec(spec)
            .metrics(progress.metrics())
            .checkpoints(checkpoints)
            .evaluation(evaluation, cases);
        if (progress.metrics().isEmpty()) {
          report.events(client.jobs().events(done.id()));   // a job that had ended before the first poll
        }
        splitReport.validationStatistics().ifPresent(report::validationDataset);
        if (estimate != null) {
          report.dataset(stats, estimate);
        } else {
          report.dataset(stats);
        }
        ReportFiles files = report.build().writeTo(options.out());
        out.println("  " + files.html().toAbsolutePath().toUri());
        out.println("  " + files.json().toAbsolutePath());
        out.println("Done.");
        return ExitCode.OK.code();
      }
    }

    private EvalReport evaluate(FineTuningClient client, EvalSet cases, String tunedModel) {
      ChatModel base = client.chat(setup.baseChatModel());
      Candidate zeroShot = setup.candidate(priced(Candidate.zeroShot("base", base), setup.basePrices()));
      Candidate fewShot = setup.candidate(priced(Candidate.fewShot("base-" + FEW_SHOT_EXAMPLES + "-shot", base,
          trainingFile, FEW_SHOT_EXAMPLES, SEED), setup.basePrices()));
      Candidate tuned = setup.candidate(priced(Candidate.zeroShot("tuned", client.chat(tunedModel)),
          setup.tunedPrices()));
      int total = cases.size() * 3;
      AtomicInteger shown = new AtomicInteger();
      EvalReport report = Evaluation.builder()
          .evalSet(cases)
          .candidate(zeroShot)
          .candidate(fewShot)
          .candidate(tuned)
          .scorer(Scorers.tokenF1())
          .scorer(Scorers.rougeL())
          .concurrency(4)
          .compare("tuned", "base")
          .compare("tuned", fewShot.name())
          .progress(p -> showEvalProgress(p.completed(), total, shown))
          .build()
          .run();
      if (interactive) {
        out.println();
      }
      return report;
    }

    /** Shows how many answers are in; called from the evaluation's threads, whose counts may arrive out of order. */
    private void showEvalProgress(int completed, int total, AtomicInteger shown) {
      synchronized (out) {
        if (completed <= shown.get()) {
          return;
        }
        if (interactive) {
          shown.set(completed);
          out.print("\r  " + completed + "/" + total + " answers");
          out.flush();
        } else if (completed == total || completed - shown.get() >= Math.max(1, total / 4)) {
          shown.set(completed);
          out.println("  " + completed + "/" + total + " answers");
        }
      }
    }

    private void header(String title) {
      step++;
      out.println();
      out.println("[" + step + "/" + steps + "] " + title);
    }
  }

  private Optional<ExitCode> confirm(String costLine) {
    if (interactive) {
      out.print("This starts a real fine-tuning job (" + costLine + ") plus evaluation requests. Continue? [y/N] ");
      out.flush();
      String answer;
      try {
        answer = terminal.get().readLine();
      } catch (IOException e) {
        answer = null;
      }
      if (answer != null && answer.trim().toLowerCase(Locale.ROOT).matches("y|yes")) {
        return Optional.empty();
      }
      fail(ExitCode.NOT_CONFIRMED, "not confirmed; nothing was uploaded");
      return Optional.of(ExitCode.NOT_CONFIRMED);
    }
    fail(ExitCode.NOT_CONFIRMED, "refusing to spend money without confirmation and there is no terminal to ask on;"
        + " run with --yes to go ahead");
    return Optional.of(ExitCode.NOT_CONFIRMED);
  }

  private void printFindings(ValidationReport report) {
    List<Finding> findings = report.findings();
    for (int i = 0; i < Math.min(findings.size(), MAX_FINDINGS_SHOWN); i++) {
      out.println("  " + findings.get(i).describe());
    }
    if (report.findingCount() > MAX_FINDINGS_SHOWN) {
      out.println("  ... and " + (report.findingCount() - MAX_FINDINGS_SHOWN) + " more");
    }
    out.println("  " + report.summary());
  }

  /** Prints an evaluation's table (scores with intervals, tokens and cost per candidate) and its first verdict. */
  static void printSummary(PrintStream out, EvalReport report) {
    List<String> scorers = report.scorers();
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %-13s", "candidate"));
    for (String scorer : scorers) {
      head.append(String.format(Locale.ROOT, " %-21s", scorer + " (95% CI)"));
    }
    head.append(String.format(Locale.ROOT, " %13s %16s", "tokens/answer", "cost/1k answers"));
    out.println();
    out.println(head);
    for (CandidateSummary c : report.candidates()) {
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-13s", c.name()));
      for (String scorer : scorers) {
        Optional<ScoreSummary> s = c.score(scorer);
        row.append(String.format(Locale.ROOT, " %-21s", s.map(x -> String.format(Locale.ROOT, "%.3f [%.3f, %.3f]",
            x.mean(), x.interval().lower(), x.interval().upper())).orElse("-")));
      }
      row.append(String.format(Locale.ROOT, " %13.1f %16s", c.tokens().meanTotal(),
          c.cost().map(x -> "$" + money(x.perThousandAnswers())).orElse("-")));
      if (c.errors() > 0) {
        row.append("  (").append(c.errors()).append(" failed)");
      }
      out.println(row);
    }
    out.println();
    for (Comparison comparison : report.comparisons()) {
      if (comparison.scorer().equals(scorers.get(0))) {
        out.println("Verdict: " + comparison.verdict());
      }
    }
  }

  static Candidate priced(Candidate candidate, Optional<ProviderSetup.TokenPrices> prices) {
    return prices.map(p -> candidate.toBuilder().prices(p.inputPerMillion(), p.outputPerMillion()).build()).orElse(candidate);
  }

  private int fail(ExitCode code, String reason) {
    return fail(out, code, reason);
  }

  /** Prints what is wrong with a command line and returns {@link ExitCode#USAGE}'s status. */
  static int usage(PrintStream out, IllegalArgumentException e) {
    out.println("error: " + e.getMessage());
    out.println("Run with --help for the options.");
    return ExitCode.USAGE.code();
  }

  /** Prints the one-line reason of a failure and returns its exit status. */
  static int fail(PrintStream out, ExitCode code, String reason) {
    out.println();
    out.println("FAILED (" + code.meaning() + ", exit " + code.code() + "): " + reason);
    return code.code();
  }

  /** Maps an exception to its exit code and prints the one-line reason. */
  int failure(RuntimeException e) {
    ExitCode code = exitCodeOf(e);
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof DatasetValidationException invalid) {
      printFindings(invalid.report());
    }
    return fail(code, message.lines().findFirst().orElse(message));
  }

  static ExitCode exitCodeOf(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof LocalValidationException) {
        return ExitCode.INVALID_DATA;
      }
      if (t instanceof AuthenticationException || t instanceof PermissionDeniedException) {
        return ExitCode.AUTHENTICATION;
      }
      if (t instanceof QuotaExhaustedException || t instanceof RateLimitException) {
        return ExitCode.QUOTA;
      }
      if (t instanceof WaitTimeoutException || t instanceof RequestTimeoutException) {
        return ExitCode.TIMEOUT;
      }
      if (t instanceof ConfigurationException) {
        return ExitCode.USAGE;
      }
      if (t instanceof ApiException || t instanceof LocalIoException) {
        return ExitCode.OTHER;
      }
    }
    return ExitCode.OTHER;
  }

  static String help() {
    StringBuilder sb = new StringBuilder();
    sb.append("""
        finetune4j main job: check and price a recipe assistant's data, fine-tune a model, follow the job live,
        compare the tuned model with the base model on held-out questions, and write an HTML + JSON report.

        Usage: mvn -q -B -pl examples -am compile exec:java [-Dexec.args="OPTIONS"]

        Options:
          --provider NAME   openai (default), azure, huggingface, or local (real TRL training on this machine)
          --base-model M    with --provider local: a Hub model to train instead of the tiny local one
          --yes             do not ask before spending money at a real provider
          --data DIR        directory with recipes-train.jsonl and recipes-eval.jsonl (default examples/data)
          --out DIR         where the report goes (default examples/target/finetune4j-report)
          --job-timeout T   stop waiting for the job after T, such as 90m or 8h (default 6h; the job keeps running)
          --help            this text

        Without the provider's credentials the job runs against the provider's emulator in this process, on
        virtual time (seconds, no network, nothing billed). With them it uses the real provider:
        """);
    for (ProviderSetup setup : new TreeMap<>(ProviderSetup.ALL).values()) {
      sb.append(String.format(Locale.ROOT, "  %-12s %s (first one required)%n", setup.name(),
          String.join(", ", setup.variables())));
    }
    sb.append("\nExit codes:\n");
    for (ExitCode code : ExitCode.values()) {
      sb.append(String.format(Locale.ROOT, "  %d  %s%n", code.code(), code.meaning()));
    }
    return sb.toString();
  }

  static String money(BigDecimal amount) {
    int scale = amount.abs().compareTo(BigDecimal.ONE) >= 0 ? 2 : 4;
    return amount.setScale(scale, RoundingMode.HALF_UP).toPlainString();
  }

  static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new LocalIoException("could not create " + dir + ": " + e.getMessage(), null, e);
    }
  }

  private static final List<java.util.logging.Logger> QUIETED = new ArrayList<>();

  /** The emulators' web server logs through java.util.logging; its start-up lines are noise here. */
  static void quietEmulatorLogging() {
    synchronized (QUIETED) {
      if (QUIETED.isEmpty()) {
        for (String name : List.of("mockwebserver3", "okhttp3")) {
          java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
          logger.setLevel(java.util.logging.Level.WARNING);
          QUIETED.add(logger);
        }
      }
    }
  }

  /** Whether standard input and output are a terminal, on Java 17 and on Java 22+ (where console() is lenient). */
  private static boolean isTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  /** Parsed command line. */
  record Options(String provider, boolean yes, Path data, Path out, Optional<Duration> jobTimeout,
      boolean help, Optional<String> baseModel) {
    static Options parse(String[] args) {
      String provider = "openai";
      boolean yes = false;
      boolean help = false;
      Path data = null;
      Path out = null;
      Optional<Duration> jobTimeout = Optional.empty();
      Optional<String> baseModel = Optional.empty();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "--provider" -> provider = value(args, ++i, arg).toLowerCase(Locale.ROOT);
          case "--yes", "-y" -> yes = true;
          case "--data" -> data = Path.of(value(args, ++i, arg));
          case "--out" -> out = Path.of(value(args, ++i, arg));
          case "--job-timeout" -> jobTimeout = Optional.of(duration(value(args, ++i, arg), arg));
          case "--base-model" -> baseModel = Optional.of(value(args, ++i, arg));
          case "--help", "-h" -> help = true;
          default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
        }
      }
      if (!ProviderSetup.ALL.containsKey(provider)) {
        throw new IllegalArgumentException("unknown provider '" + provider + "'; known: "
            + new TreeMap<>(ProviderSetup.ALL).keySet());
      }
      data = data == null ? defaultData() : data;
      return new Options(provider, yes, data, out == null ? defaultOut(data, "finetune4j-report") : out, jobTimeout,
          help, baseModel);
    }

    /** The example data: {@code examples/data} from the project's root, {@code data} from the module's. */
    static Path defaultData() {
      return Files.isDirectory(Path.of("examples", "data")) ? Path.of("examples", "data") : Path.of("data");
    }

    /** {@code target/<name>} beside the data directory, relative to the working directory where it is below it. */
    static Path defaultOut(Path data, String name) {
      Path parent = data.toAbsolutePath().normalize().getParent();
      Path here = Path.of("").toAbsolutePath();
      Path out = parent == null ? Path.of("target", name) : parent.resolve("target").resolve(name);
      return out.startsWith(here) ? here.relativize(out) : out;
    }

    private static Duration duration(String text, String option) {
      Matcher m = Pattern.compile("(\\d{1,6})([smh])").matcher(text.trim());
      if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
        throw new IllegalArgumentException(option + " takes a positive number with s, m or h, such as 90m; was '"
            + text + "'");
      }
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    }

    static String value(String[] args, int i, String option) {
      if (i >= args.length || args[i].startsWith("--")) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[i];
    }
  }
}
