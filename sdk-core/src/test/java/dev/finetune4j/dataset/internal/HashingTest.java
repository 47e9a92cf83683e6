package dev.finetune4j.dataset.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class HashingTest {

  private static long hash(String json) throws Exception {
    JsonNode node = Json.MAPPER.readTree(json);
    return Hashing.hash(node);
  }

  @Test
  void keyOrderAndWhiteSpaceDoNotChangeTheHash() throws Exception {
    assertThat(hash("{\"a\":1,\"b\":[true,null]}")).isEqualTo(hash("{ \"b\" : [ true , null ] , \"a\" : 1 }"));
  }

  @Test
  void numberSpellingDoesNotChangeTheHash() throws Exception {
    assertThat(hash("{\"w\":1}")).isEqualTo(hash("{\"w\":1.0}")).isEqualTo(hash("{\"w\":1e0}"));
  }

  @Test
  void differentValuesHashDifferently() throws Exception {
    assertThat(hash("{\"a\":\"1\"}")).isNotEqualTo(hash("{\"a\":1}"));
    assertThat(hash("[1,2]")).isNotEqualTo(hash("[2,1]"));
    assertThat(hash("{\"a\":{\"b\":1}}")).isNotEqualTo(hash("{\"b\":{\"a\":1}}"));
  }
}
