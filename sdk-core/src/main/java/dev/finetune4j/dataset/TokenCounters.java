package dev.finetune4j.dataset;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Token counters and per-example training token limits by model name.
 *
 * <p>OpenAI models are counted exactly with their tokenizer: {@code o200k_base} for gpt-4o, gpt-4.1, gpt-4.5, gpt-5,
 * o1, o3, o4 and later families; {@code cl100k_base} for gpt-4, gpt-3.5-turbo, babbage-002 and davinci-002. Fine-tuned
 * names resolve to their base model: OpenAI's {@code ft:gpt-4o-mini-2024-07-18:org:suffix:id} and Azure's
 * {@code gpt-4o-mini-2024-07-18.ft-0123abcd}. Any other model gets {@link #estimate()}.
 */
public final class TokenCounters {

  /**
   * The per-example training token limit assumed for models without a published one: 65,536, the limit of
   * gpt-4o-2024-08-06 and gpt-4o-mini-2024-07-18.
   */
  public static final int DEFAULT_TRAINING_TOKEN_LIMIT = 65_536;

  private static final Map<String, Integer> LIMITS = Map.of(
      "gpt-4o-2024-08-06", 65_536,
      "gpt-4o-mini-2024-07-18", 65_536,
      "gpt-3.5-turbo", 16_385,
      "gpt-3.5-turbo-0125", 16_385,
      "gpt-3.5-turbo-1106", 16_385,
      "gpt-3.5-turbo-0613", 4_096);

  private static final String[] O200K_PREFIXES = {
      "gpt-4o", "chatgpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "gpt-oss", "o1", "o3", "o4"};
  private static final String[] CL100K_PREFIXES = {
      "gpt-4", "gpt-3.5", "gpt-35", "babbage-002", "davinci-002", "text-embedding-3", "text-embedding-ada-002"};

  private TokenCounters() {}

  /**
   * Returns the token counter for a model: exact for known OpenAI models, {@link #estimate()} otherwise.
   *
   * @param model a model name, such as {@code gpt-4o-mini-2024-07-18} or a fine-tuned model's name
   * @return the counter
   */
  public static TokenCounter forModel(String model) {
    String base = baseModel(model);
    for (String prefix : O200K_PREFIXES) {
      if (base.startsWith(prefix)) {
        return Jtokkit.O200K;
      }
    }
    for (String prefix : CL100K_PREFIXES) {
      if (base.startsWith(prefix)) {
        return Jtokkit.CL100K;
      }
    }
    return Estimate.INSTANCE;
  }

  /**
   * Returns the estimating counter used for models whose tokenizer is not known: one token per 4 UTF-16 characters,
   * rounded up ({@code ceil(length / 4)}), a common rule of thumb for English text. {@link TokenCounter#isExact()}
   * is false.
   *
   * @return the counter
   */
  public static TokenCounter estimate() {
    return Estimate.INSTANCE;
  }

  /**
   * Returns the number of tokens one training example may have for a model; longer examples are truncated by the
   * provider. Known: 65,536 for gpt-4o-2024-08-06 and gpt-4o-mini-2024-07-18, 16,385 for gpt-3.5-turbo-0125 and
   * -1106, 4,096 for gpt-3.5-turbo-0613; {@link #DEFAULT_TRAINING_TOKEN_LIMIT} for any other model.
   *
   * @param model a model name, or a fine-tuned model's name
   * @return the limit in tokens
   */
  public static int trainingTokenLimit(String model) {
    return LIMITS.getOrDefault(baseModel(model), DEFAULT_TRAINING_TOKEN_LIMIT);
  }

  static String baseModel(String model) {
    Objects.requireNonNull(model, "model");
    String name = model.trim().toLowerCase(Locale.ROOT);
    if (name.startsWith("ft:")) {
      int end = name.indexOf(':', 3);
      name = end < 0 ? name.substring(3) : name.substring(3, end);
    }
    int azure = name.indexOf(".ft-");
    if (azure > 0) {
      name = name.substring(0, azure);
    }
    return name;
  }

  private static final class Jtokkit implements TokenCounter {
    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();
    static final Jtokkit O200K = new Jtokkit(EncodingType.O200K_BASE);
    static final Jtokkit CL100K = new Jtokkit(EncodingType.CL100K_BASE);

    private final EncodingType type;
    private volatile Encoding encoding;

    private Jtokkit(EncodingType type) {
      this.type = type;
    }

    @Override
    public int count(String text) {
      if (text.isEmpty()) {
        return 0;
      }
      Encoding e = encoding;
      if (e == null) {
        e = REGISTRY.getEncoding(type);
        encoding = e;
      }
      return e.countTokensOrdinary(text);
    }

    @Override
    public boolean isExact() {
      return true;
    }

    @Override
    public String name() {
      return type.getName();
    }

    @Override
    public String toString() {
      return "TokenCounter[" + name() + "]";
    }
  }

  private static final class Estimate implements TokenCounter {
    static final Estimate INSTANCE = new Estimate();

    @Override
    public int count(String text) {
      return (text.length() + 3) / 4;
    }

    @Override
    public boolean isExact() {
      return false;
    }

    @Override
    public String name() {
      return "estimate: ceil(characters / 4)";
    }

    @Override
    public String toString() {
      return "TokenCounter[" + name() + "]";
    }
  }
}
