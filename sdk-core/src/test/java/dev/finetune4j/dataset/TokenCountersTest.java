package dev.finetune4j.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.model.Role;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

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

  @Test
  void theEstimateIsOneTokenPerFourCharactersRoundedUpAndSaysItIsAnEstimate() {
    TokenCounter estimate = TokenCounters.estimate();

    assertThat(estimate.isExact()).isFalse();
    assertThat(estimate.name()).startsWith("estimate");
    assertThat(estimate.count("")).isZero();
    assertThat(estimate.count("abcd")).isEqualTo(1);
    assertThat(estimate.count("abcde")).isEqualTo(2);
    assertThat(estimate.count("x".repeat(401))).isEqualTo(101);
  }

  @Test
  void theOpenAiTokenizersAreExactAndNamed() {
    assertThat(TokenCounters.o200k().isExact()).isTrue();
    assertThat(TokenCounters.o200k().name()).isEqualTo("o200k_base");
    assertThat(TokenCounters.cl100k().isExact()).isTrue();
    assertThat(TokenCounters.cl100k().name()).isEqualTo("cl100k_base");
  }

  @Test
  void cl100kCountsMatchTiktoken() {
    TokenCounter counter = TokenCounters.cl100k();

    assertThat(counter.count("antidisestablishmentarianism")).isEqualTo(6);
    assertThat(counter.count("2 + 2 = 4")).isEqualTo(7);
    assertThat(counter.count("お誕生日おめでとう")).isEqualTo(9);
  }

  @Test
  void o200kCountsMatchTiktoken() {
    TokenCounter counter = TokenCounters.o200k();

    assertThat(counter.count("antidisestablishmentarianism")).isEqualTo(6);
    assertThat(counter.count("2 + 2 = 4")).isEqualTo(7);
    assertThat(counter.count("お誕生日おめでとう")).isEqualTo(8);
  }

  @Test
  void specialTokenMarkersAreCountedAsOrdinaryText() {
    assertThat(TokenCounters.o200k().count("<|endoftext|>")).isGreaterThan(1);
  }

  @Test
  void chatCountsWithCl100kMatchThePromptTokensOpenAiReportedForGpt4() {
    assertThat(TokenCounters.cl100k().countMessages(COOKBOOK_MESSAGES)).isEqualTo(129);
  }

  @Test
  void chatCountsWithO200kMatchThePromptTokensOpenAiReportedForGpt4oMini() {
    assertThat(TokenCounters.o200k().countMessages(COOKBOOK_MESSAGES)).isEqualTo(124);
  }
}
