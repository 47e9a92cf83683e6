package dev.finetune4j.benchmarks;

import dev.finetune4j.openai.OpenAi;
import dev.finetune4j.spi.http.ApiRequest;
import dev.finetune4j.openai.OpenAiFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A 2 GB file (256 MB in short mode) sent through the Uploads API in 64 MB parts, four at once, in a 128 MB heap:
 * finetune4j as configured by default (no MD5), finetune4j with {@code uploadMd5(true)}, and the floor, the same
 * parts (the same file-region bodies) sent by hand with OkHttp, with no retry, no JSON mapping and nothing hashed. One upload per iteration; MB/s is the file's size over the
 * time. The server, in another process, reads and drops every byte.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx128m"})
public class UploadBenchmark {
  private static final int PART = 64 * 1024 * 1024;
  private static final int PARALLEL = 4;

  private CannedServer server;
  private Path file;
  private long size;
  private OpenAi plain;
  private OpenAi hashing;
  private OkHttpClient http;
  private ExecutorService pool;

  /** Writes the file and starts the server and the clients. @throws IOException if the file cannot be written */
  @Setup(Level.Trial)
  public void start() throws IOException {
    size = Boolean.getBoolean("finetune4j.benchmarks.short") ? 256L << 20 : 2048L << 20;
    file = Files.createTempFile("finetune4j-upload-", ".jsonl");
    byte[] line = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\"Hello\"}]}\n"
        .getBytes(StandardCharsets.UTF_8);
    byte[] block = new byte[1 << 20];
    for (int i = 0; i < block.length; i++) {
      block[i] = line[i % line.length];
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0; written < size; written += block.length) {
        out.write(block);
      }
    }
    server = CannedServer.start();
    plain = OpenAi.builder().apiKey(CannedServer.KEY).baseUrl(server.baseUrl()).build();
    hashing = OpenAi.builder().apiKey(CannedServer.KEY).baseUrl(server.baseUrl()).uploadMd5(true).build();
    http = new OkHttpClient.Builder().readTimeout(60, TimeUnit.SECONDS).writeTimeout(60, TimeUnit.SECONDS).build();
    pool = Executors.newFixedThreadPool(PARALLEL);
  }

  /** Stops the clients and the server and deletes the file. @throws Exception if the server does not stop */
  @TearDown(Level.Trial)
  public void stop() throws Exception {
    plain.close();
    hashing.close();
    pool.shutdownNow();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    server.close();
    Files.deleteIfExists(file);
  }

  /**
   * Checks the upload target: the Uploads API without MD5 at least 0.8 of the speed of the same parts sent by hand.
   *
   * @param targets the run's figures and targets
   */
  public static void targets(Targets targets) {
    String self = UploadBenchmark.class.getSimpleName() + ".";
    // single-shot scores are seconds per upload: the ratio of speeds is the inverse ratio of times
    targets.atLeast("Uploads API / parts without hashing, speed",
        Targets.ratio(targets.score(self + "partsWithoutHashing"), targets.score(self + "uploadsApi")), 0.8, "x");
    Targets.ratio(targets.score(self + "partsWithoutHashing"), targets.score(self + "uploadsApiWithMd5"))
        .ifPresent(ratio -> targets.figure("Uploads API with MD5 / parts without hashing, speed", ratio, "x"));
  }

  /** @return the file, uploaded by finetune4j without MD5 (the default) */
  @Benchmark
  public OpenAiFile uploadsApi() {
    return plain.uploads().upload(file);
  }

  /** @return the file, uploaded by finetune4j with the MD5 hashed while the parts are sent */
  @Benchmark
  public OpenAiFile uploadsApiWithMd5() {
    return hashing.uploads().upload(file);
  }

  /** @return the part answers of the same upload sent by hand @throws Exception if a part fails */
  @Benchmark
  public List<String> partsWithoutHashing() throws Exception {
    post("/uploads", RequestBody.create("{}", MediaType.get("application/json")));
    List<Future<String>> parts = new ArrayList<>();
    for (long offset = 0; offset < size; offset += PART) {
      long start = offset;
      long length = Math.min(PART, size - offset);
      RequestBody part = new MultipartBody.Builder().setType(MultipartBody.FORM)
          .addFormDataPart("data", "train.jsonl", ApiRequest.fileRegion(file, start, length)).build();
      parts.add(pool.submit(() -> post("/uploads/upload_abc123/parts", part)));
    }
    List<String> ids = new ArrayList<>();
    for (Future<String> part : parts) {
      ids.add(part.get());
    }
    post("/uploads/upload_abc123/complete", RequestBody.create("{}", MediaType.get("application/json")));
    return ids;
  }

  private String post(String path, RequestBody body) throws IOException {
    try (Response response = http.newCall(new Request.Builder().url(server.baseUrl() + path)
        .header("Authorization", "Bearer " + CannedServer.KEY).post(body).build()).execute()) {
      if (!response.isSuccessful()) {
        throw new IOException("HTTP " + response.code());
      }
      return response.body().string();
    }
  }
}
