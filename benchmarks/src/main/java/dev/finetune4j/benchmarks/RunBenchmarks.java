package dev.finetune4j.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every {@code dev.finetune4j.benchmarks.*Benchmark} class (or those a regular expression selects) with JMH's GC
 * profiler, then writes {@code target/results.json}: the machine (cores, memory, JVM, OS, load average before and
 * after), every benchmark's figures, the derived figures and the targets with whether each was met (see
 * {@link Targets}).
 *
 * <p>Arguments: {@code --short} for a short run, then an optional regular expression. A short run (also
 * {@code -Dfinetune4j.benchmarks.short=true}) has 1 fork, 1 warm-up and 2 measurement iterations of 1 s each; a full
 * run 2 forks, 3 warm-up and 5 measurement iterations of 2 s each. A benchmark's own {@code @Fork},
 * {@code @Warmup} and {@code @Measurement} counts win over both. Forks get
 * {@code -Dfinetune4j.benchmarks.short=true} in a short run, so a benchmark reads
 * {@code Boolean.getBoolean("finetune4j.benchmarks.short")} ({@link #isShort()}) to choose smaller inputs; JVM flags
 * of its own go in {@code @Fork(jvmArgsAppend = ...)}. The forks of a benchmark with parameters take turns (see
 * {@link #run}).
 */
public final class RunBenchmarks {
  /** The system property that makes a run short, in the runner and in its forks. */
  public static final String SHORT = "finetune4j.benchmarks.short";

  private RunBenchmarks() {}

  /**
   * Says whether this is a short run.
   *
   * @return the value of the system property {@value #SHORT}
   */
  public static boolean isShort() {
    return Boolean.getBoolean(SHORT);
  }

  /**
   * Runs the benchmarks.
   *
   * @param args {@code [--short] [regex]}
   * @throws Exception if a benchmark cannot run or the results cannot be written
   */
  public static void main(String[] args) throws Exception {
    List<String> rest = new ArrayList<>(List.of(args));
    if (rest.remove("--short")) {
      System.setProperty(SHORT, "true");
    }
    boolean shortRun = isShort();
    String include = rest.isEmpty() || rest.get(0).isBlank()
        ? Pattern.quote(RunBenchmarks.class.getPackageName()) + "\\..*Benchmark\\..*" : rest.get(0);
    Path out = Path.of("target", "results.json").toAbsolutePath();
    Files.createDirectories(out.getParent());

    Map<String, Object> machine = machine();
    double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    Instant started = Instant.now();
    List<RunResult> results = new ArrayList<>();
    Set<String> classes = new LinkedHashSet<>();
    for (BenchmarkListEntry entry : BenchmarkList.defaultList().find(
        OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of(include), List.of())) {
      results.addAll(run(entry, shortRun));
      classes.add(entry.getUserClassQName());
    }
    Instant finished = Instant.now();

    Targets targets = new Targets(results);
    for (String name : classes) {
      Method hook;
      try {
        hook = Class.forName(name).getMethod("targets", Targets.class);
      } catch (NoSuchMethodException e) {
        continue;
      }
      try {
        hook.invoke(null, targets);
      } catch (InvocationTargetException e) {
        throw new IllegalStateException("the targets of " + name + " failed", e.getCause());
      }
    }

    machine.put("loadAverageBefore", loadBefore);
    machine.put("loadAverageAfter", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("machine", machine);
    file.put("short", shortRun);
    file.put("include", include);
    file.put("started", started.toString());
    file.put("minutes", Duration.between(started, finished).toSeconds() / 60.0);
    file.put("benchmarks", results.stream().map(Targets::describe).toList());
    file.put("figures", targets.figures());
    file.put("targets", targets.targets());
    new ObjectMapper().registerModule(new Jdk8Module()).enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(out.toFile(), file);

    System.out.println();
    for (Targets.Figure figure : targets.figures()) {
      System.out.printf("%-60s %12.2f %s%n", figure.name(), figure.value(), figure.unit());
    }
    for (Targets.Target target : targets.targets()) {
      System.out.printf("%-60s %12s %s %s %s: %s%n", target.name(),
          target.value().isPresent() ? String.format("%.3f", target.value().getAsDouble()) : "-",
          target.comparison(), target.threshold(), target.unit(),
          target.met().map(met -> met ? "met" : "NOT MET").orElse("not measured"));
    }
    System.out.println("Figures written to " + out);
  }

  /**
   * Waits while another JMH run on this machine holds JMH's lock file (JMH refuses to start then), so that runs of
   * several checkouts take turns instead of failing or measuring each other.
   */
  private static void waitForOtherRuns() throws IOException, InterruptedException {
    Path lock = Path.of(System.getProperty("java.io.tmpdir"), "jmh.lock");
    boolean told = false;
    while (true) {
      try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
           FileLock held = channel.tryLock()) {
        if (held != null) {
          return;
        }
      }
      if (!told) {
        System.out.println("Another JMH run holds " + lock + "; waiting for it to end");
        told = true;
      }
      Thread.sleep(5_000);
    }
  }

  /**
   * Runs one benchmark method. When it has parameters and more than one fork, its forks take turns: the first fork of
   * every combination of parameters, then the second of each, and so on, so that a machine slowing down for a minute
   * slows every combination alike instead of the one measured then, which would tilt the ratios the targets compare.
   * The forks of one combination are then put together into one result, as JMH does with the forks it runs.
   */
  private static Collection<RunResult> run(BenchmarkListEntry entry, boolean shortRun) throws RunnerException,
      IOException, InterruptedException {
    List<Map<String, String>> combinations = combinations(entry);
    int forks = entry.getForks().orElse(shortRun ? 1 : 2);
    if (combinations.size() < 2 || forks < 2) {
      waitForOtherRuns();
      return new Runner(options(entry, shortRun).build()).run();
    }
    Map<Map<String, String>, List<BenchmarkResult>> forksOf = new LinkedHashMap<>();
    for (int fork = 0; fork < forks; fork++) {
      for (Map<String, String> combination : combinations) {
        ChainedOptionsBuilder options = options(entry, shortRun).forks(1);
        combination.forEach(options::param);
        waitForOtherRuns();
        for (RunResult result : new Runner(options.build()).run()) {
          forksOf.computeIfAbsent(combination, c -> new ArrayList<>()).addAll(result.getBenchmarkResults());
        }
      }
    }
    return forksOf.values().stream().map(each -> new RunResult(each.get(0).getParams(), each)).toList();
  }

  /** Every combination of the benchmark's parameter values, the first parameter varying slowest. */
  private static List<Map<String, String>> combinations(BenchmarkListEntry entry) {
    List<Map<String, String>> combinations = new ArrayList<>(List.of(Map.of()));
    for (Map.Entry<String, String[]> param : entry.getParams().orElse(Map.of()).entrySet()) {
      List<Map<String, String>> longer = new ArrayList<>();
      for (Map<String, String> combination : combinations) {
        for (String value : param.getValue()) {
          Map<String, String> next = new LinkedHashMap<>(combination);
          next.put(param.getKey(), value);
          longer.add(next);
        }
      }
      combinations = longer;
    }
    return combinations;
  }

  /** Options for one benchmark: the run's defaults where the benchmark states no count of its own. */
  private static ChainedOptionsBuilder options(BenchmarkListEntry entry, boolean shortRun) {
    ChainedOptionsBuilder options = new OptionsBuilder()
        .include("^" + Pattern.quote(entry.getUsername()) + "$")
        .addProfiler(GCProfiler.class)
        .addProfiler(CpuTimeProfiler.class)
        .shouldFailOnError(true);
    if (shortRun) {
      options.jvmArgsPrepend("-D" + SHORT + "=true");
    }
    if (!entry.getForks().hasValue()) {
      options.forks(shortRun ? 1 : 2);
    }
    if (!entry.getWarmupIterations().hasValue()) {
      options.warmupIterations(shortRun ? 1 : 3);
    }
    if (!entry.getMeasurementIterations().hasValue()) {
      options.measurementIterations(shortRun ? 2 : 5);
    }
    TimeValue time = TimeValue.seconds(shortRun ? 1 : 2);
    if (!entry.getWarmupTime().hasValue()) {
      options.warmupTime(time);
    }
    if (!entry.getMeasurementTime().hasValue()) {
      options.measurementTime(time);
    }
    return options;
  }

  private static Map<String, Object> machine() {
    Map<String, Object> machine = new LinkedHashMap<>();
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      machine.put("memoryBytes", sun.getTotalMemorySize());
    }
    machine.put("os", os.getName() + " " + os.getVersion() + " " + os.getArch());
    machine.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
        + " (" + System.getProperty("java.vm.vendor") + ")");
    return machine;
  }
}
