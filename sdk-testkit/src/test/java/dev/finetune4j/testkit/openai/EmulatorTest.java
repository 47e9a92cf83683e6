package dev.finetune4j.testkit.openai;

import dev.finetune4j.testkit.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Starts a fresh OpenAI emulator before each test and closes it after; {@link #api} talks to it. */
abstract class EmulatorTest {
  protected final OpenAiEmulator openai = OpenAiEmulator.builder().clock(VirtualClock.manual()).build();
  protected Api api;

  @BeforeEach
  void startEmulator() {
    openai.start();
    api = new Api(openai);
  }

  @AfterEach
  void stopEmulator() {
    openai.close();
  }
}
