package dev.finetune4j.dataset.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BytesTest {

  @Test
  void indexOfFindsTheFirstMatchAtEveryOffsetAndAlignment() {
    Random random = new Random(7);
    for (int round = 0; round < 2_000; round++) {
      byte[] bytes = new byte[random.nextInt(40)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) (random.nextInt(4) == 0 ? '\n' : random.nextInt(256));
      }
      int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
      int to = from + random.nextInt(bytes.length - from + 1);
      int expected = from;
      while (expected < to && bytes[expected] != '\n') {
        expected++;
      }
      assertThat(Bytes.indexOf(bytes, from, to, (byte) '\n')).as("round %d", round).isEqualTo(expected);
    }
  }

  @Test
  void indexOfFindsBytesAboveTheSignBit() {
    byte[] bytes = {1, 2, 3, 4, 5, 6, 7, 8, 9, (byte) 0xFF, 0};
    assertThat(Bytes.indexOf(bytes, 0, bytes.length, (byte) 0xFF)).isEqualTo(9);
    assertThat(Bytes.indexOf(bytes, 0, 9, (byte) 0xFF)).isEqualTo(9);
    assertThat(Bytes.indexOf(bytes, 0, bytes.length, (byte) 0)).isEqualTo(10);
  }

  @Test
  void skipAsciiStopsAtTheFirstHighByte() {
    Random random = new Random(11);
    for (int round = 0; round < 2_000; round++) {
      byte[] bytes = new byte[random.nextInt(40)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) (random.nextInt(10) == 0 ? 0x80 | random.nextInt(128) : random.nextInt(128));
      }
      int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
      int expected = from;
      while (expected < bytes.length && bytes[expected] >= 0) {
        expected++;
      }
      assertThat(Bytes.skipAscii(bytes, from, bytes.length)).as("round %d", round).isEqualTo(expected);
    }
  }
}
