package dev.finetune4j.spi.http;

import dev.finetune4j.AccessToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.spi.http.internal.CachingBearerAuthentication;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AuthenticationTest {
  private Instant now = Instant.parse("2026-11-24T12:00:00Z");
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  };

  @Test
  void aStaticKeyGoesInTheNamedHeader() {
    assertThat(Authentication.header("api-key", "abc123").headers()).containsEntry("api-key", "abc123");
    assertThat(Authentication.bearer("abc123").headers()).containsEntry("Authorization", "Bearer abc123");
  }

  @Test
  void aBlankKeyIsRejected() {
    assertThatThrownBy(() -> Authentication.bearer(" ")).hasMessage("the key must not be blank");
  }

  @Test
  void aSuppliedTokenIsCachedUntilShortlyBeforeItExpires() {
    AtomicInteger fetches = new AtomicInteger();
    Authentication auth = new CachingBearerAuthentication(
        () -> new AccessToken("token-" + fetches.incrementAndGet(), now.plus(Duration.ofHours(1))),
        Duration.ofMinutes(5), clock);

    assertThat(auth.headers()).containsEntry("Authorization", "Bearer token-1");
    now = now.plus(Duration.ofMinutes(54));
    assertThat(auth.headers()).containsEntry("Authorization", "Bearer token-1");
    now = now.plus(Duration.ofMinutes(2));
    assertThat(auth.headers()).containsEntry("Authorization", "Bearer token-2");
    assertThat(fetches).hasValue(2);
  }
}
