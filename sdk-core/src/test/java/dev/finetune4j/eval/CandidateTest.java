package dev.finetune4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.error.LocalValidationException;
import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.model.ChatRequest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CandidateTest {
  private static final FakeModel MODEL = FakeModel.answering("base", q -> "a");
  private static final EvalCase CASE = EvalCase.of("1",
      List.of(ChatMessage.system("Case system."), ChatMessage.user("Question?")), "Answer.");

  @TempDir
  Path dir;

  private Path training(int lines) throws Exception {
    List<String> rows = new ArrayList<>();
    for (int i = 1; i <= lines; i++) {
      rows.add("{\"messages\":[{\"role\":\"system\",\"content\":\"Train system.\"},"
          + "{\"role\":\"user\",\"content\":\"q" + i + "\"},{\"role\":\"assistant\",\"content\":\"a" + i + "\"}]}");
    }
    Path file = dir.resolve("train.jsonl");
    Files.write(file, rows);
    return file;
  }

  private static List<String> texts(List<ChatMessage> messages) {
    return messages.stream().map(ChatMessage::text).toList();
  }

  @Test
  void zeroShotSendsTheCaseAsItIs() {
    ChatRequest request = Candidate.zeroShot("base", MODEL).requestFor(CASE, Optional.empty());

    assertThat(request.messages()).isEqualTo(CASE.messages());
    assertThat(request.temperature()).isEmpty();
    assertThat(request.timeout()).isEmpty();
  }

  @Test
  void fewShotExamplesGoAfterTheSystemMessageAndBeforeTheQuestion() {
    Candidate c = Candidate.builder().name("fs").model(MODEL).example("q1", "a1").example("q2", "a2").build();

    ChatRequest request = c.requestFor(CASE, Optional.empty());

    assertThat(texts(request.messages())).containsExactly("Case system.", "q1", "a1", "q2", "a2", "Question?");
  }

  @Test
  void aSystemPromptReplacesTheCasesSystemMessages() {
    Candidate c = Candidate.builder().name("p").model(MODEL).systemPrompt("Answer in one word.").build();

    assertThat(texts(c.requestFor(CASE, Optional.empty()).messages()))
        .containsExactly("Answer in one word.", "Question?");
  }

  @Test
  void requestSettingsAndTheCaseTimeoutAreSent() {
    Candidate c = Candidate.builder().name("t").model(MODEL).temperature(0).maxCompletionTokens(64).seed(7).build();

    ChatRequest request = c.requestFor(CASE, Optional.of(Duration.ofSeconds(20)));

    assertThat(request.temperature().getAsDouble()).isZero();
    assertThat(request.maxCompletionTokens().getAsInt()).isEqualTo(64);
    assertThat(request.seed().getAsLong()).isEqualTo(7);
    assertThat(request.timeout()).hasValue(Duration.ofSeconds(20));
  }

  @Test
  void fewShotFromATrainingFileTakesTheFirstExamplesWithoutTheirSystemMessages() throws Exception {
    Candidate c = Candidate.fewShot("fs", MODEL, training(10), 2);

    assertThat(texts(c.examples())).containsExactly("q1", "a1", "q2", "a2");
  }

  @Test
  void aSeededSampleIsRepeatableInFileOrderAndDependsOnTheSeed() throws Exception {
    Path file = training(50);

    List<String> a = texts(Candidate.fewShot("fs", MODEL, file, 3, 1).examples());
    List<String> b = texts(Candidate.fewShot("fs", MODEL, file, 3, 1).examples());
    List<String> other = texts(Candidate.fewShot("fs", MODEL, file, 3, 2).examples());

    assertThat(a).hasSize(6).isEqualTo(b).isNotEqualTo(other);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < a.size(); i += 2) {
      order.add(Integer.parseInt(a.get(i).substring(1)));
    }
    assertThat(order).isSorted();
  }

  @Test
  void aTrainingFileWithTooFewExamplesIsRejected() throws Exception {
    Path file = training(2);

    assertThatThrownBy(() -> Candidate.fewShot("fs", MODEL, file, 3))
        .isInstanceOfSatisfying(LocalValidationException.class,
            e -> assertThat(e.problems()).containsExactly(file + ": 3 examples asked for, 2 found"));
  }

  @Test
  void aBadTrainingLineIsReportedWithItsLineNumber() throws Exception {
    Path file = dir.resolve("bad.jsonl");
    Files.writeString(file, "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]}\n");

    assertThatThrownBy(() -> Candidate.fewShot("fs", MODEL, file, 1))
        .isInstanceOfSatisfying(LocalValidationException.class,
            e -> assertThat(e.problems()).containsExactly(file + ":1: line does not end with an assistant message"));
  }

  @Test
  void aBadTrainingLineIsNamedByFileAndLineInTheMessage() throws Exception {
    Path file = training(3);
    Files.writeString(file, "{\"messages\":[{\"role\":\"user\"}]}\n", StandardOpenOption.APPEND);

    assertThatThrownBy(() -> Candidate.fewShot("fs", MODEL, file, 4))
        .isInstanceOf(LocalValidationException.class)
        .hasMessage("the few-shot file " + file + " has a bad line (line 4)");
  }

  @Test
  void aTrainingLineWithADuplicateKeyIsRejected() throws Exception {
    Path file = dir.resolve("dup.jsonl");
    Files.writeString(file, "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},"
        + "{\"role\":\"assistant\",\"content\":\"a\",\"content\":\"b\"}]}\n");

    assertThatThrownBy(() -> Candidate.fewShot("fs", MODEL, file, 1))
        .isInstanceOfSatisfying(LocalValidationException.class, e -> assertThat(e.problems()).singleElement()
            .asString().startsWith(file + ":1: line is not valid JSON").contains("Duplicate field 'content'"));
  }

  @Test
  void aByteOrderMarkAtTheStartOfATrainingFileIsSkipped() throws Exception {
    Path file = dir.resolve("bom.jsonl");
    Files.write(file, ("\uFEFF{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},"
        + "{\"role\":\"assistant\",\"content\":\"a\"}]}\n").getBytes(StandardCharsets.UTF_8));

    assertThat(texts(Candidate.fewShot("fs", MODEL, file, 1).examples())).containsExactly("q", "a");
  }

  @Test
  void theBuilderSaysWhatIsMissingOrWrong() {
    assertThatThrownBy(() -> Candidate.builder().model(MODEL).build()).hasMessageContaining("needs a name");
    assertThatThrownBy(() -> Candidate.builder().name("x").build()).hasMessageContaining("needs a model");
    assertThatThrownBy(() -> Candidate.builder().temperature(3)).hasMessageContaining("between 0 and 2");
    assertThatThrownBy(() -> Candidate.builder().prices(BigDecimal.ONE, new BigDecimal("-1")))
        .hasMessageContaining("must not be negative");
    assertThatThrownBy(() -> Candidate.builder().requestsPerMinute(0)).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> Candidate.builder().examples(List.of(ChatMessage.user("q"))))
        .hasMessageContaining("must end with an assistant answer");
  }

  @Test
  void toBuilderKeepsEverySetting() {
    Candidate c = Candidate.builder().name("t").model(MODEL).systemPrompt("s").example("q", "a").temperature(1)
        .maxCompletionTokens(5).seed(3).prices(BigDecimal.ONE, BigDecimal.TEN).requestsPerMinute(60)
        .tokensPerMinute(1000).build();

    Candidate copy = c.toBuilder().build();

    assertThat(copy.requestFor(CASE, Optional.empty()).messages())
        .isEqualTo(c.requestFor(CASE, Optional.empty()).messages());
    assertThat(copy.outputPricePerMillion()).hasValue(BigDecimal.TEN);
    assertThat(copy.tokensPerMinute().getAsLong()).isEqualTo(1000);
    assertThat(copy.requestsPerMinute().getAsInt()).isEqualTo(60);
  }
}
