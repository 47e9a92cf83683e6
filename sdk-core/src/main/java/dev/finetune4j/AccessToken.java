package dev.finetune4j;

import java.time.Instant;
import java.util.Objects;

/**
 * A bearer token with its expiry, as fetched from an identity service.
 *
 * @param value the token; never printed
 * @param expiresAt when it stops being valid
 */
public record AccessToken(String value, Instant expiresAt) {
  /** Checks that no component is null. */
  public AccessToken {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  @Override
  public String toString() {
    return "AccessToken{value=[REDACTED], expiresAt=" + expiresAt + '}';
  }
}
