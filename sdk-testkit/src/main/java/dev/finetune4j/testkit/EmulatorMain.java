package dev.finetune4j.testkit;

import dev.finetune4j.testkit.azure.AzureOpenAiEmulator;
import dev.finetune4j.testkit.huggingface.HuggingFaceEmulator;
import dev.finetune4j.testkit.openai.OpenAiEmulator;
import dev.finetune4j.error.LocalIoException;
import java.util.LinkedHashMap;
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
 * {@code --provider NAME} (required; {@code openai}, {@code azure} or {@code huggingface}), {@code --port N} (default
 * 0, any free port), {@code --speed FACTOR} (default 60: timestamps follow the wall clock and simulated work runs 60
 * times faster, so a job that trains for ten minutes is done after ten seconds), {@code --api-key KEY}. The program
 * prints the base URL on standard output, for example {@code http://127.0.0.1:8089/v1}, then the environment variables
 * a client needs ({@code OPENAI_BASE_URL} and {@code OPENAI_API_KEY}; or {@code HF_ENDPOINT}, {@code HF_TOKEN},
 * {@code HF_INFERENCE_ENDPOINTS_ENDPOINT} and {@code HF_ROUTER_ENDPOINT}; or {@code AZURE_OPENAI_ENDPOINT},
 * {@code AZURE_OPENAI_API_KEY} and the Entra ID and Resource Manager variables), and serves until it is stopped. The OpenAI emulator accepts the API key
 * {@code sk-test} unless {@code --api-key KEY} says otherwise; the Hugging Face emulator the token {@code hf_test}
 * (its job log streams end once the job has ended; Jobs under {@code /api/jobs}, Inference Endpoints under
 * {@code /endpoints-api/v2}, the router under {@code /router}); the Azure OpenAI emulator the {@code api-key}
 * {@code azure-test-key} (data plane under {@code /openai}, Resource Manager under {@code /subscriptions}, Entra
 * tokens under {@code /{tenant}/oauth2/v2.0/token}; it serves the deployment {@code gpt-4.1-mini}). A port that is
 * taken ends the program with one line saying so.
 */
public final class EmulatorMain {

  /** Known providers: name to a factory taking the clock and the accepted API key. One line per provider. */
  private static final Map<String, Factory> PROVIDERS = new TreeMap<>(Map.of(
      "openai", (clock, key) -> OpenAiEmulator.builder().clock(clock).apiKey(key.orElse("sk-test")).build(),
      "azure", (clock, key) -> AzureOpenAiEmulator.builder().clock(clock)
          .apiKey(key.orElse(AzureOpenAiEmulator.DEFAULT_API_KEY)).provisioningTime(java.time.Duration.ofSeconds(30))
          .deployment("gpt-4.1-mini", "gpt-4.1-mini-2025-04-14").build(),
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
    } catch (LocalIoException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "emulator-shutdown"));
    System.out.println(emulator.baseUrl());
    System.out.println("# point a client at it with:");
    environment(emulator).forEach((name, value) -> System.out.println("export " + name + "=" + value));
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
        case "--speed" -> speed = speed(value(args, ++i, arg));
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

  /** The variables a client reads to use this emulator instead of the service. */
  static Map<String, String> environment(Emulator emulator) {
    Map<String, String> env = new LinkedHashMap<>();
    if (emulator instanceof OpenAiEmulator openai) {
      env.put("OPENAI_BASE_URL", openai.baseUrl());
      env.put("OPENAI_API_KEY", openai.apiKey());
    } else if (emulator instanceof HuggingFaceEmulator hf) {
      env.put("HF_ENDPOINT", hf.hubUrl());
      env.put("HF_TOKEN", hf.token());
      env.put("HF_INFERENCE_ENDPOINTS_ENDPOINT", hf.endpointsUrl());
      env.put("HF_ROUTER_ENDPOINT", hf.routerUrl() + "/v1");
    } else if (emulator instanceof AzureOpenAiEmulator azure) {
      env.putAll(azure.environment());
    }
    return env;
  }

  private static double speed(String value) {
    try {
      double speed = Double.parseDouble(value);
      if (speed > 0 && !Double.isInfinite(speed)) {
        return speed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--speed needs a positive number, got '" + value + "'");
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
        + " [--port N] [--speed FACTOR] [--api-key KEY]\n"
        + "  --provider NAME  the service to emulate\n"
        + "  --port N         the local port to listen on (default 0: any free port)\n"
        + "  --speed FACTOR   how much faster than real time simulated work runs (default 60);"
        + " timestamps follow the wall clock\n"
        + "  --api-key KEY    the key or token requests must carry (default sk-test for openai, "
        + HuggingFaceEmulator.DEFAULT_TOKEN + " for huggingface)";
  }
}
