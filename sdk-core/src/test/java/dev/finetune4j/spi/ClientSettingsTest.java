package dev.finetune4j.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.error.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientSettingsTest {
  private static final String KEY = "sk-proj-Secret0123456789";

  @Test
  void aKeyReadFromAFileLosesItsTrailingNewline() {
    assertThat(ClientSettings.secret("apiKey", KEY + "\n")).isEqualTo(KEY);
  }

  @Test
  void aKeyThatCannotBeSentInAHeaderIsRefusedWithoutRepeatingIt() {
    assertThatThrownBy(() -> ClientSettings.secret("apiKey", "sk-proj-Sec\nret0123456789"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("apiKey cannot be sent in an HTTP header")
        .hasMessageContaining("character 12").hasMessageContaining("line break")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Sec").doesNotContain("ret0123456789"));
    assertThatThrownBy(() -> ClientSettings.secret("apiKey", "sk-proj-Secrét0123456789"))
        .hasMessageContaining("not ASCII").satisfies(e -> assertThat(e.getMessage()).doesNotContain("Secr"));
  }

  @Test
  void plainHttpIsAllowedOnlyToThisMachine() {
    assertThat(ClientSettings.httpUrl("baseUrl", "http://localhost:8089/v1")).isEqualTo("http://localhost:8089/v1");
    assertThat(ClientSettings.httpUrl("baseUrl", "http://127.0.0.1:4010/v1")).isNotNull();
    assertThat(ClientSettings.httpUrl("baseUrl", "http://[::1]:4010/v1")).isNotNull();
    assertThat(ClientSettings.httpUrl("baseUrl", "https://api.openai.com/v1")).isNotNull();
    assertThatThrownBy(() -> ClientSettings.httpUrl("baseUrl", "http://api.example.com/v1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must use https for api.example.com");
    assertThatThrownBy(() -> ClientSettings.httpUrl("baseUrl", "http://127.0.0.1.example.com/v1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPasswordInAUrlIsRefusedAndNotRepeated() {
    assertThatThrownBy(() -> ClientSettings.httpUrl("baseUrl", "https://alice:hunter2secret@api.example.com/v1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not carry a user name or password")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2secret").doesNotContain("alice"));
  }

  @Test
  void aRequiredVariableThatIsMissingOrBlankIsAConfigurationError() {
    ClientSettings env = ClientSettings.of(Map.of("BLANK", "  ", "SET", " value "));

    assertThat(env.get("SET")).contains("value");
    assertThat(env.get("BLANK")).isEmpty();
    assertThatThrownBy(() -> env.require("BLANK", "to call the service"))
        .isInstanceOf(ConfigurationException.class).hasMessage("BLANK is not set; it is required to call the service");
  }
}
