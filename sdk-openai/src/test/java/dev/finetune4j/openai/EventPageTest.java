package dev.finetune4j.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.Page;
import dev.finetune4j.RawJson;
import dev.finetune4j.job.JobEvent;
import dev.finetune4j.job.TrainingMetrics;
import dev.finetune4j.openai.internal.JobWire;
import dev.finetune4j.openai.internal.Wire;
import dev.finetune4j.spi.http.JsonStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A page of job events read token by token: every field where it stands, of any type, and the page's cursor. */
class EventPageTest {

  private static Page<JobEvent> read(String list, String stopId) throws IOException {
    return JsonStream.read(list.getBytes(StandardCharsets.UTF_8),
        json -> Wire.pageUntil(json, JobWire::event, JobEvent::id, stopId));
  }

  private static Page<JobEvent> read(String list) throws IOException {
    return read(list, null);
  }

  @Test
  void fieldsAreReadInAnyOrderAndTheRawJsonIsTheEventsOwn() throws IOException {
    String first = """
        {"data":{"train_loss":0.5,"step":7.0,"total_steps":0,"epoch":"two","valid_loss":null,"lr_decay":0.25},
         "message":"Step 7: caf\u00e9 \\"loss\\"","type":"metrics","id":"ftevent-2","level":"warning",
         "created_at":1721764800.9,"object":"fine_tuning.job.event","extra":{"nested":[{"id":"not-this"}]}}""";
    String second = """
        {"object":"fine_tuning.job.event","id":"ftevent-1","created_at":1721764700,"level":"info",
         "message":"\u65e5\u672c","type":"message","data":{}}""";

    Page<JobEvent> page = read("{\"last_id\":\"ftevent-1\",\"has_more\":true,\"object\":\"list\",\"data\":[" + first
        + " , " + second + "]}");

    assertThat(page.items()).hasSize(2);
    JobEvent e = page.items().get(0);
    assertThat(e.id()).isEqualTo("ftevent-2");
    assertThat(e.createdAt()).isEqualTo(Instant.ofEpochSecond(1721764800));
    assertThat(e.level()).isEqualTo(JobEvent.Level.WARN);
    assertThat(e.message()).isEqualTo("Step 7: caf\u00e9 \"loss\"");
    TrainingMetrics m = e.metrics().orElseThrow();
    assertThat(m.step()).isEqualTo(7);
    assertThat(m.totalSteps()).isEmpty(); // 0 is not a total
    assertThat(m.trainLoss()).hasValue(0.5);
    assertThat(m.epoch()).isEmpty(); // not a number
    assertThat(m.validationLoss()).isEmpty();
    assertThat(m.other()).containsExactly(Map.entry("lr_decay", 0.25));
    assertThat(e.raw()).isEqualTo(RawJson.parse(first));
    assertThat(page.items().get(1).raw()).isEqualTo(RawJson.parse(second));
    assertThat(page.items().get(1).message()).isEqualTo("\u65e5\u672c");
    assertThat(page.items().get(1).metrics()).isEmpty();
    assertThat(page.nextCursor()).contains("ftevent-1");
  }

  @Test
  void aFieldOfTheWrongTypeReadsAsAbsentAndTheLastOfARepeatedFieldWins() throws IOException {
    String odd = """
        {"id":"ftevent-old","id":"ftevent-3","created_at":"yesterday","level":{"name":"error"},"message":["x"],
         "type":"metrics","data":{"step":"1","train_loss":0.1}}""";
    String noData = """
        {"id":42,"created_at":10,"level":"error","message":"m","type":"metrics","data":[{"step":1}]}""";

    Page<JobEvent> page = read("{\"data\":[" + odd + "," + noData + "]}");

    JobEvent e = page.items().get(0);
    assertThat(e.id()).isEqualTo("ftevent-3");
    assertThat(e.createdAt()).isEqualTo(Instant.EPOCH);
    assertThat(e.level()).isEqualTo(JobEvent.Level.INFO);
    assertThat(e.message()).isEmpty();
    assertThat(e.metrics()).as("a step that is not a number").isEmpty();
    JobEvent f = page.items().get(1);
    assertThat(f.id()).isEmpty();
    assertThat(f.createdAt()).isEqualTo(Instant.ofEpochSecond(10));
    assertThat(f.level()).isEqualTo(JobEvent.Level.ERROR);
    assertThat(f.metrics()).as("data that is not an object").isEmpty();
    assertThat(page.nextCursor()).isEmpty();
  }

  @Test
  void anItemThatIsNotAnObjectIsAnEmptyEventHoldingIt() throws IOException {
    Page<JobEvent> page = read("{\"data\":[null,[1,{\"id\":\"x\"}],\"text\"]}");

    assertThat(page.items()).extracting(JobEvent::id).containsExactly("", "", "");
    assertThat(page.items()).extracting(JobEvent::raw)
        .containsExactly(RawJson.parse("null"), RawJson.parse("[1,{\"id\":\"x\"}]"), RawJson.parse("\"text\""));
  }

  @Test
  void theCursorIsTheLastIdOrElseTheLastItemsIdAndOnlyWhenThereIsMore() throws IOException {
    String events = "\"data\":[{\"id\":\"ftevent-2\"},{\"id\":\"ftevent-1\"},{\"message\":\"no id\"}]";

    assertThat(read("{" + events + ",\"has_more\":true}").nextCursor()).contains("ftevent-1");
    assertThat(read("{" + events + ",\"has_more\":true,\"last_id\":\"ftevent-0\"}").nextCursor())
        .contains("ftevent-0");
    assertThat(read("{" + events + ",\"has_more\":\"true\"}").nextCursor()).contains("ftevent-1");
    assertThat(read("{" + events + ",\"has_more\":false}").nextCursor()).isEmpty();
    assertThat(read("{" + events + ",\"has_more\":{\"yes\":true}}").nextCursor()).isEmpty();
    assertThat(read("{" + events + "}").nextCursor()).isEmpty();
    assertThat(read("{\"data\":[],\"has_more\":true,\"last_id\":\"ftevent-9\"}").nextCursor()).isEmpty();
  }

  @Test
  void readingStopsAtTheGivenEventWithoutReadingPastIt() throws IOException {
    // what follows the given event is not even JSON: it is not read
    Page<JobEvent> page = read("{\"has_more\":true,\"data\":[{\"id\":\"ftevent-3\"},{\"id\":\"ftevent-2\"},"
        + "{\"id\":\"ftevent-1\"} this is not read", "ftevent-2");

    assertThat(page.items()).extracting(JobEvent::id).containsExactly("ftevent-3");
    assertThat(page.nextCursor()).isEmpty();
    assertThat(read("{\"data\":[{\"id\":\"ftevent-3\"}],\"has_more\":true}", "ftevent-9").nextCursor())
        .contains("ftevent-3");
  }

  @Test
  void anAnswerThatIsNotAListSaysWhatItIs() {
    assertThatThrownBy(() -> read("[{\"id\":\"ftevent-1\"}]")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected a list with a 'data' array, got array");
    assertThatThrownBy(() -> read("{\"object\":\"list\"}")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected a list with a 'data' array, got object whose 'data' is nothing");
    assertThatThrownBy(() -> read("{\"data\":[],\"data\":\"none\"}")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected a list with a 'data' array, got object whose 'data' is string");
    assertThatThrownBy(() -> read("{\"data\":[{\"id\":\"ftevent-1\"}")).isInstanceOf(IOException.class);
  }
}
