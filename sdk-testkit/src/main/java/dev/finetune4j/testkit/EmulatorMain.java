package dev.finetune4j.testkit;

import dev.finetune4j.testkit.huggingface.HuggingFaceEmulator;
import dev.finetune4j.testkit.openai.OpenAiEmulator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * Runs one emulator as a standalone program, so that any client (the SDK's examples, curl, another language's SDK)
 * can talk to it. The emulator's clock is accelerated: jobs progress on their own at {@code --speed} times real time.
 *
 * <p>From the project root:
 *
 * <pre>
 * mvn -q -pl sdk-testkit -am compile exec:java@emulator -Dexec.args="--provider openai --port 8089"
 * </pre>
 *
 * <p>({@code -am} builds the modules the testkit depends on; the {@code emulator} execution exists only in the
 * testkit, so the goal runs only there, and a plain {@code exec:java} of the examples skips it.) Options:
 * {@code --provider NAME} (required; {@code openai} or {@code huggingface}), {@code --port N} (default 0, any free
 * port), {@code --speed FACTOR} (default 60: one real second is a virtual minute). The program prints the base URL on
 * standard output, for example {@code http://127.0.0.1:8089/v1}, and serves until it is stopped. The OpenAI emulator
 * accepts the API key {@code sk-test} unless {@code --api-key KEY} says otherwise. The Hugging Face emulator prints its
 * Hub URL (Jobs under {@code /api/jobs}, Inference Endpoints under {@code /endpoints-api/v2}, the router under
 * {@code /router}) and accepts the token {@code hf_test} unless {@code --api-key TOKEN} says otherwise.
 */
public final class EmulatorMain {

  /** Known providers: name to a factory taking the clock and the accepted API key. One line per provider. */
  private static final Map<String, Factory> PROVIDERS = new TreeMap<>(Map.of(
      "openai", (clock, key) -> OpenAiEmulator.builder().clock(clock).apiKey(key.orElse("sk-test")).build(),
      "huggingface", (clock, key) -> HuggingFaceEmulator.builder().clock(clock).closeLogStreamAtEnd(true)
          .token(key.orElse(HuggingFaceEmulator.DEFAULT_TOKEN)).build()));

  @FunctionalInterface
  private interface Factory {
    Emulator create(VirtualClock clock, Optional<String> apiKey);
  }

  private EmulatorMain() {
  }

  /**
   * Starts the emulator named by {@code --provider} and blocks until the process is stopped.
   *
   * @param args command-line options, see the class documentation
   * @throws InterruptedException if the main thread is interrupted while serving
   */
  public static void main(String[] args) throws InterruptedException {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println(usage());
      return;
    }
    Emulator emulator;
    try {
      emulator = launch(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(usage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "emulator-shutdown"));
    System.out.println(emulator.baseUrl());
    System.out.flush();
    new CountDownLatch(1).await();
  }

  /** Parses the options, then creates and starts the emulator they name. */
  static Emulator launch(String... args) {
    String provider = null;
    int port = 0;
    double speed = 60;
    String apiKey = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--provider" -> provider = value(args, ++i, arg).toLowerCase(Locale.ROOT);
        case "--port" -> port = number(value(args, ++i, arg), arg);
        case "--speed" -> speed = Double.parseDouble(value(args, ++i, arg));
        case "--api-key" -> apiKey = value(args, ++i, arg);
        default -> throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    if (provider == null) {
      throw new IllegalArgumentException("--provider is required");
    }
    Factory factory = PROVIDERS.get(provider);
    if (factory == null) {
      throw new IllegalArgumentException("unknown provider '" + provider + "', known: " + PROVIDERS.keySet());
    }
    Emulator emulator = factory.create(VirtualClock.accelerated(speed), Optional.ofNullable(apiKey));
    emulator.start(port);
    return emulator;
  }

  private static int number(String value, String option) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs an integer, got '" + value + "'");
    }
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[index];
  }

  private static String usage() {
    return "usage: EmulatorMain --provider " + String.join("|", PROVIDERS.keySet())
        + " [--port N] [--speed FACTOR] [--api-key KEY]";
  }
}
