package dev.finetune4j.eval;

import dev.finetune4j.eval.internal.GradeParser;
import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.model.ChatModel;
import dev.finetune4j.model.ChatRequest;
import dev.finetune4j.model.ChatResponse;
import dev.finetune4j.model.internal.RequestChecks;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a grader model (any {@link ChatModel}, at any provider) to grade an answer against the reference with a
 * rubric, on a scale from 0 to {@code maxGrade}, and normalises the grade to [0, 1].
 *
 * <p>The grade is read robustly: {@code Grade: 4/5}, {@code score: 0.8}, {@code {"score": 4}}, {@code 80%} or a
 * bare number all work. A reply with no readable grade, or a grader call that fails, gives a {@link Score#error}
 * for that answer; the run goes on. The grader's reply is kept as the score's explanation.
 *
 * <pre>{@code
 * Scorer graded = ModelGradedScorer.builder()
 *     .grader(gpt4o)
 *     .rubric("Full marks only if the recipe lists quantities for every ingredient.")
 *     .build();
 * }</pre>
 */
public final class ModelGradedScorer implements Scorer {
  private static final Logger LOG = LoggerFactory.getLogger(ModelGradedScorer.class);

  /** The rubric used when none is given. */
  public static final String DEFAULT_RUBRIC = "Judge whether the answer says what the reference answer says. "
      + "Wording may differ; facts, numbers and conclusions must agree. Give the highest grade to an answer as "
      + "correct and complete as the reference, and 0 to a wrong, missing or irrelevant answer.";

  private final String name;
  private final ChatModel grader;
  private final String rubric;
  private final int maxGrade;
  private final Double temperature;
  private final Duration timeout;

  private ModelGradedScorer(Builder b) {
    this.name = b.name;
    this.grader = b.grader;
    this.rubric = b.rubric;
    this.maxGrade = b.maxGrade;
    this.temperature = b.temperature;
    this.timeout = b.timeout;
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return name;
  }

  /** @return the grader model */
  public ChatModel grader() {
    return grader;
  }

  /** @return the rubric the grader is given */
  public String rubric() {
    return rubric;
  }

  /** @return the highest grade of the scale */
  public int maxGrade() {
    return maxGrade;
  }

  /**
   * Returns the request sent to the grader for an answer.
   *
   * @param evalCase the case
   * @param answer the answer to grade
   * @return the request
   */
  public ChatRequest requestFor(EvalCase evalCase, String answer) {
    String system = "You grade answers. Compare the answer with the reference answer using the rubric. Write "
        + "one or two sentences of reasoning, then a last line exactly of the form \"Grade: N/" + maxGrade
        + "\" where N is a whole number from 0 (wrong) to " + maxGrade + " (fully correct).";
    String user = "Rubric:\n" + rubric + "\n\nQuestion:\n" + evalCase.question() + "\n\nReference answer:\n"
        + evalCase.reference() + "\n\nAnswer to grade:\n" + answer;
    ChatRequest.Builder request = ChatRequest.builder()
        .messages(List.of(ChatMessage.system(system), ChatMessage.user(user)));
    if (temperature != null) {
      request.temperature(temperature);
    }
    if (timeout != null) {
      request.timeout(timeout);
    }
    return request.build();
  }

  @Override
  public Score score(EvalCase evalCase, String answer) {
    ChatResponse response;
    try {
      response = grader.complete(requestFor(evalCase, answer));
    } catch (RuntimeException e) {
      LOG.debug("grader {} failed on case {}", grader.model(), evalCase.id(), e);
      return Score.error("the grader " + grader.model() + " failed: " + e.getMessage());
    }
    String reply = response.text();
    GradeParser.Result grade = GradeParser.parse(reply, maxGrade);
    if (grade.grade().isEmpty()) {
      return Score.error(grade.error().orElse("no grade"));
    }
    return Score.of(grade.grade().getAsDouble(), reply.strip());
  }

  @Override
  public String toString() {
    return "ModelGradedScorer{name=" + name + ", grader=" + grader.model() + ", maxGrade=" + maxGrade + '}';
  }

  /** Builds a {@link ModelGradedScorer}; a grader is required. */
  public static final class Builder {
    private String name = "model_graded";
    private ChatModel grader;
    private String rubric = DEFAULT_RUBRIC;
    private int maxGrade = 5;
    private Double temperature;
    private Duration timeout;

    private Builder() {}

    /**
     * Sets the scorer's name; {@code model_graded} by default.
     *
     * @param name not blank
     * @return this builder
     */
    public Builder name(String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("a scorer name must not be blank");
      }
      this.name = name;
      return this;
    }

    /**
     * Sets the model that grades.
     *
     * @param grader the model
     * @return this builder
     */
    public Builder grader(ChatModel grader) {
      this.grader = Objects.requireNonNull(grader, "grader");
      return this;
    }

    /**
     * Sets what the grader checks; {@link #DEFAULT_RUBRIC} by default.
     *
     * @param rubric not blank
     * @return this builder
     */
    public Builder rubric(String rubric) {
      if (rubric == null || rubric.isBlank()) {
        throw new IllegalArgumentException("a rubric must not be blank");
      }
      this.rubric = rubric;
      return this;
    }

    /**
     * Sets the highest grade; grades run from 0 to it. 5 by default.
     *
     * @param maxGrade 1 to 100
     * @return this builder
     */
    public Builder maxGrade(int maxGrade) {
      if (maxGrade < 1 || maxGrade > 100) {
        throw new IllegalArgumentException("maxGrade must be between 1 and 100, was " + maxGrade);
      }
      this.maxGrade = maxGrade;
      return this;
    }

    /**
     * Sets the grader's temperature; unset by default (some reasoning models accept no other than their default).
     *
     * @param temperature 0 to 2
     * @return this builder
     */
    public Builder temperature(double temperature) {
      this.temperature = RequestChecks.temperature(temperature);
      return this;
    }

    /**
     * Sets a timeout for each grader call.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = RequestChecks.positive("timeout", timeout);
      return this;
    }

    /**
     * Builds the scorer.
     *
     * @return the scorer
     * @throws IllegalStateException if no grader was set
     */
    public ModelGradedScorer build() {
      if (grader == null) {
        throw new IllegalStateException("a model-graded scorer needs a grader: call grader(...)");
      }
      return new ModelGradedScorer(this);
    }
  }
}
