package dev.finetune4j.eval;

import dev.finetune4j.error.LocalIoException;
import dev.finetune4j.dataset.JsonlLine;
import dev.finetune4j.dataset.JsonlReader;
import dev.finetune4j.error.LocalValidationException;
import dev.finetune4j.eval.internal.CaseParser;
import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.model.ChatModel;
import dev.finetune4j.model.ChatRequest;
import dev.finetune4j.model.Role;
import dev.finetune4j.model.internal.RequestChecks;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * One contender of an {@link Evaluation}: a {@link ChatModel} (base or tuned, at any provider) with the prompt and
 * settings it is called with, its prices and its rate limits.
 *
 * <p>What each case sends: the candidate's system prompt (which then replaces the case's own system messages) or
 * else the case's leading system messages; then the few-shot examples; then the rest of the case's conversation.
 *
 * <pre>{@code
 * Candidate tuned = Candidate.builder()
 *     .name("tuned")
 *     .model(tunedModel)
 *     .temperature(0)
 *     .prices(new BigDecimal("3.00"), new BigDecimal("12.00"))
 *     .requestsPerMinute(500)
 *     .build();
 * }</pre>
 */
public final class Candidate {
  private final String name;
  private final ChatModel model;
  private final String systemPrompt;
  private final List<ChatMessage> examples;
  private final Double temperature;
  private final Integer maxCompletionTokens;
  private final Long seed;
  private final BigDecimal inputPricePerMillion;
  private final BigDecimal outputPricePerMillion;
  private final Integer requestsPerMinute;
  private final Long tokensPerMinute;

  private Candidate(Builder b) {
    this.name = b.name;
    this.model = b.model;
    this.systemPrompt = b.systemPrompt;
    this.examples = List.copyOf(b.examples);
    this.temperature = b.temperature;
    this.maxCompletionTokens = b.maxCompletionTokens;
    this.seed = b.seed;
    this.inputPricePerMillion = b.inputPricePerMillion;
    this.outputPricePerMillion = b.outputPricePerMillion;
    this.requestsPerMinute = b.requestsPerMinute;
    this.tokensPerMinute = b.tokensPerMinute;
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this candidate's values.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.name = name;
    b.model = model;
    b.systemPrompt = systemPrompt;
    b.examples.addAll(examples);
    b.temperature = temperature;
    b.maxCompletionTokens = maxCompletionTokens;
    b.seed = seed;
    b.inputPricePerMillion = inputPricePerMillion;
    b.outputPricePerMillion = outputPricePerMillion;
    b.requestsPerMinute = requestsPerMinute;
    b.tokensPerMinute = tokensPerMinute;
    return b;
  }

  /**
   * Returns a candidate that sends each case as it is, with the provider's default settings.
   *
   * @param name the name shown in reports
   * @param model the model
   * @return the candidate
   */
  public static Candidate zeroShot(String name, ChatModel model) {
    return builder().name(name).model(model).build();
  }

  /**
   * Returns a candidate that prepends the first {@code count} examples of a chat-format training file (JSONL,
   * {@code {"messages": [...]}} a line) to every case. The examples' system messages are left out. The file is read by
   * the dataset package's {@link JsonlReader}, with the rules of {@link dev.finetune4j.dataset.DatasetValidator}: a
   * byte order mark at the start is skipped, and a line with a duplicate key is not valid JSON.
   *
   * @param name the name shown in reports
   * @param model the model
   * @param trainingFile the training file
   * @param count how many examples, at least 1
   * @return the candidate
   * @throws LocalValidationException if a line read is not a chat example or the file has fewer examples; its
   *     {@link LocalValidationException#problems() problems} name the file and the line
   * @throws LocalIoException if the file cannot be read
   */
  public static Candidate fewShot(String name, ChatModel model, Path trainingFile, int count) {
    return builder().name(name).model(model).examples(readExamples(trainingFile, count, OptionalLong.empty()))
        .build();
  }

