package dev.finetune4j;

import dev.finetune4j.dataset.Datasets;
import dev.finetune4j.job.Jobs;
import dev.finetune4j.model.ChatModel;
import dev.finetune4j.model.Models;
import dev.finetune4j.spi.FineTuningProvider;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/** A provider registered for the tests through META-INF/services; configured by FAKE_API_KEY. */
public final class FakeProvider implements FineTuningProvider {
  @Override
  public String name() {
    return "fake";
  }

  @Override
  public List<String> environmentVariables() {
    return List.of("FAKE_API_KEY", "FAKE_BASE_URL");
  }

  @Override
  public boolean isConfigured(Map<String, String> environment) {
    return environment.containsKey("FAKE_API_KEY");
  }

  @Override
  public FineTuningClient create(Map<String, String> environment) {
    return new FineTuningClient() {
      @Override
      public String provider() {
        return "fake";
      }

      @Override
      public Capabilities capabilities() {
        return new Capabilities("fake", EnumSet.of(Capability.SUPERVISED_TRAINING), false);
      }

      @Override
      public Datasets datasets() {
        throw new UnsupportedOperationException();
      }

      @Override
      public Jobs jobs() {
        throw new UnsupportedOperationException();
      }

      @Override
      public Models models() {
        throw new UnsupportedOperationException();
      }

      @Override
      public ChatModel chat(String model) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void close() {}
    };
  }
}
