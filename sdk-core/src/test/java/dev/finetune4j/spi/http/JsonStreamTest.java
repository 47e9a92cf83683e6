package dev.finetune4j.spi.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.finetune4j.RawJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** JSON read token by token, and the views of its values. */
class JsonStreamTest {
  /** Views of every element of the top-level array, each made from its first token to its last. */
  private static List<RawJson> elements(JsonStream json) throws IOException {
    JsonParser p = json.parser();
    assertThat(p.nextToken()).isEqualTo(JsonToken.START_ARRAY);
    List<RawJson> views = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      long start = json.start();
      p.skipChildren();
      views.add(json.view(start));
    }
    return views;
  }

  @Test
  void aViewHoldsExactlyItsValueWhateverComesBeforeItInTheBytes() throws IOException {
    // multi-byte characters before and inside the values: the offsets are in bytes, not characters
    String[] values = {
      "{\"message\":\"caf\u00e9 \u65e5\u672c \\\"quoted\\\" \\u00e9\",\"n\":1}",
      "[1, 2.5, {\"deep\": [true, null]}]",
      "\"\u00fcber \ud83d\ude00\"",
      "-12345678901234567890",
      "{}",
      "null",
    };
    byte[] json = ("[ " + String.join(" ,\n\t", values) + " ]").getBytes(StandardCharsets.UTF_8);

    List<RawJson> views = JsonStream.read(json, JsonStreamTest::elements);

    assertThat(views).hasSize(values.length);
    for (int i = 0; i < values.length; i++) {
      RawJson expected = RawJson.parse(values[i]);
      assertThat(views.get(i)).as(values[i]).isEqualTo(expected).hasSameHashCodeAs(expected);
      assertThat(views.get(i).toJson()).isEqualTo(expected.toJson());
    }
    assertThat(views.get(0).text("message")).contains("caf\u00e9 \u65e5\u672c \"quoted\" \u00e9");
    assertThat(views.get(1).get(2).get("deep").get(0).booleanValue()).contains(true);
  }

  @Test
  void aViewIsParsedWhenFirstReadSoItReadsTheBytesAsTheyAreThen() throws IOException {
    byte[] json = "[{\"a\":1}]".getBytes(StandardCharsets.UTF_8);
    RawJson view = JsonStream.read(json, JsonStreamTest::elements).get(0);

    json[6] = '2'; // the contract says the bytes must not change; a change before the first read shows in the view

    assertThat(view).isEqualTo(RawJson.parse("{\"a\":2}"));
    json[6] = '3'; // once read, the view has its own tree
    assertThat(view).isEqualTo(RawJson.parse("{\"a\":2}"));
  }

  @Test
  void threadsThatReadAViewFirstAtOnceAllSeeTheSameValue() throws Exception {
    StringBuilder big = new StringBuilder("[{\"items\":[");
    for (int i = 0; i < 2_000; i++) {
      big.append(i == 0 ? "" : ",").append("{\"i\":").append(i).append(",\"s\":\"v").append(i).append("\"}");
    }
    String text = big.append("]}]").toString();
    RawJson expected = RawJson.parse(text.substring(1, text.length() - 1));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 20; round++) {
        RawJson view = JsonStream.read(text.getBytes(StandardCharsets.UTF_8), JsonStreamTest::elements).get(0);
        List<Callable<String>> reads = List.of(view::toJson, view::toJson, view::toJson, view::toJson);
        for (Future<String> read : pool.invokeAll(reads)) {
          assertThat(read.get()).isEqualTo(expected.toJson());
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aViewThatDoesNotEndWhereItsValueEndsIsRefused() throws IOException {
    byte[] json = "{\"a\":{\"b\":1},\"c\":2}".getBytes(StandardCharsets.UTF_8);

    JsonStream.read(json, stream -> {
      JsonParser p = stream.parser();
      p.nextToken();
      assertThatThrownBy(() -> stream.view(stream.start() + 1))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no value from byte 1 to byte 1");
      p.nextToken(); // the field name "a": a view from here to the end of {"b":1} is not one value
      long start = stream.start();
      p.nextToken();
      p.skipChildren();
      RawJson notOneValue = stream.view(start);
      assertThatThrownBy(notOneValue::toJson).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("not one JSON value");
      return null;
    });
  }
}
