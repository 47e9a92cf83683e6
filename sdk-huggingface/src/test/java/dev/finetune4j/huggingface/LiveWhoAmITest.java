package dev.finetune4j.huggingface;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** Read-only check against the real Hub; runs only when HF_TOKEN is set. */
@EnabledIfEnvironmentVariable(named = "HF_TOKEN", matches = ".+")
class LiveWhoAmITest {
  @Test
  void theTokenBelongsToANamedAccount() {
    try (HuggingFace hf = HuggingFace.fromEnvironment()) {
      WhoAmI me = hf.hub().whoami();

      assertThat(me.name()).isNotBlank();
      assertThat(me.raw().toString()).doesNotContain(System.getenv("HF_TOKEN"));
    }
  }
}
