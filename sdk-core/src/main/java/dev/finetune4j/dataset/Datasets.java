package dev.finetune4j.dataset;

import dev.finetune4j.Paged;
import java.io.InputStream;

/** Training data stored at one provider. */
public interface Datasets {

  /**
   * Returns the rules this provider validates training data for a model with: how tokens are counted and whether
   * the counts are exact or estimated, the most tokens an example may have and what happens to a longer one, and
   * the fewest examples. {@link #upload(DatasetUpload)} applies the rules of the upload's target model; pass them to
   * {@link DatasetValidator.Builder#rules(DatasetRules)} to check data the same way before uploading it.
   *
   * @param targetModel the model the data is meant to train, such as {@code gpt-4.1-mini-2025-04-14}
   * @return the rules
   * @throws IllegalArgumentException if the model name is blank
   */
  DatasetRules rules(String targetModel);

  /**
   * Returns the on-disk format this provider trains on for examples of a kind. The OpenAI formats by default;
   * providers that train with TRL return TRL's ({@code messages}, {@code prompt}/{@code completion},
   * {@code prompt}/{@code chosen}/{@code rejected}). {@link DatasetConverter} turns data into it.
   *
   * @param kind the kind of examples
   * @return the format
   */
  default DatasetFormat trainingFormat(ExampleKind kind) {
    return switch (kind) {
      case CHAT -> DatasetFormat.OPENAI_CHAT;
      case PROMPT_COMPLETION -> DatasetFormat.OPENAI_PROMPT_COMPLETION;
      case PREFERENCE -> DatasetFormat.OPENAI_PREFERENCE;
    };
  }

  /**
   * Validates the files with the {@link #rules(String) rules} of the upload's target model (the provider's default
   * rules without one), then uploads them. Nothing is uploaded when validation finds an error.
   *
   * @param upload the files
   * @return the stored files, to pass to {@code JobSpec.Builder.data(...)}
   * @throws DatasetValidationException if a file has errors; its report lists each with file, line, field and code
   */
  UploadedDataset upload(DatasetUpload upload);

  /**
   * Fetches a stored file's details.
   *
   * @param fileId the file's id
   * @return the file
   * @throws dev.finetune4j.error.NotFoundException if there is no such file
   */
  DatasetFile retrieve(String fileId);

  /**
   * Lists the stored data files.
   *
   * @return the files, fetched page by page
   */
  Paged<DatasetFile> list();

  /**
   * Deletes a stored file.
   *
   * @param fileId the file's id
   */
  void delete(String fileId);

  /**
   * Opens a stored file's content. The caller closes the stream.
   *
   * @param fileId the file's id
   * @return the content
   */
  InputStream download(String fileId);
}
