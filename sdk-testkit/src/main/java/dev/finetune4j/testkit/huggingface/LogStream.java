package dev.finetune4j.testkit.huggingface;

import dev.finetune4j.testkit.VirtualClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import mockwebserver3.MockResponseBody;
import okio.BufferedSink;

/**
 * A job's log as server-sent events, written as virtual time passes: every connection replays the lines printed so
 * far (or the last {@code tail}), then follows, with a {@code : keep-alive} comment every 30 virtual seconds while the
 * job is not over. After the end it stays open and silent, or ends when so configured. The body is sent in HTTP
 * chunks written by hand, since the stream has no length; MockWebServer writes the trailers after the last chunk.
 */
final class LogStream implements MockResponseBody {

  static final Duration KEEP_ALIVE = Duration.ofSeconds(30);
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  private static final long MAX_IDLE_NANOS = TimeUnit.MINUTES.toNanos(10);

  private final JobsApi.Job job;
  private final VirtualClock clock;
  private final Object lock;
  private final Runnable sync;
  private final BooleanSupplier closed;
  private final boolean closeAtEnd;
  private final int tail;
  private final Instant connectedAt;

  LogStream(JobsApi.Job job, VirtualClock clock, Object lock, Runnable sync, BooleanSupplier closed,
      boolean closeAtEnd, int tail) {
    this.job = job;
    this.clock = clock;
    this.lock = lock;
    this.sync = sync;
    this.closed = closed;
    this.closeAtEnd = closeAtEnd;
    this.tail = tail;
    this.connectedAt = clock.now();
  }

  @Override
  public long getContentLength() {
    return -1;
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    int sent = -1;
    Instant nextKeepAlive = connectedAt.plus(KEEP_ALIVE);
    long idleSince = System.nanoTime();
    while (!closed.getAsBoolean()) {
      Instant now;
      List<Map.Entry<Instant, String>> lines;
      boolean terminal;
      Instant end;
      synchronized (lock) {
        sync.run();
        now = clock.now();
        lines = job.lines(now);
        terminal = job.terminal(now);
        end = job.endAt();
      }
      if (sent < 0) {
        sent = tail >= 0 ? Math.max(0, lines.size() - tail) : 0;
      }
      StringBuilder out = new StringBuilder();
      while (true) {
        Instant lineAt = sent < lines.size() ? lines.get(sent).getKey() : null;
        boolean keepAliveDue = !nextKeepAlive.isAfter(now) && nextKeepAlive.isBefore(end);
        if (lineAt != null && (!keepAliveDue || !lineAt.isAfter(nextKeepAlive))) {
          out.append("data: ").append(Maps.MAPPER.writeValueAsString(Maps.of("data", lines.get(sent).getValue(),
              "timestamp", Hub.iso(lineAt)))).append("\n\n");
          sent++;
        } else if (keepAliveDue) {
          out.append(": keep-alive\n\n");
          nextKeepAlive = nextKeepAlive.plus(KEEP_ALIVE);
        } else {
          break;
        }
      }
      if (out.length() > 0) {
        byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
        sink.writeUtf8(Integer.toHexString(bytes.length)).writeUtf8("\r\n").write(bytes).writeUtf8("\r\n");
        sink.flush();
        idleSince = System.nanoTime();
      }
      boolean done = terminal && sent >= lines.size();
      if ((done && closeAtEnd) || System.nanoTime() - idleSince > MAX_IDLE_NANOS) {
        sink.writeUtf8("0\r\n"); // the server adds the (empty) trailers and the final CRLF
        sink.flush();
        return;
      }
      try {
        TimeUnit.NANOSECONDS.sleep(POLL_NANOS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
