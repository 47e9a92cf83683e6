package dev.finetune4j.spi.http.internal;

import dev.finetune4j.error.ConfigurationException;
import dev.finetune4j.AccessToken;
import dev.finetune4j.spi.http.Authentication;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/** A bearer token from a supplier, cached until shortly before it expires. Thread-safe. */
public final class CachingBearerAuthentication implements Authentication {
  private final Supplier<AccessToken> tokens;
  private final Duration refreshBefore;
  private final Clock clock;
  private AccessToken current;
  private Map<String, String> headers;

  /**
   * Creates the authentication.
   *
   * @param tokens fetches a fresh token
   * @param refreshBefore how long before expiry to fetch a new one
   * @param clock the clock expiry is measured on
   */
  public CachingBearerAuthentication(Supplier<AccessToken> tokens, Duration refreshBefore, Clock clock) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.refreshBefore = Objects.requireNonNull(refreshBefore, "refreshBefore");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public synchronized Map<String, String> headers() {
    if (current == null || !clock.instant().plus(refreshBefore).isBefore(current.expiresAt())) {
      AccessToken fresh = tokens.get();
      if (fresh == null || fresh.value().isBlank()) {
        throw new ConfigurationException("The token supplier returned no token");
      }
      current = fresh;
      headers = Map.of("Authorization", "Bearer " + fresh.value());
    }
    return headers;
  }

  @Override
  public String toString() {
    return "Authentication{bearer token from supplier, refreshed " + refreshBefore + " before expiry}";
  }
}
