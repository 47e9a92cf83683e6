package dev.finetune4j.testkit.openai;

import dev.finetune4j.testkit.Emulator;
import dev.finetune4j.testkit.ReceivedRequest;
import dev.finetune4j.testkit.VirtualClock;
import dev.finetune4j.testkit.internal.Checks;
import dev.finetune4j.testkit.internal.Ids;
import dev.finetune4j.testkit.internal.openai.ApiError;
import dev.finetune4j.testkit.internal.openai.ErrorEnvelope;
import dev.finetune4j.testkit.internal.openai.FineTunedModelIds;
import dev.finetune4j.testkit.internal.openai.OpenAiRoutes;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import mockwebserver3.MockResponse;

/**
 * An in-process, stateful emulator of the OpenAI API parts a fine-tuning workflow uses: Files, Uploads, fine-tuning
 * jobs (events, checkpoints, pause, resume, cancel), checkpoint permissions, Models, Chat Completions and Evals. Paths,
 * bodies, status values, list envelopes, error envelopes and headers follow the published API under {@code /v1}, so
 * an OpenAI client pointed at {@link #baseUrl()} works unchanged.
 *
 * <p>Jobs progress by the emulator's {@link VirtualClock} and their state is recomputed on every read. By default the
 * clock follows the wall clock and the simulated work runs {@link VirtualClock#DEFAULT_SPEED} times faster (a job
 * trains in a few seconds), so plain client code that waits in real time works unchanged. With
 * {@code builder().clock(VirtualClock.manual())} time moves only when the test advances it:
 *
 * <pre>{@code
 * try (OpenAiEmulator openai = OpenAiEmulator.builder().clock(VirtualClock.manual()).build().start()) {
 *   // point the client at openai.baseUrl() with the key OpenAiEmulator.DEFAULT_API_KEY,
 *   // upload a .jsonl file and create a job, then:
 *   openai.clock().advance(Duration.ofMinutes(10));   // the job has succeeded
 * }
 * }</pre>
 *
 * <p>Every request needs {@code Authorization: Bearer <key>} with the configured key (401 {@code invalid_api_key}
 * otherwise); checkpoint permission endpoints need the admin key when one is configured. Every response carries an
 * {@code x-request-id}. Thread-safe.
 */
public final class OpenAiEmulator extends Emulator {

  /** The API key an emulator accepts unless its builder says otherwise. */
  public static final String DEFAULT_API_KEY = "sk-test";

  /** The organization name used in fine-tuned model names unless the builder says otherwise. */
  public static final String DEFAULT_ORGANIZATION = "emulator-org";

  private final String apiKey;
  private final Optional<String> adminKey;
  private final Ids requestIds;
  private final OpenAiRoutes.Mount v1;

  private OpenAiEmulator(Builder builder) {
    super(builder.clock);
    this.apiKey = builder.apiKey;
    this.adminKey = Optional.ofNullable(builder.adminKey);
    this.requestIds = new Ids(builder.seed ^ 0x5EED);
    this.v1 = OpenAiRoutes.create(builder.clock, new Ids(builder.seed), FineTunedModelIds.openAi(builder.organization),
        builder.modelReadyAfter).mount("/v1", ErrorEnvelope.openAi());
  }

  /**
   * Returns an emulator whose clock follows the wall clock with work at {@link VirtualClock#DEFAULT_SPEED}, accepting
   * {@link #DEFAULT_API_KEY}. Call {@link #start()} before use.
   *
   * @return a new, not yet started emulator
   */
  public static OpenAiEmulator create() {
    return builder().build();
  }

  /**
   * Returns a builder for an emulator with a non-default clock, keys or organization.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the API key this emulator accepts.
   *
   * @return the key
   */
  public String apiKey() {
    return apiKey;
  }

  @Override
  public OpenAiEmulator start() {
    super.start();
    return this;
  }

  @Override
  public OpenAiEmulator start(int port) {
    super.start(port);
    return this;
  }

  @Override
  protected String basePath() {
    return v1.prefix();
  }

  @Override
  protected MockResponse handle(ReceivedRequest request) {
    Optional<String> path = v1.routePath(request);
    if (path.isEmpty()) {
      return v1.error(ApiError.invalidUrl(request.method(), request.path()));
    }
    try {
      authenticate(request, path.get().startsWith("/fine_tuning/checkpoints/"));
    } catch (ApiError e) {
      return v1.error(e);
    }
    return v1.answer(request, path.get());
  }

