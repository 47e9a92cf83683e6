package dev.finetune4j.eval.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.eval.CaseResult;
import dev.finetune4j.eval.Score;
import dev.finetune4j.spi.http.Json;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One line of an evaluation's results file: format {@value #FORMAT}, version {@value #VERSION}. Every field name
 * is written and read here by hand, never derived from {@link CaseResult}'s components, so that renaming a
 * component cannot break a user's results file; a change to the layout that a reader could trip over needs a new
 * {@link #VERSION}.
 *
 * <p>Each line of version 1 is one JSON object, fields in this order ({@code ?}: left out when absent):
 *
 * <pre>{@code
 * {"format": "finetune4j-eval-results", "version": 1,
 *  "candidate": "tuned", "caseId": "q7",
 *  "answer"?: "the answer's text",            (exactly one of answer and error)
 *  "error"?: "TransportException: ...",
 *  "scores": {"exact_match": {"value": 1.0}, "grader": {"value": 0.5, "explanation"?: "..."},
 *             "broken": {"error": "..."}},     (scorer order kept; {} for a failed request)
 *  "inputTokens": 10, "outputTokens": 2,
 *  "latency": "PT0.25S",                      (ISO-8601 duration)
 *  "finishReason"?: "stop"}
 * }</pre>
 *
 * <p>Lines written before the format was versioned (no {@code format} field) have the same fields except that
 * {@code latency} is a number of seconds; they are read as they are. A line whose {@code format} is another name,
 * or whose {@code version} is not one this class reads, is refused ({@link Unsupported}) rather than skipped: results
 * in it would otherwise be requested and paid for again. Unknown fields are ignored.
 */
public final class ResultLines {
  /** The value of the {@code format} field. */
  public static final String FORMAT = "finetune4j-eval-results";
  /** The version this class writes, and the newest it reads. */
  public static final int VERSION = 1;

  private ResultLines() {}

  /** A line that is valid JSON but not a case result; the message says why. */
  public static final class NotAResult extends Exception {
    private static final long serialVersionUID = 1L;

    NotAResult(String reason) {
      super(reason, null, false, false);
    }
  }

  /**
   * A line of another format or of a version this class does not read; the message says which and what to do,
   * completing "line ...".
   */
  public static final class Unsupported extends Exception {
    private static final long serialVersionUID = 1L;

    Unsupported(String reason) {
      super(reason, null, false, false);
    }
  }

  /**
   * Writes a result as one line of JSON, without the line terminator.
   *
   * @param r the result
   * @return the line
   */
  public static String write(CaseResult r) {
    ObjectNode o = Json.object();
    o.put("format", FORMAT);
    o.put("version", VERSION);
    o.put("candidate", r.candidate());
    o.put("caseId", r.caseId());
    r.answer().ifPresent(v -> o.put("answer", v));
    r.error().ifPresent(v -> o.put("error", v));
    ObjectNode scores = o.putObject("scores");
    r.scores().forEach((name, s) -> {
      ObjectNode so = scores.putObject(name);
      s.value().ifPresent(v -> so.put("value", v));
      s.explanation().ifPresent(v -> so.put("explanation", v));
      s.error().ifPresent(v -> so.put("error", v));
    });
    o.put("inputTokens", r.inputTokens());
    o.put("outputTokens", r.outputTokens());
    o.put("latency", r.latency().toString());
    r.finishReason().ifPresent(v -> o.put("finishReason", v));
    try {
      return Json.writer().writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write a case result as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Reads one line, of version 1 or from before the format was versioned.
   *
   * @param node the line's JSON
   * @return the result
   * @throws Unsupported if the line names another format or a version this class does not read
   * @throws NotAResult if the line is not a case result
   */
  public static CaseResult read(JsonNode node) throws Unsupported, NotAResult {
    if (!node.isObject()) {
      throw new NotAResult("not a JSON object");
    }
    JsonNode format = node.get("format");
    if (format != null) {
      if (!format.isTextual() || !format.asText().equals(FORMAT)) {
        throw new Unsupported("has the format " + abbreviate(format.toString()) + ", not \"" + FORMAT
            + "\": it is not a line of an evaluation's results file");
      }
      JsonNode version = node.get("version");
      if (version == null || !version.isIntegralNumber() || !version.canConvertToInt()) {
        throw new Unsupported("has no integer \"version\"" + (version == null ? "" : ", it has "
            + abbreviate(version.toString())));
      }
      if (version.asInt() < 1 || version.asInt() > VERSION) {
        throw new Unsupported("is version " + version.asInt() + " of the " + FORMAT + " format, and this finetune4j"
            + " reads up to version " + VERSION + ": resume with the finetune4j that wrote the file, or use a new"
            + " results file");
      }
    }
    try {
      return new CaseResult(text(node, "candidate").orElseThrow(() -> new NotAResult("no \"candidate\"")),
          text(node, "caseId").orElseThrow(() -> new NotAResult("no \"caseId\"")),
          text(node, "answer"), scores(node.get("scores")), count(node, "inputTokens"), count(node, "outputTokens"),
          latency(node.get("latency")), text(node, "finishReason"), text(node, "error"));
    } catch (IllegalArgumentException e) {
      throw new NotAResult(e.getMessage());
    }
  }

  private static Map<String, Score> scores(JsonNode node) throws NotAResult {
    Map<String, Score> scores = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return scores;
    }
    if (!node.isObject()) {
      throw new NotAResult("\"scores\" is not an object");
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      JsonNode s = e.getValue();
      if (!s.isObject()) {
        throw new NotAResult("the score of " + e.getKey() + " is not an object");
      }
      JsonNode value = s.get("value");
      if (value != null && !value.isNull() && !value.isNumber()) {
        throw new NotAResult("the score of " + e.getKey() + " has a \"value\" that is not a number");
      }
      scores.put(e.getKey(), new Score(value == null || value.isNull() ? OptionalDouble.empty()
          : OptionalDouble.of(value.asDouble()), text(s, "explanation"), text(s, "error")));
    }
    return scores;
  }

  private static Optional<String> text(JsonNode node, String field) throws NotAResult {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw new NotAResult("\"" + field + "\" is not text");
    }
    return Optional.of(value.asText());
  }

  private static long count(JsonNode node, String field) throws NotAResult {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return 0;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new NotAResult("\"" + field + "\" is not a whole number");
    }
    return value.asLong();
  }

  /** Reads an ISO-8601 duration, or a number of seconds as lines written before versioning have it. */
  private static Duration latency(JsonNode node) throws NotAResult {
    if (node == null || node.isNull()) {
      return Duration.ZERO;
    }
    if (node.isTextual()) {
      try {
        return Duration.parse(node.asText());
      } catch (DateTimeParseException e) {
        throw new NotAResult("\"latency\" is not an ISO-8601 duration: " + abbreviate(node.toString()));
      }
    }
    if (node.isNumber()) {
      BigDecimal seconds = node.decimalValue();
      return Duration.ofSeconds(seconds.longValue(),
          seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
    }
    throw new NotAResult("\"latency\" is neither a duration nor a number of seconds");
  }

  private static String abbreviate(String text) {
    return Text.abbreviate(text, 60);
  }
}
