package dev.finetune4j.testkit.huggingface;

import dev.finetune4j.testkit.VirtualClock;
import static dev.finetune4j.testkit.huggingface.HfClient.file;
import static dev.finetune4j.testkit.huggingface.HfClient.header;
import static dev.finetune4j.testkit.huggingface.HfClient.lfsFile;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HubTest {

  private final HuggingFaceEmulator emulator = HuggingFaceEmulator.builder().clock(VirtualClock.manual())
      .lfsThreshold(1000)
      .multipart(2000, 1024).pageSize(2).build().start();
  private final HfClient client = new HfClient(emulator);
  private final String user = emulator.user();

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void whoamiNamesTheUserOfTheToken() {
    HfClient.Result r = client.get("/api/whoami-v2");

    assertThat(r.code()).isEqualTo(200);
    assertThat(r.json().path("name").asText()).isEqualTo(user);
    assertThat(r.json().path("auth").path("accessToken").path("role").asText()).isEqualTo("write");
    assertThat(r.header("X-Request-Id")).isNotBlank();
  }

  @Test
  void wrongTokenIsRejectedWithTheHubsCredentialsMessage() {
    client.token = "hf_wrong";

    HfClient.Result r = client.get("/api/whoami-v2");

    assertThat(r.code()).isEqualTo(401);
    assertThat(r.header("X-Error-Message")).isEqualTo("Invalid credentials in Authorization header");
    assertThat(r.json().path("error").asText()).isEqualTo("Invalid credentials in Authorization header");
  }

  @Test
  void missingTokenIsRejected() {
    client.token = null;

    assertThat(client.get("/api/whoami-v2").code()).isEqualTo(401);
  }

  @Test
  void creatingAnExistingRepoIsAConflict() {
    assertThat(client.createRepo("data", "dataset").code()).isEqualTo(200);

    HfClient.Result again = client.createRepo("data", "dataset");

    assertThat(again.code()).isEqualTo(409);
    assertThat(again.json().path("error").asText()).contains("already created");
  }

  @Test
  void createdRepoHasUrlAndAnInitialCommit() {
    HfClient.Result created = client.post("/api/repos/create",
        Map.of("name", "data", "type", "dataset", "visibility", "private"));

    assertThat(created.json().path("url").asText()).isEqualTo(emulator.hubUrl() + "/datasets/" + user + "/data");
    JsonNode info = client.get("/api/datasets/" + user + "/data").json();
    assertThat(info.path("private").asBoolean()).isTrue();
    assertThat(info.path("sha").asText()).hasSize(40);
    assertThat(info.path("siblings").get(0).path("rfilename").asText()).isEqualTo(".gitattributes");
  }

  @Test
  void unknownRepoAnswers401RepoNotFoundAsTheHubDoes() {
    HfClient.Result r = client.get("/api/models/" + user + "/missing");

    assertThat(r.code()).isEqualTo(401);
    assertThat(r.header("X-Error-Code")).isEqualTo("RepoNotFound");
    assertThat(r.header("X-Error-Message")).isEqualTo("Repository not found");
  }

  @Test
  void unknownRevisionAndFileHaveTheirErrorCodes() {
    client.createRepo("data", "dataset");

    HfClient.Result rev = client.get("/api/datasets/" + user + "/data/revision/" + "a".repeat(40));
    HfClient.Result entry = client.get("/datasets/" + user + "/data/resolve/main/nope.jsonl");

    assertThat(rev.code()).isEqualTo(404);
    assertThat(rev.header("X-Error-Code")).isEqualTo("RevisionNotFound");
    assertThat(entry.code()).isEqualTo(404);
    assertThat(entry.header("X-Error-Code")).isEqualTo("EntryNotFound");
  }

  @Test
  void creatingInAForeignNamespaceIsForbidden() {
    HfClient.Result r = client.post("/api/repos/create",
        Map.of("name", "x", "organization", "someone-else", "type", "model"));

    assertThat(r.code()).isEqualTo(403);
  }

  @Test
  void preuploadChoosesLfsForLargeOrBinaryFilesAndRegularOtherwise() {
    client.createRepo("data", "dataset");
    String text = Base64.getEncoder().encodeToString("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    String binary = Base64.getEncoder().encodeToString(new byte[] {1, 0, 2});

    JsonNode files = client.post("/api/datasets/" + user + "/data/preupload/main", Map.of("files", List.of(
        Map.of("path", "train.jsonl", "size", 100, "sample", text),
        Map.of("path", "big.jsonl", "size", 5000, "sample", text),
        Map.of("path", "blob.dat", "size", 10, "sample", binary),
        Map.of("path", "empty.txt", "size", 0, "sample", "")))).json().path("files");

    assertThat(files).extracting(f -> f.path("uploadMode").asText())
        .containsExactly("regular", "lfs", "lfs", "regular");
    assertThat(files.get(0).path("shouldIgnore").asBoolean()).isFalse();
  }

  @Test
  void committedRegularFileIsListedAndDownloadableByBranchAndByCommit() {
    client.createRepo("data", "dataset");

    HfClient.Result commit = client.commit("datasets/" + user + "/data",
        List.of(header("Upload train.jsonl"), file("train.jsonl", "{\"text\":\"hi\"}\n")));

    assertThat(commit.code()).isEqualTo(200);
    String oid = commit.json().path("commitOid").asText();
    assertThat(commit.json().path("commitUrl").asText()).endsWith("/datasets/" + user + "/data/commit/" + oid);
    HfClient.Result byMain = client.get("/datasets/" + user + "/data/resolve/main/train.jsonl");
    HfClient.Result byOid = client.get("/datasets/" + user + "/data/resolve/" + oid + "/train.jsonl");
    assertThat(byMain.body()).isEqualTo("{\"text\":\"hi\"}\n");
    assertThat(byMain.header("X-Repo-Commit")).isEqualTo(oid);
    assertThat(byOid.body()).isEqualTo(byMain.body());
    assertThat(client.get("/api/datasets/" + user + "/data").json().path("sha").asText()).isEqualTo(oid);
  }

  @Test
  void headOnAFileAnnouncesItsSizeAndCommitWithoutABody() {
    client.createRepo("data", "dataset");
    client.commit("datasets/" + user + "/data", List.of(header("add"), file("a.txt", "hello")));

    HfClient.Result head = client.call(client.request("/datasets/" + user + "/data/resolve/main/a.txt").head()
        .build());

    assertThat(head.code()).isEqualTo(200);
    assertThat(head.header("Content-Length")).isEqualTo("5");
    assertThat(head.header("X-Repo-Commit")).hasSize(40);
    assertThat(head.header("ETag")).startsWith("\"");
    assertThat(client.get("/datasets/" + user + "/data/resolve/main/a.txt").body()).isEqualTo("hello");
  }

  @Test
  void treeIsPaginatedWithLinkHeaders() {
    client.createRepo("data", "dataset");
    client.commit("datasets/" + user + "/data", List.of(header("files"), file("a.txt", "a"), file("b.txt", "b"),
        file("dir/c.txt", "c")));

    List<String> paths = new ArrayList<>();
    String next = "/api/datasets/" + user + "/data/tree/main?recursive=true";
    int pages = 0;
    while (next != null) {
      HfClient.Result page = client.get(next);
      page.json().forEach(item -> paths.add(item.path("type").asText() + ":" + item.path("path").asText()));
      String link = page.header("Link");
      next = link == null ? null : link.substring(1, link.indexOf('>'));
      pages++;
    }

    assertThat(pages).isEqualTo(3);
    assertThat(paths).containsExactly("file:.gitattributes", "file:a.txt", "file:b.txt", "directory:dir",
        "file:dir/c.txt");
  }

  @Test
  void nonRecursiveTreeShowsDirectoriesWithoutTheirContent() {
    client.createRepo("data", "dataset");
    client.commit("datasets/" + user + "/data", List.of(header("files"), file("dir/c.txt", "c")));

    JsonNode page = client.get("/api/datasets/" + user + "/data/tree/main?limit=10").json();

    assertThat(page).extracting(i -> i.path("path").asText()).containsExactly(".gitattributes", "dir");
  }

  @Test
  void pathsInfoDescribesTheKnownPathsAndSkipsUnknownOnes() {
    client.createRepo("data", "dataset");
    client.commit("datasets/" + user + "/data", List.of(header("files"), file("dir/c.txt", "c")));

    JsonNode json = client.post("/api/datasets/" + user + "/data/paths-info/main",
        Map.of("paths", List.of("dir/c.txt", "dir", "missing.txt"))).json();
    HfClient.Result form = client.call(client.request("/api/datasets/" + user + "/data/paths-info/main")
        .post(new okhttp3.FormBody.Builder().add("paths", "dir/c.txt").add("expand", "false").build()).build());

    assertThat(json).extracting(i -> i.path("type").asText() + ":" + i.path("path").asText())
        .containsExactly("file:dir/c.txt", "directory:dir");
    assertThat(form.json()).hasSize(1);
    assertThat(form.json().get(0).path("size").asLong()).isEqualTo(1);
  }

  @Test
  void pullRequestCommitsAreRefused() {
    client.createRepo("data", "dataset");

    HfClient.Result r = client.call(client.request("/api/datasets/" + user + "/data/commit/main?create_pr=1")
        .post(RequestBody.create("{\"key\":\"header\",\"value\":{\"summary\":\"x\"}}\n",
            MediaType.get("application/x-ndjson"))).build());

    assertThat(r.code()).isEqualTo(400);
  }

  @Test
  void deletedFileDisappearsFromTheNextCommit() {
    client.createRepo("data", "dataset");
    client.commit("datasets/" + user + "/data", List.of(header("add"), file("a.txt", "a")));

    client.commit("datasets/" + user + "/data", List.of(header("remove"),
        Map.of("key", "deletedFile", "value", Map.of("path", "a.txt"))));

    assertThat(client.get("/datasets/" + user + "/data/resolve/main/a.txt").code()).isEqualTo(404);
  }

  @Test
  void basicLfsUploadThenVerifyThenCommitMakesTheFileDownloadable() {
    client.createRepo("data", "dataset");
    byte[] content = "x".repeat(1500).getBytes(StandardCharsets.UTF_8);
    String oid = HfClient.sha256(content);

    JsonNode batch = client.call(client.request("/datasets/" + user + "/data.git/info/lfs/objects/batch")
        .header("Accept", "application/vnd.git-lfs+json")
        .post(RequestBody.create(json(Map.of("operation", "upload", "transfers", List.of("basic", "multipart"),
            "objects", List.of(Map.of("oid", oid, "size", content.length)), "hash_algo", "sha256")),
            MediaType.get("application/vnd.git-lfs+json"))).build()).json();
    JsonNode actions = batch.path("objects").get(0).path("actions");
    assertThat(batch.path("transfer").asText()).isEqualTo("basic");
    assertThat(actions.path("upload").has("header")).isFalse();

    HfClient.Result put = client.call(new Request.Builder().url(actions.path("upload").path("href").asText())
        .put(RequestBody.create(content)).build());
    assertThat(put.code()).isEqualTo(200);
    assertThat(put.header("ETag")).isNotBlank();
    assertThat(client.post(actions.path("verify").path("href").asText(), Map.of("oid", oid, "size",
        content.length)).code()).isEqualTo(200);
    assertThat(client.commit("datasets/" + user + "/data", List.of(header("lfs"),
        lfsFile("big.jsonl", oid, content.length))).code()).isEqualTo(200);

    HfClient.Result redirect = client.get("/datasets/" + user + "/data/resolve/main/big.jsonl");
    assertThat(redirect.code()).isEqualTo(302);
    assertThat(redirect.header("X-Linked-Etag")).contains(oid);
    HfClient.Result download = client.call(new Request.Builder().url(redirect.header("Location")).build());
    assertThat(download.body()).isEqualTo(new String(content, StandardCharsets.UTF_8));
    JsonNode sibling = client.get("/api/datasets/" + user + "/data?blobs=true").json().path("siblings").get(1);
    assertThat(sibling.path("lfs").path("sha256").asText()).isEqualTo(oid);
  }

  @Test
  void presignedUploadCarryingTheHubTokenIsRejected() {
    client.createRepo("data", "dataset");
    byte[] content = "y".repeat(1200).getBytes(StandardCharsets.UTF_8);
    String href = batch(content, List.of("basic")).path("upload").path("href").asText();

    HfClient.Result put = client.call(client.request(href).put(RequestBody.create(content)).build());

    assertThat(put.code()).isEqualTo(403);
    assertThat(put.body()).contains("AccessDenied");
    assertThat(emulator.requests("PUT", "/lfs-upload/")).hasSize(1);
  }

  @Test
  void lfsFileThatWasNeverUploadedIsRejected() {
    client.createRepo("data", "dataset");

    HfClient.Result r = client.commit("datasets/" + user + "/data",
        List.of(header("lfs"), lfsFile("big.bin", "a".repeat(64), 10)));

    assertThat(r.code()).isEqualTo(400);
    assertThat(r.json().path("error").asText()).contains("LFS pointer pointed to a file that does not exist");
  }

  @Test
  void multipartUploadAssemblesThePartsInOrder() {
    client.createRepo("data", "dataset");
    byte[] content = new byte[2500];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) ('a' + i % 26);
    }
    String oid = HfClient.sha256(content);
    JsonNode actions = batch(content, List.of("basic", "multipart"));
    JsonNode upload = actions.path("upload");
    int chunk = Integer.parseInt(upload.path("header").path("chunk_size").asText());
    assertThat(chunk).isEqualTo(1024);
    assertThat(upload.path("header").has("00003")).isTrue();
    assertThat(upload.path("header").has("00004")).isFalse();

    List<Object> parts = new ArrayList<>();
    for (int part = 1; part <= 3; part++) {
      byte[] slice = Arrays.copyOfRange(content, (part - 1) * chunk, Math.min(content.length, part * chunk));
      HfClient.Result put = client.call(new Request.Builder()
          .url(upload.path("header").path(String.format("%05d", part)).asText())
          .put(RequestBody.create(slice)).build());
      assertThat(put.code()).isEqualTo(200);
      parts.add(Map.of("partNumber", part, "etag", put.header("ETag")));
    }
    HfClient.Result complete = client.call(new Request.Builder().url(upload.path("href").asText())
        .post(HfClient.body(Map.of("oid", oid, "parts", parts))).build());

    assertThat(complete.code()).isEqualTo(200);
    assertThat(client.commit("datasets/" + user + "/data", List.of(header("lfs"),
        lfsFile("big.bin", oid, content.length))).code()).isEqualTo(200);
  }

  @Test
  void alreadyStoredObjectGetsNoActions() {
    client.createRepo("data", "dataset");
    byte[] content = "z".repeat(1100).getBytes(StandardCharsets.UTF_8);
    String href = batch(content, List.of("basic")).path("upload").path("href").asText();
    client.call(new Request.Builder().url(href).put(RequestBody.create(content)).build());

    JsonNode again = batch(content, List.of("basic"));

    assertThat(again.isMissingNode()).isTrue();
  }

  @Test
  void deletedRepoIsGone() {
    client.createRepo("data", "dataset");

    HfClient.Result r = client.delete("/api/repos/delete", Map.of("name", "data", "type", "dataset"));

    assertThat(r.code()).isEqualTo(200);
    assertThat(client.get("/api/datasets/" + user + "/data").code()).isEqualTo(401);
    assertThat(client.delete("/api/repos/delete", Map.of("name", "data", "type", "dataset")).code())
        .isEqualTo(404);
  }

  private JsonNode batch(byte[] content, List<String> transfers) {
    return client.post("/datasets/" + user + "/data.git/info/lfs/objects/batch",
        Map.of("operation", "upload", "transfers", transfers, "objects",
            List.of(Map.of("oid", HfClient.sha256(content), "size", content.length)), "hash_algo", "sha256"))
        .json().path("objects").get(0).path("actions");
  }

  private static String json(Object o) {
    try {
      return HfClient.JSON.writeValueAsString(o);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
