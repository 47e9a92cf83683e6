package dev.finetune4j.spi;

import dev.finetune4j.error.ConfigurationException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
   * Checks a credential: not null, not blank; trimmed.
   *
   * @param name the setting's name in the message, such as {@code apiKey}
   * @param value the credential
   * @return the trimmed credential
   * @throws IllegalArgumentException if it is blank (the message never contains the value)
   */
  public static String secret(String name, String value) {
    return notBlank(name, value);
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
   * Checks a URL setting: an {@code http} or {@code https} URL.
   *
   * @param name the setting's name in the message, such as {@code baseUrl}
   * @param value the URL
   * @return the URL
   * @throws IllegalArgumentException if it is not an http or https URL
   */
  public static String httpUrl(String name, String value) {
    Objects.requireNonNull(value, name);
    if (!value.startsWith("http://") && !value.startsWith("https://")) {
      throw new IllegalArgumentException(name + " must be an http or https URL, was '" + value + "'");
    }
    return value;
  }
}
