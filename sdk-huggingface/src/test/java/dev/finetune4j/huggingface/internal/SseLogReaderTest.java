package dev.finetune4j.huggingface.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseLogReaderTest {
  /** {@code data: } and then {@code size} bytes of {@code x} with no line end, made as they are read. */
  private static InputStream endlessLine(long size) {
    return new InputStream() {
      private final byte[] head = "data: ".getBytes();
      private long position;

      @Override
      public int read() {
        if (position >= size + head.length) {
          return -1;
        }
        if (position < head.length) {
          return head[(int) position++];
        }
        position++;
        return 'x';
      }

      @Override
      public int read(byte[] b, int off, int len) {
        int n = 0;
        while (n < len) {
          int c = read();
          if (c < 0) {
            return n == 0 ? -1 : n;
          }
          b[off + n++] = (byte) c;
        }
        return n;
      }
    };
  }

  @Test
  void aLogLineWithNoEndKeepsItsFirstMegabyteOnly() throws IOException {
    List<String> lines = new ArrayList<>();

    SseLogReader.read(endlessLine(48L << 20), Instant::now, (index, line, at) -> lines.add(line));

    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).length()).isEqualTo(SseLogReader.MAX_LINE - "data: ".length());
  }
}
