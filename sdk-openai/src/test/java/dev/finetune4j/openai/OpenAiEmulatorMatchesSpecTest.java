package dev.finetune4j.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finetune4j.testsupport.Prism;
import dev.finetune4j.testkit.VirtualClock;
import dev.finetune4j.testkit.openai.OpenAiEmulator;
import dev.finetune4j.testsupport.ClientScript;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official {@code openai} Python client's conformance run ({@code conformance/openai_conformance.py} from the
 * testkit) goes through Prism as a validating proxy in front of the OpenAI emulator: every call must complete, and
 * every response Prism finds not to match the published description must be listed, with its reason, in
 * {@code prism-allowed-violations.txt}. Entries that no longer match anything fail the test too, so the list stays
 * true.
 */
class OpenAiEmulatorMatchesSpecTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  /** One allowed violation: operation (method and path pattern), the field location and message patterns. */
  private record Allowed(String line, Pattern operation, Pattern location, Pattern message) {
    boolean matches(String op, String where, String text) {
      return operation.matcher(op).matches() && location.matcher(where).matches() && message.matcher(text).find();
    }
  }

  @Test
  void everyResponseOfTheOfficialClientsRunMatchesTheSpecOrIsAnAllowedQuirk() throws Exception {
    List<Allowed> allowed = allowList();
    Path headers = dir.resolve("violations.jsonl");
    List<String> unexpected = new ArrayList<>();
    TreeSet<String> used = new TreeSet<>();
    try (OpenAiEmulator emulator = OpenAiEmulator.builder().clock(VirtualClock.accelerated(300)).build().start();
        Prism prism = Prism.proxy("openai-openapi.yaml", emulator.baseUrl(), "prism-proxy")) {
      ClientScript.Result result = ClientScript.run("conformance/openai_conformance.py", Map.of(
          "OPENAI_BASE_URL", prism.baseUrl(), "OPENAI_API_KEY", emulator.apiKey(),
          "CONFORMANCE_RECORD_HEADER", "sl-violations", "CONFORMANCE_HEADERS_FILE", headers.toString()),
          Duration.ofMinutes(3));
      assertThat(result.passed()).as(result.output()).isTrue();
    }
    List<String> lines = Files.exists(headers) ? Files.readAllLines(headers) : List.of();
    for (String line : lines) {
      JsonNode record = JSON.readTree(line);
      String op = record.path("method").asText() + " " + record.path("path").asText();
      for (JsonNode violation : JSON.readTree(record.path("value").asText())) {
        List<String> location = new ArrayList<>();
        violation.path("location").forEach(part -> location.add(part.asText()));
        if (location.isEmpty() || !location.get(0).equals("response")) {
          continue; // what the official client sends is not the emulator's doing
        }
        String where = String.join(".", location);
        String text = violation.path("message").asText();
        Allowed match = allowed.stream().filter(a -> a.matches(op, where, text)).findFirst().orElse(null);
        if (match == null) {
          unexpected.add(op + " " + where + ": " + text);
        } else {
          used.add(match.line());
        }
      }
    }
    assertThat(unexpected).as("response violations neither fixed nor allowed").isEmpty();
    assertThat(allowed.stream().map(Allowed::line).filter(l -> !used.contains(l)).toList())
        .as("allow-list entries that match no violation any more").isEmpty();
  }

  /**
   * Reads the allow-list: one entry per line, {@code METHOD PATH-REGEX | LOCATION-REGEX | MESSAGE-REGEX | reason}
   * (the bars between spaces, so that the patterns can use bars of their own);
   * blank lines and lines starting with {@code #} are comments.
   */
  private static List<Allowed> allowList() throws IOException {
    List<Allowed> out = new ArrayList<>();
    try (InputStream in = OpenAiEmulatorMatchesSpecTest.class.getResourceAsStream("/prism-allowed-violations.txt")) {
      String text = new String(Objects.requireNonNull(in, "prism-allowed-violations.txt").readAllBytes(),
          StandardCharsets.UTF_8);
      for (String line : text.lines().toList()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split("\\s+\\|\\s+", 4);
        if (parts.length != 4 || parts[3].isBlank()) {
          throw new IllegalStateException("allow-list entry without operation, location, message and reason: "
              + line);
        }
        out.add(new Allowed(line, Pattern.compile(parts[0]), Pattern.compile(parts[1]), Pattern.compile(parts[2])));
      }
    }
    return out;
  }
}
