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

  /** The values are part of the contract: a split with a given seed must put the same examples on the same side. */
  @Test
  void stringHashesKeepTheirValuesAcrossPieceBoundaries() {
    assertThat(Hashing.hash("")).isEqualTo(0xefd01f60ba992926L);
    assertThat(Hashing.hash("a")).isEqualTo(0x152a0e941a2f6e4fL);
    assertThat(Hashing.hash("abc")).isEqualTo(0x75a220b08cd62b4L);
    assertThat(Hashing.hash("abcd")).isEqualTo(0x8a4a7ea1351b017fL);
    assertThat(Hashing.hash("abcde")).isEqualTo(0xa8077956abce82a3L);
    assertThat(Hashing.hash("caf\u00e9 \u4e2d\u6587 \ud83d\ude00")).isEqualTo(0x3a894d5c719fb4eL);
    assertThat(Hashing.hash("x".repeat(1023))).isEqualTo(0x13284d6d90fd155fL);
    assertThat(Hashing.hash("xy".repeat(1024))).isEqualTo(0x955af2e463e8c97fL);
    assertThat(Hashing.hash("0123456789".repeat(307))).isEqualTo(0xcd186bfdeb71c540L);
  }
}
