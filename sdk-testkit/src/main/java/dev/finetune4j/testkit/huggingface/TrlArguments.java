package dev.finetune4j.testkit.huggingface;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The command-line rules of the real {@code trl sft} and {@code trl dpo}, for the emulated Jobs: the options and
 * their types come from {@code trl-options.tsv}, generated from trl 1.13's own parsers (and {@code accelerate
 * launch}'s) by {@code build/python/trl-options.py}. The parsing follows Python's argparse as transformers'
 * {@code HfArgumentParser} sets it up: a plain {@code bool} option with a default may be bare, a {@code bool | None}
 * one needs {@code true}/{@code false}; numbers must parse; choices are checked; {@code none} is accepted where a
 * field is optional; an option TRL does not know goes to {@code accelerate launch}, which rejects it unless it is one
 * of its own. Prefix abbreviations, which argparse also accepts, are not (the SDK never writes them).
 */
final class TrlArguments {
  private static final Pattern INT = Pattern.compile("\\s*[+-]?\\d+(?:_\\d+)*\\s*");
  private static final Pattern FLOAT = Pattern.compile(
      "\\s*[+-]?(?:(?:\\d+(?:_\\d+)*)?\\.?\\d+(?:_\\d+)*(?:[eE][+-]?\\d+)?|\\d+\\.|inf|infinity|nan)\\s*",
      Pattern.CASE_INSENSITIVE);
  private static final List<String> TRUE = List.of("yes", "true", "t", "y", "1");
  private static final List<String> FALSE = List.of("no", "false", "f", "n", "0");
  private static final Map<String, Map<String, Option>> OPTIONS = load();

  /** One option: its strings, how it takes a value, its type and allowed values. */
  record Option(String command, List<String> names, String value, String type, List<String> choices,
      boolean nullable) {
    String display() {
      return String.join("/", names);
    }

    String canonical() {
      return names.get(0).substring(2);
    }
  }

  /**
   * The verdict of the parser.
   *
   * @param error the message as the real parser prints it ({@code trl sft: error: ...}), or empty when accepted
   * @param values the accepted options by their canonical names ({@code push_to_hub}), bare flags as {@code true}
   */
  record Parsed(Optional<String> error, Map<String, String> values) {}

  private TrlArguments() {}

  /**
   * Returns whether the rules know a trainer (the table has {@code sft} and {@code dpo}).
   *
   * @param trainer the subcommand
   * @return true if its arguments can be checked
   */
  static boolean knows(String trainer) {
    return OPTIONS.containsKey(trainer);
  }

