package dev.finetune4j.spi.http.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.spi.http.Json;
import java.io.IOException;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Not API. JSON trees that cannot change once parsed, so that a {@link dev.finetune4j.RawJson} can share their
 * parts instead of copying them. The objects and arrays of a tree parsed here keep their fields and elements in
 * collections that refuse every change ({@link UnsupportedOperationException}) once the parse has ended, through
 * any method or view; their {@code deepCopy()} is an ordinary, changeable tree. Numbers are as Jackson's parser makes
 * them (int, long or big integer, whichever is smallest; double), which is already {@code RawJson}'s one form.
 */
public final class FrozenTrees {
  private FrozenTrees() {}

  /**
   * Parses JSON bytes, with the settings of {@link Json#reader()}, into a tree that cannot change.
   *
   * @param json the bytes
   * @return the tree
   * @throws IOException if they are not JSON
   */
  public static JsonNode parse(byte[] json) throws IOException {
    return parse(Json.reader(), json, 0, json.length);
  }

  /**
   * Parses one JSON value held in part of an array, like {@link #parse(byte[])}; anything after the value in that part
   * is an error.
   *
   * @param json the bytes
   * @param offset where the value starts
   * @param length how many bytes the value has
   * @return the tree
   * @throws IOException if they are not one JSON value
   */
  public static JsonNode parse(byte[] json, int offset, int length) throws IOException {
    return parse(Json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS), json, offset, length);
  }

  private static JsonNode parse(ObjectReader reader, byte[] json, int offset, int length) throws IOException {
    Nodes nodes = new Nodes();
    try {
      return reader.with(nodes).readTree(json, offset, length);
    } finally {
      nodes.frozen = true;
    }
  }

  /**
   * Says whether a node is an object or array of a tree parsed here, so that nothing can change it or its children.
   *
   * @param node the node
   * @return true for a frozen container
   */
  public static boolean isFrozen(JsonNode node) {
    return node instanceof FrozenObject o && o.nodes.frozen || node instanceof FrozenArray a && a.nodes.frozen;
  }

  /** Makes the containers of one parse, frozen when it ends; afterwards (for deep copies) ordinary ones. */
  private static final class Nodes extends JsonNodeFactory {
    private static final long serialVersionUID = 1L;
    private volatile boolean frozen;

    Nodes() {
      super(false);
    }

    @Override
    public ObjectNode objectNode() {
      return frozen ? super.objectNode() : new FrozenObject(this);
    }

    @Override
    public ArrayNode arrayNode() {
      return arrayNode(10);
    }

    @Override
    public ArrayNode arrayNode(int capacity) {
      return frozen ? super.arrayNode(capacity) : new FrozenArray(this, capacity);
    }
  }

  private static final class FrozenObject extends ObjectNode {
    private static final long serialVersionUID = 1L;
    private final transient Nodes nodes;

    FrozenObject(Nodes nodes) {
      super(nodes, new Fields(nodes));
      this.nodes = nodes;
    }
  }

  private static final class FrozenArray extends ArrayNode {
    private static final long serialVersionUID = 1L;
    private final transient Nodes nodes;

    FrozenArray(Nodes nodes, int capacity) {
      super(nodes, new Elements(nodes, capacity));
      this.nodes = nodes;
    }
  }

  /** Fields: every change goes through {@link #put} or the entry set, both closed once frozen. */
  private static final class Fields extends AbstractMap<String, JsonNode> {
    private final Nodes nodes;
    private final LinkedHashMap<String, JsonNode> fields = new LinkedHashMap<>();

    Fields(Nodes nodes) {
      this.nodes = nodes;
    }

    @Override
    public JsonNode put(String key, JsonNode value) {
      check(nodes);
      return fields.put(key, value);
    }

    @Override
    public JsonNode get(Object key) {
      return fields.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return fields.containsKey(key);
    }

    @Override
    public int size() {
      return fields.size();
    }

    @Override
    public Set<Map.Entry<String, JsonNode>> entrySet() {
      return nodes.frozen ? Collections.unmodifiableMap(fields).entrySet() : fields.entrySet();
    }
  }

  /** Elements: every change goes through {@link #set}, {@link #add(int, JsonNode)} or {@link #remove(int)}. */
  private static final class Elements extends AbstractList<JsonNode> {
    private final Nodes nodes;
    private final List<JsonNode> elements;

    Elements(Nodes nodes, int capacity) {
      this.nodes = nodes;
      this.elements = new ArrayList<>(capacity);
    }

    @Override
    public JsonNode get(int index) {
      return elements.get(index);
    }

    @Override
    public int size() {
      return elements.size();
    }

    @Override
    public JsonNode set(int index, JsonNode element) {
      check(nodes);
      return elements.set(index, element);
    }

    @Override
    public void add(int index, JsonNode element) {
      check(nodes);
      modCount++;
      elements.add(index, element);
    }

    @Override
    public JsonNode remove(int index) {
      check(nodes);
      modCount++;
      return elements.remove(index);
    }
  }

  private static void check(Nodes nodes) {
    if (nodes.frozen) {
      throw new UnsupportedOperationException("a JSON tree read from an answer cannot be changed; change a deepCopy()");
    }
  }
}
