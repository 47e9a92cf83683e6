package dev.finetune4j.model;

import java.util.Locale;
import java.util.Optional;

/** The author of a chat message. */
public enum Role {
  /** Instructions that set the assistant's behaviour. */
  SYSTEM,
  /** Instructions for reasoning models, in place of {@link #SYSTEM}. */
  DEVELOPER,
  /** The user's turn. */
  USER,
  /** The model's turn: the text trained on, or the answer returned. */
  ASSISTANT,
  /** The result of a tool call. */
  TOOL,
  /** The result of a legacy function call. */
  FUNCTION;

  private static final Role[] ROLES = values();

  private final String wireName = name().toLowerCase(Locale.ROOT);

  /**
   * Returns the role as written on the wire, such as {@code assistant}.
   *
   * @return the wire name
   */
  public String wireName() {
    return wireName;
  }

  /**
   * Finds a role by its wire name.
   *
   * @param wireName the name as written on the wire, such as {@code user}
   * @return the role, or empty for a name no provider defines
   */
  public static Optional<Role> fromWireName(String wireName) {
    for (Role role : ROLES) {
      if (role.wireName.equals(wireName)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
