package dev.finetune4j.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DatasetFormatTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return MAPPER.readTree(text);
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(delimiter = '|', value = {
      "{\"messages\":[]}|OPENAI_CHAT",
      "{\"prompt\":\"a\",\"completion\":\"b\"}|OPENAI_PROMPT_COMPLETION",
      "{\"prompt\":[{\"role\":\"user\",\"content\":\"a\"}],\"completion\":[]}|TRL_PROMPT_COMPLETION",
      "{\"input\":{\"messages\":[]},\"preferred_output\":[],\"non_preferred_output\":[]}|OPENAI_PREFERENCE",
      "{\"prompt\":[],\"chosen\":[],\"rejected\":[]}|TRL_PREFERENCE"})
  void eachShapeIsDetectedFromItsKeys(String line, DatasetFormat format) throws Exception {
    assertThat(DatasetFormat.detect(json(line))).contains(format);
  }

  @Test
  void objectsWithoutKnownKeysHaveNoFormat() throws Exception {
    assertThat(DatasetFormat.detect(json("{\"text\":\"hello\"}"))).isEqualTo(Optional.empty());
    assertThat(DatasetFormat.detect(json("[1]"))).isEmpty();
  }

  @Test
  void trlFormatsAcceptTheShapesTheyShareWithOpenAi() {
    assertThat(DatasetFormat.TRL_MESSAGES.accepts(DatasetFormat.OPENAI_CHAT)).isTrue();
    assertThat(DatasetFormat.TRL_PROMPT_COMPLETION.accepts(DatasetFormat.OPENAI_PROMPT_COMPLETION)).isTrue();
    assertThat(DatasetFormat.OPENAI_PROMPT_COMPLETION.accepts(DatasetFormat.TRL_PROMPT_COMPLETION)).isFalse();
    assertThat(DatasetFormat.OPENAI_PREFERENCE.accepts(DatasetFormat.TRL_PREFERENCE)).isFalse();
  }

  @Test
  void eachFormatNamesTheKindOfExampleItHolds() {
    assertThat(DatasetFormat.TRL_MESSAGES.kind()).isEqualTo(ExampleKind.CHAT);
    assertThat(DatasetFormat.TRL_PROMPT_COMPLETION.kind()).isEqualTo(ExampleKind.PROMPT_COMPLETION);
    assertThat(DatasetFormat.TRL_PREFERENCE.kind()).isEqualTo(ExampleKind.PREFERENCE);
  }
}
