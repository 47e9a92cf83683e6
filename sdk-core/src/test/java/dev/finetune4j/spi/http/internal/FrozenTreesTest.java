package dev.finetune4j.spi.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.RawJson;
import dev.finetune4j.spi.http.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrozenTreesTest {
  private static JsonNode parse(String json) throws Exception {
    return FrozenTrees.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aParsedTreeEqualsTheOrdinaryParseAndIsFrozenThroughout() throws Exception {
    String json = "{\"a\":1,\"b\":[1,2,{\"c\":5000000000}],\"d\":{\"e\":0.5,\"f\":null,\"g\":\"x\"}}";
    JsonNode tree = parse(json);

    assertThat(tree).isEqualTo(Json.parse(json.getBytes(StandardCharsets.UTF_8)));
    assertThat(tree.toString()).isEqualTo(json);
    assertThat(FrozenTrees.isFrozen(tree)).isTrue();
    assertThat(FrozenTrees.isFrozen(tree.get("b"))).isTrue();
    assertThat(FrozenTrees.isFrozen(tree.get("b").get(2))).isTrue();
    assertThat(FrozenTrees.isFrozen(tree.get("d"))).isTrue();
    assertThat(FrozenTrees.isFrozen(Json.parse(json.getBytes(StandardCharsets.UTF_8)))).isFalse();
  }

  @Test
  void everyWayOfChangingAnObjectIsRefused() throws Exception {
    ObjectNode object = (ObjectNode) parse("{\"a\":1,\"b\":{\"c\":2}}");

    List<Runnable> changes = List.of(
        () -> object.put("z", 1),
        () -> object.set("a", IntNode.valueOf(2)),
        () -> object.remove("a"),
        () -> object.remove(List.of("a")),
        () -> object.removeAll(),
        () -> object.retain("b"),
        () -> object.setAll(Map.of("y", IntNode.valueOf(1))),
        () -> object.putObject("n"),
        () -> object.fields().next().setValue(IntNode.valueOf(3)),
        () -> {
          var it = object.fields();
          it.next();
          it.remove();
        },
        () -> object.properties().clear(),
        () -> ((ObjectNode) object.get("b")).put("c", 3));
    for (Runnable change : changes) {
      assertThatThrownBy(change::run).isInstanceOf(UnsupportedOperationException.class);
    }
    assertThat(object.toString()).isEqualTo("{\"a\":1,\"b\":{\"c\":2}}");
  }

  @Test
  void everyWayOfChangingAnArrayIsRefused() throws Exception {
    ArrayNode array = (ArrayNode) parse("[1,2,[3]]");

    List<Runnable> changes = List.of(
        () -> array.add(4),
        () -> array.insert(0, 4),
        () -> array.set(0, IntNode.valueOf(9)),
        () -> array.remove(0),
        () -> array.removeAll(),
        () -> array.addAll(List.of(IntNode.valueOf(1))),
        () -> {
          var it = array.elements();
          it.next();
          it.remove();
        },
        () -> ((ArrayNode) array.get(2)).add(5));
    for (Runnable change : changes) {
      assertThatThrownBy(change::run).isInstanceOf(UnsupportedOperationException.class);
    }
    assertThat(array.toString()).isEqualTo("[1,2,[3]]");
  }

  @Test
  void aDeepCopyCanBeChanged() throws Exception {
    ObjectNode copy = (ObjectNode) parse("{\"a\":[1]}").deepCopy();

    copy.put("b", 2);
    ((ArrayNode) copy.get("a")).add(3);

    assertThat(copy.toString()).isEqualTo("{\"a\":[1,3],\"b\":2}");
    assertThat(FrozenTrees.isFrozen(copy)).isFalse();
  }

  @Test
  void rawJsonSharesAFrozenTreeAndEqualsTheCopyOfAnOrdinaryOne() throws Exception {
    String json = "{\"id\":\"e1\",\"data\":{\"step\":3,\"loss\":0.25,\"big\":5000000000}}";
    JsonNode frozen = parse(json);

    RawJson shared = Json.raw(frozen);

    assertThat(RawJsonAccess.get().tree(shared)).isSameAs(frozen);
    assertThat(shared).isEqualTo(Json.raw(Json.parse(json.getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(RawJson.parse(json));
    assertThat(shared.hashCode()).isEqualTo(RawJson.parse(json).hashCode());
  }
}
