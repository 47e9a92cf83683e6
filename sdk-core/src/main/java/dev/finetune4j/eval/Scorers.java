package dev.finetune4j.eval;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.eval.internal.JsonPaths;
import dev.finetune4j.eval.internal.Overlap;
import dev.finetune4j.eval.internal.Text;
import dev.finetune4j.spi.http.Json;
import dev.finetune4j.model.ChatModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The usual scorers. Text scorers compare with the case's reference; "normalised" means as the SQuAD evaluation
 * does: lower case, punctuation and the articles a, an, the removed, whitespace collapsed.
 */
public final class Scorers {
  private Scorers() {}

  /**
   * Returns 1 when the answer equals the reference, leading and trailing whitespace aside. Named
   * {@code exact_match}.
   *
   * @return the scorer
   */
  public static Scorer exactMatch() {
    return Scorer.of("exact_match", (c, answer) -> Score.pass(answer.strip().equals(c.reference().strip())));
  }

  /**
   * Returns 1 when the normalised answer equals the normalised reference. Named {@code normalized_match}.
   *
   * @return the scorer
   */
  public static Scorer normalizedMatch() {
    return Scorer.of("normalized_match",
        (c, answer) -> Score.pass(Text.normalize(answer).equals(Text.normalize(c.reference()))));
  }

  /**
   * Returns 1 when the normalised answer contains the normalised reference as whole words ("The answer is Paris."
   * contains "paris"). Named {@code contains}.
   *
   * @return the scorer
   */
  public static Scorer contains() {
    return Scorer.of("contains", (c, answer) -> {
      String reference = Text.normalize(c.reference());
      if (reference.isEmpty()) {
        return Score.error("the reference is empty once normalised");
      }
      return Score.pass((" " + Text.normalize(answer) + " ").contains(" " + reference + " "));
    });
  }

  /**
   * Returns 1 when the pattern is found in the answer. Named {@code regex}.
   *
   * @param regex a Java regular expression
   * @return the scorer
   * @throws IllegalArgumentException if the expression is not valid
   */
  public static Scorer regex(String regex) {
    Objects.requireNonNull(regex, "regex");
    try {
      return regex(Pattern.compile(regex));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("not a valid regular expression: " + e.getMessage(), e);
    }
  }

  /**
   * Returns 1 when the pattern is found in the answer. Named {@code regex}.
   *
   * @param pattern the pattern
   * @return the scorer
   */
  public static Scorer regex(Pattern pattern) {
    Objects.requireNonNull(pattern, "pattern");
    return Scorer.of("regex", (c, answer) -> Score.pass(pattern.matcher(answer).find()));
  }

  /**
   * Returns 1 when the answer is exactly one JSON value, a Markdown code fence around it allowed. Named
   * {@code valid_json}.
   *
   * @return the scorer
   */
  public static Scorer validJson() {
    return Scorer.of("valid_json", (c, answer) -> Score.pass(JsonPaths.parse(answer).isPresent()));
  }

  /**
   * Returns the share of fields of the answer's JSON that hold the expected values; 0 when the answer is not JSON.
   * Paths are JSON Pointers ({@code /items/0/name}) or dotted paths ({@code items[0].name}); numbers compare by
   * value. Named {@code json_fields}.
   *
   * @param expected the expected value of each path: strings, numbers, booleans, null, lists, maps or
   *     {@link JsonNode}s
   * @return the scorer
   * @throws IllegalArgumentException if there is no path or a path is malformed
   */
  public static Scorer jsonFields(Map<String, ?> expected) {
    if (expected.isEmpty()) {
      throw new IllegalArgumentException("jsonFields needs at least one path");
    }
    Map<String, JsonPointer> pointers = new LinkedHashMap<>();
    Map<String, JsonNode> values = new LinkedHashMap<>();
    expected.forEach((path, value) -> {
      pointers.put(path, JsonPaths.pointer(path));
      values.put(path, Json.toTree(value));
    });
    return Scorer.of("json_fields", (c, answer) -> fieldScore(answer, pointers, path -> Optional.of(values.get(path))));
  }

