package dev.finetune4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.error.LocalValidationException;
import dev.finetune4j.spi.http.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RawJsonTest {
  private static final RawJson JOB = RawJson.parse("""
      {"id":"ftjob-1","status":"running","hyperparameters":{"n_epochs":3,"learning_rate_multiplier":0.5},
       "result_files":["file-a","file-b"],"shared":true,"error":null,"big":12345678901}""");

  @Test
  void parsesAnObjectAndReadsItsFields() {
    assertThat(JOB.isObject()).isTrue();
    assertThat(JOB.text("id")).contains("ftjob-1");
    assertThat(JOB.get("hyperparameters").longValue("n_epochs")).hasValue(3);
    assertThat(JOB.get("hyperparameters").doubleValue("learning_rate_multiplier")).hasValue(0.5);
    assertThat(JOB.booleanValue("shared")).contains(true);
    assertThat(JOB.longValue("big")).hasValue(12345678901L);
  }

  @Test
  void navigatesArraysByIndexAndAsAList() {
    RawJson files = JOB.get("result_files");

    assertThat(files.isArray()).isTrue();
    assertThat(files.size()).isEqualTo(2);
    assertThat(files.get(1).text()).contains("file-b");
    assertThat(files.elements()).extracting(e -> e.text().orElseThrow()).containsExactly("file-a", "file-b");
  }

  @Test
  void listsFieldNamesInTheirOrder() {
    assertThat(JOB.fieldNames()).containsExactly("id", "status", "hyperparameters", "result_files", "shared",
        "error", "big");
    assertThat(JOB.size()).isEqualTo(7);
  }

  @Test
  void anAbsentFieldOrElementIsMissingAndNeverNull() {
    RawJson missing = JOB.get("no_such_field");

    assertThat(missing).isNotNull();
    assertThat(missing.isMissing()).isTrue();
    assertThat(missing.get("deeper").get(3).isMissing()).isTrue();
    assertThat(JOB.get("result_files").get(2).isMissing()).isTrue();
    assertThat(JOB.get("result_files").get(-1).isMissing()).isTrue();
    assertThat(JOB.get(0).isMissing()).isTrue();
    assertThat(JOB.get("result_files").get("id").isMissing()).isTrue();
    assertThat(missing.text()).isEmpty();
    assertThat(missing.size()).isZero();
    assertThat(missing.fieldNames()).isEmpty();
    assertThat(missing.elements()).isEmpty();
    assertThat(missing.toJson()).isEmpty();
  }

  @Test
  void jsonNullIsPresentButNotMissing() {
    RawJson error = JOB.get("error");

    assertThat(error.isNull()).isTrue();
    assertThat(error.isMissing()).isFalse();
    assertThat(JOB.text("error")).isEmpty();
  }

  @Test
  void readersAreEmptyForValuesOfAnotherType() {
    assertThat(JOB.longValue("id")).isEmpty();
    assertThat(JOB.doubleValue("status")).isEmpty();
    assertThat(JOB.text("shared")).isEmpty();
    assertThat(JOB.booleanValue("id")).isEmpty();
    assertThat(JOB.get("hyperparameters").longValue("learning_rate_multiplier")).isEmpty();
    assertThat(JOB.get("hyperparameters").doubleValue("n_epochs")).hasValue(3.0);
    assertThat(RawJson.parse("123456789012345678901234567890").longValue()).isEmpty();
  }

  @Test
  void parsesScalarsAtTheTop() {
    assertThat(RawJson.parse("\"soup\"").text()).contains("soup");
    assertThat(RawJson.parse("42").longValue()).hasValue(42);
    assertThat(RawJson.parse("false").booleanValue()).contains(false);
    assertThat(RawJson.parse(" null ").isNull()).isTrue();
  }

  @Test
  void badJsonFailsWithAProblemThatSaysWhere() {
    assertThatThrownBy(() -> RawJson.parse("{\"a\":\n  1,,}"))
        .isInstanceOf(LocalValidationException.class)
        .hasMessageStartingWith("not JSON: ")
        .hasMessageContaining("line 2");
    assertThatThrownBy(() -> RawJson.parse("{} {}")).isInstanceOf(LocalValidationException.class);
    assertThatThrownBy(() -> RawJson.parse("  ")).isInstanceOf(LocalValidationException.class)
        .hasMessage("not JSON: the text is empty");
  }

  @Test
  void ofBuildsAnObjectFromMapsListsAndScalars() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("type", "object");
    fields.put("required", List.of("question"));
    fields.put("properties", Map.of("question", Map.of("type", "string")));
    fields.put("strict", true);
    fields.put("max", 3);
    fields.put("ratio", 0.25);
    fields.put("nothing", null);
    fields.put("nested", RawJson.parse("[1,2]"));

    RawJson schema = RawJson.of(fields);

    assertThat(schema.toJson()).isEqualTo("{\"type\":\"object\",\"required\":[\"question\"],"
        + "\"properties\":{\"question\":{\"type\":\"string\"}},\"strict\":true,\"max\":3,\"ratio\":0.25,"
        + "\"nothing\":null,\"nested\":[1,2]}");
  }

  @Test
  void ofRejectsValuesThatAreNotJsonAndSaysWhere() {
    assertThatThrownBy(() -> RawJson.of(Map.of("a", Map.of("b", new Object()))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("at /a/b: a JSON value must be");
    assertThatThrownBy(() -> RawJson.of(Map.of("x", Double.NaN)))
        .hasMessage("at /x: JSON numbers must be finite, got NaN");
    List<Object> loop = new ArrayList<>();
    loop.add(loop);
    assertThatThrownBy(() -> RawJson.of(Map.of("loop", loop))).hasMessageContaining("contains itself");
  }

  @Test
  void changingTheTreeItWasMadeFromDoesNotChangeIt() {
    ObjectNode tree = Json.object().put("status", "running");
    tree.putArray("files").add("file-a");
    RawJson raw = Json.raw(tree);

    tree.put("status", "cancelled");
    tree.withArray("files").add("file-b");

    assertThat(raw.text("status")).contains("running");
    assertThat(raw.get("files").size()).isEqualTo(1);
  }

  @Test
  void nothingItReturnsCanChangeIt() {
    JsonNode copy = Json.tree(JOB);
    ((ObjectNode) copy).put("id", "changed");
    ((ObjectNode) copy.get("hyperparameters")).removeAll();

    assertThat(JOB.text("id")).contains("ftjob-1");
    assertThat(JOB.get("hyperparameters").size()).isEqualTo(2);
    Set<String> names = JOB.fieldNames();
    assertThatThrownBy(() -> names.add("x")).isInstanceOf(UnsupportedOperationException.class);
    List<RawJson> elements = JOB.get("result_files").elements();
    assertThatThrownBy(() -> elements.clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void ofCopiesWhatItIsGiven() {
    Map<String, Object> fields = new LinkedHashMap<>();
    List<String> tags = new ArrayList<>(List.of("a"));
    fields.put("tags", tags);
    RawJson raw = RawJson.of(fields);

    tags.add("b");
    fields.put("more", 1);

    assertThat(raw.toJson()).isEqualTo("{\"tags\":[\"a\"]}");
  }

  @Test
  void equalJsonIsEqualWhateverTheFieldOrderOrNumberType() {
    RawJson parsed = RawJson.parse("{\"a\":1,\"b\":[true,\"x\"],\"c\":0.5}");
    RawJson reordered = RawJson.parse("{\"c\":0.5, \"b\":[true,\"x\"], \"a\":1}");
    RawJson built = RawJson.of(Map.of("a", 1L, "b", List.of(true, "x"), "c", new BigDecimal("0.50")));
    RawJson fromTree = Json.raw(Json.object().put("a", BigInteger.ONE).put("c", 0.5f)
        .set("b", Json.array().add(true).add("x")));

    assertThat(reordered).isEqualTo(parsed).hasSameHashCodeAs(parsed);
    assertThat(built).isEqualTo(parsed).hasSameHashCodeAs(parsed);
    assertThat(fromTree).isEqualTo(parsed).hasSameHashCodeAs(parsed);
    assertThat(RawJson.parse("-1")).isEqualTo(RawJson.of(Map.of("v", -1L)).get("v"))
        .hasSameHashCodeAs(RawJson.of(Map.of("v", -1L)).get("v"));
  }

  @Test
  void differentJsonIsNotEqual() {
    assertThat(RawJson.parse("{\"a\":1}")).isNotEqualTo(RawJson.parse("{\"a\":2}"));
    assertThat(RawJson.parse("[1,2]")).isNotEqualTo(RawJson.parse("[2,1]"));
    assertThat(RawJson.parse("1")).isNotEqualTo(RawJson.parse("1.0"));
    assertThat(RawJson.parse("null")).isNotEqualTo(JOB.get("absent"));
  }

  @Test
  void toStringIsTheCompactJsonText() {
    RawJson raw = RawJson.parse("{ \"a\" : [ 1 , 2 ],\n \"b\" : \"caf\\u00e9 \\\"x\\\"\" }");

    assertThat(raw.toString()).isEqualTo("{\"a\":[1,2],\"b\":\"café \\\"x\\\"\"}");
    assertThat(raw.toJson()).isEqualTo(raw.toString());
    assertThat(RawJson.parse(raw.toJson())).isEqualTo(raw);
  }

  @Test
  void theTreeHandedBackIsACopyThatTheSdkCanSend() {
    JsonNode tree = Json.tree(JOB);

    assertThat(tree.path("hyperparameters").path("n_epochs").asInt()).isEqualTo(3);
    assertThat(Json.tree(JOB)).isNotSameAs(tree).isEqualTo(tree);
    assertThat(Json.tree(JOB.get("absent")).isMissingNode()).isTrue();
  }

  @Test
  void theSdksMapperWritesItAsTheJsonItHolds() throws Exception {
    String written = Json.writer().writeValueAsString(Map.of("raw", RawJson.parse("{\"a\":[1]}")));

    assertThat(written).isEqualTo("{\"raw\":{\"a\":[1]}}");
  }
}
