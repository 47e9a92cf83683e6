package dev.finetune4j;

import dev.finetune4j.error.ConfigurationException;
import dev.finetune4j.spi.FineTuningProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds the provider modules on the class path and builds clients from environment variables.
 *
 * <pre>{@code
 * try (FineTuningClient client = FineTuning.client("openai")) {   // reads OPENAI_API_KEY, ...
 *   client.jobs().list().stream().limit(3).forEach(System.out::println);
 * }
 * }</pre>
 */
public final class FineTuning {
  private FineTuning() {}

  /**
   * Returns the names of the providers on the class path, sorted.
   *
   * @return the names, such as {@code [huggingface, openai]}
   */
  public static List<String> providers() {
    return load().stream().map(FineTuningProvider::name).sorted().toList();
  }

  /**
   * Builds a client for the named provider from the process environment.
   *
   * @param provider the provider's name, such as {@code openai}; case is ignored
   * @return the client
   * @throws ConfigurationException if no such provider is on the class path, or its credentials are missing
   */
  public static FineTuningClient client(String provider) {
    return client(provider, System.getenv());
  }

  /**
   * Builds a client for the named provider from the given environment.
   *
   * @param provider the provider's name; case is ignored
   * @param environment the variables to read instead of the process environment
   * @return the client
   * @throws ConfigurationException if no such provider is on the class path, or its credentials are missing
   */
  public static FineTuningClient client(String provider, Map<String, String> environment) {
    return found(provider, environment).create(environment);
  }

  /**
   * Builds a client for the named provider from the given environment, with the given transport options.
   *
   * @param provider the provider's name; case is ignored
   * @param environment the variables to read instead of the process environment
   * @param options the retry policy, timeouts and other options of the client's transport
   * @return the client
   * @throws ConfigurationException if no such provider is on the class path, its credentials are missing, or it
   *     takes no options this way
   */
  public static FineTuningClient client(String provider, Map<String, String> environment, ClientOptions options) {
    Objects.requireNonNull(options, "options");
    return found(provider, environment).create(environment, options);
  }

  private static FineTuningProvider found(String provider, Map<String, String> environment) {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(environment, "environment");
    String wanted = provider.trim().toLowerCase(Locale.ROOT);
    List<FineTuningProvider> all = load();
    FineTuningProvider found = all.stream()
        .filter(p -> p.name().equals(wanted))
        .findFirst()
        .orElseThrow(() -> new ConfigurationException("No finetune4j provider named '" + provider
            + "' on the class path; available: " + describe(all)
            + ". Add the provider's module (such as finetune4j-" + wanted + ") as a dependency."));
    if (!found.isConfigured(environment)) {
      throw new ConfigurationException("Provider '" + found.name() + "' is not configured: set "
          + String.join(", ", found.environmentVariables()) + " (the first one is required)");
    }
    return found;
  }

  /**
   * Builds a client for the first provider whose credentials are in the process environment.
   *
   * @return the client
   * @throws ConfigurationException if no provider on the class path is configured; the message lists them all
   *     with the variables each reads
   */
  public static FineTuningClient fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * Builds a client for the first provider, by name, whose credentials are in the given environment.
   *
   * @param environment the variables to read
   * @return the client
   * @throws ConfigurationException if no provider on the class path is configured
   */
  public static FineTuningClient fromEnvironment(Map<String, String> environment) {
    Objects.requireNonNull(environment, "environment");
    List<FineTuningProvider> all = load();
    return all.stream()
        .filter(p -> p.isConfigured(environment))
        .findFirst()
        .map(p -> p.create(environment))
        .orElseThrow(() -> new ConfigurationException(all.isEmpty()
            ? "No finetune4j provider on the class path: add a provider module such as finetune4j-openai"
            : "No finetune4j provider is configured by the environment; available: " + describe(all)));
  }

  private static List<FineTuningProvider> load() {
    List<FineTuningProvider> providers = new ArrayList<>();
    ServiceLoader.load(FineTuningProvider.class, FineTuning.class.getClassLoader()).forEach(providers::add);
    providers.sort(Comparator.comparing(FineTuningProvider::name));
    return providers;
  }

  private static String describe(List<FineTuningProvider> providers) {
    if (providers.isEmpty()) {
      return "none";
    }
    return providers.stream()
        .map(p -> p.name() + " (reads " + String.join(", ", p.environmentVariables()) + ")")
        .collect(Collectors.joining("; "));
  }
}
