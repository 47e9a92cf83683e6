package dev.finetune4j.openai;

/**
 * Hears how far a multipart upload has come. Called after each part is stored, from the thread that sent it, one
 * call at a time and with growing counts; keep it quick.
 */
@FunctionalInterface
public interface UploadProgressListener {
  /** A listener that ignores progress. */
  UploadProgressListener NONE = (sent, total) -> { };

  /**
   * Reports progress.
   *
   * @param bytesSent the bytes stored so far
   * @param totalBytes the size of the whole file
   */
  void onProgress(long bytesSent, long totalBytes);
}
