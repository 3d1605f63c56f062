package dev.grounded.embed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Groups sequences of similar length into batches, so each batch is padded only to its own longest
 * sequence and no sequence is padded to more than twice its length. Padding costs compute and, with
 * a dynamically quantized model, widens the quantization range the whole batch shares.
 */
final class Batches {
  private Batches() {}

  /**
   * Splits the indexes of {@code lengths} into batches, longest sequences first. A batch holds at
   * most {@code maxSize} sequences, none shorter than half its longest and, unless it holds just
   * one, at most {@code maxTokens} tokens once padded.
   *
   * @return every index exactly once; within a batch the first index has the longest sequence
   */
  static List<int[]> plan(int[] lengths, int maxSize, int maxTokens) {
    if (maxSize < 1) throw new IllegalArgumentException("maxSize must be >= 1: " + maxSize);
    long[] keys = new long[lengths.length];
    for (int i = 0; i < lengths.length; i++)
      keys[i] = (long) (Integer.MAX_VALUE - lengths[i]) << 32 | i;
    Arrays.sort(keys); // longest first, ties in input order
    List<int[]> batches = new ArrayList<>();
    int from = 0;
    while (from < keys.length) {
      int longest = lengths[(int) keys[from]];
      int size = 1;
      while (from + size < keys.length
          && size < maxSize
          && (long) (size + 1) * longest <= maxTokens
          && 2 * lengths[(int) keys[from + size]] >= longest) {
        size++;
      }
      int[] batch = new int[size];
      for (int j = 0; j < size; j++) batch[j] = (int) keys[from + j];
      batches.add(batch);
      from += size;
    }
    return batches;
  }
}
