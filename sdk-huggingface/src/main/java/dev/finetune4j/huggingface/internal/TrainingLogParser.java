package dev.finetune4j.huggingface.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.spi.http.Json;
import dev.finetune4j.job.JobEvent;
import dev.finetune4j.job.TrainingMetrics;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the lines a TRL (or Unsloth) training run prints into {@link JobEvent}s, with {@link TrainingMetrics} for
 * the Trainer's logged dicts such as {@code {'loss': '1.842', 'grad_norm': 0.51, 'epoch': '0.05'}} (numbers quoted
 * by recent transformers, bare by older ones).
 *
 * <p>Steps: the Trainer does not print the step, so the n-th dict with a {@code loss} is step
 * {@code n * loggingSteps} (the Trainer logs every {@code logging_steps} optimizer steps); an evaluation dict
 * ({@code eval_loss}) and the final summary ({@code train_runtime}) belong to the last step logged. Event ids are
 * the line's position in the log (0 for the first line), so replays of the same log give the same ids.
 *
 * <p>tqdm progress bars and blank lines make no event. One parser reads one log from its first line.
 */
public final class TrainingLogParser {
  private static final Pattern ENTRY = Pattern.compile(
      "'([^']+)'\\s*:\\s*(?:'([^']*)'|\"([^\"]*)\"|([-+0-9.eEinfatINFAT]+))");
  private static final Pattern PROGRESS = Pattern.compile("\\d+%\\|.*\\|");
  private static final Pattern RATE = Pattern.compile("\\d+(?:\\.\\d+)?(?:it/s|s/it)\\]");

  private final int loggingSteps;
  private long trainingDicts;
  private long lastStep;

  /**
   * Creates a parser.
   *
   * @param loggingSteps the run's {@code logging_steps}
   */
  public TrainingLogParser(int loggingSteps) {
    this.loggingSteps = Math.max(1, loggingSteps);
  }

  /**
   * Reads one line.
   *
   * @param index the line's position in the log, 0 for the first
   * @param line the text
   * @param timestamp when it was printed
   * @return the event, or empty for noise (progress bars, blank lines, the Jobs "===== Job started" banner)
   */
  public Optional<JobEvent> accept(long index, String line, Instant timestamp) {
    String text = line;
    int cr = text.lastIndexOf('\r');
    if (cr >= 0) {
      text = text.substring(cr + 1);
    }
    int dict = text.indexOf("{'");
    Optional<TrainingMetrics> metrics = Optional.empty();
    if (dict >= 0) {
      metrics = metrics(text.substring(dict));
      if (metrics.isPresent()) {
        text = text.substring(dict);
      }
    }
    String trimmed = text.strip();
    if (metrics.isEmpty() && (trimmed.isEmpty() || isProgress(trimmed) || trimmed.startsWith("===== Job started"))) {
      return Optional.empty();
    }
    ObjectNode raw = Json.object().put("index", index).put("data", line).put("timestamp", timestamp.toString());
    return Optional.of(new JobEvent(Long.toString(index), timestamp, level(trimmed), trimmed, metrics, Json.raw(raw)));
  }

  /**
   * Tells whether a line is a tqdm progress bar.
   *
   * @param line the line
   * @return true for progress output
   */
  public static boolean isProgress(String line) {
    return PROGRESS.matcher(line).find() || RATE.matcher(line).find();
  }

  private Optional<TrainingMetrics> metrics(String text) {
    int end = text.indexOf('}');
    if (end < 0) {
      return Optional.empty();
    }
    Map<String, Double> values = new LinkedHashMap<>();
    Matcher m = ENTRY.matcher(text.substring(0, end + 1));
    while (m.find()) {
      String value = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
      Double number = parse(value);
      String name = m.group(1).strip();
      if (number != null && !name.isEmpty()) {
        values.put(name, number);
      }
    }
    boolean training = values.containsKey("loss");
    boolean eval = values.containsKey("eval_loss");
    boolean summary = values.containsKey("train_runtime");
    if (!training && !eval && !summary) {
      return Optional.empty();
    }
    Double step = values.remove("step");
    if (step != null && step >= 0 && step < 1e15 && step == Math.rint(step)) {
      lastStep = step.longValue();
      trainingDicts = lastStep / loggingSteps;
    } else if (training) {
      trainingDicts++;
      lastStep = trainingDicts * loggingSteps;
    }
    try {
      return Optional.of(build(values));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // values the metrics cannot hold: the line is kept as a plain event
    }
  }

  private TrainingMetrics build(Map<String, Double> values) {
    TrainingMetrics.Builder b = TrainingMetrics.builder(lastStep);
    values.forEach((name, value) -> {
      switch (name) {
        case "loss" -> b.trainLoss(value);
        case "eval_loss" -> b.validationLoss(value);
        case "mean_token_accuracy" -> b.trainTokenAccuracy(value);
        case "eval_mean_token_accuracy" -> b.validationTokenAccuracy(value);
        case "learning_rate" -> b.learningRate(value);
        case "epoch" -> b.epoch(value);
        default -> b.other(name, value);
      }
    });
    return b.build();
  }

  private static Double parse(String value) {
    String v = value.trim().toLowerCase(java.util.Locale.ROOT);
    switch (v) {
      case "nan":
        return Double.NaN;
      case "inf", "+inf":
        return Double.POSITIVE_INFINITY;
      case "-inf":
        return Double.NEGATIVE_INFINITY;
      default:
        try {
          return Double.parseDouble(v);
        } catch (NumberFormatException e) {
          return null;
        }
    }
  }

  private static JobEvent.Level level(String line) {
    if (line.startsWith("Traceback") || line.contains("Error:") || line.startsWith("ERROR")
        || line.contains("CUDA out of memory")) {
      return JobEvent.Level.ERROR;
    }
    if (line.contains("Warning") || line.startsWith("WARNING") || line.contains("warnings.warn")) {
      return JobEvent.Level.WARN;
    }
    return JobEvent.Level.INFO;
  }
}
