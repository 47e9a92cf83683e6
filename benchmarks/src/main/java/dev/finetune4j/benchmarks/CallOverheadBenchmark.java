package dev.finetune4j.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.finetuning.jobs.FineTuningJob;
import com.openai.models.finetuning.jobs.FineTuningJobEvent;
import com.openai.models.finetuning.jobs.JobCreateParams;
import com.openai.models.finetuning.jobs.JobListEventsParams;
import com.openai.models.finetuning.jobs.JobListParams;
import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobEvent;
import dev.finetune4j.job.JobQuery;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.openai.OpenAi;
import java.io.IOException;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One call of each kind a fine-tuning application makes most (retrieve a job, list 20 jobs, list 100 events,
 * create a job) through finetune4j, through the official {@code com.openai:openai-java} client, and through bare
 * OkHttp + Jackson (the floor: one request, the body parsed to a tree and the same fields read), all three against
 * the same {@link CannedServer} in another process. Each call reads every field the application would use (ids,
 * statuses, messages), so a client that parses lazily pays for what it is asked. Run with {@code -prof gc} for
 * allocation per call and {@code -prof dev.finetune4j.benchmarks.CpuTimeProfiler} for CPU per call. The counts of
 * forks and iterations are the runner's (two forks in a full run: one fork's figures move by 10% to 30% from one
 * run to the next on a shared two-core machine); each warm-up iteration lasts 5 s, because the client and the server (its own JVM)
 * need about 15 s of calls before CPU per call settles: a full run's three warm-ups give that, a short run's one
 * does not, so a short run's CPU figures are a first look only.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(jvmArgsAppend = {"-Xmx512m"})
@Warmup(time = 5)
public class CallOverheadBenchmark {
  private static final MediaType JSON = MediaType.get("application/json");

  /** Which client makes the calls. */
  @Param({"finetune4j", "openai-java", "okhttp-jackson"})
  public String client;

  private CannedServer server;
  private Calls calls;

  /**
   * Checks the per-call targets: at least twice openai-java's throughput, at most 0.3 of its allocation per call, and
   * within 1.15 of the bare OkHttp + Jackson floor in CPU per call, for each of the four calls. Next to each
   * throughput target it records the floor's own throughput over openai-java's in the same run: a client that costs
   * what the floor costs meets the 2x target only in a run where that figure is over 2.
   *
   * @param targets the run's figures and targets
   */
  public static void targets(Targets targets) {
    for (String call : new String[] {"retrieveJob", "list20Jobs", "list100Events", "createJob"}) {
      String name = CallOverheadBenchmark.class.getSimpleName() + "." + call;
      OptionalDouble openaiJava = targets.score(name, "client=openai-java");
      Targets.ratio(targets.score(name, "client=okhttp-jackson"), openaiJava).ifPresent(ratio ->
          targets.figure(call + ": bare OkHttp + Jackson throughput / openai-java's", ratio, "x"));
      targets.atLeast(call + ": throughput / openai-java's", Targets.ratio(targets.score(name, "client=finetune4j"),
          openaiJava), 2.0, "x");
      targets.atMost(call + ": allocation per call / openai-java's", Targets.ratio(
          targets.secondary(name, "gc.alloc.rate.norm", "client=finetune4j"),
          targets.secondary(name, "gc.alloc.rate.norm", "client=openai-java")), 0.3, "x");
      targets.atMost(call + ": CPU per call / bare OkHttp + Jackson", Targets.ratio(
          targets.secondary(name, "·cpu.time.norm", "client=finetune4j"),
          targets.secondary(name, "·cpu.time.norm", "client=okhttp-jackson")), 1.15, "x");
    }
  }

  /** Starts the server and the client. @throws IOException if the server cannot start */
  @Setup(Level.Trial)
  public void start() throws IOException {
    server = CannedServer.start();
    calls = switch (client) {
      case "finetune4j" -> new Finetune4j(server.baseUrl());
      case "openai-java" -> new OpenAiJava(server.baseUrl());
      case "okhttp-jackson" -> new Floor(server.baseUrl());
      default -> throw new IllegalArgumentException("unknown client " + client);
    };
  }

  /** Closes the client and the server. @throws Exception if the server does not stop */
  @TearDown(Level.Trial)
  public void stop() throws Exception {
    calls.close();
    server.close();
  }

  /** @param sink takes the job's id and status @throws IOException from the floor's call */
  @Benchmark
  public void retrieveJob(Blackhole sink) throws IOException {
    calls.retrieve(sink);
  }

  /** @param sink takes each job's id and status @throws IOException from the floor's call */
  @Benchmark
  public void list20Jobs(Blackhole sink) throws IOException {
    calls.list20Jobs(sink);
  }

  /** @param sink takes each event's id and message @throws IOException from the floor's call */
  @Benchmark
  public void list100Events(Blackhole sink) throws IOException {
    calls.list100Events(sink);
  }

  /** @param sink takes the new job's id and status @throws IOException from the floor's call */
  @Benchmark
  public void createJob(Blackhole sink) throws IOException {
    calls.create(sink);
  }

  /** The four calls, made by one client. */
  private interface Calls extends AutoCloseable {
    void retrieve(Blackhole sink) throws IOException;