  /**
   * Parses the arguments after {@code trl <trainer>} as the real CLI does.
   *
   * @param trainer {@code sft} or {@code dpo}
   * @param args the arguments
   * @return the verdict
   */
  static Parsed parse(String trainer, List<String> args) {
    Map<String, Option> trl = OPTIONS.get(trainer);
    Map<String, Option> accelerate = OPTIONS.get("accelerate");
    String prog = "trl " + trainer;
    Map<String, String> values = new LinkedHashMap<>();
    List<String> unrecognized = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String token = args.get(i);
      if (!token.startsWith("--")) {
        continue; // a positional: TRL's parser leaves it over for accelerate's script arguments
      }
      String name = token;
      String inline = null;
      int eq = token.indexOf('=');
      if (eq > 0) {
        name = token.substring(0, eq);
        inline = token.substring(eq + 1);
      }
      Option option = trl.get(name);
      String owner = prog;
      if (option == null) {
        option = accelerate.get(name);
        owner = "Accelerate launch command";
      }
      if (option == null) {
        unrecognized.add(token);
        continue;
      }
      String value;
      switch (option.value()) {
        case "none" -> {
          if (inline != null) {
            return error(owner, "argument " + option.display() + ": ignored explicit argument '" + inline + "'");
          }
          value = "true";
        }
        case "optional" -> {
          if (inline != null) {
            value = inline;
          } else if (i + 1 < args.size() && !looksLikeOption(args.get(i + 1))) {
            value = args.get(++i);
          } else {
            value = null; // bare: the option's const, true
          }
        }
        case "list" -> {
          List<String> items = new ArrayList<>();
          if (inline != null) {
            items.add(inline);
          }
          while (inline == null && i + 1 < args.size() && !looksLikeOption(args.get(i + 1))) {
            items.add(args.get(++i));
          }
          if (items.isEmpty()) {
            return error(owner, "argument " + option.display() + ": expected at least one argument");
          }
          values.put(option.canonical(), String.join(" ", items));
          continue;
        }
        default -> {
          if (inline != null) {
            value = inline;
          } else if (i + 1 < args.size() && !looksLikeOption(args.get(i + 1))) {
            value = args.get(++i);
          } else {
            return error(owner, "argument " + option.display() + ": expected one argument");
          }
        }
      }
      if (value == null) {
        values.put(option.canonical(), "true");
        continue;
      }
      Optional<String> problem = typeProblem(option, value);
      if (problem.isPresent()) {
        return error(owner, "argument " + option.display() + ": " + problem.get());
      }
      values.put(option.canonical(), option.type().equals("bool") ? Boolean.toString(truthy(value)) : value);
    }
    if (!unrecognized.isEmpty()) {
      return error("Accelerate launch command", "unrecognized arguments: " + String.join(" ", unrecognized));
    }
    return new Parsed(Optional.empty(), values);
  }

  private static Parsed error(String prog, String message) {
    return new Parsed(Optional.of(prog + ": error: " + message), Map.of());
  }

  /** argparse takes a token starting with '-' for an option unless it is a negative number. */
  private static boolean looksLikeOption(String token) {
    return token.startsWith("-") && !token.matches("-\\d+|-\\d*\\.\\d+") && token.length() > 1;
  }

  private static Optional<String> typeProblem(Option option, String value) {
    if (option.nullable() && (value.equalsIgnoreCase("none") || value.equalsIgnoreCase("null"))) {
      return Optional.empty();
    }
    switch (option.type()) {
      case "bool" -> {
        String v = value.toLowerCase(Locale.ROOT);
        if (!TRUE.contains(v) && !FALSE.contains(v)) {
          return Optional.of("Truthy value expected: got " + value + " but expected one of yes/no, true/false,"
              + " t/f, y/n, 1/0 (case insensitive).");
        }
      }
      case "int" -> {
        if (!INT.matcher(value).matches()) {
          return Optional.of("invalid int value: '" + value + "'");
        }
      }
      case "float" -> {
        if (!FLOAT.matcher(value).matches()) {
          return Optional.of("invalid float value: '" + value + "'");
        }
      }
      default -> {
        // any string
      }
    }
    if (!option.choices().isEmpty() && !option.choices().contains(value)) {
      return Optional.of("invalid choice: '" + value + "' (choose from "
          + String.join(", ", option.choices().stream().map(c -> "'" + c + "'").toList()) + ")");
    }
    return Optional.empty();
  }

  private static boolean truthy(String value) {
    return TRUE.contains(value.toLowerCase(Locale.ROOT));
  }

  private static Map<String, Map<String, Option>> load() {
    Map<String, Map<String, Option>> out = new HashMap<>();
    try (InputStream in = TrlArguments.class.getResourceAsStream("trl-options.tsv")) {
      if (in == null) {
        throw new IllegalStateException("trl-options.tsv is missing from the testkit");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = reader.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t", -1);
        List<String> choices = f[4].isEmpty() ? List.of() : Arrays.asList(f[4].split(","));
        Option option = new Option(f[0], Arrays.asList(f[1].split(",")), f[2], f[3], choices,
            f.length > 5 && f[5].equals("nullable"));
        Map<String, Option> command = out.computeIfAbsent(f[0], k -> new HashMap<>());
        option.names().forEach(n -> command.put(n, option));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
