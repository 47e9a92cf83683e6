package dev.finetune4j.openai;

import dev.finetune4j.error.LocalIoException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.error.FineTuningException;
import dev.finetune4j.spi.http.ApiRequest;
import dev.finetune4j.spi.http.HttpTransport;
import dev.finetune4j.spi.http.Json;
import dev.finetune4j.openai.internal.Wire;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.MultipartBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenAI's Uploads API, for files up to 8 GB: the file is sent in parts of at most 64 MB, several at once, and
 * assembled into one stored file.
 *
 * <pre>{@code
 * OpenAiFile file = openai.uploads().upload(Path.of("big-train.jsonl"),
 *     (sent, total) -> log.info("{} of {} bytes", sent, total));
 * }</pre>
 *
 * <p>{@link #upload(Path, UploadProgressListener)} reads each part from the file at its offset when it is sent, so
 * memory stays flat whatever the file's size, and a part whose request fails is retried on its own by the
 * transport, so each byte is read from the file once. The MD5 of the whole file, optional in the API, is sent on
 * completion only when the client was built with {@code uploadMd5(true)}: it is then computed on a thread of its
 * own while the parts are sent (a second read of the file) and checked by OpenAI. If a part cannot be stored the
 * upload is cancelled and the part's error is thrown.
 */
public final class OpenAiUploads {
  private static final Logger LOG = LoggerFactory.getLogger(OpenAiUploads.class);
  /** The largest file the Uploads API assembles: 8 GB. */
  public static final long MAX_SIZE = 8L * 1024 * 1024 * 1024;

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final HttpTransport transport;
  private final int partSize;
  private final int parallelism;
  private final boolean sendMd5;

  OpenAiUploads(HttpTransport transport, int partSize, int parallelism, boolean sendMd5) {
    this.transport = transport;
    this.partSize = partSize;
    this.parallelism = parallelism;
    this.sendMd5 = sendMd5;
  }

  /**
   * Uploads a file for fine-tuning in parts.
   *
   * @param file the file, at most 8 GB
   * @return the stored file
   */
  public OpenAiFile upload(Path file) {
    return upload(file, UploadProgressListener.NONE);
  }

  /**
   * Uploads a file for fine-tuning in parts, reporting progress.
   *
   * @param file the file, at most 8 GB
   * @param listener hears the bytes stored so far
   * @return the stored file
   * @throws dev.finetune4j.error.ApiException if a part or the completion is refused; the upload is cancelled
   */
  public OpenAiFile upload(Path file, UploadProgressListener listener) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(listener, "listener");
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new LocalIoException("cannot read the size of " + file + ": " + e.getMessage(), null, e);
    }
    if (size > MAX_SIZE) {
      throw new IllegalArgumentException("file " + file + " has " + size
          + " bytes; the Uploads API takes at most 8 GB");
    }
    String filename = file.getFileName().toString();
    OpenAiUpload upload = create(filename, OpenAiFiles.FINE_TUNE, size, OpenAiFiles.contentType(filename));
    try {
      Parts parts = sendParts(upload.id(), file, filename, size, listener);
      OpenAiUpload completed = complete(upload.id(), parts.ids(), parts.md5());
      return completed.file().orElseThrow(() -> new FineTuningException("OpenAI completed upload " + upload.id()
          + " with status '" + completed.status() + "' but returned no file"));
    } catch (RuntimeException | Error e) {
      cancelQuietly(upload.id(), e);
      throw e;
    }
  }

  private Parts sendParts(String uploadId, Path file, String filename, long size, UploadProgressListener listener) {
    int count = (int) Math.max(1, (size + partSize - 1) / partSize);
    Semaphore inFlight = new Semaphore(parallelism);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Progress progress = new Progress(size, listener);
    List<Future<String>> futures = new ArrayList<>(count);
    ExecutorService pool = Executors.newFixedThreadPool(parallelism + (sendMd5 ? 1 : 0), r -> {
      Thread t = new Thread(r, "finetune4j-openai-upload-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      // the hash has a thread of its own and runs while the parts are sent
      Future<String> hash = sendMd5 ? pool.submit(() -> md5(file, size)) : null;
      for (int i = 0; i < count && failure.get() == null; i++) {
        long offset = (long) i * partSize;
        long length = Math.min(partSize, size - offset);
        inFlight.acquire();
        if (failure.get() != null) {
          inFlight.release();
          break;
        }
        futures.add(pool.submit(() -> {
          try {
            String id = addPart(uploadId, file, filename, offset, length);
            progress.add(length);
            return id;
          } catch (RuntimeException | Error e) {
            failure.compareAndSet(null, e);
            throw e;
          } finally {
            inFlight.release();
          }
        }));
      }
      List<String> ids = new ArrayList<>(count);
      for (Future<String> future : futures) {
        ids.add(future.get());
      }
      return new Parts(ids, hash == null ? Optional.empty() : Optional.of(hash.get()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FineTuningException("Interrupted while uploading " + file + " to OpenAI", e);
    } catch (ExecutionException e) {
      Throwable cause = failure.get() != null ? failure.get() : e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new FineTuningException("A part of " + file + " failed: " + cause, cause);
    } finally {
      // parts still in flight after a failure are stopped, and the call returns only once they have
      pool.shutdownNow();
      try {
        if (!pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
          LOG.warn("openai: parts of an upload of {} were still running 30 s after it failed", file);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The hex MD5 of the file's first {@code size} bytes, read once, in order. */
  private static String md5(Path file, long size) {
    MessageDigest md5;
    try {
      md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is not available", e);
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
      long position = 0;
      while (position < size) {
        buffer.clear();
        buffer.limit((int) Math.min(buffer.capacity(), size - position));
        int read = channel.read(buffer, position);
        if (read < 0) {
          throw new IOException("file ended at " + position + " before the declared size; was it changed?");
        }
        buffer.flip();
        md5.update(buffer);
        position += read;
      }
    } catch (IOException e) {
      throw new LocalIoException("cannot read " + file + ": " + e.getMessage(), null, e);
    }
    return HexFormat.of().formatHex(md5.digest());
  }

  /**
   * Starts an upload.
   *
   * @param filename the name of the file to create
   * @param purpose such as {@code fine-tune}
   * @param bytes the size of the whole file
   * @param mimeType such as {@code text/jsonl}
   * @return the pending upload
   */
  public OpenAiUpload create(String filename, String purpose, long bytes, String mimeType) {
    ObjectNode body = Json.object()
        .put("filename", Objects.requireNonNull(filename, "filename"))
        .put("purpose", Objects.requireNonNull(purpose, "purpose"))
        .put("bytes", bytes)
        .put("mime_type", Objects.requireNonNull(mimeType, "mimeType"));
    return transport.call(ApiRequest.post("uploads").json(body).build(), OpenAiUploads::upload);
  }

  /**
   * Adds one part, read from a region of a file; retried on its own by the transport if it fails.
   *
   * @param uploadId the upload id
   * @param file the file
   * @param offset where the part starts in the file
   * @param length the part's size, at most 64 MB
   * @return the part id, such as {@code part_abc123}
   */
  public String addPart(String uploadId, Path file, long offset, long length) {
    return addPart(uploadId, file, file.getFileName().toString(), offset, length);
  }

  private String addPart(String uploadId, Path file, String filename, long offset, long length) {
    if (length > OpenAiProtocol.MAX_UPLOAD_PART_SIZE) {
      throw new IllegalArgumentException("a part holds at most 64 MB, was " + length + " bytes");
    }
    MultipartBody body = new MultipartBody.Builder()
        .setType(MultipartBody.FORM)
        .addFormDataPart("data", filename, ApiRequest.fileRegion(file, offset, length))
        .build();
    return transport.call(ApiRequest.post("uploads/" + HttpTransport.encode(uploadId) + "/parts")
        .body(body, true).build(), part -> Wire.text(part, "id").orElseThrow(() -> new IllegalArgumentException(
            "OpenAI stored a part of upload " + uploadId + " but returned no part id")));
  }

  /**
   * Completes an upload, creating the file.
   *
   * @param uploadId the upload id
   * @param partIds the part ids in file order
   * @param md5 the hex MD5 of the whole file, to have OpenAI check it
   * @return the completed upload with its file
   */
  public OpenAiUpload complete(String uploadId, List<String> partIds, Optional<String> md5) {
    ObjectNode body = Json.object();
    ArrayNode ids = body.putArray("part_ids");
    partIds.forEach(ids::add);
    md5.ifPresent(m -> body.put("md5", m));
    return transport.call(ApiRequest.post("uploads/" + HttpTransport.encode(uploadId) + "/complete")
        .json(body).build(), OpenAiUploads::upload);
  }

  /**
   * Cancels an upload; no parts can be added afterwards.
   *
   * @param uploadId the upload id
   * @return the cancelled upload
   */
  public OpenAiUpload cancel(String uploadId) {
    return transport.call(ApiRequest.post("uploads/" + HttpTransport.encode(uploadId) + "/cancel").build(), OpenAiUploads::upload);
  }

  private void cancelQuietly(String uploadId, Throwable cause) {
    try {
      cancel(uploadId);
      LOG.info("OpenAI upload {} cancelled after a failure: {}", uploadId, cause.toString());
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
      LOG.warn("OpenAI upload {} could not be cancelled: {}", uploadId, e.toString());
    }
  }

  private static OpenAiUpload upload(JsonNode json) {
    JsonNode file = json.get("file");
    return new OpenAiUpload(
        Wire.text(json, "id").orElse(""),
        Wire.text(json, "filename").orElse(""),
        json.path("bytes").asLong(0),
        Wire.text(json, "purpose").orElse(""),
        Wire.text(json, "status").orElse(""),
        Wire.time(json, "created_at").orElse(Instant.EPOCH),
        Wire.time(json, "expires_at"),
        file != null && file.isObject() ? Optional.of(Wire.file(file)) : Optional.empty(),
        Json.raw(json));
  }

  private record Parts(List<String> ids, Optional<String> md5) {}

  private static final class Progress {
    private final long total;
    private final UploadProgressListener listener;
    private long sent;

    Progress(long total, UploadProgressListener listener) {
      this.total = total;
      this.listener = listener;
    }

    synchronized void add(long bytes) {
      sent += bytes;
      try {
        listener.onProgress(sent, total);
      } catch (RuntimeException e) {
        LOG.warn("Upload progress listener failed: {}", e.toString());
      }
    }
  }
}
