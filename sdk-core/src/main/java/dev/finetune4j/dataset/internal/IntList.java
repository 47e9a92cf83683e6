package dev.finetune4j.dataset.internal;

import java.util.Arrays;

/** A growable list of primitive ints (4 bytes per element). Not thread-safe. */
public final class IntList {
  private int[] elements = new int[256];
  private int size;

  /**
   * Appends a value.
   *
   * @param value the value
   */
  public void add(int value) {
    if (size == elements.length) {
      elements = Arrays.copyOf(elements, elements.length + (elements.length >> 1));
    }
    elements[size++] = value;
  }

  /**
   * Returns the number of values.
   *
   * @return the size
   */
  public int size() {
    return size;
  }

  /**
   * Returns a value.
   *
   * @param index its index
   * @return the value
   */
  public int get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(index);
    }
    return elements[index];
  }

  /** Sorts the values in place, ascending. */
  public void sort() {
    Arrays.sort(elements, 0, size);
  }
}
