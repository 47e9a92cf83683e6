package dev.finetune4j.examples;

import dev.finetune4j.testkit.Emulator;
import java.util.Map;
import java.util.Objects;

/**
 * A provider emulator running in this process, with the environment that points a client at it.
 *
 * @param emulator the running emulator; closed with this
 * @param environment the variables {@link dev.finetune4j.FineTuning#client(String, Map)} reads
 */
record Emulation(Emulator emulator, Map<String, String> environment) implements AutoCloseable {
  Emulation {
    Objects.requireNonNull(emulator, "emulator");
    environment = Map.copyOf(environment);
  }

  @Override
  public void close() {
    emulator.close();
  }
}
