package dev.finetune4j.spi.http;

import dev.finetune4j.AccessToken;
import dev.finetune4j.spi.http.internal.CachingBearerAuthentication;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How requests prove who sends them: headers added to every request. The header values are secrets: the transport
 * keeps them out of logs and exception messages.
 */
public interface Authentication {

  /**
   * Returns the headers to add to the next request. Called once per attempt, so a token can be refreshed between
   * attempts.
   *
   * @return header names and values
   */
  Map<String, String> headers();

  /**
   * Returns authentication that adds nothing.
   *
   * @return the authentication
   */
  static Authentication none() {
    return Map::of;
  }

  /**
   * Returns a static key sent in a named header, such as Azure's {@code api-key}.
   *
   * @param header the header name
   * @param key the key
   * @return the authentication
   */
  static Authentication header(String header, String key) {
    Objects.requireNonNull(header, "header");
    requireSecret(key);
    Map<String, String> headers = Map.of(header, key);
    return new Authentication() {
      @Override
      public Map<String, String> headers() {
        return headers;
      }

      @Override
      public String toString() {
        return "Authentication{header=" + header + ", key=[REDACTED]}";
      }
    };
  }

  /**
   * Returns a static key sent as {@code Authorization: Bearer <key>}.
   *
   * @param token the key or token
   * @return the authentication
   */
  static Authentication bearer(String token) {
    requireSecret(token);
    return header("Authorization", "Bearer " + token);
  }

  /**
   * Returns a bearer token fetched from a supplier (an identity service, say), cached, and fetched again five
   * minutes before it expires.
   *
   * @param tokens fetches a fresh token; called only when the cached one is missing or about to expire
   * @return the authentication
   */
  static Authentication bearer(Supplier<AccessToken> tokens) {
    return new CachingBearerAuthentication(tokens, Duration.ofMinutes(5), Clock.systemUTC());
  }

  private static void requireSecret(String secret) {
    Objects.requireNonNull(secret, "key");
    if (secret.isBlank()) {
      throw new IllegalArgumentException("the key must not be blank");
    }
  }
}
