package dev.finetune4j.examples;

import dev.finetune4j.ClientOptions;
import dev.finetune4j.FineTuningClient;
import dev.finetune4j.dataset.CostEstimate;
import dev.finetune4j.dataset.DatasetSplitter;
import dev.finetune4j.dataset.DatasetStatistics;
import dev.finetune4j.dataset.DatasetUpload;
import dev.finetune4j.dataset.UploadedDataset;
import dev.finetune4j.eval.Candidate;
import dev.finetune4j.eval.Comparison;
import dev.finetune4j.eval.EvalReport;
import dev.finetune4j.eval.EvalSet;
import dev.finetune4j.eval.Evaluation;
import dev.finetune4j.eval.Scorers;
import dev.finetune4j.huggingface.HuggingFace;
import dev.finetune4j.huggingface.HuggingFaceJobOptions;
import dev.finetune4j.job.Hyperparameter;
import dev.finetune4j.job.Hyperparameters;
import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobOption;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.TrainingMethod;
import dev.finetune4j.job.WaitOptions;
import dev.finetune4j.model.Deployment;
import dev.finetune4j.openai.OpenAi;
import dev.finetune4j.openai.OpenAiInventory;
import dev.finetune4j.openai.OpenAiMigration;
import dev.finetune4j.portable.ModelMapping;
import dev.finetune4j.portable.PortableJob;
import dev.finetune4j.portable.RetargetPlan;
import dev.finetune4j.portable.Retargeting;
import dev.finetune4j.testkit.VirtualClock;
import dev.finetune4j.testkit.openai.OpenAiEmulator;
import java.io.IOException;
import java.io.PrintStream;
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
import java.util.function.Function;

/**
 * Moves a fine-tuning setup off OpenAI: lists the account's jobs and tuned models (with base model shutdown dates
 * and whether the files can still be downloaded), exports one job's data and settings as a portable description,
 * re-targets it at Azure OpenAI, Hugging Face or this machine (model mapping, data conversion, hyperparameters with their rules,
 * the target's checks), prices it, and unless {@code --dry-run} trains it there, deploys the new model and compares
 * it with the original on held-out questions.
 *
 * <p>Without {@code OPENAI_API_KEY} it runs against an OpenAI emulator holding an account with two tuned models (one
 * supervised, one DPO); without the target's credentials, against the target's emulator. Everything then runs in
 * this process on virtual time.
 *
 * <pre>
 * mvn -q -B -pl examples -am compile exec:java -Dexec.mainClass=dev.finetune4j.examples.Migrate \
 *     -Dexec.args="--to azure --dry-run"
 * </pre>
 */
public final class Migrate {
  private static final String BASE_MODEL = OpenAiSetup.BASE_MODEL;
  private static final long SEED = 42;

  private final PrintStream out;
  private final Map<String, String> environment;
  private final Function<ProviderSetup, Emulation> emulators;

  Migrate(PrintStream out, Map<String, String> environment, Function<ProviderSetup, Emulation> emulators) {
    this.out = out;
    this.environment = Map.copyOf(environment);
    this.emulators = emulators;
  }

  /**
   * Runs the move and exits with one of the {@link ExitCode}s.
   *
   * @param args the options; {@code --help} lists them
   */
  public static void main(String[] args) {
    ExitCode.exit(new Migrate(System.out, System.getenv(), ProviderSetup::startEmulator).run(args));
  }

