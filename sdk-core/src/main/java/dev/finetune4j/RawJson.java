package dev.finetune4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.finetune4j.error.LocalValidationException;
import dev.finetune4j.spi.http.Json;
import dev.finetune4j.spi.http.internal.FrozenTrees;
import dev.finetune4j.spi.http.internal.RawJsonAccess;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A read-only view of a JSON value the SDK received from a provider or will send to one: the part of a response that
 * the typed fields do not model, or a provider-specific object (a grader, a schema, a response format) given as input.
 *
 * <p>Immutable and safe to share between threads: nothing it returns can change it, and changing what it was made
 * from does not change it. Navigation never returns null: {@link #get(String)} and {@link #get(int)} return a
 * missing value ({@link #isMissing()}) when there is nothing there, and the readers return empty optionals, so a
 * chain such as {@code raw.get("hyperparameters").longValue("n_epochs")} is safe on any input.
 *
 * <p>Two values are equal when they hold the same JSON: the same fields with equal values, in any order; the same
 * elements in the same order; numbers equal when they are both whole and equal, or both fractional and equal.
 * {@link #toString()} is the compact JSON text.
 */
public final class RawJson {
  private static final ObjectReader STRICT = Json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
  private static final RawJson MISSING = new RawJson(MissingNode.getInstance());

  static {
    RawJsonAccess.install(new RawJsonAccess() {
      @Override
      public RawJson wrap(JsonNode tree) {
        return new RawJson(canonical(tree));
      }

      @Override
      public RawJson view(byte[] json, int offset, int length) {
        return new RawJson(new Slice(json, offset, length));
      }

      @Override
      public JsonNode tree(RawJson raw) {
        return raw.tree();
      }
    });
  }

  /**
   * The tree, or for a view made from bytes ({@link RawJsonAccess#view}) the {@link Slice} it is parsed from when it
   * is first read; the tree then replaces the slice, which lets go of the bytes. Two threads that both find the slice
   * parse it alike, and either tree may stay.
   */
  private volatile Object value;

  private RawJson(Object value) {
    this.value = value;
  }

  /** The bytes of one JSON value, already checked by a streaming parse of the answer they belong to. */
  private record Slice(byte[] json, int offset, int length) {}

  private JsonNode tree() {
    Object current = value;
    if (current instanceof JsonNode tree) {
      return tree;
    }
    Slice slice = (Slice) current;
    JsonNode tree;
    try {
      tree = FrozenTrees.parse(slice.json(), slice.offset(), slice.length());
    } catch (IOException e) {
      throw new IllegalStateException("the JSON this view was made from is not one JSON value", e);
    }
    value = tree;
    return tree;
  }

  /**
   * Parses JSON text: one value (an object, an array, a string, a number, true, false or null) and nothing after it.
   *
   * @param json the text
   * @return the value
   * @throws LocalValidationException if the text is empty or not JSON; the problem names the line and column
   */
  public static RawJson parse(String json) {
    Objects.requireNonNull(json, "json");
    if (json.isBlank()) {
      throw new LocalValidationException("not JSON: the text is empty", List.of("the text is empty"));
    }
    try {
      return new RawJson(canonical(STRICT.readTree(json)));
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      String problem = e.getOriginalMessage() + where;
      throw new LocalValidationException("not JSON: " + problem, List.of(problem));
    }
  }

  /**
   * Returns a JSON object with the given fields, in the map's order. Values may be strings, booleans, numbers,
   * {@code RawJson} values, maps with string keys, iterables of these, or null for JSON null.
   *
   * @param fields the fields
   * @return the object
   * @throws IllegalArgumentException if a value (at any depth) is of another type, a map key is not a string, a number
   *     is not finite, or a map or iterable contains itself
   */
  public static RawJson of(Map<String, ?> fields) {
    Objects.requireNonNull(fields, "fields");
    return new RawJson(toNode(fields, "", Collections.newSetFromMap(new IdentityHashMap<>())));
  }

  /**
   * Returns the value of a field of this object.
   *
   * @param field the field name
   * @return the value; missing when this is not an object or has no such field
   */
  public RawJson get(String field) {
    Objects.requireNonNull(field, "field");
    JsonNode tree = tree();
    return wrapChild(tree.isObject() ? tree.get(field) : null);
  }

  /**
   * Returns an element of this array.
   *
   * @param index the 0-based index
   * @return the element; missing when this is not an array or the index is out of range
   */
  public RawJson get(int index) {
    JsonNode tree = tree();
    return wrapChild(tree.isArray() ? tree.get(index) : null);
  }

  /**
   * Returns the elements of this array, in order.
   *
   * @return the elements; empty when this is not an array
   */
  public List<RawJson> elements() {
    JsonNode tree = tree();
    if (!tree.isArray()) {
      return List.of();
    }
    List<RawJson> elements = new ArrayList<>(tree.size());
    tree.elements().forEachRemaining(e -> elements.add(new RawJson(e)));
    return List.copyOf(elements);
  }

  /**
   * Returns the field names of this object, in their order.
   *
   * @return the names; empty when this is not an object
   */
  public Set<String> fieldNames() {
    JsonNode tree = tree();
    if (!tree.isObject()) {
      return Set.of();
    }
    Set<String> names = new LinkedHashSet<>();
    tree.fieldNames().forEachRemaining(names::add);
    return Collections.unmodifiableSet(names);
  }

  /**
   * Returns the number of fields of an object or elements of an array.
   *
   * @return the size; 0 for any other value
   */
  public int size() {
    JsonNode tree = tree();
    return tree.isContainerNode() ? tree.size() : 0;
  }

  /**
   * Says whether there is no value here: what {@link #get(String)} and {@link #get(int)} return for a field or element
   * that does not exist. A JSON {@code null} is not missing.
   *
   * @return true for a missing value
   */
  public boolean isMissing() {
    return tree().isMissingNode();
  }

  /**
   * Says whether this is a JSON {@code null}.
   *
   * @return true for null
   */
  public boolean isNull() {
    return tree().isNull();
  }

  /**
   * Says whether this is a JSON object.
   *
   * @return true for an object
   */
  public boolean isObject() {
    return tree().isObject();
  }

  /**
   * Says whether this is a JSON array.
   *
   * @return true for an array
   */
  public boolean isArray() {
    return tree().isArray();
  }

  /**
   * Returns this value as text.
   *
   * @return the string; empty when this is not a JSON string
   */
  public Optional<String> text() {
    JsonNode tree = tree();
    return tree.isTextual() ? Optional.of(tree.textValue()) : Optional.empty();
  }

  /**
   * Returns a field of this object as text.
   *
   * @param field the field name
   * @return the string; empty when the field is absent or not a JSON string
   */
  public Optional<String> text(String field) {
    return get(field).text();
  }

  /**
   * Returns this value as a whole number.
   *
   * @return the number; empty when this is not a whole number that fits in a {@code long}
   */
  public OptionalLong longValue() {
    JsonNode tree = tree();
    return tree.isIntegralNumber() && tree.canConvertToLong() ? OptionalLong.of(tree.longValue())
        : OptionalLong.empty();
  }

  /**
   * Returns a field of this object as a whole number.
   *
   * @param field the field name
   * @return the number; empty when the field is absent or not a whole number that fits in a {@code long}
   */
  public OptionalLong longValue(String field) {
    return get(field).longValue();
  }

  /**
   * Returns this value as a number, whole or fractional.
   *
   * @return the number, rounded to the nearest {@code double}; empty when this is not a number
   */
  public OptionalDouble doubleValue() {
    JsonNode tree = tree();
    return tree.isNumber() ? OptionalDouble.of(tree.doubleValue()) : OptionalDouble.empty();
  }

  /**
   * Returns a field of this object as a number, whole or fractional.
   *
   * @param field the field name
   * @return the number, rounded to the nearest {@code double}; empty when the field is absent or not a number
   */
  public OptionalDouble doubleValue(String field) {
    return get(field).doubleValue();
  }

  /**
   * Returns this value as a boolean.
   *
   * @return the boolean; empty when this is not {@code true} or {@code false}
   */
  public Optional<Boolean> booleanValue() {
    JsonNode tree = tree();
    return tree.isBoolean() ? Optional.of(tree.booleanValue()) : Optional.empty();
  }

  /**
   * Returns a field of this object as a boolean.
   *
   * @param field the field name
   * @return the boolean; empty when the field is absent or not {@code true} or {@code false}
   */
  public Optional<Boolean> booleanValue(String field) {
    return get(field).booleanValue();
  }

  /**
   * Returns the compact JSON text of this value.
   *
   * @return the JSON text; empty for a missing value, which has none
   */
  public String toJson() {
    JsonNode tree = tree();
    return tree.isMissingNode() ? "" : tree.toString();
  }

  /** Returns the compact JSON text, as {@link #toJson()} does. */
  @Override
  public String toString() {
    return toJson();
  }

  /** Says whether the other value holds the same JSON. */
  @Override
  public boolean equals(Object other) {
    return other instanceof RawJson that && tree().equals(that.tree());
  }

  /** Returns a hash of the JSON, consistent with {@link #equals(Object)}. */
  @Override
  public int hashCode() {
    return tree().hashCode();
  }

  private static RawJson wrapChild(JsonNode child) {
    return child == null || child.isMissingNode() ? MISSING : new RawJson(child);
  }

  /**
   * Copies a tree with numbers in one form per value (whole numbers as int, long or big integer, whichever is
   * smallest; fractional ones as double or, where a double would lose digits, big decimal), so that equal JSON gives
   * equal trees and equal hashes however the tree was built.
   */
  private static JsonNode canonical(JsonNode node) {
    if (FrozenTrees.isFrozen(node)) {
      return node; // cannot change, and its numbers are in their one form already: shared, not copied
    }
    switch (node.getNodeType()) {
      case OBJECT: {
        ObjectNode copy = NODES.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> field = fields.next();
          copy.set(field.getKey(), canonical(field.getValue()));
        }
        return copy;
      }
      case ARRAY: {
        ArrayNode copy = NODES.arrayNode(node.size());
        node.elements().forEachRemaining(e -> copy.add(canonical(e)));
        return copy;
      }
      case NUMBER:
        if (node.isInt() || node.isDouble()) {
          return node; // already in its one form, and immutable
        }
        if (node.isShort()) {
          return NODES.numberNode(node.intValue());
        }
        if (node.isLong()) {
          return whole(BigInteger.valueOf(node.longValue()));
        }
        if (node.isFloat()) {
          return NODES.numberNode(node.doubleValue());
        }
        return node.isIntegralNumber() ? whole(node.bigIntegerValue()) : fraction(node.decimalValue());
      case BINARY:
        return NODES.textNode(node.asText());
      case POJO:
        return canonical(Json.toTree(((POJONode) node).getPojo()));
      default:
        return node.deepCopy();
    }
  }

  private static JsonNode whole(BigInteger value) {
    if (value.bitLength() < Integer.SIZE) {
      return NODES.numberNode(value.intValue());
    }
    return value.bitLength() < Long.SIZE ? NODES.numberNode(value.longValue()) : NODES.numberNode(value);
  }

  private static JsonNode fraction(BigDecimal value) {
    double d = value.doubleValue();
    if (Double.isFinite(d) && new BigDecimal(Double.toString(d)).compareTo(value) == 0) {
      return NODES.numberNode(d);
    }
    return NODES.numberNode(value.stripTrailingZeros());
  }

  private static JsonNode toNode(Object value, String path, Set<Object> open) {
    if (value == null) {
      return NODES.nullNode();
    }
    if (value instanceof RawJson raw) {
      return raw.tree().deepCopy();
    }
    if (value instanceof CharSequence text) {
      return NODES.textNode(text.toString());
    }
    if (value instanceof Boolean bool) {
      return NODES.booleanNode(bool);
    }
    if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
      return whole(BigInteger.valueOf(((Number) value).longValue()));
    }
    if (value instanceof BigInteger big) {
      return whole(big);
    }
    if (value instanceof Float || value instanceof Double) {
      double d = ((Number) value).doubleValue();
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException(where(path) + "JSON numbers must be finite, got " + d);
      }
      return fraction(new BigDecimal(Double.toString(d)));
    }
    if (value instanceof BigDecimal decimal) {
      return fraction(decimal);
    }
    if (value instanceof Map<?, ?> || value instanceof Iterable<?>) {
      if (!open.add(value)) {
        throw new IllegalArgumentException(where(path) + "a map or iterable contains itself");
      }
      JsonNode node = value instanceof Map<?, ?> map ? object(map, path, open) : array((Iterable<?>) value, path, open);
      open.remove(value);
      return node;
    }
    throw new IllegalArgumentException(where(path) + "a JSON value must be a string, boolean, number, RawJson, map"
        + " or iterable, got " + value.getClass().getName());
  }

  private static ObjectNode object(Map<?, ?> map, String path, Set<Object> open) {
    ObjectNode node = NODES.objectNode();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!(entry.getKey() instanceof String key)) {
        throw new IllegalArgumentException(where(path) + "JSON field names must be strings, got "
            + (entry.getKey() == null ? "null" : entry.getKey().getClass().getName()));
      }
      node.set(key, toNode(entry.getValue(), path + "/" + key, open));
    }
    return node;
  }

  private static ArrayNode array(Iterable<?> values, String path, Set<Object> open) {
    ArrayNode node = NODES.arrayNode();
    int index = 0;
    for (Object value : values) {
      node.add(toNode(value, path + "/" + index++, open));
    }
    return node;
  }

  private static String where(String path) {
    return path.isEmpty() ? "" : "at " + path + ": ";
  }
}
