package dev.finetune4j.huggingface;

import dev.finetune4j.RawJson;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who a token belongs to, from {@code GET /api/whoami-v2}. Holds no secret: the token itself is never part of it.
 *
 * @param name the user or organisation name, the default namespace
 * @param type {@code user}, {@code org} or {@code app}
 * @param fullName the display name, if any
 * @param organizations the names of the organisations the user belongs to
 * @param tokenRole the token's role ({@code read}, {@code write}, {@code fine-grained}), if reported
 * @param raw the Hub's JSON, with the access token's value removed
 */
public record WhoAmI(
    String name, String type, Optional<String> fullName, List<String> organizations, Optional<String> tokenRole,
    RawJson raw) {

  /** Copies the organisations and checks that no component is null. */
  public WhoAmI {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(fullName, "fullName");
    organizations = List.copyOf(organizations);
    Objects.requireNonNull(tokenRole, "tokenRole");
    Objects.requireNonNull(raw, "raw");
  }
}
