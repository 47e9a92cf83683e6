package dev.finetune4j.huggingface.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;

/** A request body of one byte range of a file; can be sent again, so a failed part upload is retried. */
public final class FileSliceBody extends RequestBody {
  private static final MediaType OCTET = MediaType.get("application/octet-stream");

  private final Path file;
  private final long offset;
  private final long length;

  /**
   * Creates a body.
   *
   * @param file the file
   * @param offset the first byte
   * @param length the number of bytes
   */
  public FileSliceBody(Path file, long offset, long length) {
    this.file = file;
    this.offset = offset;
    this.length = length;
  }

  @Override
  public MediaType contentType() {
    return OCTET;
  }

  @Override
  public long contentLength() {
    return length;
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      in.skipNBytes(offset);
      try (Source source = Okio.source(in)) {
        long remaining = length;
        okio.Buffer buffer = new okio.Buffer();
        while (remaining > 0) {
          long read = source.read(buffer, Math.min(remaining, 64 * 1024));
          if (read < 0) {
            throw new IOException(file + " ended before byte " + (offset + length));
          }
          sink.write(buffer, read);
          remaining -= read;
        }
      }
    }
  }
}
