package dev.finetune4j.examples;

import dev.finetune4j.testkit.VirtualClock;
import dev.finetune4j.FineTuning;
import dev.finetune4j.FineTuningClient;
import dev.finetune4j.job.WaitOptions;
import java.util.Map;

/**
 * Gives the short examples a client: the real provider when its credentials are in the environment, otherwise the
 * provider's emulator in this process, with waits on the emulator's virtual clock. Your own code would just call
 * {@code FineTuning.client("openai")}.
 */
final class Sandbox implements AutoCloseable {
  private final FineTuningClient client;
  private final Emulation emulation;
  private final VirtualClock time;

  private Sandbox(FineTuningClient client, Emulation emulation, VirtualClock time) {
    this.client = client;
    this.emulation = emulation;
    this.time = time;
  }

  /**
   * Opens the named provider, or its emulator when its credentials are not set.
   *
   * @param provider {@code openai} or {@code huggingface}
   * @return the sandbox
   */
  static Sandbox open(String provider) {
    ProviderSetup setup = ProviderSetup.ALL.get(provider);
    Map<String, String> env = System.getenv();
    String credentials = env.get(setup.credentialVariable());
    if (credentials != null && !credentials.isBlank()) {
      return new Sandbox(FineTuning.client(provider, env), null, null);
    }
    Emulation emulation = setup.startEmulator();
    VirtualClock time = emulation.emulator().clock();
    System.out.println("(no " + setup.credentialVariable() + ": using the in-process " + setup.displayName()
        + " emulator on virtual time)");
    return new Sandbox(setup.emulatorClient(emulation, time), emulation, time);
  }

  /** @return the client */
  FineTuningClient client() {
    return client;
  }

  /** @return wait options that run on the emulator's clock when there is one */
  WaitOptions.Builder waitOptions() {
    WaitOptions.Builder options = WaitOptions.builder();
    return time == null ? options : options.clock(time.asClock()).sleeper(time::sleep);
  }

  @Override
  public void close() {
    client.close();
    if (emulation != null) {
      emulation.close();
    }
  }
}
