package dev.finetune4j.spring;

import dev.finetune4j.ClientOptions;
import dev.finetune4j.FineTuning;
import dev.finetune4j.FineTuningClient;
import dev.finetune4j.RetryPolicy;
import dev.finetune4j.error.ConfigurationException;
import dev.finetune4j.spi.FineTuningProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configures one {@link FineTuningClient} from {@link FineTuningProperties}, unless the application defines
 * its own or sets {@code finetune4j.enabled=false}. The client is found by provider name through
 * {@link FineTuning#client(String, Map, ClientOptions)} and closed with the application context.
 */
@AutoConfiguration
@ConditionalOnClass(FineTuningClient.class)
@ConditionalOnProperty(prefix = "finetune4j", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(FineTuningProperties.class)
public class FineTuningAutoConfiguration {

  /** Creates the auto-configuration; called by Spring. */
  public FineTuningAutoConfiguration() {}

  /**
   * Builds the client.
   *
   * @param properties the {@code finetune4j.*} properties
   * @param environment where the provider's variables are looked up
   * @return the client, closed by the context when it closes
   * @throws ConfigurationException if the provider is missing, ambiguous or not configured
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public FineTuningClient fineTuningClient(FineTuningProperties properties, Environment environment) {
    FineTuningProvider provider = provider(properties.getProvider());
    Map<String, String> variables = new LinkedHashMap<>();
    for (String name : provider.environmentVariables()) {
      String value = environment.getProperty(name);
      if (value != null) {
        variables.put(name, value);
      }
    }
    variables.putAll(properties.getEnv());
    if (properties.getApiKey() != null && !properties.getApiKey().isBlank()) {
      variables.put(provider.environmentVariables().get(0), properties.getApiKey());
    }
    return FineTuning.client(provider.name(), variables, options(properties));
  }

  static ClientOptions options(FineTuningProperties properties) {
    FineTuningProperties.Retry retry = properties.getRetry();
    FineTuningProperties.Timeouts timeouts = properties.getTimeouts();
    RetryPolicy.Builder policy = RetryPolicy.builder()
        .maxRetries(retry.getMaxRetries())
        .backoff(retry.getInitialBackoff(), retry.getMaxBackoff());
    if (retry.getRetryAfterCap() != null) {
      policy.retryAfterCap(retry.getRetryAfterCap());
    }
    return ClientOptions.builder()
        .retryPolicy(policy.build())
        .timeouts(timeouts.getConnect(), timeouts.getRead(), timeouts.getCall())
        .build();
  }

  private static FineTuningProvider provider(String wanted) {
    List<FineTuningProvider> all = new ArrayList<>();
    ServiceLoader.load(FineTuningProvider.class, FineTuningAutoConfiguration.class.getClassLoader())
        .forEach(all::add);
    List<String> names = all.stream().map(FineTuningProvider::name).sorted().toList();
    if (wanted == null || wanted.isBlank()) {
      if (all.size() == 1) {
        return all.get(0);
      }
      throw new ConfigurationException(all.isEmpty()
          ? "No finetune4j provider on the class path: add a provider module such as finetune4j-openai"
          : "Set finetune4j.provider to one of " + names);
    }
    String name = wanted.trim().toLowerCase(Locale.ROOT);
    return all.stream().filter(p -> p.name().equals(name)).findFirst()
        .orElseThrow(() -> new ConfigurationException("finetune4j.provider=" + wanted + " is not on the class"
            + " path; available: " + names + ". Add the provider's module (such as finetune4j-" + name + ")"));
  }
}
