package dev.finetune4j.testkit.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * What a job's container does, decided when the job is created: the log lines it prints (with their offsets from the
 * job's start), how long it runs, whether it fails, and which model it pushes. Immutable once built.
 */
final class TrainingRun {

  /** A log line printed {@code offsetMillis} after the job started running. */
  record Line(long offsetMillis, String text) {
  }

  /** One training example as the chat emulation uses it: the last user turn and the reply to learn. */
  record Example(String prompt, String answer) {
  }

  static final Set<String> TRAINERS = Set.of("sft", "dpo", "kto", "grpo", "rloo", "reward");
  private static final String BAR_FULL = "██████████";

  final List<Line> lines = new ArrayList<>();
  long durationMillis;
  String failure; // null when the run succeeds
  String pushModelId; // null when nothing is pushed
  boolean peft; // whether the pushed repository holds a LoRA adapter rather than a whole model
  String mergedFrom; // the adapter folder a merge step merged before pushing, or null
  String trainer = "sft";
  String baseModel = "";
  final List<Example> examples = new ArrayList<>();

  private final Map<String, String> flags = new LinkedHashMap<>();
  private final Map<String, String> environment = new LinkedHashMap<>();
  private final HuggingFaceEmulator.MetricFormat format;
  private final SplittableRandom random;
  private long at;

  private TrainingRun(HuggingFaceEmulator.MetricFormat format, long seed) {
    this.format = format;
    this.random = new SplittableRandom(seed);
  }

  private void print(long offsetMillis, String text) {
    at = Math.max(at, offsetMillis);
    for (String line : text.split("\n")) {
      lines.add(new Line(at, line));
    }
  }

  private void fail(String message, String... traceback) {
    at += 2000;
    for (String line : traceback) {
      print(at, line);
    }
    failure = message;
    durationMillis = at + 3000;
  }

  /**
   * Plans the run of a job.
   *
   * @param tokens the command followed by the arguments
   * @param environment the job's environment variables; {@code DATASET_NAME} stands for {@code --dataset_name} and
   *     so on, for scripts that take their settings from the environment
   * @param secretsAndEnv names of secrets and environment variables the job has
   * @param namespace the job's namespace
   * @param hub the Hub, to read the dataset
   * @param hubUrl the emulator's Hub URL, for the pushed-to-hub line
   */
  static TrainingRun plan(List<String> tokens, Map<String, String> environment, Set<String> secretsAndEnv,
      String namespace, Hub hub, String hubUrl, String startedAt, HuggingFaceEmulator.MetricFormat format,
      long seed) {
    TrainingRun run = new TrainingRun(format, seed);
    run.environment.putAll(environment);
    run.print(0, "===== Job started at " + startedAt + " =====");
    run.planInto(tokens, secretsAndEnv, namespace, hub, hubUrl);
    return run;
  }

