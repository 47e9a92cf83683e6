package dev.finetune4j.dataset;

import dev.finetune4j.Paged;
import java.io.InputStream;

/** Training data stored at one provider. */
public interface Datasets {

  /**
   * Validates the files, then uploads them. Nothing is uploaded when validation finds an error.
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
