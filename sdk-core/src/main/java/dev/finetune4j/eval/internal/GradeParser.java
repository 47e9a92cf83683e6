package dev.finetune4j.eval.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a grade from a grader model's reply and normalises it to [0, 1].
 *
 * <p>Tried in order: a JSON object with a {@code score}, {@code grade} or {@code rating} field; the last labelled
 * grade ({@code Grade: 4/5}, {@code score = 0.8}, {@code **Rating:** 80%}); the last fraction ({@code 4/5},
 * {@code 4 out of 5}); the whole reply as one number. A fraction is its value, a percentage its hundredth, a decimal
 * between 0 and 1 itself, and any other number a grade on the scale 0 to {@code maxGrade}.
 */
public final class GradeParser {
  private static final String NUMBER = "(-?\\d+(?:\\.\\d+)?)";
  private static final String OF = "\\s*(?:/|out\\s+of|of)\\s*" + NUMBER;
  private static final Pattern LABELLED = Pattern.compile("(?i)\\b(?:grade|score|rating)\\b[*_\\s]*(?:[:=]|is)?"
      + "[*_\\s]*" + NUMBER + "(?:" + OF + ")?\\s*(%)?");
  private static final Pattern FRACTION = Pattern.compile("(?i)" + NUMBER + OF);
  private static final Pattern BARE = Pattern.compile(NUMBER + "\\s*(%)?");
  private static final Pattern FIELD = Pattern.compile("(?i)\\s*" + NUMBER + "(?:" + OF + ")?\\s*(%)?\\s*");

  private GradeParser() {}

  /**
   * Reads the grade.
   *
   * @param reply the grader's reply
   * @param maxGrade the highest grade of the scale
   * @return the grade in [0, 1], or an error saying why none was read
   */
  public static Result parse(String reply, int maxGrade) {
    Optional<Result> json = fromJson(reply, maxGrade);
    if (json.isPresent()) {
      return json.get();
    }
    Matcher labelled = LABELLED.matcher(reply);
    MatchResult last = null;
    while (labelled.find()) {
      last = labelled.toMatchResult();
    }
    if (last != null) {
      return value(last.group(1), last.group(2), last.group(3) != null, maxGrade);
    }
    Matcher fraction = FRACTION.matcher(reply);
    String numerator = null;
    String denominator = null;
    while (fraction.find()) {
      numerator = fraction.group(1);
      denominator = fraction.group(2);
    }
    if (numerator != null) {
      return value(numerator, denominator, false, maxGrade);
    }
    String bare = reply.strip().replaceAll("^[*_`\"']+|[*_`\"'.]+$", "");
    Matcher whole = BARE.matcher(bare);
    if (whole.matches()) {
      return value(whole.group(1), null, whole.group(2) != null, maxGrade);
    }
    return Result.error("no grade found in the grader's reply: \"" + Text.abbreviate(reply.strip(), 120) + "\"");
  }

  private static Optional<Result> fromJson(String reply, int maxGrade) {
    int start = reply.indexOf('{');
    int end = reply.lastIndexOf('}');
    if (start < 0 || end <= start) {
      return Optional.empty();
    }
    Optional<JsonNode> node = JsonPaths.parse(reply.substring(start, end + 1));
    if (node.isEmpty() || !node.get().isObject()) {
      return Optional.empty();
    }
    for (Map.Entry<String, JsonNode> field : node.get().properties()) {
      String key = field.getKey().toLowerCase(Locale.ROOT);
      if (!key.equals("score") && !key.equals("grade") && !key.equals("rating")) {
        continue;
      }
      JsonNode v = field.getValue();
      if (v.isNumber()) {
        return Optional.of(value(v.asText(), null, false, maxGrade));
      }
      if (v.isTextual()) {
        Matcher fraction = FIELD.matcher(v.asText());
        if (fraction.matches()) {
          return Optional.of(value(fraction.group(1), fraction.group(2), fraction.group(3) != null, maxGrade));
        }
      }
    }
    return Optional.empty();
  }

  private static Result value(String number, String denominator, boolean percent, int maxGrade) {
    double n = Double.parseDouble(number);
    double normalised;
    if (percent) {
      normalised = n / 100;
    } else if (denominator != null) {
      double d = Double.parseDouble(denominator);
      if (d <= 0) {
        return Result.error("the grade " + number + "/" + denominator + " has no positive scale");
      }
      normalised = n / d;
    } else if (number.contains(".") && n >= 0 && n <= 1 && maxGrade > 1) {
      normalised = n;
    } else {
      normalised = n / maxGrade;
    }
    if (!(normalised >= 0 && normalised <= 1)) {
      return Result.error("the grade " + number + (denominator != null ? "/" + denominator : "")
          + (percent ? "%" : "") + " is outside the scale 0 to " + maxGrade);
    }
    return new Result(OptionalDouble.of(normalised), Optional.empty());
  }

  /**
   * A grade or the reason there is none.
   *
   * @param grade the grade in [0, 1]
   * @param error why no grade was read
   */
  public record Result(OptionalDouble grade, Optional<String> error) {
    static Result error(String error) {
      return new Result(OptionalDouble.empty(), Optional.of(error));
    }
  }
}