  private void planInto(List<String> tokens, Set<String> secretsAndEnv, String namespace, Hub hub, String hubUrl) {
    int trl = -1;
    for (int i = 0; i + 1 < tokens.size(); i++) {
      if (tokens.get(i).equals("trl") && TRAINERS.contains(tokens.get(i + 1))) {
        trl = i;
        break;
      }
    }
    int script = -1;
    if (trl < 0) {
      for (int i = 0; i < tokens.size(); i++) {
        String t = tokens.get(i);
        if ((t.endsWith(".py") || t.startsWith("http://") || t.startsWith("https://"))
            && i > 0 && (tokens.contains("uv") || tokens.get(0).startsWith("python"))) {
          script = i;
          break;
        }
      }
    }
    if (trl < 0 && script < 0) {
      String program = tokens.isEmpty() ? "" : tokens.get(0);
      print(500, "/bin/sh: 1: " + program + ": not found");
      failure = "Job failed with exit code: 127";
      durationMillis = 2500;
      return;
    }
    trainer = trl >= 0 ? tokens.get(trl + 1) : "sft";
    int from = trl >= 0 ? trl + 2 : script + 1;
    if (trl >= 0 && TrlArguments.knows(trainer)) {
      // the real parser's rules: typed values, bare booleans only where allowed, unknown flags refused
      TrlArguments.Parsed parsed = TrlArguments.parse(trainer, tokens.subList(from, tokens.size()));
      if (parsed.error().isPresent()) {
        fail("Job failed with exit code: 2",
            "usage: trl " + trainer + " [-h] [--dataset_name DATASET_NAME] [--model_name_or_path MODEL_NAME_OR_PATH]"
                + " ...",
            parsed.error().get());
        return;
      }
      flags.putAll(parsed.values());
    } else {
      for (int i = from; i < tokens.size(); i++) {
        String t = tokens.get(i);
        if (!t.startsWith("--")) {
          continue;
        }
        String key = t.substring(2);
        String value = "true";
        int eq = key.indexOf('=');
        if (eq >= 0) {
          value = key.substring(eq + 1);
          key = key.substring(0, eq);
        } else if (i + 1 < tokens.size() && !tokens.get(i + 1).startsWith("--")) {
          value = tokens.get(++i);
        }
        flags.put(key, value);
      }
    }
    baseModel = flag("model_name_or_path").or(() -> flag("model_name")).orElse("");
    String datasetName = flag("dataset_name").orElse("");
    String command = trl >= 0 ? "trl " + trainer : "python script";
    if (baseModel.isEmpty() || datasetName.isEmpty()) {
      String missing = baseModel.isEmpty() ? "--model_name_or_path" : "--dataset_name";
      fail("Job failed with exit code: 2",
          "usage: " + command + " [-h] [--dataset_name DATASET_NAME] [--model_name_or_path MODEL_NAME_OR_PATH] ...",
          command + ": error: the following arguments are required: " + missing);
      return;
    }
    // Read the dataset: TRL loads the head of the repository (it has no revision option).
    String revision = "main";
    Optional<Repo> repo = datasetName.contains("/") ? hub.repos.find("dataset", datasetName) : Optional.empty();
    boolean hasToken = secretsAndEnv.contains("HF_TOKEN") || secretsAndEnv.contains("HUGGING_FACE_HUB_TOKEN");
    if (repo.isEmpty() || (repo.get().isPrivate && !hasToken)) {
      fail("Job failed with exit code: 1",
          "Traceback (most recent call last):",
          "  File \"/usr/local/bin/trl\", line 8, in <module>",
          "    sys.exit(main())",
          "datasets.exceptions.DatasetNotFoundError: Dataset '" + datasetName + "' doesn't exist on the Hub or "
              + "cannot be accessed." + (repo.isPresent() ? " If the dataset is private or gated, make sure to log "
              + "in with `huggingface-cli login` or visit the dataset page at https://huggingface.co/datasets/"
              + datasetName + " to ask for access." : ""));
      return;
    }
    Repo.Commit commit;
    try {
      commit = repo.get().commit(revision);
    } catch (HfError e) {
      fail("Job failed with exit code: 1",
          "Traceback (most recent call last):",
          "huggingface_hub.errors.RevisionNotFoundError: 404 Client Error. Revision Not Found for url: " + hubUrl
              + "/api/datasets/" + datasetName + "/revision/" + revision + ".");
      return;
    }
    String trainSplit = flag("dataset_train_split").orElse("train");
    List<String> train = splitRecords(hub, commit, trainSplit);
    if (train == null) {
      fail("Job failed with exit code: 1",
          "Traceback (most recent call last):",
          "  File \"/usr/local/lib/python3.11/site-packages/trl/scripts/" + trainer + ".py\", line 112, in main",
          "    train_dataset=dataset[script_args.dataset_train_split],",
          "KeyError: '" + trainSplit + "'");
      return;
    }
    String evalStrategy = flag("eval_strategy").or(() -> flag("evaluation_strategy")).orElse("no");
    List<String> test = List.of();
    if (!evalStrategy.equals("no")) {
      String testSplit = flag("dataset_test_split").orElse("test");
      test = splitRecords(hub, commit, testSplit);
      if (test == null) {
        fail("Job failed with exit code: 1",
            "Traceback (most recent call last):",
            "  File \"/usr/local/lib/python3.11/site-packages/trl/scripts/" + trainer + ".py\", line 113, in main",
            "    eval_dataset=dataset[script_args.dataset_test_split] if training_args.eval_strategy != \"no\" else "
                + "None,",
            "KeyError: '" + testSplit + "'");
        return;
      }
    }
    String missingColumn = missingColumn(trainer, train);
    if (missingColumn != null) {
      fail("Job failed with exit code: 1",
          "Traceback (most recent call last):",
          "  File \"/usr/local/lib/python3.11/site-packages/trl/trainer/" + trainer + "_trainer.py\", line 412, in "
              + "tokenize_row",
          "KeyError: '" + missingColumn + "'");
      return;
    }
    long chars = 0;
    for (String record : train) {
      chars += record.length();
      example(record).ifPresent(examples::add);
    }
    if (train.isEmpty()) {
      fail("Job failed with exit code: 1",
          "Traceback (most recent call last):",
          "ValueError: The training dataset is empty.");
      return;
    }
    // a script (the generated Unsloth one) pushes LoRA merged to 16 bits; trl pushes the adapter itself
    peft = script < 0 && flag("use_peft").map(v -> !v.equals("false")).orElse(false);
    boolean push = flag("push_to_hub").map(v -> !v.equals("false")).orElse(false);
    String outputDir = flag("output_dir").orElse("trainer_output");
    if (push) {
      String id = flag("hub_model_id").orElse(outputDir.replaceAll(".*/", ""));
      pushModelId = id.contains("/") ? id : namespace + "/" + id;
    }
    List<String> merge = mergeStep(tokens);
    if (merge != null) {
      if (!peft || !merge.get(0).equals(outputDir)) {
        fail("Job failed with exit code: 1",
            "Traceback (most recent call last):",
            "ValueError: Can't find 'adapter_config.json' at '" + merge.get(0) + "'");
        return;
      }
      peft = false;
      mergedFrom = merge.get(0);
      pushModelId = merge.get(1);
    }
    emitTraining(train.size(), test.size(), chars, evalStrategy, outputDir, hubUrl);
  }