  /**
   * Returns the share of fields of the answer's JSON that hold the same value as in the reference, parsed as JSON;
   * 0 when the answer is not JSON, an error when the reference is not. Named {@code json_fields}.
   *
   * @param paths the paths compared, JSON Pointers or dotted paths; at least one
   * @return the scorer
   * @throws IllegalArgumentException if there is no path or a path is malformed
   */
  public static Scorer jsonFieldsOfReference(String... paths) {
    if (paths.length == 0) {
      throw new IllegalArgumentException("jsonFieldsOfReference needs at least one path");
    }
    Map<String, JsonPointer> pointers = new LinkedHashMap<>();
    for (String path : paths) {
      pointers.put(path, JsonPaths.pointer(path));
    }
    return Scorer.of("json_fields", (c, answer) -> {
      Optional<JsonNode> reference = JsonPaths.parse(c.reference());
      if (reference.isEmpty()) {
        return Score.error("the reference of case " + c.id() + " is not JSON");
      }
      return fieldScore(answer, pointers, path -> {
        JsonNode v = reference.get().at(pointers.get(path));
        return v.isMissingNode() ? Optional.empty() : Optional.of(v);
      });
    });
  }

  private static Score fieldScore(String answer, Map<String, JsonPointer> pointers,
      java.util.function.Function<String, Optional<JsonNode>> expected) {
    Optional<JsonNode> json = JsonPaths.parse(answer);
    if (json.isEmpty()) {
      return Score.of(0, "the answer is not JSON");
    }
    int matched = 0;
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, JsonPointer> e : pointers.entrySet()) {
      JsonNode actual = json.get().at(e.getValue());
      Optional<JsonNode> want = expected.apply(e.getKey());
      boolean same = want.isEmpty() ? actual.isMissingNode()
          : !actual.isMissingNode() && JsonPaths.same(actual, want.get());
      if (same) {
        matched++;
      } else {
        wrong.add(e.getKey());
      }
    }
    double value = (double) matched / pointers.size();
    return wrong.isEmpty() ? Score.of(value) : Score.of(value, "fields that differ: " + String.join(", ", wrong));
  }

  /**
   * Returns the F1 of the normalised words the answer shares with the reference, as the SQuAD evaluation computes
   * it. Named {@code token_f1}.
   *
   * @return the scorer
   */
  public static Scorer tokenF1() {
    return Scorer.of("token_f1", (c, answer) -> Score.of(Overlap.f1(Text.tokens(answer), Text.tokens(c.reference()))));
  }

  /**
   * Returns ROUGE-L: the F-measure of the longest common subsequence of lower-case words (punctuation removed)
   * of the answer and the reference. Named {@code rouge_l}.
   *
   * @return the scorer
   */
  public static Scorer rougeL() {
    return Scorer.of("rouge_l", (c, answer) -> Score.of(Overlap.rougeL(Text.words(answer), Text.words(c.reference()))));
  }

  /**
   * Returns 1 when a test passes, 0 otherwise.
   *
   * @param name the scorer's name
   * @param test whether an answer to a case passes
   * @return the scorer
   */
  public static Scorer passIf(String name, BiPredicate<EvalCase, String> test) {
    Objects.requireNonNull(test, "test");
    return Scorer.of(name, (c, answer) -> Score.pass(test.test(c, answer)));
  }

  /**
   * Returns a scorer that asks a grader model to grade each answer against the reference on a scale of 0 to 5,
   * with {@link ModelGradedScorer#DEFAULT_RUBRIC}. Use {@link ModelGradedScorer#builder()} for another rubric or
   * scale. Named {@code model_graded}.
   *
   * @param grader the grader model
   * @return the scorer
   */
  public static Scorer modelGraded(ChatModel grader) {
    return ModelGradedScorer.builder().grader(grader).build();
  }
}
