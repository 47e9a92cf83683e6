package dev.finetune4j.huggingface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.ClientOptions;
import dev.finetune4j.error.AuthenticationException;
import dev.finetune4j.error.NotFoundException;
import dev.finetune4j.error.RateLimitException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubWireTest extends WireTestSupport {
  @TempDir
  Path dir;

  @Test
  void whoamiIsAskedOnceAndCachedWithoutTheTokenValue() throws Exception {
    enqueueJson("{\"id\":\"u1\",\"type\":\"user\",\"name\":\"alice\",\"fullname\":\"Alice\",\"orgs\":[{\"name\":\"acme\"}],"
        + "\"auth\":{\"accessToken\":{\"displayName\":\"ci\",\"role\":\"write\",\"token\":\"" + TOKEN + "\"}}}");

    WhoAmI first = hf.hub().whoami();
    WhoAmI second = hf.hub().whoami();

    assertThat(second).isSameAs(first);
    assertThat(first.name()).isEqualTo("alice");
    assertThat(first.organizations()).containsExactly("acme");
    assertThat(first.tokenRole()).contains("write");
    assertThat(first.raw().toString()).doesNotContain(TOKEN);
    RecordedRequest request = take();
    assertThat(request.getTarget()).isEqualTo("/api/whoami-v2");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void namespaceDefaultsToTheTokensUser() throws Exception {
    HuggingFace noNamespace = HuggingFace.builder().apiKey(TOKEN).hubUrl(server.url("/").toString()).build();
    enqueueJson("{\"name\":\"bob\",\"type\":\"user\"}");

    assertThat(noNamespace.namespace()).isEqualTo("bob");
    assertThat(noNamespace.namespace()).isEqualTo("bob");
    assertThat(server.getRequestCount()).isEqualTo(1);
    noNamespace.close();
  }

  @Test
  void createRepositorySendsNameOrganizationTypeAndPrivacy() throws Exception {
    enqueueJson("{\"url\":\"https://huggingface.co/datasets/alice/data\",\"id\":\"alice/data\"}");

    String url = hf.hub().createRepository(RepoId.dataset("alice/data"), true);

    assertThat(url).isEqualTo("https://huggingface.co/datasets/alice/data");
    RecordedRequest request = take();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getTarget()).isEqualTo("/api/repos/create");
    assertThat(json(request)).isEqualTo(json(
        "{\"name\":\"data\",\"organization\":\"alice\",\"type\":\"dataset\",\"private\":true,\"visibility\":\"private\"}"));
  }

  @Test
  void createRepositoryAcceptsARepositoryThatAlreadyExists() throws Exception {
    hf.close();
    hf = client().options(ClientOptions.builder().retryPolicy(dev.finetune4j.RetryPolicy.none()).build()).build();
    enqueueJson(409, "{\"error\":\"You already created this dataset repo\"}");

    String url = hf.hub().createRepository(RepoId.dataset("alice/data"), true);

    assertThat(url).endsWith("/datasets/alice/data");
  }

  @Test
  void createRepositorySendsAgainWhileAConflictingOperationIsInProgress() throws Exception {
    hf.close();
    List<Duration> slept = new java.util.concurrent.CopyOnWriteArrayList<>();
    hf = client().options(ClientOptions.builder().retryPolicy(dev.finetune4j.RetryPolicy.none())
        .sleeper(slept::add).build()).build();
    enqueueJson(409, "{\"error\":\"There is another conflicting operation is in progress, please retry\"}");
    enqueueJson(409, "{\"error\":\"There is another conflicting operation is in progress, please retry\"}");
    enqueueJson("{\"url\":\"https://huggingface.co/datasets/alice/data\",\"id\":\"alice/data\"}");

    String url = hf.hub().createRepository(RepoId.dataset("alice/data"), true);

    assertThat(url).isEqualTo("https://huggingface.co/datasets/alice/data");
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(slept).hasSize(2);
  }

  @Test
  void deleteRepositorySendsDeleteWithAJsonBody() throws Exception {
    enqueueJson("{}");

    hf.hub().deleteRepository(RepoId.model("alice/m"));

    RecordedRequest request = take();
    assertThat(request.getMethod()).isEqualTo("DELETE");
    assertThat(request.getTarget()).isEqualTo("/api/repos/delete");
    assertThat(json(request)).isEqualTo(json("{\"name\":\"m\",\"organization\":\"alice\",\"type\":\"model\"}"));
  }

  @Test
  void repositoryInfoReadsShaPrivacyAndFiles() throws Exception {
    enqueueJson("{\"id\":\"alice/m\",\"sha\":\"abc\",\"private\":true,\"lastModified\":\"2026-11-24T10:00:00.000Z\","
        + "\"siblings\":[{\"rfilename\":\"config.json\"},{\"rfilename\":\"model.safetensors\"}],\"newField\":1}");

    RepoInfo info = hf.hub().repository(RepoId.model("alice/m"), "refs/pr/1");

    assertThat(info.sha()).contains("abc");
    assertThat(info.isPrivate()).isTrue();
    assertThat(info.files()).containsExactly("config.json", "model.safetensors");
    assertThat(info.raw().longValue("newField")).hasValue(1);
    assertThat(take().getTarget()).isEqualTo("/api/models/alice/m/revision/refs%2Fpr%2F1");
  }

  @Test
  void filesFollowTheLinkHeaderToTheNextPage() throws Exception {
    String next = server.url("/api/datasets/alice/d/tree/main?recursive=true&expand=false&cursor=xyz").toString();
    server.enqueue(new MockResponse.Builder().code(200).setHeader("Link", "<" + next + ">; rel=\"next\"")
        .body("[{\"type\":\"file\",\"path\":\"a.jsonl\",\"size\":3,\"oid\":\"o1\"}]").build());
    enqueueJson("[{\"type\":\"directory\",\"path\":\"dir\",\"oid\":\"o2\"},{\"type\":\"file\",\"path\":\"dir/b.bin\","
        + "\"size\":9,\"oid\":\"o3\",\"lfs\":{\"oid\":\"sha\",\"size\":9,\"pointerSize\":130}}]");

    List<RepoFile> files = hf.hub().files(RepoId.dataset("alice/d"), "main").toList();

    assertThat(files).extracting(RepoFile::path).containsExactly("a.jsonl", "dir", "dir/b.bin");
    assertThat(files.get(1).directory()).isTrue();
    assertThat(files.get(2).lfsSha256()).contains("sha");
    assertThat(take().getTarget()).isEqualTo("/api/datasets/alice/d/tree/main?recursive=true&expand=false");
    assertThat(take().getTarget()).isEqualTo("/api/datasets/alice/d/tree/main?recursive=true&expand=false&cursor=xyz");
  }

  @Test
  void downloadReadsTheResolveUrl() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body("hello").build());

    try (InputStream in = hf.hub().download(RepoId.dataset("alice/d"), "abc123", "data/train.jsonl")) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
    }
    assertThat(take().getTarget()).isEqualTo("/datasets/alice/d/resolve/abc123/data/train.jsonl");
  }

  @Test
  void commitOfASmallFileSendsPreuploadThenTheExactNdjsonBody() throws Exception {
    Path file = Files.writeString(dir.resolve("train.jsonl"), "{\"a\":1}\n");
    enqueueJson("{\"files\":[{\"path\":\"train.jsonl\",\"uploadMode\":\"regular\",\"shouldIgnore\":false}]}");
    enqueueJson("{\"commitOid\":\"c0ffee\",\"commitUrl\":\"https://huggingface.co/datasets/alice/d/commit/c0ffee\"}");

    CommitResult commit = hf.hub().commit(RepoId.dataset("alice/d"), "main", "Add data",
        List.of(new CommitFile("train.jsonl", file)));

    assertThat(commit.commitOid()).isEqualTo("c0ffee");
    RecordedRequest preupload = take();
    assertThat(preupload.getTarget()).isEqualTo("/api/datasets/alice/d/preupload/main");
    String sample = Base64.getEncoder().encodeToString("{\"a\":1}\n".getBytes(StandardCharsets.UTF_8));
    assertThat(json(preupload)).isEqualTo(json(
        "{\"files\":[{\"path\":\"train.jsonl\",\"size\":8,\"sample\":\"" + sample + "\"}]}"));
    RecordedRequest commitRequest = take();
    assertThat(commitRequest.getTarget()).isEqualTo("/api/datasets/alice/d/commit/main");
    assertThat(commitRequest.getHeaders().get("Content-Type")).startsWith("application/x-ndjson");
    assertThat(commitRequest.getBody().utf8()).isEqualTo(
        "{\"key\":\"header\",\"value\":{\"summary\":\"Add data\",\"description\":\"\"}}\n"
            + "{\"key\":\"file\",\"value\":{\"path\":\"train.jsonl\",\"content\":\"" + sample
            + "\",\"encoding\":\"base64\"}}\n");
  }

  @Test
  void filesTheHubSaysToIgnoreAreLeftOutOfTheCommit() throws Exception {
    Path keep = Files.writeString(dir.resolve("a.txt"), "a");
    Path ignored = Files.writeString(dir.resolve("b.txt"), "b");
    enqueueJson("{\"files\":[{\"path\":\"a.txt\",\"uploadMode\":\"regular\",\"shouldIgnore\":false},"
        + "{\"path\":\"b.txt\",\"uploadMode\":\"regular\",\"shouldIgnore\":true}]}");
    enqueueJson("{\"commitOid\":\"c1\",\"commitUrl\":\"u\"}");

    hf.hub().commit(RepoId.model("alice/m"), "main", "s",
        List.of(new CommitFile("a.txt", keep), new CommitFile("b.txt", ignored)));

    take();
    assertThat(take().getBody().utf8()).contains("a.txt").doesNotContain("b.txt");
  }

  @Test
  void lfsBasicUploadPutsThePresignedUrlWithoutAuthorizationThenVerifiesAndCommitsAPointer() throws Exception {
    byte[] content = "binary-content-0123456789".getBytes(StandardCharsets.UTF_8);
    Path file = Files.write(dir.resolve("model.bin"), content);
    String sha = Hub.sha256(file);
    String put = server.url("/s3/upload?sig=1").toString();
    String verify = server.url("/alice/m.git/info/lfs/objects/verify").toString();
    enqueueJson("{\"files\":[{\"path\":\"model.bin\",\"uploadMode\":\"lfs\",\"shouldIgnore\":false}]}");
    server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/vnd.git-lfs+json")
        .body("{\"transfer\":\"basic\",\"objects\":[{\"oid\":\"" + sha + "\",\"size\":" + content.length
            + ",\"actions\":{\"upload\":{\"href\":\"" + put + "\",\"header\":{\"x-amz-meta\":\"v\"}},"
            + "\"verify\":{\"href\":\"" + verify + "\"}}}]}").build());
    server.enqueue(new MockResponse.Builder().code(200).build());
    enqueueJson("{}");
    enqueueJson("{\"commitOid\":\"c2\",\"commitUrl\":\"u\"}");

    hf.hub().commit(RepoId.model("alice/m"), "main", "Add weights", List.of(new CommitFile("model.bin", file)));

    take();
    RecordedRequest batch = take();
    assertThat(batch.getTarget()).isEqualTo("/alice/m.git/info/lfs/objects/batch");
    assertThat(batch.getHeaders().get("Accept")).isEqualTo("application/vnd.git-lfs+json");
    assertThat(batch.getHeaders().get("Content-Type")).startsWith("application/vnd.git-lfs+json");
    assertThat(batch.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(json(batch)).isEqualTo(json("{\"operation\":\"upload\",\"transfers\":[\"basic\",\"multipart\"],"
        + "\"objects\":[{\"oid\":\"" + sha + "\",\"size\":" + content.length + "}],\"hash_algo\":\"sha256\","
        + "\"ref\":{\"name\":\"main\"}}"));
    RecordedRequest upload = take();
    assertThat(upload.getMethod()).isEqualTo("PUT");
    assertThat(upload.getTarget()).isEqualTo("/s3/upload?sig=1");
    assertThat(upload.getHeaders().get("Authorization")).isNull();
    assertThat(upload.getHeaders().get("x-amz-meta")).isEqualTo("v");
    assertThat(upload.getBody().toByteArray()).isEqualTo(content);
    RecordedRequest verifyRequest = take();
    assertThat(verifyRequest.getTarget()).isEqualTo("/alice/m.git/info/lfs/objects/verify");
    assertThat(json(verifyRequest)).isEqualTo(json("{\"oid\":\"" + sha + "\",\"size\":" + content.length + "}"));
    assertThat(take().getBody().utf8()).endsWith("{\"key\":\"lfsFile\",\"value\":{\"path\":\"model.bin\","
        + "\"algo\":\"sha256\",\"oid\":\"" + sha + "\",\"size\":" + content.length + "}}\n");
  }

  @Test
  void lfsObjectsTheHubAlreadyHasAreNotUploaded() throws Exception {
    Path file = Files.writeString(dir.resolve("big.bin"), "x".repeat(40));
    String sha = Hub.sha256(file);
    enqueueJson("{\"files\":[{\"path\":\"big.bin\",\"uploadMode\":\"lfs\"}]}");
    enqueueJson("{\"objects\":[{\"oid\":\"" + sha + "\",\"size\":40}]}");
    enqueueJson("{\"commitOid\":\"c3\",\"commitUrl\":\"u\"}");

    hf.hub().commit(RepoId.model("alice/m"), "main", "s", List.of(new CommitFile("big.bin", file)));

    take();
    take();
    assertThat(take().getTarget()).isEqualTo("/api/models/alice/m/commit/main");
  }

  @Test
  void lfsMultipartUploadPutsEachPartAndCompletesWithTheirEtags() throws Exception {
    byte[] content = "0123456789ABCDEFGHIJ!".getBytes(StandardCharsets.UTF_8); // 21 bytes, parts of 10
    Path file = Files.write(dir.resolve("w.bin"), content);
    String sha = Hub.sha256(file);
    String complete = server.url("/alice/m.git/info/lfs/complete/abc").toString();
    enqueueJson("{\"files\":[{\"path\":\"w.bin\",\"uploadMode\":\"lfs\"}]}");
    enqueueJson("{\"transfer\":\"multipart\",\"objects\":[{\"oid\":\"" + sha + "\",\"size\":21,\"actions\":{\"upload\":"
        + "{\"href\":\"" + complete + "\",\"header\":{\"chunk_size\":\"10\",\"00001\":\"" + server.url("/p1")
        + "\",\"00002\":\"" + server.url("/p2") + "\",\"00003\":\"" + server.url("/p3") + "\"}}}}]}");
    server.enqueue(new MockResponse.Builder().code(200).setHeader("ETag", "\"e1\"").build());
    server.enqueue(new MockResponse.Builder().code(200).setHeader("ETag", "\"e2\"").build());
    server.enqueue(new MockResponse.Builder().code(200).setHeader("ETag", "\"e3\"").build());
    enqueueJson("{}");
    enqueueJson("{\"commitOid\":\"c4\",\"commitUrl\":\"u\"}");

    hf.hub().commit(RepoId.model("alice/m"), "main", "s", List.of(new CommitFile("w.bin", file)));

    take();
    take();
    RecordedRequest p1 = take();
    RecordedRequest p2 = take();
    RecordedRequest p3 = take();
    assertThat(p1.getTarget()).isEqualTo("/p1");
    assertThat(p1.getBody().utf8()).isEqualTo("0123456789");
    assertThat(p2.getBody().utf8()).isEqualTo("ABCDEFGHIJ");
    assertThat(p3.getBody().utf8()).isEqualTo("!");
    assertThat(List.of(p1, p2, p3)).allSatisfy(p -> assertThat(p.getHeaders().get("Authorization")).isNull());
    RecordedRequest completion = take();
    assertThat(completion.getMethod()).isEqualTo("POST");
    assertThat(completion.getTarget()).isEqualTo("/alice/m.git/info/lfs/complete/abc");
    assertThat(completion.getHeaders().get("Content-Type")).startsWith("application/vnd.git-lfs+json");
    assertThat(json(completion)).isEqualTo(json("{\"oid\":\"" + sha + "\",\"parts\":[{\"partNumber\":1,\"etag\":"
        + "\"\\\"e1\\\"\"},{\"partNumber\":2,\"etag\":\"\\\"e2\\\"\"},{\"partNumber\":3,\"etag\":\"\\\"e3\\\"\"}]}"));
    assertThat(take().getTarget()).isEqualTo("/api/models/alice/m/commit/main");
  }

  @Test
  void aPerObjectLfsErrorFailsTheCommitBeforeAnythingIsCommitted() throws Exception {
    Path file = Files.writeString(dir.resolve("x.bin"), "xyz");
    String sha = Hub.sha256(file);
    enqueueJson("{\"files\":[{\"path\":\"x.bin\",\"uploadMode\":\"lfs\"}]}");
    enqueueJson("{\"objects\":[{\"oid\":\"" + sha + "\",\"size\":3,\"error\":{\"code\":422,\"message\":\"too big\"}}]}");

    assertThatThrownBy(() -> hf.hub().commit(RepoId.model("alice/m"), "main", "s",
        List.of(new CommitFile("x.bin", file))))
        .hasMessageContaining("x.bin").hasMessageContaining("too big");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aRepository401MeansNotFound() {
    server.enqueue(new MockResponse.Builder().code(401).setHeader("X-Error-Code", "RepoNotFound")
        .setHeader("X-Error-Message", "Repository not found").setHeader("X-Request-Id", "req-1")
        .body("{\"error\":\"Repository not found\"}").build());

    assertThatThrownBy(() -> hf.hub().repository(RepoId.model("alice/secret")))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("alice/secret")
        .satisfies(e -> assertThat(((NotFoundException) e).requestId()).contains("req-1"));
  }

  @Test
  void badCredentialsStayAnAuthenticationError() {
    server.enqueue(new MockResponse.Builder().code(401)
        .setHeader("X-Error-Message", "Invalid credentials in Authorization header")
        .body("{\"error\":\"Invalid credentials in Authorization header\"}").build());

    assertThatThrownBy(() -> hf.hub().repository(RepoId.model("alice/m")))
        .isInstanceOf(AuthenticationException.class);
  }

  @Test
  void a429WithRateLimitRemainingZeroWaitsTheResetPlusOneSecond() throws Exception {
    server.enqueue(new MockResponse.Builder().code(429).setHeader("RateLimit", "\"api\";r=0;t=4")
        .setHeader("RateLimit-Policy", "\"fixed window\";\"api\";q=1000;w=300")
        .body("{\"error\":\"rate limited\"}").build());
    enqueueJson("{\"id\":\"alice/m\"}");

    hf.hub().repository(RepoId.model("alice/m"));

    assertThat(sleeps).containsExactly(Duration.ofSeconds(5));
  }

  @Test
  void theRateLimitResetWinsOverRetryAfter() throws Exception {
    server.enqueue(new MockResponse.Builder().code(429).setHeader("RateLimit", "\"api\";r=0;t=9")
        .setHeader("Retry-After", "2").body("{\"error\":\"rate limited\"}").build());
    enqueueJson("{\"id\":\"alice/m\"}");

    hf.hub().repository(RepoId.model("alice/m"));

    assertThat(sleeps).containsExactly(Duration.ofSeconds(10));
  }

  @Test
  void aRateLimitWindowOfMinutesIsWaitedOutWithTheSecondHuggingFaceHubAdds() throws Exception {
    server.enqueue(new MockResponse.Builder().code(429).setHeader("RateLimit", "\"api\";r=0;t=90")
        .setHeader("RateLimit-Policy", "\"fixed window\";\"api\";q=1000;w=300")
        .body("{\"error\":\"rate limited\"}").build());
    enqueueJson("{\"id\":\"alice/m\"}");

    hf.hub().repository(RepoId.model("alice/m"));

    assertThat(sleeps).containsExactly(Duration.ofSeconds(91));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aWholeFiveMinuteWindowIsTheHubsDefaultBound() throws Exception {
    server.enqueue(new MockResponse.Builder().code(429).setHeader("RateLimit", "\"api\";r=0;t=300")
        .body("{\"error\":\"rate limited\"}").build());
    enqueueJson("{\"id\":\"alice/m\"}");

    hf.hub().repository(RepoId.model("alice/m"));

    assertThat(sleeps).containsExactly(HuggingFace.RETRY_AFTER_CAP);
  }

  @Test
  void aRateLimitWaitLongerThanTheBoundFailsAtOnceNamingTheWait() {
    server.enqueue(new MockResponse.Builder().code(429).setHeader("RateLimit", "\"api\";r=0;t=400")
        .body("{\"error\":\"rate limited\"}").build());

    assertThatThrownBy(() -> hf.hub().repository(RepoId.model("alice/m")))
        .isInstanceOfSatisfying(RateLimitException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(401)))
        .hasMessageContaining("the server asks to wait 401 s, longer than the 301 s this client waits");
    assertThat(sleeps).isEmpty();
  }

  @Test
  void theRetryPolicysOwnCapWinsOverTheHubsBound() {
    hf.close();
    hf = client().options(ClientOptions.builder().retryPolicy(dev.finetune4j.RetryPolicy.builder()
        .retryAfterCap(Duration.ofSeconds(30)).sleeper(sleeps::add).build()).build()).build();
    server.enqueue(new MockResponse.Builder().code(429).setHeader("RateLimit", "\"api\";r=0;t=90")
        .body("{\"error\":\"rate limited\"}").build());

    assertThatThrownBy(() -> hf.hub().repository(RepoId.model("alice/m")))
        .isInstanceOf(RateLimitException.class)
        .hasMessageContaining("wait 91 s, longer than the 30 s this client waits");
    assertThat(sleeps).isEmpty();
  }

  @Test
  void theTokenEchoedInAnErrorNeverReachesTheException() {
    enqueueJson(400, "{\"error\":\"bad header Bearer " + TOKEN + "\"}");

    assertThatThrownBy(() -> hf.hub().createRepository(RepoId.model("alice/m"), true))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
  }

}