  /**
   * The merge step of a {@code sh -c '"$0" "$@" && python -c <script> <adapter> <repo> <private>' trl ...} job:
   * a Python script that loads the adapter with PEFT, merges it and pushes the result. Returns the adapter folder
   * and the repository, or null when the job has no such step.
   */
  private static List<String> mergeStep(List<String> tokens) {
    if (tokens.size() < 4 || !tokens.get(0).equals("sh") || !tokens.get(1).equals("-c")) {
      return null;
    }
    String shell = tokens.get(2);
    int and = shell.indexOf("&&");
    if (!shell.startsWith("\"$0\" \"$@\"") || and < 0) {
      return null;
    }
    List<String> words = shellWords(shell.substring(and + 2));
    if (words.size() == 6 && words.get(0).contains("python") && words.get(1).equals("-c")
        && words.get(2).contains("merge_and_unload") && words.get(2).contains("push_to_hub")) {
      return List.of(words.get(3), words.get(4));
    }
    return null;
  }

  /** The words of a shell command of plain and single-quoted words. */
  private static List<String> shellWords(String command) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    boolean quoted = false;
    for (char c : command.toCharArray()) {
      if (quoted) {
        if (c == '\'') {
          quoted = false;
        } else {
          word.append(c);
        }
      } else if (c == '\'') {
        quoted = true;
        word = word == null ? new StringBuilder() : word;
      } else if (Character.isWhitespace(c)) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
      } else {
        word = word == null ? new StringBuilder() : word;
        word.append(c);
      }
    }
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }

  /** The first column the trainer needs that the first record lacks, or null when the data fits the trainer. */
  private static String missingColumn(String trainer, List<String> records) {
    JsonNode first;
    try {
      first = records.isEmpty() ? null : Maps.MAPPER.readTree(records.get(0));
    } catch (IOException e) {
      return null; // the data is what it is; the reader would have failed earlier in real life
    }
    if (first == null || !first.isObject()) {
      return null;
    }
    List<String> needed = switch (trainer) {
      case "dpo", "reward" -> List.of("chosen", "rejected");
      case "kto" -> List.of("prompt", "completion", "label");
      case "grpo", "rloo" -> List.of("prompt");
      default -> List.of();
    };
    for (String column : needed) {
      if (!first.has(column)) {
        return column;
      }
    }
    if (trainer.equals("sft") && !first.has("messages") && !first.has("text") && !first.has("prompt")) {
      return "text";
    }
    return null;
  }

  private Optional<String> flag(String name) {
    String value = flags.get(name);
    return Optional.ofNullable(value != null ? value : environment.get(name.toUpperCase(Locale.ROOT)));
  }

  private int intFlag(String name, int fallback) {
    try {
      return flag(name).map(Integer::parseInt).orElse(fallback);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private double doubleFlag(String name, double fallback) {
    try {
      return flag(name).map(Double::parseDouble).orElse(fallback);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** The non-blank lines of the JSON Lines file(s) of a split, or null when the split has no file. */
  private static List<String> splitRecords(Hub hub, Repo.Commit commit, String split) {
    List<String> candidates = new ArrayList<>();
    for (String path : commit.files().keySet()) {
      String lower = path.toLowerCase(Locale.ROOT);
      String name = lower.substring(lower.lastIndexOf('/') + 1);
      if (!(name.endsWith(".jsonl") || name.endsWith(".json"))) {
        continue;
      }
      String stem = name.substring(0, name.lastIndexOf('.'));
      if (stem.equals(split) || stem.startsWith(split + "-") || stem.startsWith(split + "_")
          || lower.startsWith("data/" + split)) {
        candidates.add(path);
      }
    }
    if (candidates.isEmpty()) {
      return null;
    }
    List<String> records = new ArrayList<>();
    for (String path : candidates) {
      String text = new String(hub.lfs.read(commit.files().get(path)), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (!line.isBlank()) {
          records.add(line);
        }
      }
    }
    return records;
  }

  /** The prompt and answer of a record in any of TRL's formats; empty when it has neither. */
  static Optional<Example> example(String record) {
    JsonNode node;
    try {
      node = Maps.MAPPER.readTree(record);
    } catch (IOException e) {
      return Optional.empty();
    }
    if (node.path("messages").isArray()) {
      return fromMessages(node.path("messages"), "");
    }
    if (node.has("prompt") && (node.has("completion") || node.has("chosen"))) {
      JsonNode answer = node.has("completion") ? node.get("completion") : node.get("chosen");
      String prompt = node.get("prompt").isArray() ? lastContent(node.get("prompt"), "user")
          : node.get("prompt").asText();
      String reply = answer.isArray() ? lastContent(answer, "assistant") : answer.asText();
      return Optional.of(new Example(prompt, reply));
    }
    if (node.has("chosen") && node.get("chosen").isArray()) {
      return fromMessages(node.get("chosen"), "");
    }
    if (node.has("text")) {
      String text = node.get("text").asText();
      return Optional.of(new Example(text, text));
    }
    return Optional.empty();
  }

  private static Optional<Example> fromMessages(JsonNode messages, String fallbackPrompt) {
    String answer = lastContent(messages, "assistant");
    String prompt = lastContent(messages, "user");
    if (answer.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Example(prompt.isEmpty() ? fallbackPrompt : prompt, answer));
  }

  private static String lastContent(JsonNode messages, String role) {
    String found = "";
    for (JsonNode m : messages) {
      if (role.equals(m.path("role").asText())) {
        found = m.path("content").isTextual() ? m.path("content").asText() : m.path("content").toString();
      }
    }
    return found;
  }

  // ---------------------------------------------------------------- the training log

  private void emitTraining(int n, int evalN, long chars, String evalStrategy, String outputDir, String hubUrl) {
    int batch = Math.max(1, intFlag("per_device_train_batch_size", 8));
    int accumulation = Math.max(1, intFlag("gradient_accumulation_steps", 1));
    double epochs = doubleFlag("num_train_epochs", 3);
    int stepsPerEpoch = (n + batch * accumulation - 1) / (batch * accumulation);
    int maxSteps = intFlag("max_steps", -1);
    int total = maxSteps > 0 ? maxSteps : (int) Math.max(1, Math.ceil(stepsPerEpoch * epochs));
    total = Math.min(total, 2000);
    int loggingSteps = flag("logging_steps").isPresent() ? Math.max(1, intFlag("logging_steps", 10))
        : Math.min(10, Math.max(1, total / 5));
    int evalSteps = Math.max(1, intFlag("eval_steps", loggingSteps));
    double lr = doubleFlag("learning_rate", trainer.equals("dpo") ? 1e-6 : 2e-5);
    long stepMillis = Math.max(100, Math.min(3000, 180_000L / total));
    long avgTokens = Math.max(16, chars / 4 / n);
    boolean dpo = trainer.equals("dpo");

    print(1000, "Fetching 1 files: 100%|" + BAR_FULL + "| 1/1 [00:00<00:00,  4.21it/s]");
    print(2000, "Generating train split: " + n + " examples [00:00, 2511.43 examples/s]");
    if (evalN > 0) {
      print(2200, "Generating test split: " + evalN + " examples [00:00, 1834.20 examples/s]");
    }
    print(6000, "Loading checkpoint shards: 100%|" + BAR_FULL + "| 2/2 [00:03<00:00,  1.61s/it]");
    print(8000, "Tokenizing train dataset: 100%|" + BAR_FULL + "| " + n + "/" + n
        + " [00:00<00:00, 1290.77 examples/s]");
    long trainStart = 10_000;
    print(trainStart, "  0%|          | 0/" + total + " [00:00<?, ?it/s]");
    double lossSum = 0;
    for (int step = 1; step <= total; step++) {
      long t = trainStart + step * stepMillis;
      double p = (double) step / total;
      double epoch = (double) step / stepsPerEpoch;
      double loss = dpo ? 0.6931 * Math.exp(-1.6 * p) + noise(0.01) : 0.6 + 1.6 * Math.exp(-3 * p) + noise(0.03);
      lossSum += loss;
      if (step % loggingSteps == 0 || step == total) {
        print(t, tqdm(step, total, t - trainStart, stepMillis));
      }
      if (step % loggingSteps == 0) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", loss);
        m.put("grad_norm", 0.3 + 0.6 * Math.exp(-2 * p) + noise(0.05));
        m.put("learning_rate", lr * (total - step + 1) / total);
        if (dpo) {
          double chosen = 0.4 * p + noise(0.02);
          double rejected = -1.4 * p + noise(0.02);
          m.put("rewards/chosen", chosen);
          m.put("rewards/rejected", rejected);
          m.put("rewards/accuracies", Math.min(1, 0.5 + 0.45 * p + noise(0.02)));
          m.put("rewards/margins", chosen - rejected);
          m.put("logps/chosen", -120 + 10 * p + noise(1));
          m.put("logps/rejected", -130 - 20 * p + noise(1));
          m.put("logits/chosen", -1.2 + noise(0.05));
          m.put("logits/rejected", -1.25 + noise(0.05));
        } else {
          m.put("entropy", 0.9 * loss + 0.2 + noise(0.02));
          m.put("num_tokens", (double) step * batch * accumulation * avgTokens);
          m.put("mean_token_accuracy", 0.45 + 0.45 * (1 - Math.exp(-3 * p)) + noise(0.01));
        }
        m.put("epoch", PyFormat.round(epoch, 4));
        print(t, dict(m));
      }
      boolean evalNow = evalN > 0 && (evalStrategy.equals("steps") ? step % evalSteps == 0
          : step % stepsPerEpoch == 0 || step == total);
      if (evalNow) {
        int evalBatches = Math.max(1, (evalN + batch - 1) / batch);
        print(t + 300, "100%|" + BAR_FULL + "| " + evalBatches + "/" + evalBatches + " [00:01<00:00,  3.12it/s]");
        Map<String, Double> e = new LinkedHashMap<>();
        e.put("eval_loss", loss + 0.12 + noise(0.02));
        e.put("eval_runtime", 1.2 + noise(0.1));
        e.put("eval_samples_per_second", evalN / 1.2);
        e.put("eval_steps_per_second", evalBatches / 1.2);
        if (dpo) {
          e.put("eval_rewards/chosen", 0.3 * p);
          e.put("eval_rewards/rejected", -1.2 * p);
          e.put("eval_rewards/accuracies", Math.min(1, 0.5 + 0.4 * p));
          e.put("eval_rewards/margins", 1.5 * p);
        } else {
          e.put("eval_entropy", 0.9 * loss + 0.3);
          e.put("eval_num_tokens", (double) step * batch * accumulation * avgTokens);
          e.put("eval_mean_token_accuracy", 0.43 + 0.43 * (1 - Math.exp(-3 * p)));
        }
        e.put("epoch", PyFormat.round(epoch, 4));
        print(t + 300, dict(e));
      }
    }
    long trainEnd = trainStart + total * stepMillis + 500;
    double runtime = (trainEnd - trainStart) / 1000.0;
    Map<String, Double> fin = new LinkedHashMap<>();
    fin.put("train_runtime", runtime);
    fin.put("train_samples_per_second", n * epochs / runtime);
    fin.put("train_steps_per_second", total / runtime);
    fin.put("train_loss", lossSum / total);
    fin.put("epoch", PyFormat.round((double) total / stepsPerEpoch, 4));
    print(trainEnd, dict(fin));
    print(trainEnd, "100%|" + BAR_FULL + "| " + total + "/" + total + " [" + clock(trainEnd - trainStart)
        + "<00:00, " + String.format(Locale.ROOT, "%5.2f", stepMillis / 1000.0) + "s/it]");
    print(trainEnd + 1000, "Saving model checkpoint to " + outputDir);
    if (mergedFrom != null) {
      print(trainEnd + 2000, "Merged the adapter in " + mergedFrom + " into " + baseModel + " -> " + pushModelId);
    }
    if (pushModelId != null) {
      String weights = peft ? "adapter_model.safetensors" : "model.safetensors";
      print(trainEnd + 3000, "Processing Files (1 / 1)      : 100%|" + BAR_FULL + "| " + weights + ": 100%");
      print(trainEnd + 6000, "Model pushed to " + hubUrl + "/" + pushModelId);
    }
    durationMillis = at + 2000;
  }

  private double noise(double scale) {
    return (random.nextDouble() * 2 - 1) * scale;
  }

  private static String tqdm(int step, int total, long elapsedMillis, long stepMillis) {
    int pct = step * 100 / total;
    int filled = step * 10 / total;
    String bar = "█".repeat(filled) + " ".repeat(10 - filled);
    return String.format(Locale.ROOT, "%3d%%|%s| %d/%d [%s<%s, %5.2fs/it]", pct, bar, step, total,
        clock(elapsedMillis), clock((total - step) * stepMillis), stepMillis / 1000.0);
  }

  private static String clock(long millis) {
    long s = millis / 1000;
    return String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
  }

  private String dict(Map<String, Double> values) {
    StringBuilder sb = new StringBuilder("{");
    for (Map.Entry<String, Double> e : values.entrySet()) {
      if (sb.length() > 1) {
        sb.append(", ");
      }
      sb.append('\'').append(e.getKey()).append("': ");
      double v = e.getValue();
      if (format == HuggingFaceEmulator.MetricFormat.QUOTED) {
        sb.append('\'').append(PyFormat.g4(v)).append('\'');
      } else {
        boolean rounded = e.getKey().equals("loss") || e.getKey().endsWith("_loss");
        sb.append(PyFormat.repr(rounded ? PyFormat.round(v, 4) : v));
      }
    }
    return sb.append('}').toString();
  }
}
