package dev.finetune4j.spi;

import dev.finetune4j.error.ConfigurationException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * The checks every provider builder makes on its settings, and the reading of a provider's environment variables,
 * written once so that every provider rejects the same mistakes with the same messages. Part of the provider kit.
 *
 * <pre>{@code
 * ClientSettings env = ClientSettings.of(environment);
 * Builder b = builder().apiKey(env.require("OPENAI_API_KEY", "to call OpenAI"));
 * env.get("OPENAI_BASE_URL").ifPresent(b::baseUrl);
 * }</pre>
 */
public final class ClientSettings {
  private final Map<String, String> environment;

  private ClientSettings(Map<String, String> environment) {
    this.environment = environment;
  }

  /**
   * Reads settings from environment variables.
   *
   * @param environment the variables, such as {@code System.getenv()}
   * @return the reader
   */
  public static ClientSettings of(Map<String, String> environment) {
    return new ClientSettings(Objects.requireNonNull(environment, "environment"));
  }

  /**
   * Returns a variable's value, trimmed.
   *
   * @param name the variable
   * @return the value, or empty when it is unset or blank
   */
  public Optional<String> get(String name) {
    String value = environment.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  /**
   * Returns a required variable's value, trimmed.
   *
   * @param name the variable
   * @param purpose what it is needed for, such as {@code "to call OpenAI"}
   * @return the value
   * @throws ConfigurationException if it is unset or blank
   */
  public String require(String name, String purpose) {
    return get(name).orElseThrow(() -> new ConfigurationException(name + " is not set; it is required " + purpose));
  }

  /**
   * Checks a credential: not null, not blank, and sendable in an HTTP header (printable ASCII once trimmed: no line
   * break, control or non-ASCII character inside it). Leading and trailing white space, such as the newline of a
   * key read from a file, is trimmed.
   *
   * @param name the setting's name in the message, such as {@code apiKey}
   * @param value the credential
   * @return the trimmed credential
   * @throws IllegalArgumentException if it is blank or cannot be sent; the message never contains the value
   */
  public static String secret(String name, String value) {
    String trimmed = notBlank(name, value);
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new IllegalArgumentException(name + " cannot be sent in an HTTP header: character " + (i + 1) + " of "
            + trimmed.length() + " is " + (c < 0x20 || c == 0x7f ? "a control character or line break"
            : c == ' ' ? "a space" : "not ASCII") + "; check how the value was copied");
      }
    }
    return trimmed;
  }

  /**
   * Checks a setting: not null, not blank; trimmed.
   *
   * @param name the setting's name in the message
   * @param value the value
   * @return the trimmed value
   * @throws IllegalArgumentException if it is blank
   */
  public static String notBlank(String name, String value) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value.trim();
  }

  /**
   * Checks a URL setting: an {@code https} URL, or a plain {@code http} URL to this machine (an emulator, a local
   * server: {@code localhost}, {@code 127.0.0.0/8}, {@code [::1]}), with no user name or password in it. Credentials
   * are never sent in clear over a network.
   *
   * @param name the setting's name in the message, such as {@code baseUrl}
   * @param value the URL
   * @return the URL
   * @throws IllegalArgumentException if it is not such a URL; a password in it is not repeated in the message
   */
  public static String httpUrl(String name, String value) {
    Objects.requireNonNull(value, name);
    HttpUrl url = value.startsWith("http://") || value.startsWith("https://") ? HttpUrl.parse(value) : null;
    if (url == null) {
      throw new IllegalArgumentException(name + " must be an http or https URL, was '" + value + "'");
    }
    if (!url.username().isEmpty() || !url.password().isEmpty()) {
      throw new IllegalArgumentException(name + " must not carry a user name or password (" + url.newBuilder()
          .username("").password("").build() + "): give credentials to the builder, such as apiKey(...)");
    }
    if (!url.isHttps() && !isLoopback(url.host())) {
      throw new IllegalArgumentException(name + " must use https for " + url.host()
          + ": plain http is allowed only to this machine (localhost, 127.0.0.1, [::1])");
    }
    return value;
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.endsWith(".localhost") || host.equals("::1")
        || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }
}
