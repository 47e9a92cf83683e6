package dev.finetune4j.spi.http.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * A request body that streams a region of a file: read from disk at every send, so it can be sent again (a retried
 * part) and memory stays flat whatever the part size. Not API.
 */
public final class FileRegionBody extends RequestBody {
  private static final int BUFFER = 64 * 1024;
  private static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");

  private final Path file;
  private final long offset;
  private final long length;

  /**
   * Creates the body.
   *
   * @param file the file
   * @param offset where the region starts
   * @param length how many bytes it has
   */
  public FileRegionBody(Path file, long offset, long length) {
    this.file = Objects.requireNonNull(file, "file");
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("offset and length must not be negative");
    }
    this.offset = offset;
    this.length = length;
  }

  @Override
  public MediaType contentType() {
    return OCTET_STREAM;
  }

  @Override
  public long contentLength() {
    return length;
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
      long position = offset;
      long remaining = length;
      while (remaining > 0) {
        buffer.clear();
        buffer.limit((int) Math.min(BUFFER, remaining));
        int read = channel.read(buffer, position);
        if (read < 0) {
          throw new IOException("file " + file + " ended before byte " + (offset + length) + "; was it changed?");
        }
        buffer.flip();
        sink.write(buffer);
        position += read;
        remaining -= read;
      }
    }
  }
}
