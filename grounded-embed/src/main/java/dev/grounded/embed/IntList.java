package dev.grounded.embed;

import java.util.Arrays;

/**
 * A growable list of primitive ints, so token ids are never boxed. Not thread-safe; used within one
 * call.
 */
final class IntList {
  private int[] values;
  private int size;

  IntList(int capacity) {
    values = new int[Math.max(capacity, 8)];
  }

  void add(int value) {
    if (size == values.length) values = Arrays.copyOf(values, size * 2);
    values[size++] = value;
  }

  int size() {
    return size;
  }

  void truncate(int newSize) {
    if (newSize < size) size = newSize;
  }

  int[] toArray() {
    return Arrays.copyOf(values, size);
  }
}