    void list20Jobs(Blackhole sink) throws IOException;

    void list100Events(Blackhole sink) throws IOException;

    void create(Blackhole sink) throws IOException;

    @Override
    void close();
  }

  private static final class Finetune4j implements Calls {
    private final OpenAi openai;
    private final JobSpec spec = JobSpec.builder().baseModel("gpt-4o-mini-2024-07-18").trainingFile("file-abc123")
        .suffix("recipes").build();

    Finetune4j(String baseUrl) {
      openai = OpenAi.builder().apiKey(CannedServer.KEY).baseUrl(baseUrl).build();
    }

    @Override
    public void retrieve(Blackhole sink) {
      Job job = openai.jobs().retrieve(CannedServer.JOB_ID);
      sink.consume(job.id());
      sink.consume(job.status());
    }

    @Override
    public void list20Jobs(Blackhole sink) {
      for (Job job : openai.jobs().list(JobQuery.all().pageSize(20)).pages().iterator().next().items()) {
        sink.consume(job.id());
        sink.consume(job.status());
      }
    }

    @Override
    public void list100Events(Blackhole sink) {
      for (JobEvent event : openai.jobs().events(CannedServer.JOB_ID)) {
        sink.consume(event.id());
        sink.consume(event.message());
      }
    }

    @Override
    public void create(Blackhole sink) {
      Job job = openai.jobs().create(spec);
      sink.consume(job.id());
      sink.consume(job.status());
    }

    @Override
    public void close() {
      openai.close();
    }
  }

  private static final class OpenAiJava implements Calls {
    private final OpenAIClient openai;
    private final JobListParams list = JobListParams.builder().limit(20).build();
    private final JobListEventsParams events = JobListEventsParams.builder().fineTuningJobId(CannedServer.JOB_ID)
        .limit(100).build();
    private final JobCreateParams create = JobCreateParams.builder().model("gpt-4o-mini-2024-07-18")
        .trainingFile("file-abc123").suffix("recipes").build();

    OpenAiJava(String baseUrl) {
      openai = OpenAIOkHttpClient.builder().apiKey(CannedServer.KEY).baseUrl(baseUrl).build();
    }

    @Override
    public void retrieve(Blackhole sink) {
      FineTuningJob job = openai.fineTuning().jobs().retrieve(CannedServer.JOB_ID);
      sink.consume(job.id());
      sink.consume(job.status());
    }

    @Override
    public void list20Jobs(Blackhole sink) {
      for (FineTuningJob job : openai.fineTuning().jobs().list(list).data()) {
        sink.consume(job.id());
        sink.consume(job.status());
      }
    }

    @Override
    public void list100Events(Blackhole sink) {
      for (FineTuningJobEvent event : openai.fineTuning().jobs().listEvents(events).data()) {
        sink.consume(event.id());
        sink.consume(event.message());
      }
    }

    @Override
    public void create(Blackhole sink) {
      FineTuningJob job = openai.fineTuning().jobs().create(create);
      sink.consume(job.id());
      sink.consume(job.status());
    }

    @Override
    public void close() {
      openai.close();
    }
  }

  /** The floor: what any client must do at the least, written by hand. */
  private static final class Floor implements Calls {
    private final OkHttpClient http = new OkHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();
    private final String baseUrl;

    Floor(String baseUrl) {
      this.baseUrl = baseUrl;
    }

    private JsonNode call(Request.Builder request) throws IOException {
      try (Response response = http.newCall(request.header("Authorization", "Bearer " + CannedServer.KEY)
          .build()).execute()) {
        if (!response.isSuccessful()) {
          throw new IOException("HTTP " + response.code());
        }
        return mapper.readTree(response.body().byteStream());
      }
    }

    @Override
    public void retrieve(Blackhole sink) throws IOException {
      JsonNode job = call(new Request.Builder().url(baseUrl + "/fine_tuning/jobs/" + CannedServer.JOB_ID));
      sink.consume(job.path("id").asText());
      sink.consume(job.path("status").asText());
    }

    @Override
    public void list20Jobs(Blackhole sink) throws IOException {
      for (JsonNode job : call(new Request.Builder().url(baseUrl + "/fine_tuning/jobs?limit=20")).path("data")) {
        sink.consume(job.path("id").asText());
        sink.consume(job.path("status").asText());
      }
    }

    @Override
    public void list100Events(Blackhole sink) throws IOException {
      for (JsonNode event : call(new Request.Builder().url(baseUrl + "/fine_tuning/jobs/" + CannedServer.JOB_ID
          + "/events?limit=100")).path("data")) {
        sink.consume(event.path("id").asText());
        sink.consume(event.path("message").asText());
      }
    }

    @Override
    public void create(Blackhole sink) throws IOException {
      ObjectNode body = mapper.createObjectNode().put("model", "gpt-4o-mini-2024-07-18")
          .put("training_file", "file-abc123").put("suffix", "recipes");
      JsonNode job = call(new Request.Builder().url(baseUrl + "/fine_tuning/jobs")
          .post(RequestBody.create(mapper.writeValueAsBytes(body), JSON)));
      sink.consume(job.path("id").asText());
      sink.consume(job.path("status").asText());
    }

    @Override
    public void close() {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }
}
