package dev.finetune4j.testkit.internal.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finetune4j.testkit.Emulator;
import dev.finetune4j.testkit.ReceivedRequest;
import dev.finetune4j.testkit.VirtualClock;
import dev.finetune4j.testkit.internal.Ids;
import dev.finetune4j.testkit.openai.OpenAiEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockResponse;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenAiRoutesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TRAINING = training("France", "Paris", "Italy", "Rome", "Spain", "Madrid", "Greece",
      "Athens", "Norway", "Oslo", "Sweden", "Stockholm", "Poland", "Warsaw", "Austria", "Vienna", "Ireland", "Dublin",
      "Hungary", "Budapest");

  private final OkHttpClient client = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
  private final List<Emulator> started = new ArrayList<>();

  /** Mounts OpenAI routes like OpenAiEmulator does (same seed, so the same ids), but under another prefix. */
  private static final class MountedEmulator extends Emulator {
    private final OpenAiRoutes.Mount mount;

    MountedEmulator(String prefix, FineTunedModelIds modelIds, ErrorEnvelope envelope) {
      this(VirtualClock.manual(), prefix, modelIds, envelope);
    }

    private MountedEmulator(VirtualClock clock, String prefix, FineTunedModelIds modelIds, ErrorEnvelope envelope) {
      super(clock);
      this.mount = OpenAiRoutes.create(clock, new Ids(42), modelIds, Duration.ZERO).mount(prefix, envelope);
    }

    @Override
    protected String basePath() {
      return mount.prefix();
    }

    @Override
    protected MockResponse handle(ReceivedRequest request) {
      Optional<String> path = mount.routePath(request);
      return path.isPresent() ? mount.answer(request, path.get())
          : mount.error(ApiError.invalidUrl(request.method(), request.path()));
    }
  }

  private record Answer(int code, JsonNode json) {
  }

  @AfterEach
  void close() {
    started.forEach(Emulator::close);
  }

  private <T extends Emulator> T start(T emulator) {
    emulator.start();
    started.add(emulator);
    return emulator;
  }

  private Answer call(Emulator emulator, String method, String path, RequestBody body) {
    Request request = new Request.Builder().url(emulator.baseUrl() + path).method(method, body)
        .header("Authorization", "Bearer " + OpenAiEmulator.DEFAULT_API_KEY).build();
    try (Response response = client.newCall(request).execute()) {
      return new Answer(response.code(), JSON.readTree(response.body().bytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Answer get(Emulator emulator, String path) {
    return call(emulator, "GET", path, null);
  }

  private Answer post(Emulator emulator, String path, Object body) {
    try {
      return call(emulator, "POST", path, RequestBody.create(JSON.writeValueAsString(body),
          MediaType.get("application/json")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Answer upload(Emulator emulator) {
    return call(emulator, "POST", "/files", new MultipartBody.Builder().setType(MultipartBody.FORM)
        .addFormDataPart("purpose", "fine-tune")
        .addFormDataPart("file", "train.jsonl", RequestBody.create(TRAINING.getBytes(StandardCharsets.UTF_8),
            MediaType.get("application/octet-stream")))
        .build());
  }

  /** Uploads, trains and asks the model; returns every answer in order. */
  private List<Answer> workflow(Emulator emulator) {
    List<Answer> answers = new ArrayList<>();
    answers.add(get(emulator, "/models"));
    Answer file = upload(emulator);
    answers.add(file);
    Answer job = post(emulator, "/fine_tuning/jobs", Map.of("model", "gpt-4o-mini-2024-07-18",
        "training_file", file.json().path("id").asText(), "suffix", "capitals"));
    answers.add(job);
    answers.add(post(emulator, "/fine_tuning/jobs", Map.of("model", "gpt-4o-mini-2024-07-18")));
    emulator.clock().advance(Duration.ofMinutes(10));
    String id = job.json().path("id").asText();
    Answer done = get(emulator, "/fine_tuning/jobs/" + id);
    answers.add(done);
    answers.add(get(emulator, "/fine_tuning/jobs/" + id + "/checkpoints"));
    answers.add(post(emulator, "/chat/completions", Map.of("model", done.json().path("fine_tuned_model").asText(),
        "messages", List.of(Map.of("role", "user", "content", "What is the capital of France?")))));
    return answers;
  }

  @Test
  void routesMountedUnderAnotherPrefixAnswerAsTheOpenAiEmulatorDoes() {
    OpenAiEmulator openai = start(OpenAiEmulator.builder().clock(VirtualClock.manual()).build());
    MountedEmulator mounted = start(new MountedEmulator("/openai/v1",
        FineTunedModelIds.openAi(OpenAiEmulator.DEFAULT_ORGANIZATION), ErrorEnvelope.openAi()));

    List<Answer> expected = workflow(openai);
    List<Answer> actual = workflow(mounted);

    assertThat(actual).isEqualTo(expected);
    assertThat(expected.get(3).code()).isEqualTo(400);
    assertThat(expected.get(6).json().at("/choices/0/message/content").asText()).isEqualTo("Paris.");
    assertThat(mounted.requests().get(1).path()).isEqualTo("/openai/v1/files");
  }

  @Test
  void unknownPathsQuoteThePathAsSentUnderTheirPrefix() {
    MountedEmulator mounted = start(new MountedEmulator("/openai/v1", FineTunedModelIds.openAi("org"),
        ErrorEnvelope.openAi()));

    Answer answer = get(mounted, "/nothing");

    assertThat(answer.code()).isEqualTo(404);
    assertThat(answer.json().at("/error/message").asText()).isEqualTo("Invalid URL (GET /openai/v1/nothing)");
  }

  @Test
  void fineTunedModelsAndCheckpointsTakeTheConfiguredIdForm() {
    FineTunedModelIds dotted = new FineTunedModelIds() {
      @Override
      public String model(String baseModel, Optional<String> suffix, String jobId) {
        return baseModel + ".ft-" + jobId.substring("ftjob-".length());
      }

      @Override
      public String checkpoint(String model, int step) {
        return model + ":ckpt-step-" + step;
      }

      @Override
      public boolean isFineTuned(String model) {
        return model.contains(".ft-");
      }

      @Override
      public String baseModel(String model) {
        return model.substring(0, model.indexOf(".ft-"));
      }
    };
    MountedEmulator mounted = start(new MountedEmulator("/openai/v1", dotted, ErrorEnvelope.openAi()));
    String fileId = upload(mounted).json().path("id").asText();
    String jobId = post(mounted, "/fine_tuning/jobs", Map.of("model", "gpt-4o-mini-2024-07-18",
        "training_file", fileId)).json().path("id").asText();
    mounted.clock().advance(Duration.ofMinutes(10));

    String model = get(mounted, "/fine_tuning/jobs/" + jobId).json().path("fine_tuned_model").asText();
    Answer chat = post(mounted, "/chat/completions", Map.of("model", model,
        "messages", List.of(Map.of("role", "user", "content", "What is the capital of Italy?"))));
    Answer again = post(mounted, "/fine_tuning/jobs", Map.of("model", model, "training_file", fileId));

    assertThat(model).isEqualTo("gpt-4o-mini-2024-07-18.ft-" + jobId.substring("ftjob-".length()));
    assertThat(get(mounted, "/fine_tuning/jobs/" + jobId + "/checkpoints").json().at("/data/0")
        .path("fine_tuned_model_checkpoint").asText()).startsWith(model + ":ckpt-step-");
    assertThat(chat.json().at("/choices/0/message/content").asText()).isEqualTo("Rome.");
    assertThat(again.code()).isEqualTo(200);
    assertThat(again.json().path("model").asText()).isEqualTo(model);
  }

  @Test
  void errorsAreWrittenInTheMountsEnvelope() {
    ErrorEnvelope coded = error -> Map.of("error", Map.of("code", error.code().orElse(String.valueOf(error.status())),
        "message", error.getMessage()));
    MountedEmulator mounted = start(new MountedEmulator("/openai", FineTunedModelIds.openAi("org"), coded));

    Answer answer = get(mounted, "/files/file-missing");

    assertThat(answer.code()).isEqualTo(404);
    assertThat(answer.json()).isEqualTo(JSON.valueToTree(Map.of("error", Map.of("code", "404",
        "message", "No such File object: file-missing"))));
  }

  @Test
  void routePathIsThePartOfThePathBelowThePrefix() {
    OpenAiRoutes.Mount mount = OpenAiRoutes.create(VirtualClock.manual(), new Ids(1),
        FineTunedModelIds.openAi("org"), Duration.ZERO).mount("/openai/v1", ErrorEnvelope.openAi());

    assertThat(mount.routePath(request("/openai/v1/fine_tuning/jobs"))).contains("/fine_tuning/jobs");
    assertThat(mount.routePath(request("/openai/v1"))).isEmpty();
    assertThat(mount.routePath(request("/openai/v10/files"))).isEmpty();
    assertThat(mount.routePath(request("/v1/files"))).isEmpty();
  }

  @Test
  void prefixesMustBeSegmentsWithoutATrailingSlash() {
    OpenAiRoutes routes = OpenAiRoutes.create(VirtualClock.manual(), new Ids(1),
        FineTunedModelIds.openAi("org"), Duration.ZERO);

    assertThatThrownBy(() -> routes.mount("/v1/", ErrorEnvelope.openAi()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'/v1/'");
    assertThatThrownBy(() -> routes.mount("v1", ErrorEnvelope.openAi()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> routes.mount("/", ErrorEnvelope.openAi()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String training(String... countriesAndCapitals) {
    StringBuilder jsonl = new StringBuilder();
    for (int i = 0; i < countriesAndCapitals.length; i += 2) {
      jsonl.append("{\"messages\":[{\"role\":\"user\",\"content\":\"What is the capital of ")
          .append(countriesAndCapitals[i]).append("?\"},{\"role\":\"assistant\",\"content\":\"")
          .append(countriesAndCapitals[i + 1]).append(".\"}]}\n");
    }
    return jsonl.toString();
  }

  private static ReceivedRequest request(String path) {
    return new ReceivedRequest(0, VirtualClock.DEFAULT_START, "GET", path, Map.of(), Map.of(), new byte[0]);
  }
}
