package dev.finetune4j.spi.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.RawJson;
import java.util.Objects;

/**
 * Not API. The one way into and out of a {@link RawJson}'s tree, installed by {@code RawJson} itself when its class is
 * initialised, so that {@link dev.finetune4j.spi.http.Json#raw(JsonNode)} and
 * {@link dev.finetune4j.spi.http.Json#tree(RawJson)} can work without {@code RawJson} naming Jackson in its public
 * methods.
 */
public abstract class RawJsonAccess {
  private static volatile RawJsonAccess installed;

  /** For {@code RawJson} only. */
  protected RawJsonAccess() {}

  /**
   * Installs the access; only the first call counts.
   *
   * @param access the access
   * @throws IllegalStateException if an access is already installed
   */
  public static synchronized void install(RawJsonAccess access) {
    Objects.requireNonNull(access, "access");
    if (installed != null) {
      throw new IllegalStateException("RawJson access is already installed");
    }
    installed = access;
  }

  /**
   * Returns the installed access, initialising {@code RawJson} first if needed.
   *
   * @return the access
   */
  public static RawJsonAccess get() {
    RawJsonAccess access = installed;
    if (access == null) {
      RawJson.parse("null"); // initialises RawJson, which installs the access
      access = installed;
    }
    return access;
  }

  /**
   * Wraps a deep copy of a tree, or the tree itself when it cannot change ({@link FrozenTrees}).
   *
   * @param tree the tree, left as it is
   * @return the view, which shares nothing changeable with the tree
   */
  public abstract RawJson wrap(JsonNode tree);

  /**
   * Makes a view of one JSON value held in bytes, parsed into a {@link FrozenTrees frozen} tree when it is first read;
   * until then it keeps the bytes, which must not change.
   *
   * @param json the bytes, holding one JSON value from {@code offset} for {@code length} bytes, already checked
   * @param offset where the value starts
   * @param length how many bytes it has
   * @return the view
   */
  public abstract RawJson view(byte[] json, int offset, int length);

  /**
   * Returns the view's own tree, which must not be changed or handed on.
   *
   * @param raw the view
   * @return its tree
   */
  public abstract JsonNode tree(RawJson raw);
}
