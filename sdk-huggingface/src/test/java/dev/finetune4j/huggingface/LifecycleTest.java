package dev.finetune4j.huggingface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.FineTuningClient;
import dev.finetune4j.error.ClientClosedException;
import dev.finetune4j.model.ChatMessage;
import java.util.List;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** What a built client keeps, what unwrap gives, and what close does to every host the client talks to. */
class LifecycleTest extends WireTestSupport {

  @Test
  void changingTheBuilderAfterBuildDoesNotChangeTheClient() throws Exception {
    HuggingFace.Builder builder = client();
    try (HuggingFace built = builder.build()) {
      builder.hubUrl("http://127.0.0.1:9").apiKey("hf_another_token_after_build").namespace("mallory");
      enqueueJson("{\"name\":\"alice\",\"type\":\"user\"}");

      built.hub().whoami();

      RecordedRequest request = server.takeRequest();
      assertThat(request.getUrl().port()).isEqualTo(server.getPort());
      assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
      assertThat(built.namespace()).isEqualTo("alice");
    }
  }

  @Test
  void unwrapReachesTheHuggingFaceClientBehindTheNeutralInterface() {
    FineTuningClient neutral = hf;

    assertThat(neutral.unwrap(HuggingFace.class).hub()).isSameAs(hf.hub());
    assertThatThrownBy(() -> neutral.unwrap(AutoTrain.class))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("huggingface client");
  }

  @Test
  void afterCloseTheHubTheEndpointsAndTheRouterAllFailClearlyAndNothingIsSent() {
    hf.close();
    hf.close();

    assertThatThrownBy(() -> hf.hub().whoami()).isInstanceOf(ClientClosedException.class);
    assertThatThrownBy(() -> hf.endpoints().get("bot")).isInstanceOf(ClientClosedException.class);
    assertThatThrownBy(() -> hf.chat("alice/model").complete(List.of(ChatMessage.user("hi"))))
        .isInstanceOf(ClientClosedException.class);
    assertThat(server.getRequestCount()).isZero();
  }
}