  /**
   * Runs the move.
   *
   * @param args the options
   * @return the exit code
   */
  int run(String[] args) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      return Main.usage(out, e);
    }
    if (options.help()) {
      out.print(help());
      return ExitCode.OK.code();
    }
    OpenAiSetup openAiSetup = new OpenAiSetup();
    boolean realSource = openAiSetup.real(environment);
    ProviderSetup chosen = ProviderSetup.ALL.get(options.to());
    boolean realTarget = chosen.real(environment);
    if (!realSource || !realTarget) {
      Main.quietEmulatorLogging();
    }
    try (Emulation source = realSource ? null : openAiSetup.startEmulator();
         Emulation target = realTarget ? null : emulators.apply(chosen)) {
      ProviderSetup setup = chosen.configured(Optional.empty());   // the local one prepares Python and its model
      try (OpenAi openai = realSource ? OpenAi.fromEnvironment(environment) : emulatedOpenAi(source);
           FineTuningClient client = setup.client(options.out().resolve("local"), environment, target)) {
        out.println("finetune4j migrate: OpenAI " + (realSource ? "(real account)" : "EMULATOR at "
            + source.emulator().baseUrl()) + " -> " + setup.displayName() + (target == null ? " (real)"
            : " EMULATOR at " + target.emulator().baseUrl()) + (options.dryRun() ? ", dry run" : ""));
        if (source != null) {
          seedAccount(openai, source.emulator().clock(), options.data());
        }
        return new Move(options, setup, openai, client, target).execute();
      }
    } catch (RuntimeException e) {
      int code = Main.fail(out, Main.exitCodeOf(e), e.getMessage() == null ? e.getClass().getSimpleName()
          : e.getMessage());
      if (e instanceof dev.finetune4j.error.LocalValidationException refused) {
        refused.problems().forEach(p -> out.println("  " + p));
      }
      return code;
    }
  }

  private static OpenAi emulatedOpenAi(Emulation source) {
    VirtualClock time = source.emulator().clock();
    return OpenAi.fromEnvironment(source.environment(),
        ClientOptions.builder().clock(time.asClock()).sleeper(time::sleep).build());
  }

  /** The emulated account: a supervised and a DPO job on the example data, both finished. */
  private void seedAccount(OpenAi openai, VirtualClock time, Path data) {
    Path dir = tempDirectory();
    DatasetSplitter.Result split = DatasetSplitter.builder().validationFraction(0.1).seed(SEED).build()
        .split(data.resolve(Main.TRAINING_FILE), dir.resolve("recipes-train.jsonl"), dir.resolve("recipes-valid.jsonl"));
    UploadedDataset preference = openai.datasets().upload(DatasetUpload.builder()
        .training(data.resolve("recipes-preference.jsonl")).targetModel(BASE_MODEL).build());
    openai.jobs().create(JobSpec.builder().baseModel(BASE_MODEL).data(preference).suffix("recipes-dpo").seed(SEED)
        .method(TrainingMethod.preference(Hyperparameters.builder().epochs(2).build(), Hyperparameter.of(0.1)))
        .build());
    UploadedDataset chat = openai.datasets().upload(DatasetUpload.builder()
        .training(dir.resolve("recipes-train.jsonl")).validation(dir.resolve("recipes-valid.jsonl"))
        .targetModel(BASE_MODEL).build());
    openai.jobs().create(JobSpec.builder().baseModel(BASE_MODEL).data(chat).suffix("recipes").seed(SEED)
        .method(TrainingMethod.supervised(Hyperparameters.builder().epochs(3).build())).build());
    time.advance(Duration.ofHours(3));
    out.println("Emulated account: " + split.trainingLines() + " training examples in a supervised job, the"
        + " preference examples in a DPO job, both trained.");
  }

  /** One move of one job. */
  private final class Move {
    private final Options options;
    private final ProviderSetup setup;
    private final OpenAi openai;
    private final FineTuningClient target;
    private final Emulation emulation;

    Move(Options options, ProviderSetup setup, OpenAi openai, FineTuningClient target, Emulation emulation) {
      this.options = options;
      this.setup = setup;
      this.openai = openai;
      this.target = target;
      this.emulation = emulation;
    }

    int execute() {
      header("1. Inventory of the OpenAI account");
      OpenAiInventory inventory = openai.migration().inventory();
      inventory.table().lines().forEach(l -> out.println("  " + l));
      Main.createDirectories(options.out());
      write(options.out().resolve("inventory.json"), inventory.toJson());
      out.println("  written to " + options.out().resolve("inventory.json"));
      String jobId = options.job().orElseGet(() -> inventory.jobs().stream()
          .filter(j -> j.status().equals("succeeded") && j.exportable()).map(OpenAiInventory.JobEntry::jobId)
          .findFirst().orElseThrow(() -> new IllegalArgumentException(
              "no succeeded job with downloadable files to move; name one with --job")));

      header("2. Export of " + jobId);
      Path exported = options.out().resolve("export").resolve(jobId);
      PortableJob job = openai.migration().export(jobId, exported);
      for (PortableJob.PortableFile f : job.files()) {
        out.printf(Locale.ROOT, "  %-10s %s: %,d bytes, sha256 %s (matches the Files API's size)%n", f.role(),
            exported.resolve(f.path()), f.bytes(), f.sha256().substring(0, 16) + "...");
      }
      out.println("  description " + exported.resolve(PortableJob.FILE_NAME) + " (schema "
          + PortableJob.SCHEMA_VERSION + ", " + job.checkpoints().size() + " checkpoints, final metrics "
          + job.finalMetrics().keySet() + ")");

      header("3. Re-target at " + setup.displayName());
      ModelMapping models = options.mapping(target.provider(), setup.local() ? Optional.of(setup.baseModel())
          : Optional.empty());
      RetargetPlan plan = Retargeting.plan(job, exported, target, models, options.out().resolve(setup.name()));
      plan.describe().forEach(l -> out.println("  " + l));

      header("4. Estimated cost");
      DatasetStatistics stats = plan.report().statistics();
      int epochs = plan.method().hyperparameters().epochs().value().map(Number::intValue)
          .orElse(CostEstimate.defaultEpochs(stats.exampleCount()));
      String cost = setup.trainingPricePerMillion()
          .map(price -> {
            CostEstimate e = CostEstimate.estimate(stats, price, epochs);
            return String.format(Locale.ROOT, "%,d tokens x %d epochs = %,d trained tokens at $%s per million:"
                + " about $%s", e.billableTokens(), e.epochs(), e.trainedTokens(),
                e.pricePerMillionTokens().toPlainString(), Main.money(e.cost()));
          })
          .orElseGet(() -> setup.trainingCostNote(stats).orElse("no estimate for this provider"));
      out.println("  training at " + setup.displayName() + ": " + cost);
      job.source().trainedTokens().ifPresent(t -> out.printf(Locale.ROOT,
          "  the original run was billed %,d trained tokens at OpenAI%n", t));
      if (options.dryRun()) {
        out.println();
        out.println("Dry run: nothing was uploaded or trained at " + setup.displayName() + ".");
        return ExitCode.OK.code();
      }
      if (emulation == null && !setup.local() && !options.yes()) {
        return Main.fail(out, ExitCode.NOT_CONFIRMED, "this trains at the real " + setup.displayName() + " ("
            + cost + "); run with --yes to go ahead");
      }

      header("5. Training at " + setup.displayName());
      UploadedDataset uploaded = target.datasets().upload(plan.datasetUpload());
      JobSpec spec = spec(plan, uploaded);
      if (target instanceof HuggingFace hub) {
        // the learning rate the multiplier became: TRL's default for the method times it
        out.println("  " + String.join(" ", hub.jobs().trlCommand(spec)));
      }
      Job created = target.jobs().create(spec);
      out.println("  job " + created.id() + " (" + created.providerStatus() + ")");
      Clock clock = emulation == null ? Clock.systemUTC() : emulation.emulator().clock().asClock();
      ProgressLine progress = new ProgressLine(out, false, clock);
      Job done;
      try {
        WaitOptions.Builder wait = WaitOptions.builder().timeout(setup.jobTimeout()).listener(progress).clock(clock);
        if (emulation != null) {
          wait.sleeper(emulation.emulator().clock()::sleep);
        }
        done = target.jobs().waitFor(created.id(), wait.build());
      } finally {
        progress.endLine();
      }
      if (!done.isSucceeded()) {
        return Main.fail(out, ExitCode.JOB_FAILED, "job " + done.id() + " ended " + done.status().value()
            + done.error().map(e -> ": " + e.message()).orElse(""));
      }
      String moved = done.fineTunedModel().orElseThrow();
      out.println("  new model " + moved);

      header("6. Comparing the original and the new model on " + options.eval().getFileName());
      Deployment deployment = target.models().deploy(moved, setup.deployTimeout());
      EvalReport report;
      try {
        report = compare(job.source().fineTunedModel().orElseThrow(), deployment.model());
      } finally {
        if (target.capabilities().deploymentRequired() && emulation == null) {
          target.models().undeploy(deployment.name());
          out.println(setup.local() ? "  stopped the local server of " + deployment.name()
              : "  deleted deployment " + deployment.name() + " (it bills by the hour)");
        }
      }
      Main.printSummary(out, report);
      Comparison comparison = report.compare("moved", "original", Scorers.tokenF1().name());
      out.println(comparison.outcome() == Comparison.Outcome.BASELINE_BETTER
          ? "Quality NOT kept: the original model scores higher; keep it while it answers and revisit the settings."
          : "Quality kept: the new model is not worse than the original on these questions.");
      report.writeJson(options.out().resolve("comparison.json"));
      out.println("Comparison written to " + options.out().resolve("comparison.json") + ". Done.");
      return ExitCode.OK.code();
    }

    /**
     * The target's job: its options (hardware, training type) from the setup, the translated method, and on
     * Hugging Face LoRA, which the job merges into the base model before it pushes, so that an Inference Endpoint
     * serves the result (the main job trains its 0.5B model in full).
     */
    private JobSpec spec(RetargetPlan plan, UploadedDataset uploaded) {
      JobSpec.Builder spec = plan.jobSpec(uploaded).toBuilder();
      for (JobOption option : setup.customise(plan.jobSpec(uploaded).toBuilder()).build().options()) {
        spec.option(target instanceof HuggingFace && option instanceof HuggingFaceJobOptions hub
            ? hub.toBuilder().lora(true).build() : option);
      }
      return spec.build();
    }

    private EvalReport compare(String original, String moved) {
      Candidate before = Main.priced(Candidate.zeroShot("original", openai.chat(original)),
          new OpenAiSetup().tunedPrices());
      Candidate after = setup.candidate(Main.priced(Candidate.zeroShot("moved", target.chat(moved)),
          setup.tunedPrices()));
      return Evaluation.builder()
          .evalSet(EvalSet.fromJsonl(options.eval()))
          .candidate(before)
          .candidate(after)
          .scorer(Scorers.tokenF1())
          .scorer(Scorers.rougeL())
          .concurrency(4)
          .compare("moved", "original")
          .build()
          .run();
    }
  }

  private void header(String title) {
    out.println();
    out.println("[" + title + "]");
  }

  static String help() {
    return """
        finetune4j migrate: move a fine-tuning job off OpenAI. Lists the account's jobs and tuned models, exports one
        job's files and settings as a portable description, re-targets it (model mapping, data conversion,
        hyperparameters with their rules, the target's checks), prices it, then trains it at the target, deploys the
        new model and compares it with the original on held-out questions.

        Usage: mvn -q -B -pl examples -am compile exec:java -Dexec.mainClass=dev.finetune4j.examples.Migrate \\
                 [-Dexec.args="OPTIONS"]

        Options:
          --to NAME         azure (default), huggingface, or local (real TRL training of the tiny local model)
          --job ID          the OpenAI job to move (default: the newest succeeded one whose files can be downloaded)
          --map SRC=DST     train DST at the target in place of base model SRC (repeatable; overrides the defaults)
          --dry-run         stop after printing the plan and its estimated cost; nothing is uploaded or trained
          --yes             train at a real Azure or Hugging Face without asking (refused without it)
          --data DIR        example data for the emulated account (default examples/data)
          --eval FILE       held-out questions for the comparison (default DIR/recipes-eval.jsonl)
          --out DIR         inventory, export and comparison (default examples/target/finetune4j-migration)
          --help            this text

        Without OPENAI_API_KEY the source is an emulated account with two tuned models; without the target's
        credentials (AZURE_OPENAI_ENDPOINT, HF_TOKEN) the target is its emulator. Exit codes are the main job's.
        """;
  }

  private static Path tempDirectory() {
    try {
      Path dir = Files.createTempDirectory("finetune4j-migrate");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw dev.finetune4j.error.LocalIoException.of("create a temporary directory in", Path.of("."), e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw dev.finetune4j.error.LocalIoException.of("write", file, e);
    }
  }

  /** Parsed command line. */
  record Options(String to, Optional<String> job, List<String[]> maps, boolean dryRun, boolean yes, Path data,
      Path eval, Path out, boolean help) {

    ModelMapping mapping(String provider, Optional<String> everyModel) {
      ModelMapping.Builder b = OpenAiMigration.defaultModels().toBuilder();
      everyModel.ifPresent(m -> b.mapAll(provider, m));
      maps.forEach(m -> b.map(provider, m[0], m[1]));
      return b.build();
    }

    static Options parse(String[] args) {
      String to = "azure";
      Optional<String> job = Optional.empty();
      List<String[]> maps = new ArrayList<>();
      boolean dryRun = false;
      boolean yes = false;
      boolean help = false;
      Path data = null;
      Path eval = null;
      Path out = null;
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "--to" -> to = Main.Options.value(args, ++i, arg).toLowerCase(Locale.ROOT);
          case "--job" -> job = Optional.of(Main.Options.value(args, ++i, arg));
          case "--map" -> {
            String m = Main.Options.value(args, ++i, arg);
            int eq = m.indexOf('=');
            if (eq <= 0 || eq == m.length() - 1) {
              throw new IllegalArgumentException("--map takes SOURCE=TARGET, such as "
                  + "gpt-4.1-mini-2025-04-14=Qwen/Qwen2.5-1.5B-Instruct; was '" + m + "'");
            }
            maps.add(new String[] {m.substring(0, eq), m.substring(eq + 1)});
          }
          case "--dry-run" -> dryRun = true;
          case "--yes", "-y" -> yes = true;
          case "--data" -> data = Path.of(Main.Options.value(args, ++i, arg));
          case "--eval" -> eval = Path.of(Main.Options.value(args, ++i, arg));
          case "--out" -> out = Path.of(Main.Options.value(args, ++i, arg));
          case "--help", "-h" -> help = true;
          default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
        }
      }
      if (!List.of("azure", "huggingface", "local").contains(to)) {
        throw new IllegalArgumentException("--to must be azure, huggingface or local, was '" + to + "'");
      }
      data = data == null ? Main.Options.defaultData() : data;
      return new Options(to, job, List.copyOf(maps), dryRun, yes, data,
          eval == null ? data.resolve(Main.EVALUATION_FILE) : eval,
          out == null ? Main.Options.defaultOut(data, "finetune4j-migration") : out, help);
    }
  }
}
