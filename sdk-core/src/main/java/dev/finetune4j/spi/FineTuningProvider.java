package dev.finetune4j.spi;

import dev.finetune4j.ClientOptions;
import dev.finetune4j.FineTuningClient;
import dev.finetune4j.error.ConfigurationException;
import java.util.List;
import java.util.Map;

/**
 * What a provider module implements to be found by {@link dev.finetune4j.FineTuning}. Implementations are listed in
 * {@code META-INF/services/dev.finetune4j.spi.FineTuningProvider} and need a public no-argument constructor.
 */
public interface FineTuningProvider {

  /**
   * Returns the name users select the provider by, such as {@code openai}.
   *
   * @return the name, lower case
   */
  String name();

  /**
   * Returns the environment variables the provider reads, the required ones first; used in error messages.
   *
   * @return the variable names
   */
  List<String> environmentVariables();

  /**
   * Tells whether the environment holds what the provider needs (its credentials). By default: the first of
   * {@link #environmentVariables()} is set and not blank.
   *
   * @param environment the environment variables
   * @return true if {@link #create(Map)} can build a client from it
   */
  default boolean isConfigured(Map<String, String> environment) {
    return ClientSettings.of(environment).get(environmentVariables().get(0)).isPresent();
  }

  /**
   * Builds a client from environment variables.
   *
   * @param environment the environment variables
   * @return the client
   * @throws dev.finetune4j.error.ConfigurationException if a required variable is missing
   */
  FineTuningClient create(Map<String, String> environment);

  /**
   * Builds a client from environment variables with the given options (retry policy, timeouts, HTTP client, clock).
   * Providers that support it override this method; by default it fails, so that options are never silently
   * dropped.
   *
   * @param environment the environment variables
   * @param options the options of the client's transport
   * @return the client
   * @throws ConfigurationException if a required variable is missing, or the provider takes no options this way
   */
  default FineTuningClient create(Map<String, String> environment, ClientOptions options) {
    throw new ConfigurationException("Provider '" + name() + "' cannot be given ClientOptions through FineTuning;"
        + " build its client with its own builder and options(...)");
  }
}
