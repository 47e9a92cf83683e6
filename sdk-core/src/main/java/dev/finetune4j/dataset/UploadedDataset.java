package dev.finetune4j.dataset;

import java.util.Objects;
import java.util.Optional;

/**
 * The result of {@link Datasets#upload(DatasetUpload)}: the stored training file and, if one was given, the
 * validation file. Pass it to {@code JobSpec.Builder.data(...)}.
 *
 * @param training the stored training file
 * @param validation the stored validation file, if any
 */
public record UploadedDataset(DatasetFile training, Optional<DatasetFile> validation) {
  /** Checks that no component is null. */
  public UploadedDataset {
    Objects.requireNonNull(training, "training");
    Objects.requireNonNull(validation, "validation");
  }
}
