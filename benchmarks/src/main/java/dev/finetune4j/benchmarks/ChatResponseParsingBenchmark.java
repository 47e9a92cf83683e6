package dev.finetune4j.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.spi.http.Json;
import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.model.TokenUsage;
import dev.finetune4j.model.internal.ChatWire;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/** Reading a Chat Completions answer (the hot path of an evaluation run): JSON bytes to message and usage. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ChatResponseParsingBenchmark {
  private final byte[] body = ("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1732400000,"
      + "\"model\":\"ft:gpt-4o-mini-2024-07-18:acme:recipes:abc123\",\"choices\":[{\"index\":0,\"message\":"
      + "{\"role\":\"assistant\",\"content\":\"Simmer red lentils for 20 to 25 minutes, stirring now and then.\","
      + "\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":31,"
      + "\"completion_tokens\":14,\"total_tokens\":45,\"prompt_tokens_details\":{\"cached_tokens\":0},"
      + "\"completion_tokens_details\":{\"reasoning_tokens\":0}},\"system_fingerprint\":\"fp_1\"}")
      .getBytes(StandardCharsets.UTF_8);

  @Benchmark
  public void parse(Blackhole sink) throws IOException {
    JsonNode tree = Json.parse(body);
    ChatMessage message = ChatWire.message(tree.path("choices").path(0).path("message"));
    TokenUsage usage = ChatWire.usage(tree);
    sink.consume(message);
    sink.consume(usage);
  }
}