  @Override
  protected void addCommonHeaders(MockResponse.Builder response, ReceivedRequest request) {
    response.setHeader("x-request-id", requestIds.nextHex("req_", 32));
    response.setHeader("openai-version", "2020-10-01");
    response.setHeader("openai-processing-ms", "42");
  }

  @Override
  protected MockResponse unexpectedFailure(ReceivedRequest request, RuntimeException failure) {
    return v1.error(new ApiError(500, "server_error",
        "The server had an error while processing your request (emulator: " + failure + ").", null, null));
  }

  private void authenticate(ReceivedRequest request, boolean adminEndpoint) {
    Optional<String> header = request.header("Authorization");
    if (header.isEmpty() || !header.get().startsWith("Bearer ") || header.get().length() <= 7) {
      throw new ApiError(401, "invalid_request_error", "You didn't provide an API key. You need to provide your API"
          + " key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", null,
          "invalid_api_key");
    }
    String key = header.get().substring(7).trim();
    boolean isAdmin = adminKey.map(key::equals).orElse(false);
    if (!key.equals(apiKey) && !isAdmin) {
      throw new ApiError(401, "invalid_request_error", "Incorrect API key provided: " + mask(key)
          + ". You can find your API key at https://platform.openai.com/account/api-keys.", null, "invalid_api_key");
    }
    if (adminEndpoint && adminKey.isPresent() && !isAdmin) {
      throw new ApiError(403, "invalid_request_error", "You have insufficient permissions for this operation."
          + " Checkpoint permissions require an admin API key.", null, "insufficient_permissions");
    }
  }

  private static String mask(String key) {
    if (key.length() <= 8) {
      return "****";
    }
    return key.substring(0, 3) + "*".repeat(Math.min(20, key.length() - 7)) + key.substring(key.length() - 4);
  }

  /** Configures an {@link OpenAiEmulator}. Not thread-safe. */
  public static final class Builder {
    private VirtualClock clock = VirtualClock.accelerated(VirtualClock.DEFAULT_SPEED);
    private String apiKey = DEFAULT_API_KEY;
    private String adminKey;
    private String organization = DEFAULT_ORGANIZATION;
    private long seed = 42;
    private Duration modelReadyAfter = Duration.ZERO;

    private Builder() {
    }

    /**
     * Sets the clock jobs progress by; by default a new running clock at {@link VirtualClock#DEFAULT_SPEED}.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(VirtualClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the API key requests must carry; by default {@link #DEFAULT_API_KEY}.
     *
     * @param apiKey a non-blank key
     * @return this builder
     */
    public Builder apiKey(String apiKey) {
      this.apiKey = Checks.nonBlank(apiKey, "apiKey");
      return this;
    }

    /**
     * Sets an admin key; once set, checkpoint permission endpoints require it (403 with the plain API key). By default
     * there is none and the API key is accepted everywhere.
     *
     * @param adminKey a non-blank key
     * @return this builder
     */
    public Builder adminKey(String adminKey) {
      this.adminKey = Checks.nonBlank(adminKey, "adminKey");
      return this;
    }

    /**
     * Sets the organization name that appears in fine-tuned model names, {@code ft:{base}:{organization}:...}.
     *
     * @param organization a non-blank name without colons
     * @return this builder
     */
    public Builder organization(String organization) {
      Checks.nonBlank(organization, "organization");
      if (organization.contains(":")) {
        throw new IllegalArgumentException("organization must not contain ':', got " + organization);
      }
      this.organization = organization;
      return this;
    }

    /**
     * Sets the seed of the generated ids; equal seeds give equal ids for equal request sequences. Default 42.
     *
     * @param seed any number
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Sets how long after its job succeeded a fine-tuned model still answers chat requests with 404
     * {@code model_not_found}, as the real service does for a few minutes. Default zero: usable at once.
     *
     * @param delay a non-negative duration of virtual time
     * @return this builder
     */
    public Builder fineTunedModelReadyAfter(Duration delay) {
      this.modelReadyAfter = Checks.nonNegative(delay, "delay");
      return this;
    }

    /**
     * Builds an emulator; call {@link OpenAiEmulator#start()} on it.
     *
     * @return a new emulator
     */
    public OpenAiEmulator build() {
      return new OpenAiEmulator(this);
    }
  }
}