  /**
   * Returns a candidate that prepends {@code count} examples sampled from a chat-format training file to every
   * case. The sample depends only on the file and the seed, and keeps the file's order; the examples' system
   * messages are left out. The file is read once, keeping only the sampled lines, by the same reader and rules as
   * {@link #fewShot(String, ChatModel, Path, int)}.
   *
   * @param name the name shown in reports
   * @param model the model
   * @param trainingFile the training file
   * @param count how many examples, at least 1
   * @param seed the sampling seed
   * @return the candidate
   * @throws LocalValidationException if a line is not a chat example or the file has fewer examples; its
   *     {@link LocalValidationException#problems() problems} name the file and the line
   * @throws LocalIoException if the file cannot be read
   */
  public static Candidate fewShot(String name, ChatModel model, Path trainingFile, int count, long seed) {
    return builder().name(name).model(model).examples(readExamples(trainingFile, count, OptionalLong.of(seed)))
        .build();
  }

  private static List<ChatMessage> readExamples(Path file, int count, OptionalLong seed) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, was " + count);
    }
    TreeMap<Long, List<ChatMessage>> chosen = new TreeMap<>();
    SplittableRandom random = seed.isPresent() ? new SplittableRandom(seed.getAsLong()) : null;
    long seen = 0;
    try (JsonlReader reader = JsonlReader.open(file)) {
      for (JsonlLine line : reader) {
        if (line.isBlank()) {
          continue;
        }
        long number = line.number();
        List<ChatMessage> conversation;
        try {
          conversation = CaseParser.parseConversation(line);
        } catch (CaseParser.BadLine e) {
          throw badLine(file, number, "line " + e.getMessage());
        }
        List<ChatMessage> turns = conversation.stream().filter(m -> m.role() != Role.SYSTEM
            && m.role() != Role.DEVELOPER).toList();
        if (turns.isEmpty() || turns.get(turns.size() - 1).role() != Role.ASSISTANT) {
          throw badLine(file, number, "line does not end with an assistant message");
        }
        seen++;
        if (random == null) {
          chosen.put(number, turns);
          if (chosen.size() == count) {
            break;
          }
        } else if (chosen.size() < count) {
          chosen.put(number, turns);
        } else {
          long slot = random.nextLong(seen);
          if (slot < count) {
            chosen.remove(nthKey(chosen, (int) slot));
            chosen.put(number, turns);
          }
        }
      }
    } catch (LocalIoException e) {
      throw new LocalIoException("Could not read the few-shot file " + file
          + ": " + e.getCause().getMessage(), file, e.getCause());
    }
    if (chosen.size() < count) {
      throw new LocalValidationException("the few-shot file " + file + " has too few examples",
          List.of(file + ": " + count + " examples asked for, " + seen + " found"));
    }
    List<ChatMessage> messages = new ArrayList<>();
    chosen.values().forEach(messages::addAll);
    return messages;
  }

  private static LocalValidationException badLine(Path file, long number, String reason) {
    return new LocalValidationException("the few-shot file " + file + " has a bad line (line " + number + ")",
        List.of(file + ":" + number + ": " + reason));
  }

  private static Long nthKey(TreeMap<Long, ?> map, int n) {
    int i = 0;
    for (Long key : map.keySet()) {
      if (i++ == n) {
        return key;
      }
    }
    throw new IllegalStateException("no key at " + n);
  }

  /** @return the name shown in reports */
  public String name() {
    return name;
  }

  /** @return the model called */
  public ChatModel model() {
    return model;
  }

  /** @return the system prompt sent first, if set */
  public Optional<String> systemPrompt() {
    return Optional.ofNullable(systemPrompt);
  }

  /** @return the few-shot messages prepended to each case, user and assistant turns; empty if none */
  public List<ChatMessage> examples() {
    return examples;
  }

  /** @return the sampling temperature, if set */
  public OptionalDouble temperature() {
    return temperature == null ? OptionalDouble.empty() : OptionalDouble.of(temperature);
  }

  /** @return the most tokens an answer may use, if set */
  public OptionalInt maxCompletionTokens() {
    return maxCompletionTokens == null ? OptionalInt.empty() : OptionalInt.of(maxCompletionTokens);
  }

  /** @return the sampling seed, if set */
  public OptionalLong seed() {
    return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
  }

  /** @return the price per million input tokens, if set */
  public Optional<BigDecimal> inputPricePerMillion() {
    return Optional.ofNullable(inputPricePerMillion);
  }

  /** @return the price per million output tokens, if set */
  public Optional<BigDecimal> outputPricePerMillion() {
    return Optional.ofNullable(outputPricePerMillion);
  }

  /** @return the most requests per minute sent to this candidate, if limited */
  public OptionalInt requestsPerMinute() {
    return requestsPerMinute == null ? OptionalInt.empty() : OptionalInt.of(requestsPerMinute);
  }

  /** @return the most tokens (input and output) per minute sent to this candidate, if limited */
  public OptionalLong tokensPerMinute() {
    return tokensPerMinute == null ? OptionalLong.empty() : OptionalLong.of(tokensPerMinute);
  }

  /**
   * Returns the request this candidate sends for a case.
   *
   * @param evalCase the case
   * @param timeout the per-case timeout, if any
   * @return the request
   */
  public ChatRequest requestFor(EvalCase evalCase, Optional<Duration> timeout) {
    ChatRequest.Builder request = ChatRequest.builder();
    List<ChatMessage> conversation = evalCase.messages();
    int start = 0;
    while (start < conversation.size() && isInstruction(conversation.get(start))) {
      start++;
    }
    if (systemPrompt != null) {
      request.message(ChatMessage.system(systemPrompt));
    } else {
      for (ChatMessage m : conversation.subList(0, start)) {
        request.message(m);
      }
    }
    for (ChatMessage m : examples) {
      request.message(m);
    }
    for (ChatMessage m : conversation.subList(start, conversation.size())) {
      if (systemPrompt == null || !isInstruction(m)) {
        request.message(m);
      }
    }
    if (temperature != null) {
      request.temperature(temperature);
    }
    if (maxCompletionTokens != null) {
      request.maxCompletionTokens(maxCompletionTokens);
    }
    if (seed != null) {
      request.seed(seed);
    }
    timeout.ifPresent(request::timeout);
    return request.build();
  }

  private static boolean isInstruction(ChatMessage m) {
    return m.role() == Role.SYSTEM || m.role() == Role.DEVELOPER;
  }

  @Override
  public String toString() {
    return "Candidate{name=" + name + ", model=" + model.model() + ", examples=" + examples.size() + '}';
  }

  /** Builds a {@link Candidate}; a name and a model are required. */
  public static final class Builder {
    private String name;
    private ChatModel model;
    private String systemPrompt;
    private final List<ChatMessage> examples = new ArrayList<>();
    private Double temperature;
    private Integer maxCompletionTokens;
    private Long seed;
    private BigDecimal inputPricePerMillion;
    private BigDecimal outputPricePerMillion;
    private Integer requestsPerMinute;
    private Long tokensPerMinute;

    private Builder() {}

    /**
     * Sets the name shown in reports and used to compare candidates.
     *
     * @param name not blank
     * @return this builder
     */
    public Builder name(String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("a candidate name must not be blank");
      }
      this.name = name;
      return this;
    }

    /**
     * Sets the model called.
     *
     * @param model the model
     * @return this builder
     */
    public Builder model(ChatModel model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /**
     * Sets a system prompt, sent first in place of the case's own system messages.
     *
     * @param systemPrompt not blank
     * @return this builder
     */
    public Builder systemPrompt(String systemPrompt) {
      if (systemPrompt == null || systemPrompt.isBlank()) {
        throw new IllegalArgumentException("a system prompt must not be blank");
      }
      this.systemPrompt = systemPrompt;
      return this;
    }

    /**
     * Replaces the few-shot messages prepended to every case: user and assistant turns, ending with an assistant
     * answer.
     *
     * @param examples the messages; empty for none
     * @return this builder
     */
    public Builder examples(List<ChatMessage> examples) {
      List<ChatMessage> copy = List.copyOf(examples);
      if (!copy.isEmpty() && copy.get(copy.size() - 1).role() != Role.ASSISTANT) {
        throw new IllegalArgumentException("few-shot examples must end with an assistant answer, the last is "
            + copy.get(copy.size() - 1).role().wireName());
      }
      this.examples.clear();
      this.examples.addAll(copy);
      return this;
    }

    /**
     * Adds one few-shot example: a question and its answer.
     *
     * @param question the user's message
     * @param answer the assistant's answer
     * @return this builder
     */
    public Builder example(String question, String answer) {
      examples.add(ChatMessage.user(Objects.requireNonNull(question, "question")));
      examples.add(ChatMessage.assistant(Objects.requireNonNull(answer, "answer")));
      return this;
    }

    /**
     * Sets the sampling temperature; 0 makes answers as repeatable as the provider allows.
     *
     * @param temperature 0 to 2
     * @return this builder
     */
    public Builder temperature(double temperature) {
      this.temperature = RequestChecks.temperature(temperature);
      return this;
    }

    /**
     * Sets the most tokens an answer may use.
     *
     * @param maxCompletionTokens at least 1
     * @return this builder
     */
    public Builder maxCompletionTokens(int maxCompletionTokens) {
      this.maxCompletionTokens = RequestChecks.maxCompletionTokens(maxCompletionTokens);
      return this;
    }

    /**
     * Sets the sampling seed.
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Sets the prices per million tokens, in one currency, used for the cost in the report.
     *
     * @param inputPerMillion price of a million input tokens, not negative
     * @param outputPerMillion price of a million output tokens, not negative
     * @return this builder
     */
    public Builder prices(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
      Objects.requireNonNull(inputPerMillion, "inputPerMillion");
      Objects.requireNonNull(outputPerMillion, "outputPerMillion");
      if (inputPerMillion.signum() < 0 || outputPerMillion.signum() < 0) {
        throw new IllegalArgumentException("prices must not be negative, were " + inputPerMillion + " and "
            + outputPerMillion);
      }
      this.inputPricePerMillion = inputPerMillion;
      this.outputPricePerMillion = outputPerMillion;
      return this;
    }

    /**
     * Limits the requests sent to this candidate per minute (a token bucket holding one minute's worth).
     *
     * @param requestsPerMinute at least 1
     * @return this builder
     */
    public Builder requestsPerMinute(int requestsPerMinute) {
      if (requestsPerMinute < 1) {
        throw new IllegalArgumentException("requestsPerMinute must be at least 1, was " + requestsPerMinute);
      }
      this.requestsPerMinute = requestsPerMinute;
      return this;
    }

    /**
     * Limits the tokens (input and output) sent to this candidate per minute. Before a request its tokens are
     * estimated (4 characters a token, plus the answer limit when set); after it, the provider's count replaces the
     * estimate.
     *
     * @param tokensPerMinute at least 1
     * @return this builder
     */
    public Builder tokensPerMinute(long tokensPerMinute) {
      if (tokensPerMinute < 1) {
        throw new IllegalArgumentException("tokensPerMinute must be at least 1, was " + tokensPerMinute);
      }
      this.tokensPerMinute = tokensPerMinute;
      return this;
    }

    /**
     * Builds the candidate.
     *
     * @return the candidate
     * @throws IllegalStateException if the name or the model is missing
     */
    public Candidate build() {
      if (name == null) {
        throw new IllegalStateException("a candidate needs a name: call name(...)");
      }
      if (model == null) {
        throw new IllegalStateException("candidate " + name + " needs a model: call model(...)");
      }
      return new Candidate(this);
    }
  }
}
