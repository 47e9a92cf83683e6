package dev.finetune4j.examples;

import dev.finetune4j.testkit.VirtualClock;
import dev.finetune4j.testkit.openai.OpenAiEmulator;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OpenAI: supervised fine-tuning of gpt-4.1-mini, billed per training token. The prices are OpenAI's published
 * list prices for gpt-4.1-mini-2025-04-14 at the time of writing (training $5.00, base model $0.40 / $1.60, fine-tuned
 * model $0.80 / $3.20 per million input / output tokens); check the pricing page before relying on them.
 */
final class OpenAiSetup implements ProviderSetup {
  static final String BASE_MODEL = "gpt-4.1-mini-2025-04-14";

  @Override
  public String name() {
    return "openai";
  }

  @Override
  public String displayName() {
    return "OpenAI";
  }

  @Override
  public String credentialVariable() {
    return "OPENAI_API_KEY";
  }

  @Override
  public List<String> variables() {
    return List.of("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID");
  }

  @Override
  public String baseModel() {
    return BASE_MODEL;
  }

  @Override
  public Optional<BigDecimal> trainingPricePerMillion() {
    return Optional.of(new BigDecimal("5.00"));
  }

  @Override
  public Optional<TokenPrices> basePrices() {
    return Optional.of(new TokenPrices(new BigDecimal("0.40"), new BigDecimal("1.60")));
  }

  @Override
  public Optional<TokenPrices> tunedPrices() {
    return Optional.of(new TokenPrices(new BigDecimal("0.80"), new BigDecimal("3.20")));
  }

  @Override
  public Emulation startEmulator() {
    // a manual clock: the main job's waits drive its time, so a job timeout is one of virtual time
    OpenAiEmulator emulator = OpenAiEmulator.builder().clock(VirtualClock.manual()).build().start();
    return new Emulation(emulator, Map.of("OPENAI_API_KEY", "sk-test", "OPENAI_BASE_URL", emulator.baseUrl()));
  }
}
