package dev.finetune4j.examples;

import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobListener;
import dev.finetune4j.job.JobStatus;
import dev.finetune4j.job.TrainingMetrics;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Follows a job on the terminal: one line rewritten in place ({@code \r}) when the output is a terminal, plain lines
 * at each status change and every tenth of the steps otherwise. Keeps the metrics it saw, for the report.
 */
final class ProgressLine implements JobListener {
  private final PrintStream out;
  private final boolean interactive;
  private final Clock clock;
  private final List<TrainingMetrics> metrics = new ArrayList<>();
  private TrainingMetrics last;
  private long lastPrintedStep = -1;
  private int lastWidth;
  private boolean open;

  ProgressLine(PrintStream out, boolean interactive, Clock clock) {
    this.out = out;
    this.interactive = interactive;
    this.clock = clock;
  }

  List<TrainingMetrics> metrics() {
    return List.copyOf(metrics);
  }

  @Override
  public void onStatusChange(Job job, JobStatus previous) {
    endLine();
    out.println("  status " + (previous == null ? "" : previous.value() + " -> ") + describe(job));
  }

  @Override
  public void onMetrics(TrainingMetrics m) {
    metrics.add(m);
    if (m.trainLoss().isPresent()) {
      last = m;
    }
  }

  @Override
  public void onPoll(Job job) {
    String line = line(job);
    if (interactive) {
      out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
      out.flush();
      lastWidth = line.length();
      open = true;
    } else if (last != null && shouldPrint(last)) {
      out.println(line);
      lastPrintedStep = last.step();
    }
  }

  /** Ends the line being rewritten, if any. */
  void endLine() {
    if (open) {
      out.println();
      open = false;
      lastWidth = 0;
    }
  }

  private boolean shouldPrint(TrainingMetrics m) {
    if (m.step() == lastPrintedStep) {
      return false;
    }
    long total = m.totalSteps().orElse(0);
    long stride = Math.max(1, total / 10);
    return lastPrintedStep < 0 || m.step() - lastPrintedStep >= stride || (total > 0 && m.step() == total);
  }

  private String line(Job job) {
    StringBuilder sb = new StringBuilder("  ").append(job.status().value());
    if (last != null) {
      sb.append(" | step ").append(last.step());
      last.totalSteps().ifPresent(t -> sb.append('/').append(t));
      sb.append(String.format(Locale.ROOT, " | train loss %.4f", last.trainLoss().getAsDouble()));
      last.validationLoss().ifPresent(v -> sb.append(String.format(Locale.ROOT, " | validation loss %.4f", v)));
    }
    Duration elapsed = Duration.between(job.createdAt(), job.finishedAt().orElse(clock.instant()));
    sb.append(" | ").append(elapsed(elapsed));
    return sb.toString();
  }

  private static String describe(Job job) {
    String s = job.status().value();
    return job.providerStatus().equalsIgnoreCase(s) ? s : s + " (" + job.providerStatus() + ")";
  }

  static String elapsed(Duration d) {
    long s = Math.max(0, d.getSeconds());
    return s >= 3600 ? String.format(Locale.ROOT, "%dh %02dm %02ds", s / 3600, s % 3600 / 60, s % 60)
        : String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
  }
}
