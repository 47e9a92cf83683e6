package dev.finetune4j.huggingface;

import dev.finetune4j.error.LocalIoException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.Page;
import dev.finetune4j.Paged;
import dev.finetune4j.dataset.DatasetConverter;
import dev.finetune4j.dataset.DatasetFile;
import dev.finetune4j.dataset.DatasetFormat;
import dev.finetune4j.dataset.ExampleKind;
import dev.finetune4j.dataset.DatasetRules;
import dev.finetune4j.dataset.DatasetUpload;
import dev.finetune4j.dataset.DatasetValidator;
import dev.finetune4j.dataset.Datasets;
import dev.finetune4j.dataset.UploadedDataset;
import dev.finetune4j.dataset.ValidationReport;
import dev.finetune4j.error.ApiErrorDetails;
import dev.finetune4j.error.NotFoundException;
import dev.finetune4j.spi.http.ApiRequest;
import dev.finetune4j.spi.http.ApiResponse;
import dev.finetune4j.spi.http.HttpTransport;
import dev.finetune4j.spi.http.Json;
import dev.finetune4j.spi.http.Pagination;
import dev.finetune4j.huggingface.internal.AutoTrainRows;
import dev.finetune4j.huggingface.internal.DatasetRef;
import dev.finetune4j.huggingface.internal.Links;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training data as private dataset repositories on the Hub.
 *
 * <p>{@link #upload(DatasetUpload)} validates the files with {@link HuggingFaceDatasetRules#defaults()} (nothing is
 * created when they have errors; examples longer than the default job's {@code max_length} are warnings, since the
 * trainer truncates them), converts them to the TRL shape of their kind (chat to {@code messages},
 * prompt-completion to {@code prompt}/{@code completion}, preference to {@code prompt}/{@code chosen}/{@code rejected}), creates a private dataset repository (named by
 * {@link DatasetUpload#name()} or {@code finetune4j-<UTC time>-<random>}) and commits {@code train.jsonl} and, for
 * validation data, {@code test.jsonl} in one commit: the {@code datasets} library loads them as the splits
 * {@code train} and {@code test}, which the job's {@code --dataset_train_split}/{@code --dataset_test_split} name.
 *
 * <p>File ids have the form {@code namespace/repo@<commit id>:<path>}, such as
 * {@code alice/finetune4j-20261124-223000-1a2b3c@9f2c...:train.jsonl}: the repository, the commit that added the
 * file, and its path.
 */
final class HubDatasets implements Datasets {
  private static final Logger LOG = LoggerFactory.getLogger(HubDatasets.class);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  static final String TRAIN = "train.jsonl";
  static final String VALIDATION = "test.jsonl";
  /** AutoTrain's files: their own names, so that a TRL upload is never mistaken for one (both load as train/test). */
  static final String AUTOTRAIN_TRAIN = "autotrain-train.jsonl";
  static final String AUTOTRAIN_VALIDATION = "autotrain-test.jsonl";

  private final Hub hub;
  private final HttpTransport transport;
  private final Supplier<String> namespace;
  private final Clock clock;

  HubDatasets(Hub hub, HttpTransport transport, Supplier<String> namespace, Clock clock) {
    this.hub = hub;
    this.transport = transport;
    this.namespace = namespace;
    this.clock = clock;
  }

  /**
   * Returns {@link HuggingFaceDatasetRules#defaults()}, whatever the model: its tokenizer is not at hand, and the
   * job's {@code max_length} is not known before the job is.
   */
  @Override
  public DatasetRules rules(String targetModel) {
    Objects.requireNonNull(targetModel, "targetModel");
    if (targetModel.isBlank()) {
      throw new IllegalArgumentException("targetModel must not be blank");
    }
    return HuggingFaceDatasetRules.defaults();
  }

  @Override
  public DatasetFormat trainingFormat(ExampleKind kind) {
    return trlFormat(kind);
  }

  @Override
  public UploadedDataset upload(DatasetUpload upload) {
    return upload(upload, false);
  }

  /**
   * Uploads, in TRL's shape or, for {@link AutoTrain}, in AutoTrain's: preference rows whose {@code chosen} and
   * {@code rejected} are whole conversations, in {@value #AUTOTRAIN_TRAIN} and {@value #AUTOTRAIN_VALIDATION}.
   */
  UploadedDataset upload(DatasetUpload upload, boolean autoTrain) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("finetune4j-hf-upload");
      TrlFiles converted = autoTrain ? writeAutoTrainFiles(upload, dir) : writeTrlFiles(upload, dir);
      List<CommitFile> files = converted.files();
      DatasetFormat target = converted.format();
      Path train = files.get(0).source();
      String name = upload.name().orElseGet(() -> "finetune4j-" + STAMP.format(clock.instant()) + "-"
          + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2));
      RepoId repo = RepoId.dataset(namespace.get() + "/" + name);
      hub.createRepository(repo, true);
      CommitResult commit = hub.commit(repo, "main", "Add training data (" + target + ")", files);
      LOG.info("huggingface: uploaded {} to {} at commit {}", upload.training().getFileName(), repo,
          commit.commitOid());
      Instant now = clock.instant();
      DatasetFile training = file(repo, commit, files.get(0).pathInRepo(), Files.size(train), now);
      Optional<DatasetFile> validation = files.size() > 1
          ? Optional.of(file(repo, commit, files.get(1).pathInRepo(), Files.size(files.get(1).source()), now))
          : Optional.empty();
      return new UploadedDataset(training, validation);
    } catch (IOException e) {
      throw new LocalIoException("cannot prepare the upload: " + e.getMessage() + ": " + e.getMessage(), null, e);
    } finally {
      deleteQuietly(dir);
    }
  }

  /** The files of an upload in TRL's format, training first, and that format. */
  record TrlFiles(List<CommitFile> files, DatasetFormat format) {}

  /**
   * Validates an upload with the Hugging Face rules and writes its files in TRL's format as {@code train.jsonl}
   * and, when there is validation data, {@code test.jsonl}.
   */
  static TrlFiles writeTrlFiles(DatasetUpload upload, Path dir) throws IOException {
    ValidationReport report = DatasetValidator.builder().rules(HuggingFaceDatasetRules.defaults()).build()
        .validate(upload);
    report.throwIfInvalid();
    if (report.warningCount() > 0) {
      LOG.info("huggingface: {} has {} validation warning(s): {}", upload.training().getFileName(),
          report.warningCount(), report.summary());
    }
    DatasetFormat target = report.format().map(f -> trlFormat(f.kind())).orElse(DatasetFormat.TRL_MESSAGES);
    List<CommitFile> files = new ArrayList<>();
    Path train = dir.resolve(TRAIN);
    DatasetConverter.convert(upload.training(), target, train);
    files.add(new CommitFile(TRAIN, train));
    if (upload.validation().isPresent()) {
      Path validation = dir.resolve(VALIDATION);
      DatasetConverter.convert(upload.validation().get(), target, validation);
      files.add(new CommitFile(VALIDATION, validation));
    }
    return new TrlFiles(List.copyOf(files), target);
  }

  /** Writes the TRL files, then rewrites preference rows into AutoTrain's whole conversations. */
  static TrlFiles writeAutoTrainFiles(DatasetUpload upload, Path dir) throws IOException {
    Path trl = Files.createDirectory(dir.resolve("trl"));
    TrlFiles converted = writeTrlFiles(upload, trl);
    List<CommitFile> files = new ArrayList<>();
    for (CommitFile file : converted.files()) {
      String name = file.pathInRepo().equals(TRAIN) ? AUTOTRAIN_TRAIN : AUTOTRAIN_VALIDATION;
      Path out = dir.resolve(name);
      if (converted.format() == DatasetFormat.TRL_PREFERENCE) {
        AutoTrainRows.write(file.source(), out);
      } else {
        Files.copy(file.source(), out);
      }
      files.add(new CommitFile(name, out));
    }
    return new TrlFiles(List.copyOf(files), converted.format());
  }

  /** TRL's format for a kind of example: what Hub datasets and local runs train on. */
  static DatasetFormat trlFormat(ExampleKind kind) {
    return switch (kind) {
      case CHAT -> DatasetFormat.TRL_MESSAGES;
      case PROMPT_COMPLETION -> DatasetFormat.TRL_PROMPT_COMPLETION;
      case PREFERENCE -> DatasetFormat.TRL_PREFERENCE;
    };
  }

  private static DatasetFile file(RepoId repo, CommitResult commit, String path, long size, Instant at) {
    ObjectNode raw = Json.object().put("repo", repo.id()).put("commitOid", commit.commitOid())
        .put("commitUrl", commit.commitUrl()).put("path", path);
    return new DatasetFile(DatasetRef.format(repo.id(), commit.commitOid(), path), path, size, at, Json.raw(raw));
  }

  @Override
  public DatasetFile retrieve(String fileId) {
    DatasetRef ref = fileRef(fileId);
    RepoId repo = RepoId.dataset(ref.repoId());
    String revision = ref.revision().orElse("main");
    for (RepoFile entry : hub.files(repo, revision)) {
      if (entry.path().equals(ref.path().get())) {
        Instant modified = hub.repository(repo, revision).lastModified().orElse(Instant.EPOCH);
        return new DatasetFile(fileId, entry.path(), entry.size(), modified, entry.raw());
      }
    }
    throw new NotFoundException(new ApiErrorDetails(HuggingFace.PROVIDER, "GET", repo.toString(), 404,
        "no file " + ref.path().get() + " in " + repo + " at " + revision, Optional.of("EntryNotFound"),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), ""));
  }

  /**
   * Lists the {@code .jsonl} files at the head of every dataset repository of the namespace, found with
   * {@code GET /api/datasets?author=<namespace>}; ids are pinned to the repository's current commit.
   */
  @Override
  public Paged<DatasetFile> list() {
    String ns = namespace.get();
    Paged<JsonNode> repos = Pagination.cursor(cursor -> {
      ApiResponse response = transport.execute(cursor.isPresent()
          ? ApiRequest.get(cursor.get()).build()
          : ApiRequest.get("/api/datasets").query("author", ns).build());
      List<JsonNode> items = new ArrayList<>();
      response.json().forEach(items::add);
      return new Page<>(items, Links.next(response.header("Link")));
    });
    java.util.concurrent.atomic.AtomicReference<List<JsonNode>> all = new java.util.concurrent.atomic.AtomicReference<>();
    return Pagination.cursor(cursor -> {
      // one page per repository, the cursor being the repository's index
      int index = cursor.map(Integer::parseInt).orElse(0);
      if (index == 0 || all.get() == null) {
        all.set(repos.toList());
      }
      if (index >= all.get().size()) {
        return new Page<>(List.of(), Optional.empty());
      }
      RepoId repo = RepoId.dataset(all.get().get(index).path("id").asText());
      RepoInfo info = hub.repository(repo);
      String sha = info.sha().orElse("main");
      List<DatasetFile> files = new ArrayList<>();
      for (RepoFile entry : hub.files(repo, sha)) {
        if (!entry.directory() && entry.path().endsWith(".jsonl")) {
          files.add(new DatasetFile(DatasetRef.format(repo.id(), sha, entry.path()), entry.path(), entry.size(),
              info.lastModified().orElse(Instant.EPOCH), entry.raw()));
        }
      }
      return new Page<>(files, Optional.of(Integer.toString(index + 1)));
    });
  }

  /** Deletes the file with a commit; the repository and the file's history stay. */
  @Override
  public void delete(String fileId) {
    DatasetRef ref = fileRef(fileId);
    hub.deleteFiles(RepoId.dataset(ref.repoId()), "main", "Delete " + ref.path().get(), List.of(ref.path().get()));
  }

  @Override
  public InputStream download(String fileId) {
    DatasetRef ref = fileRef(fileId);
    return hub.download(RepoId.dataset(ref.repoId()), ref.revision().orElse("main"), ref.path().get());
  }

  private static DatasetRef fileRef(String fileId) {
    DatasetRef ref = DatasetRef.parse(fileId);
    if (ref.path().isEmpty()) {
      throw new IllegalArgumentException("'" + fileId + "' names a repository, not a file: expected"
          + " namespace/repo@commit:path");
    }
    return ref;
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.debug("huggingface: could not remove {}: {}", dir, e.toString());
    }
  }

}
