package dev.finetune4j.dataset.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The mergeable ranks of a byte-level BPE tokenizer (a {@code .tiktoken} file) in compact tables, and the number of
 * tokens tiktoken's merge makes of a piece of bytes. All tokens' bytes are kept in one array in rank order, found
 * through an open-addressing table of ranks (o200k_base: 1.4 MB of bytes and 3 MB of tables), and the two-byte tokens
 * through a direct table. Counting allocates nothing: the work arrays are a {@link Scratch} per thread.
 *
 * <p>The merge is tiktoken's {@code _byte_pair_merge}: while some pair of adjacent parts is a token, merge the pair of
 * lowest rank, the leftmost of equal ranks. Pieces up to {@value #SCAN_LIMIT} bytes scan for that pair as
 * {@code _byte_pair_merge} does; longer ones take it from a heap ordered by rank, then position, which picks the same
 * pair in logarithmic time, as tiktoken's {@code _byte_pair_merge_large} does for pieces of 100 bytes or more.
 */
final class BytePairRanks {
  static final int NONE = Integer.MAX_VALUE;
  static final int SCAN_LIMIT = 256;

  private final byte[] bytes;
  private final int[] starts;
  private final int[] slots;
  private final int[] pairs = new int[1 << 16];
  private final long[] inside = new long[1 << 10];
  private final int maxLength;

  private BytePairRanks(byte[] bytes, int[] starts, int count) {
    this.bytes = bytes;
    this.starts = starts;
    this.slots = new int[Integer.highestOneBit(count * 2 - 1) << 1];
    Arrays.fill(pairs, NONE);
    int longest = 0;
    for (int rank = 0; rank < count; rank++) {
      int from = starts[rank];
      int length = starts[rank + 1] - from;
      longest = Math.max(longest, length);
      if (length == 2) {
        pairs[pair(bytes[from], bytes[from + 1])] = rank;
      }
      for (int i = from + 1; i < from + length; i++) {
        int pair = pair(bytes[i - 1], bytes[i]);
        inside[pair >>> 6] |= 1L << pair;
      }
      int slot = hash(bytes, from, from + length) & (slots.length - 1);
      while (slots[slot] != 0) {
        slot = (slot + 1) & (slots.length - 1);
      }
      slots[slot] = rank + 1;
    }
    this.maxLength = longest;
  }

  /**
   * Reads a {@code .tiktoken} file: one token a line, its bytes in base64, a space, and its rank, the ranks counting
   * up from 0 in line order.
   *
   * @param in the file, read to its end (not closed)
   * @return the ranks
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when a line is not a token and the next rank
   */
  static BytePairRanks read(InputStream in) throws IOException {
    byte[] text = in.readAllBytes();
    byte[] tokens = new byte[text.length];
    int[] starts = new int[1 << 10];
    int count = 0;
    int length = 0;
    int at = 0;
    while (at < text.length) {
      int space = at;
      while (space < text.length && text[space] != ' ') {
        space++;
      }
      int end = space;
      while (end < text.length && text[end] != '\n') {
        end++;
      }
      int rank = parseRank(text, space + 1, end);
      if (rank != count) {
        throw new IllegalArgumentException("line " + (count + 1) + " of the ranks: expected rank " + count);
      }
      if (count + 2 > starts.length) {
        starts = Arrays.copyOf(starts, starts.length * 2);
      }
      starts[count] = length;
      length = decodeBase64(text, at, space, tokens, length, count + 1);
      count++;
      at = end + 1;
    }
    starts[count] = length;
    return new BytePairRanks(Arrays.copyOf(tokens, length), Arrays.copyOf(starts, count + 1), count);
  }

  /**
   * Returns the rank of the token made of some bytes.
   *
   * @param piece the bytes
   * @param from the first byte
   * @param to after the last byte
   * @return the rank, {@link #NONE} when the bytes are not a token
   */
  int rank(byte[] piece, int from, int to) {
    int length = to - from;
    if (length == 2) {
      return pairs[pair(piece[from], piece[from + 1])];
    }
    if (length > maxLength) {
      return NONE;
    }
    int mask = slots.length - 1;
    for (int slot = hash(piece, from, to) & mask; ; slot = (slot + 1) & mask) {
      int entry = slots[slot];
      if (entry == 0) {
        return NONE;
      }
      int start = starts[entry - 1];
      if (starts[entry] - start == length && Arrays.equals(bytes, start, start + length, piece, from, to)) {
        return entry - 1;
      }
    }
  }

  /**
   * Says whether some token has two bytes next to each other. Where they are not, no merge joins what is before them
   * and what is after: a piece counts as its two sides counted apart.
   *
   * @param first the byte before
   * @param second the byte after
   * @return true when some token holds the two in this order
   */
  boolean joins(int first, int second) {
    int pair = pair(first, second);
    return (inside[pair >>> 6] & 1L << pair) != 0;
  }

  /** The index of two bytes, in this order, in the tables of pairs. */
  private static int pair(int first, int second) {
    return (first & 0xff) << 8 | second & 0xff;
  }

  /**
   * Counts the tokens of a piece of bytes.
   *
   * @param piece the bytes, from index 0
   * @param length how many
   * @param scratch the calling thread's work arrays
   * @return the number of tokens
   */
  int count(byte[] piece, int length, Scratch scratch) {
    if (length <= 1) {
      return length;
    }
    if (rank(piece, 0, length) != NONE) {
      return 1;
    }
    return length <= SCAN_LIMIT ? mergeByScan(piece, length, scratch) : mergeByHeap(piece, length, scratch);
  }

  /** tiktoken's merge as tiktoken writes it: a scan for the lowest rank after each merge. */
  int mergeByScan(byte[] piece, int length, Scratch scratch) {
    scratch.ensure(length);
    int[] at = scratch.at;
    int[] ranks = scratch.ranks;
    for (int i = 0; i < length - 1; i++) {
      at[i] = i;
      ranks[i] = rank(piece, i, i + 2);
    }
    at[length - 1] = length - 1;
    ranks[length - 1] = NONE;
    at[length] = length;
    ranks[length] = NONE;
    int parts = length + 1;
    while (true) {
      int lowest = NONE;
      int i = -1;
      for (int j = 0; j < parts - 1; j++) {
        if (ranks[j] < lowest) {
          lowest = ranks[j];
          i = j;
        }
      }
      if (i < 0) {
        return parts - 1;
      }
      if (i > 0) {
        ranks[i - 1] = i + 2 < parts ? rank(piece, at[i - 1], at[i + 2]) : NONE;
      }
      ranks[i] = i + 3 < parts ? rank(piece, at[i], at[i + 3]) : NONE;
      System.arraycopy(at, i + 2, at, i + 1, parts - i - 2);
      System.arraycopy(ranks, i + 2, ranks, i + 1, parts - i - 2);
      parts--;
    }
  }

  /**
   * The same merge with the lowest pair taken from a heap of (rank, position), entries made stale by a merge skipped
   * when they come up: a part's rank only changes to that of a longer token, so a stale entry never matches again.
   */
  int mergeByHeap(byte[] piece, int length, Scratch scratch) {
    scratch.ensure(length);
    int[] next = scratch.at;
    int[] previous = scratch.previous();
    int[] ranks = scratch.ranks;
    Heap heap = scratch.heap;
    heap.clear();
    for (int i = 0; i < length; i++) {
      next[i] = i + 1;
      previous[i] = i - 1;
      queue(ranks, heap, i, i + 2 <= length ? rank(piece, i, i + 2) : NONE);
    }
    int parts = length;
    while (!heap.isEmpty()) {
      long top = heap.pop();
      int i = (int) top;
      if (ranks[i] != (int) (top >>> 32)) {
        continue;
      }
      int removed = next[i];
      int end = next[removed];
      ranks[removed] = -1;
      next[i] = end;
      if (end < length) {
        previous[end] = i;
      }
      queue(ranks, heap, i, end < length ? rank(piece, i, next[end]) : NONE);
      int before = previous[i];
      if (before >= 0) {
        queue(ranks, heap, before, rank(piece, before, end));
      }
      parts--;
    }
    return parts;
  }

  /** Sets the rank of the pair a part starts, and queues the pair when it is a token. */
  private static void queue(int[] ranks, Heap heap, int part, int rank) {
    ranks[part] = rank;
    if (rank != NONE) {
      heap.push(rank, part);
    }
  }

  private static int hash(byte[] data, int from, int to) {
    int h = 0x811c9dc5 ^ (to - from);
    for (int i = from; i < to; i++) {
      h = (h ^ (data[i] & 0xff)) * 0x01000193;
    }
    return h ^ (h >>> 15);
  }

  private static int parseRank(byte[] text, int from, int to) {
    if (from >= to) {
      return -1;
    }
    int value = 0;
    for (int i = from; i < to; i++) {
      int digit = text[i] - '0';
      if (digit < 0 || digit > 9 || value > (Integer.MAX_VALUE - digit) / 10) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }

  private static int decodeBase64(byte[] text, int from, int to, byte[] out, int at, int line) {
    int bits = 0;
    int buffered = 0;
    for (int i = from; i < to && text[i] != '='; i++) {
      int value = base64Value(text[i]);
      if (value < 0) {
        throw new IllegalArgumentException("line " + line + " of the ranks: not base64");
      }
      bits = bits << 6 | value;
      buffered += 6;
      if (buffered >= 8) {
        buffered -= 8;
        out[at++] = (byte) (bits >> buffered);
      }
    }
    return at;
  }

  private static int base64Value(byte c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    } else if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    } else if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    } else if (c == '+') {
      return 62;
    } else if (c == '/') {
      return 63;
    }
    return -1;
  }

  /** A thread's work arrays, grown to the longest piece it has counted, and small again on {@link #trim()}. */
  static final class Scratch {
    int[] at = new int[64];
    int[] ranks = new int[64];
    private int[] previous = new int[0];
    final Heap heap = new Heap();

    void ensure(int length) {
      if (at.length < length + 1) {
        int size = Math.max(length + 1, at.length * 2);
        at = new int[size];
        ranks = new int[size];
      }
    }

    /** Lets go of arrays grown past a few thousand entries by a long piece. */
    void trim() {
      if (at.length > 1 << 12) {
        at = new int[64];
        ranks = new int[64];
        previous = new int[0];
        heap.entries = new long[0];
      }
    }

    /** The third array, which only the heap's merge needs, as long as the others. */
    int[] previous() {
      if (previous.length < at.length) {
        previous = new int[at.length];
      }
      return previous;
    }
  }

  /** A binary min-heap of (rank, position) pairs packed in longs. */
  static final class Heap {
    private long[] entries = new long[0];
    private int size;

    void clear() {
      size = 0;
    }

    boolean isEmpty() {
      return size == 0;
    }

    void push(int rank, int position) {
      if (size == entries.length) {
        entries = Arrays.copyOf(entries, Math.max(64, size * 2));
      }
      long entry = (long) rank << 32 | position;
      int i = size++;
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (entries[parent] <= entry) {
          break;
        }
        entries[i] = entries[parent];
        i = parent;
      }
      entries[i] = entry;
    }

    long pop() {
      long top = entries[0];
      long last = entries[--size];
      int i = 0;
      while (true) {
        int child = 2 * i + 1;
        if (child >= size) {
          break;
        }
        if (child + 1 < size && entries[child + 1] < entries[child]) {
          child++;
        }
        if (entries[child] >= last) {
          break;
        }
        entries[i] = entries[child];
        i = child;
      }
      entries[i] = last;
      return top;
    }
  }
}
