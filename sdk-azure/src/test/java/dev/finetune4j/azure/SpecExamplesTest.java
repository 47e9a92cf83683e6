package dev.finetune4j.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.azure.internal.AzureDialect;
import dev.finetune4j.job.JobEvent;
import dev.finetune4j.openai.OpenAiDialect;
import dev.finetune4j.openai.internal.JobWire;
import dev.finetune4j.openai.internal.Wire;
import dev.finetune4j.spi.http.Json;
import dev.finetune4j.spi.http.JsonStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every example payload Azure publishes in {@code ../shared/specs/azure} parses into the SDK's types (the JSON files;
 * each YAML example of 2025-04-01-preview has a JSON twin).
 */
class SpecExamplesTest {
  private static final OpenAiDialect DIALECT = AzureDialect.forVersion(AzureApiVersion.LATEST_GA);

  /** Returns {@code ../shared/specs/azure}, or aborts the test with a clear message where it is absent. */
  static Path specs() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("../shared/specs/azure").normalize();
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    Assumptions.abort("../shared/specs/azure is absent; the example payloads cannot be checked");
    return null;
  }

  private static List<JsonNode> responseBodies(Path file) throws IOException {
    JsonNode example = Json.parse(Files.readString(file));
    List<JsonNode> bodies = new ArrayList<>();
    example.path("responses").forEach(r -> {
      if (r.has("body") && !r.get("body").isNull()) {
        bodies.add(r.get("body"));
      }
    });
    return bodies;
  }

  @Test
  void everyExamplePayloadParses() throws IOException {
    int parsed = 0;
    List<Path> files;
    try (Stream<Path> walk = Files.walk(specs())) {
      files = walk.filter(p -> p.getFileName().toString().endsWith(".json"))
          .filter(p -> p.getParent().getFileName().toString().startsWith("examples")
              || p.getParent().getFileName().toString().startsWith("arm"))
          .sorted().toList();
    }
    for (Path file : files) {
      String name = file.getFileName().toString();
      for (JsonNode body : responseBodies(file)) {
        parse(name, file.getParent().getFileName().toString(), body);
        parsed++;
      }
    }
    assertThat(parsed).isGreaterThanOrEqualTo(20);
  }

  private static void parse(String name, String dir, JsonNode body) throws IOException {
    if (dir.startsWith("arm")) {
      assertThat(AzureDeployments.deployment(body).model()).as(name).isNotBlank();
    } else if (name.contains("checkpoints")) {
      assertThat(Wire.page(body, JobWire::checkpoint).items()).as(name).isNotEmpty();
    } else if (name.contains("events")) {
      assertThat(JsonStream.read(Json.writer().writeValueAsBytes(body),
          json -> Wire.pageUntil(json, JobWire::event, JobEvent::id, null)).items()).as(name).isNotEmpty();
    } else if (name.contains("finetuning_jobs")) {
      assertThat(Wire.page(body, json -> JobWire.job(DIALECT, json)).items()).as(name).isNotEmpty();
    } else if (name.contains("finetuning_job")) {
      assertThat(JobWire.job(DIALECT, body).id()).as(name).isNotBlank();
    } else if (name.equals("get_models.json")) {
      assertThat(Wire.page(body, AzureModels::model).items()).as(name).isNotEmpty();
    } else if (name.startsWith("get_model")) {
      assertThat(AzureModels.model(body).id()).as(name).isNotBlank();
    } else if (name.equals("get_files.json")) {
      assertThat(Wire.page(body, Wire::file).items()).as(name).isNotEmpty();
    } else if (name.contains("file") && !name.startsWith("upload_file_") && !name.startsWith("delete")) {
      assertThat(Wire.file(body).status()).as(name).isPresent();
    } else {
      assertThat(body.isObject()).as(name).isTrue();
    }
  }

  @Test
  void azureStatusesMapToNeutralOnesAndKeepTheRawValue() {
    assertThat(AzureDialect.status("pending").value()).isEqualTo("queued");
    assertThat(AzureDialect.status("pausing").value()).isEqualTo("running");
    assertThat(AzureDialect.status("paused").value()).isEqualTo("paused");
    assertThat(AzureDialect.status("resuming").value()).isEqualTo("running");
    assertThat(AzureDialect.status("somethingNew").isTerminal()).isFalse();
  }
}
