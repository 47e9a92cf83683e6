package dev.finetune4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.error.ConfigurationException;
import dev.finetune4j.error.UnsupportedCapabilityException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FineTuningTest {
  @Test
  void listsTheProvidersOnTheClassPath() {
    assertThat(FineTuning.providers()).contains("fake");
  }

  @Test
  void buildsTheNamedProvidersClientIgnoringCase() {
    try (FineTuningClient client = FineTuning.client("FAKE", Map.of("FAKE_API_KEY", "k"))) {
      assertThat(client.provider()).isEqualTo("fake");
    }
  }

  @Test
  void namesTheAvailableProvidersWhenTheWantedOneIsMissing() {
    assertThatThrownBy(() -> FineTuning.client("azure", Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("No finetune4j provider named 'azure'")
        .hasMessageContaining("fake (reads FAKE_API_KEY, FAKE_BASE_URL)");
  }

  @Test
  void saysWhichVariablesAnUnconfiguredProviderNeeds() {
    assertThatThrownBy(() -> FineTuning.client("fake", Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Provider 'fake' is not configured: set FAKE_API_KEY, FAKE_BASE_URL (the first one is required)");
  }

  @Test
  void aProviderThatTakesNoOptionsRefusesThemInsteadOfDroppingThem() {
    assertThatThrownBy(() -> FineTuning.client("fake", Map.of("FAKE_API_KEY", "k"), ClientOptions.defaults()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Provider 'fake' cannot be given ClientOptions");
  }

  @Test
  void picksTheProviderTheEnvironmentConfigures() {
    try (FineTuningClient client = FineTuning.fromEnvironment(Map.of("FAKE_API_KEY", "k"))) {
      assertThat(client.provider()).isEqualTo("fake");
    }
  }

  @Test
  void failsWhenNoProviderIsConfiguredListingWhatEachReads() {
    assertThatThrownBy(() -> FineTuning.fromEnvironment(Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("fake (reads FAKE_API_KEY");
  }

  @Test
  void aMissingCapabilityFailsWithTheProviderAndCapabilityNamed() {
    Capabilities capabilities = FineTuning.client("fake", Map.of("FAKE_API_KEY", "k")).capabilities();

    assertThat(capabilities.supports(Capability.SUPERVISED_TRAINING)).isTrue();
    assertThatThrownBy(() -> capabilities.require(Capability.PAUSE_RESUME_JOB))
        .isInstanceOfSatisfying(UnsupportedCapabilityException.class, e -> {
          assertThat(e.provider()).isEqualTo("fake");
          assertThat(e.capability()).isEqualTo(Capability.PAUSE_RESUME_JOB);
          assertThat(e.getMessage()).isEqualTo(
              "Provider 'fake' does not support pausing and resuming a job (capability PAUSE_RESUME_JOB)");
        });
  }
}
