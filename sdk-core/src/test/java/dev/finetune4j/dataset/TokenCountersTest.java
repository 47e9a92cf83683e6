package dev.finetune4j.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.model.Role;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Expected counts come from OpenAI's cookbook "How to count tokens with tiktoken", which printed tiktoken's
 * encodings and the prompt tokens the OpenAI API reported for the same messages.
 */
class TokenCountersTest {

  private static ChatMessage named(String name, String content) {
    return new ChatMessage(Role.SYSTEM, Optional.of(content), List.of(), Optional.of(name), List.of(),
        Optional.empty(), OptionalInt.empty());
  }

  private static final List<ChatMessage> COOKBOOK_MESSAGES = List.of(
      ChatMessage.system("You are a helpful, pattern-following assistant that translates corporate jargon into plain"
          + " English."),
      named("example_user", "New synergies will help drive top-line growth."),
      named("example_assistant", "Things working well together will increase revenue."),
      named("example_user", "Let's circle back when we have more bandwidth to touch base on opportunities for"
          + " increased leverage."),
      named("example_assistant", "Let's talk later when we're less busy about how to do better."),
      ChatMessage.user("This late pivot means we don't have time to boil the ocean for the client deliverable."));

  @ParameterizedTest
  @ValueSource(strings = {"gpt-4o", "gpt-4o-mini-2024-07-18", "gpt-4.1-nano", "o3-mini", "o4-mini-2025-04-16",
      "o1", "ft:gpt-4o-mini-2024-07-18:acme:support:AbC123", "gpt-4o-mini-2024-07-18.ft-0123abcd"})
  void newerOpenAiModelsAreCountedExactlyWithO200kBase(String model) {
    TokenCounter counter = TokenCounters.forModel(model);

    assertThat(counter.isExact()).isTrue();
    assertThat(counter.name()).isEqualTo("o200k_base");
  }

  @ParameterizedTest
  @ValueSource(strings = {"gpt-4", "gpt-4-0613", "gpt-3.5-turbo-0125", "babbage-002", "davinci-002",
      "ft:gpt-3.5-turbo-0125:acme::xyz"})
  void olderOpenAiModelsAreCountedExactlyWithCl100kBase(String model) {
    TokenCounter counter = TokenCounters.forModel(model);

    assertThat(counter.isExact()).isTrue();
    assertThat(counter.name()).isEqualTo("cl100k_base");
  }

  @ParameterizedTest
  @ValueSource(strings = {"meta-llama/Llama-3.1-8B-Instruct", "Qwen/Qwen2.5-7B", "mistral-large"})
  void otherModelsGetAnEstimate(String model) {
    assertThat(TokenCounters.forModel(model).isExact()).isFalse();
  }

  @Test
  void theEstimateIsOneTokenPerFourCharactersRoundedUp() {
    TokenCounter estimate = TokenCounters.estimate();

    assertThat(estimate.count("")).isZero();
    assertThat(estimate.count("abcd")).isEqualTo(1);
    assertThat(estimate.count("abcde")).isEqualTo(2);
    assertThat(estimate.count("x".repeat(401))).isEqualTo(101);
  }

  @Test
  void cl100kCountsMatchTiktoken() {
    TokenCounter counter = TokenCounters.forModel("gpt-4");

    assertThat(counter.count("antidisestablishmentarianism")).isEqualTo(6);
    assertThat(counter.count("2 + 2 = 4")).isEqualTo(7);
    assertThat(counter.count("お誕生日おめでとう")).isEqualTo(9);
  }

  @Test
  void o200kCountsMatchTiktoken() {
    TokenCounter counter = TokenCounters.forModel("gpt-4o");

    assertThat(counter.count("antidisestablishmentarianism")).isEqualTo(6);
    assertThat(counter.count("2 + 2 = 4")).isEqualTo(7);
    assertThat(counter.count("お誕生日おめでとう")).isEqualTo(8);
  }

  @Test
  void specialTokenMarkersAreCountedAsOrdinaryText() {
    assertThat(TokenCounters.forModel("gpt-4o").count("<|endoftext|>")).isGreaterThan(1);
  }

  @Test
  void chatCountsMatchThePromptTokensOpenAiReportedForGpt4() {
    assertThat(TokenCounters.forModel("gpt-4-0613").countMessages(COOKBOOK_MESSAGES)).isEqualTo(129);
  }

  @Test
  void chatCountsMatchThePromptTokensOpenAiReportedForGpt4oMini() {
    assertThat(TokenCounters.forModel("gpt-4o-mini").countMessages(COOKBOOK_MESSAGES)).isEqualTo(124);
  }

  @Test
  void knownTrainingTokenLimitsArePublishedPerModel() {
    assertThat(TokenCounters.trainingTokenLimit("gpt-4o-2024-08-06")).isEqualTo(65_536);
    assertThat(TokenCounters.trainingTokenLimit("gpt-4o-mini-2024-07-18")).isEqualTo(65_536);
    assertThat(TokenCounters.trainingTokenLimit("gpt-3.5-turbo-0125")).isEqualTo(16_385);
    assertThat(TokenCounters.trainingTokenLimit("gpt-3.5-turbo-1106")).isEqualTo(16_385);
    assertThat(TokenCounters.trainingTokenLimit("gpt-3.5-turbo-0613")).isEqualTo(4_096);
    assertThat(TokenCounters.trainingTokenLimit("ft:gpt-3.5-turbo-0613:acme::x")).isEqualTo(4_096);
  }

  @Test
  void unknownModelsGetTheDefaultTrainingTokenLimit() {
    assertThat(TokenCounters.trainingTokenLimit("gpt-4.1-2025-04-14"))
        .isEqualTo(TokenCounters.DEFAULT_TRAINING_TOKEN_LIMIT)
        .isEqualTo(65_536);
  }

  @Test
  void fineTunedNamesResolveToTheirBaseModel() {
    assertThat(TokenCounters.baseModel("ft:gpt-4o-mini-2024-07-18:org:suffix:id")).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(TokenCounters.baseModel("gpt-35-turbo-0613.ft-5fd1918ee65d4cd38a5dcf6835066ed7"))
        .isEqualTo("gpt-35-turbo-0613");
  }
}
