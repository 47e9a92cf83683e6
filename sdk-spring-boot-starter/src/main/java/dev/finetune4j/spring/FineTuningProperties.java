package dev.finetune4j.spring;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code finetune4j.*} properties that configure the auto-configured {@link dev.finetune4j.FineTuningClient}.
 *
 * <p>The provider's credentials and endpoints are read from the variables the provider always reads
 * ({@code OPENAI_API_KEY}, {@code OPENAI_BASE_URL}, {@code HF_TOKEN}, {@code HF_ENDPOINT}, ...), looked up in the
 * Spring {@code Environment}: the process environment, system properties or application properties alike. The
 * {@link #getApiKey() api-key} and {@link #getEnv() env} properties override them.
 */
@ConfigurationProperties(prefix = "finetune4j")
public class FineTuningProperties {
  /** Whether to auto-configure a FineTuningClient. */
  private boolean enabled = true;

  /**
   * The provider to use, such as openai, azure or huggingface; its module must be on the class path. May be left
   * out when exactly one provider module is there.
   */
  private String provider;

  /**
   * The provider's API key or token; overrides the provider's usual variable (OPENAI_API_KEY, HF_TOKEN, ...).
   */
  private String apiKey;

  /** Further provider variables, by name, such as OPENAI_BASE_URL or HF_NAMESPACE; they override the Environment. */
  private Map<String, String> env = new LinkedHashMap<>();

  /** How failed calls are retried. */
  private final Retry retry = new Retry();

  /** The HTTP timeouts. */
  private final Timeouts timeouts = new Timeouts();

  /** Creates the properties with their defaults. */
  public FineTuningProperties() {}

  /**
   * Tells whether a client is auto-configured.
   *
   * @return true unless {@code finetune4j.enabled=false}
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Sets whether a client is auto-configured.
   *
   * @param enabled false to configure none
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * Returns the provider's name.
   *
   * @return the name, or null when not set
   */
  public String getProvider() {
    return provider;
  }

  /**
   * Sets the provider's name.
   *
   * @param provider such as {@code openai}
   */
  public void setProvider(String provider) {
    this.provider = provider;
  }

  /**
   * Returns the API key that overrides the provider's variable.
   *
   * @return the key, or null when not set
   */
  public String getApiKey() {
    return apiKey;
  }

  /**
   * Sets the API key that overrides the provider's variable.
   *
   * @param apiKey the key or token
   */
  public void setApiKey(String apiKey) {
    this.apiKey = apiKey;
  }

  /**
   * Returns the provider variables set through properties.
   *
   * @return the variables by name
   */
  public Map<String, String> getEnv() {
    return env;
  }

  /**
   * Sets the provider variables set through properties.
   *
   * @param env the variables by name
   */
  public void setEnv(Map<String, String> env) {
    this.env = env;
  }

  /**
   * Returns the retry settings.
   *
   * @return the retry settings
   */
  public Retry getRetry() {
    return retry;
  }

  /**
   * Returns the timeouts.
   *
   * @return the timeouts
   */
  public Timeouts getTimeouts() {
    return timeouts;
  }

  @Override
  public String toString() {
    return "FineTuningProperties{provider=" + provider + ", apiKey=" + (apiKey == null ? "unset" : "***")
        + ", env=" + env.keySet() + "}";
  }

  /** {@code finetune4j.retry.*}: how connection failures, 408, 409, 429 and 5xx answers are retried. */
  public static class Retry {
    /** How many times a failed call is retried; 0 turns retries off. */
    private int maxRetries = 2;

    /** The backoff before the first retry; it doubles on each retry up to max-backoff, with jitter. */
    private Duration initialBackoff = Duration.ofMillis(500);

    /** The longest backoff between two attempts. */
    private Duration maxBackoff = Duration.ofSeconds(8);

    /**
     * The longest Retry-After the client waits for; a longer one fails the call at once. Unset, each provider's own
     * cap applies: 60 s, and 5 min 1 s for the Hugging Face Hub, whose rate-limit windows are 5 minutes long.
     */
    private Duration retryAfterCap;

    /** Creates the retry settings with their defaults. */
    public Retry() {}

    /**
     * Returns the number of retries.
     *
     * @return the number of retries
     */
    public int getMaxRetries() {
      return maxRetries;
    }

    /**
     * Sets the number of retries.
     *
     * @param maxRetries 0 or more
     */
    public void setMaxRetries(int maxRetries) {
      this.maxRetries = maxRetries;
    }

    /**
     * Returns the first backoff.
     *
     * @return the first backoff
     */
    public Duration getInitialBackoff() {
      return initialBackoff;
    }

    /**
     * Sets the first backoff.
     *
     * @param initialBackoff the first backoff
     */
    public void setInitialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
    }

    /**
     * Returns the longest backoff.
     *
     * @return the longest backoff
     */
    public Duration getMaxBackoff() {
      return maxBackoff;
    }

    /**
     * Sets the longest backoff.
     *
     * @param maxBackoff the longest backoff
     */
    public void setMaxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
    }

    /**
     * Returns the longest Retry-After honoured.
     *
     * @return the cap, or null for each provider's own
     */
    public Duration getRetryAfterCap() {
      return retryAfterCap;
    }

    /**
     * Sets the longest Retry-After honoured.
     *
     * @param retryAfterCap the cap
     */
    public void setRetryAfterCap(Duration retryAfterCap) {
      this.retryAfterCap = retryAfterCap;
    }
  }

  /** {@code finetune4j.timeouts.*}: the HTTP timeouts of every call. */
  public static class Timeouts {
    /** How long to wait for a connection. */
    private Duration connect = Duration.ofSeconds(30);

    /** How long to wait for each read from the connection. */
    private Duration read = Duration.ofMinutes(10);

    /** How long one whole call may take, uploads and downloads included. */
    private Duration call = Duration.ofMinutes(10);

    /** Creates the timeouts with their defaults. */
    public Timeouts() {}

    /**
     * Returns the connect timeout.
     *
     * @return the connect timeout
     */
    public Duration getConnect() {
      return connect;
    }

    /**
     * Sets the connect timeout.
     *
     * @param connect the connect timeout
     */
    public void setConnect(Duration connect) {
      this.connect = connect;
    }

    /**
     * Returns the read timeout.
     *
     * @return the read timeout
     */
    public Duration getRead() {
      return read;
    }

    /**
     * Sets the read timeout.
     *
     * @param read the read timeout
     */
    public void setRead(Duration read) {
      this.read = read;
    }

    /**
     * Returns the call timeout.
     *
     * @return the call timeout
     */
    public Duration getCall() {
      return call;
    }

    /**
     * Sets the call timeout.
     *
     * @param call the call timeout
     */
    public void setCall(Duration call) {
      this.call = call;
    }
  }
}
