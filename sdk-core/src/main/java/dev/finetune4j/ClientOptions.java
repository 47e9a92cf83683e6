package dev.finetune4j;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * What an application configures on any provider's client, beyond its credentials: the retry policy, the
 * timeouts, an {@link OkHttpClient} to share, and the clock and sleeper used while waiting. Every provider builder
 * takes one with {@code options(ClientOptions)}. Immutable; change a copy with {@link #toBuilder()}.
 *
 * <pre>{@code
 * ClientOptions options = ClientOptions.builder()
 *     .retryPolicy(RetryPolicy.builder().maxRetries(4).build())
 *     .timeouts(Duration.ofSeconds(10), Duration.ofMinutes(2), Duration.ofMinutes(5))
 *     .build();
 * OpenAi openai = OpenAi.builder().apiKey(key).options(options).build();
 * }</pre>
 */
public final class ClientOptions {
  /** The default time to open a connection: 30 s. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
  /** The default time for each read or write on a connection: 10 min. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMinutes(10);
  /** The default time for one whole call, its retries and the pauses between them included: 10 min. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofMinutes(10);

  private static final ClientOptions DEFAULTS = new Builder().build();

  private final RetryPolicy retryPolicy;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration callTimeout;
  private final boolean timeoutsSet;
  private final OkHttpClient okHttpClient;
  private final Clock clock;
  private final Sleeper sleeper;

  private ClientOptions(Builder b) {
    this.retryPolicy = b.retryPolicy;
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.callTimeout = b.callTimeout;
    this.timeoutsSet = b.timeoutsSet;
    this.okHttpClient = b.okHttpClient;
    this.clock = b.clock;
    this.sleeper = b.sleeper;
  }

  /**
   * Returns the defaults: {@link RetryPolicy#defaults()}, 30 s to connect, 10 min per read and per call, the
   * system clock and real sleeping.
   *
   * @return the default options
   */
  public static ClientOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a builder starting from the defaults.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder starting from these options.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.retryPolicy = retryPolicy;
    b.connectTimeout = connectTimeout;
    b.readTimeout = readTimeout;
    b.callTimeout = callTimeout;
    b.timeoutsSet = timeoutsSet;
    b.okHttpClient = okHttpClient;
    b.clock = clock;
    b.sleeper = sleeper;
    return b;
  }

  /** @return the retry policy for every call */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /** @return the time to open a connection */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** @return the time allowed for each read or write on a connection */
  public Duration readTimeout() {
    return readTimeout;
  }

  /**
   * The deadline of every call: its attempts, the pauses between them and, for a stream, the reading of its body
   * must all end within it. No attempt or pause starts that the time left cannot hold; the call then ends with a
   * {@link dev.finetune4j.error.RequestTimeoutException} naming the deadline and the attempts made.
   *
   * @return the time allowed for one whole call, retries included; zero for none
   */
  public Duration callTimeout() {
    return callTimeout;
  }

  /**
   * Says whether {@link Builder#timeouts} was called. When it was not and an {@link OkHttpClient} is shared, the
   * SDK keeps that client's own connect, read and write timeouts, and its call timeout when it has one.
   *
   * @return whether the timeouts were set explicitly
   */
  public boolean timeoutsSet() {
    return timeoutsSet;
  }

  /** @return the application's OkHttp client the SDK shares (and never closes), if one was given */
  public Optional<OkHttpClient> okHttpClient() {
    return Optional.ofNullable(okHttpClient);
  }

  /** @return the clock deadlines of waits are measured with */
  public Clock clock() {
    return clock;
  }

  /** @return how the client sleeps between polls */
  public Sleeper sleeper() {
    return sleeper;
  }

  @Override
  public String toString() {
    return "ClientOptions{retryPolicy=" + retryPolicy + ", connectTimeout=" + connectTimeout + ", readTimeout="
        + readTimeout + ", callTimeout=" + callTimeout + (okHttpClient == null ? "" : ", okHttpClient=shared") + '}';
  }

  /** Builds {@link ClientOptions}; every setter checks its value at once. */
  public static final class Builder {
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
    private boolean timeoutsSet;
    private OkHttpClient okHttpClient;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.THREAD;

    private Builder() {}

    /**
     * Sets the retry policy; default {@link RetryPolicy#defaults()}.
     *
     * @param retryPolicy the policy
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /**
     * Sets the timeouts; defaults 30 s to connect, 10 min per read and per call.
     *
     * @param connect to open a connection, positive
     * @param read for each read or write, positive
     * @param call for one whole call, its retries and the pauses between them included (see
     *     {@link ClientOptions#callTimeout()}), positive, or zero for none
     * @return this builder
     */
    public Builder timeouts(Duration connect, Duration read, Duration call) {
      this.connectTimeout = positive("connect timeout", connect, false);
      this.readTimeout = positive("read timeout", read, false);
      this.callTimeout = positive("call timeout", call, true);
      this.timeoutsSet = true;
      return this;
    }

    /**
     * Shares the application's OkHttp client (connection pool, dispatcher, interceptors). The SDK derives its own
     * settings from it and never closes it. Its timeouts are kept unless {@link #timeouts} is called, its call timeout
     * being the deadline of each whole call, retries included; a client without a call timeout gets
     * {@link #DEFAULT_CALL_TIMEOUT}, so that a slow body cannot hold a call forever.
     *
     * @param client the client
     * @return this builder
     */
    public Builder okHttpClient(OkHttpClient client) {
      this.okHttpClient = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Sets the clock deadlines of waits are measured with; tests pass a virtual clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets how the client sleeps between polls (file processing, eval runs, endpoints); tests pass a virtual
     * clock's sleeper. Retries sleep with the retry policy's own sleeper.
     *
     * @param sleeper the sleeper
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public ClientOptions build() {
      return new ClientOptions(this);
    }

    private static Duration positive(String name, Duration value, boolean zeroAllowed) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || (!zeroAllowed && value.isZero())) {
        throw new IllegalArgumentException(name + " must be " + (zeroAllowed ? "zero or positive" : "positive")
            + ", was " + value);
      }
      return value;
    }
  }
}
