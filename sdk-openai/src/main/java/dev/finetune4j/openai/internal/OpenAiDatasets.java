package dev.finetune4j.openai.internal;

import dev.finetune4j.error.LocalIoException;
import dev.finetune4j.Paged;
import dev.finetune4j.dataset.DatasetFile;
import dev.finetune4j.dataset.DatasetRules;
import dev.finetune4j.dataset.DatasetUpload;
import dev.finetune4j.dataset.DatasetValidator;
import dev.finetune4j.dataset.Datasets;
import dev.finetune4j.dataset.UploadedDataset;
import dev.finetune4j.dataset.ValidationReport;
import dev.finetune4j.openai.OpenAiDatasetRules;
import dev.finetune4j.openai.OpenAiFile;
import dev.finetune4j.openai.OpenAiFiles;
import dev.finetune4j.openai.OpenAiUploads;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The neutral datasets service over OpenAI's Files and Uploads APIs. An upload validates the training data (and the
 * validation data, with the overlap check) with {@link OpenAiDatasetRules} for the target model first (those of
 * gpt-4o-mini-2024-07-18 when the upload names none) and sends nothing when there are errors; files above the
 * threshold go through the Uploads API. Not API: use {@code OpenAi.datasets()}.
 */
public final class OpenAiDatasets implements Datasets {
  private static final Logger LOG = LoggerFactory.getLogger(OpenAiDatasets.class);
  private static final String DEFAULT_MODEL = "gpt-4o-mini-2024-07-18";

  private final OpenAiFiles files;
  private final OpenAiUploads uploads;
  private final long uploadThreshold;
  private final java.util.function.Function<String, DatasetRules> rules;

  /**
   * Creates the service.
   *
   * @param files the Files API
   * @param uploads the Uploads API
   * @param uploadThreshold the size above which a file goes through the Uploads API
   */
  public OpenAiDatasets(OpenAiFiles files, OpenAiUploads uploads, long uploadThreshold) {
    this(files, uploads, uploadThreshold, OpenAiDatasetRules::forModel);
  }

  /**
   * Creates the service with another provider's rules for the data.
   *
   * @param files the Files API
   * @param uploads the Uploads API
   * @param uploadThreshold the size above which a file goes through the Uploads API
   * @param rules the rules for data meant for a model
   */
  public OpenAiDatasets(OpenAiFiles files, OpenAiUploads uploads, long uploadThreshold,
      java.util.function.Function<String, DatasetRules> rules) {
    this.files = files;
    this.uploads = uploads;
    this.uploadThreshold = uploadThreshold;
    this.rules = java.util.Objects.requireNonNull(rules, "rules");
  }

  /** Returns the rules for the target model; {@link OpenAiDatasetRules#forModel(String)} unless told otherwise. */
  @Override
  public DatasetRules rules(String targetModel) {
    return rules.apply(targetModel);
  }

  /**
   * Validates, then uploads.
   *
   * @throws dev.finetune4j.dataset.DatasetValidationException if the data has errors; nothing is sent then
   */
  @Override
  public UploadedDataset upload(DatasetUpload upload) {
    ValidationReport report = DatasetValidator.builder().rules(rules(upload.targetModel().orElse(DEFAULT_MODEL)))
        .build().validate(upload);
    report.throwIfInvalid();
    if (report.warningCount() > 0) {
      LOG.info("Uploading {} with {} validation warning(s): {}", upload.training().getFileName(),
          report.warningCount(), report.summary());
    }
    DatasetFile training = send(upload.training());
    Optional<DatasetFile> validation = upload.validation().map(this::send);
    return new UploadedDataset(training, validation);
  }

  private DatasetFile send(Path file) {
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new LocalIoException("cannot read the size of " + file + ": " + e.getMessage(), null, e);
    }
    OpenAiFile stored = size > uploadThreshold ? uploads.upload(file) : files.upload(file);
    return stored.toDatasetFile();
  }

  @Override
  public DatasetFile retrieve(String fileId) {
    return files.retrieve(fileId).toDatasetFile();
  }

  /** Lists the files with purpose {@code fine-tune}, newest first. */
  @Override
  public Paged<DatasetFile> list() {
    return Wire.map(files.list(OpenAiFiles.FINE_TUNE), OpenAiFile::toDatasetFile);
  }

  @Override
  public void delete(String fileId) {
    files.delete(fileId);
  }

  @Override
  public InputStream download(String fileId) {
    return files.content(fileId);
  }
}
