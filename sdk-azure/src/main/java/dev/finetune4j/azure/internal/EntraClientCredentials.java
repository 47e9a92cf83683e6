package dev.finetune4j.azure.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.AccessToken;
import dev.finetune4j.azure.AzureTokenCredential;
import dev.finetune4j.spi.http.ApiRequest;
import dev.finetune4j.spi.http.HttpTransport;
import java.time.Clock;
import java.util.Objects;
import okhttp3.FormBody;

/**
 * Microsoft Entra ID's client-credentials flow: {@code POST {authority}/{tenant}/oauth2/v2.0/token} with
 * {@code grant_type=client_credentials}, the client id and secret and one scope; the answer's {@code access_token}
 * and {@code expires_in}. The secret and the tokens are registered as secrets of the transport. Not API.
 */
public final class EntraClientCredentials implements AzureTokenCredential {
  private final HttpTransport transport;
  private final String clientId;
  private final String clientSecret;
  private final Clock clock;

  /**
   * Creates the flow.
   *
   * @param transport a transport whose base URL is {@code {authority}/{tenant}/oauth2/v2.0}, without authentication
   * @param clientId the application (client) id
   * @param clientSecret the client secret
   * @param clock the clock expiry is measured on
   */
  public EntraClientCredentials(HttpTransport transport, String clientId, String clientSecret, Clock clock) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.clientId = Objects.requireNonNull(clientId, "clientId");
    this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public AccessToken token(String scope) {
    FormBody form = new FormBody.Builder()
        .add("grant_type", "client_credentials")
        .add("client_id", clientId)
        .add("client_secret", clientSecret)
        .add("scope", scope)
        .build();
    return transport.call(ApiRequest.post("token").body(form, true).withoutAuthentication().build(), this::read);
  }

  private AccessToken read(JsonNode json) {
    JsonNode token = json.get("access_token");
    JsonNode expires = json.get("expires_in");
    if (token == null || !token.isTextual() || token.asText().isBlank() || expires == null
        || !expires.canConvertToLong()) {
      throw new IllegalStateException("the token answer has no access_token or expires_in");
    }
    return new AccessToken(token.asText(), clock.instant().plusSeconds(expires.asLong()));
  }

  @Override
  public String toString() {
    return "EntraClientCredentials{clientId=" + clientId + ", clientSecret=[REDACTED]}";
  }

}
