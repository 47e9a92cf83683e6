package dev.finetune4j.spi.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RedactorTest {
  private static final String KEY = "sk-proj-Secret_0123456789";

  private static Redactor redactor() {
    Redactor redactor = new Redactor();
    redactor.addSecrets(List.of(KEY, "Bearer tok-abcdefgh12345", "hunter22"));
    return redactor;
  }

  @Test
  void removesTheSecretInAnyCaseAndJsonEscaped() {
    Redactor redactor = redactor();
    assertThat(redactor.redact("key " + KEY + " echoed")).isEqualTo("key [REDACTED] echoed");
    assertThat(redactor.redact("KEY " + KEY.toUpperCase())).isEqualTo("KEY [REDACTED]");
    assertThat(redactor.redact("{\"k\":\"sk\\u002dproj-Secret_0123456789\"}")).isEqualTo("{\"k\":\"[REDACTED]\"}");
    assertThat(redactor.redact("pass HUNTER22!")).isEqualTo("pass [REDACTED]!");
    assertThat(redactor.redact("auth tok-abcdefgh12345")).isEqualTo("auth [REDACTED]");
  }

  @Test
  void removesKeyShapedTextItWasNotToldAbout() {
    Redactor redactor = redactor();
    assertThat(redactor.redact("Authorization: BEARER abcdefghijkl")).isEqualTo("Authorization: BEARER [REDACTED]");
    assertThat(redactor.redact("other sk-zzzzzzzzzzzz and hf_ABCDEFGHIJ")).isEqualTo("other [REDACTED] and [REDACTED]");
    assertThat(redactor.redact("{\"Api-Key\": \"abcdefgh1234\"}")).isEqualTo("{\"Api-Key\": \"[REDACTED]\"}");
  }

  @Test
  void leavesOrdinaryTextAlone() {
    assertThat(redactor().redact("req_7f3a9c01b2 in 12 ms")).isEqualTo("req_7f3a9c01b2 in 12 ms");
  }

  /** The quick checks that skip a pattern never skip one that would match: compared with every pattern run. */
  @Test
  void givesWhatRunningEveryPatternGives() {
    Redactor redactor = redactor();
    Redactor everyPattern = redactor();
    String[] pieces = {KEY, KEY.toUpperCase(), "sk\\u002dproj-secret_0123456789", "sk\\U002Dproj", "hunter22",
        "HuNtEr22", "hunter2", "tok-abcdefgh12345", "Bearer", "bEaReR ", "abcdefghijkl", "sk-", "hf_", "API_KEY=",
        "api-key: '", "apikey\"=", "\\", "\\u0068unter22", " ", "-", "_", "x", "\u00e9", "\u0130", "K"};
    Random random = new Random(3);
    for (int round = 0; round < 5_000; round++) {
      StringBuilder text = new StringBuilder();
      for (int i = random.nextInt(6); i >= 0; i--) {
        text.append(pieces[random.nextInt(pieces.length)]);
      }
      assertThat(redactor.redact(text.toString())).as(text.toString())
          .isEqualTo(everyPattern.redactWithEveryPattern(text.toString()));
    }
  }
}
