package dev.grounded.embed;

import java.util.Arrays;
import java.util.Map;

/**
 * An immutable open-addressing table from token text to id, looked up by a range of a {@code
 * char[]} so the WordPiece loop allocates no substrings.
 */
final class Vocab {
  private final char[][] keys;
  private final int[] ids;
  private final int mask;
  private final int maxLength;

  Vocab(Map<String, Integer> entries) {
    int capacity = Integer.highestOneBit(Math.max(entries.size(), 1) * 2) * 2;
    keys = new char[capacity][];
    ids = new int[capacity];
    mask = capacity - 1;
    int longest = 0;
    for (Map.Entry<String, Integer> e : entries.entrySet()) {
      char[] key = e.getKey().toCharArray();
      int slot = hash(key, 0, key.length) & mask;
      while (keys[slot] != null) slot = (slot + 1) & mask;
      keys[slot] = key;
      ids[slot] = e.getValue();
      longest = Math.max(longest, key.length);
    }
    maxLength = longest;
  }

  /** Length in chars of the longest entry; no longer range can match. */
  int maxLength() {
    return maxLength;
  }

  /** The id of {@code buf[from..to)}, or -1 if it is not in the table. */
  int get(char[] buf, int from, int to) {
    if (to - from > maxLength) return -1;
    for (int slot = hash(buf, from, to) & mask; ; slot = (slot + 1) & mask) {
      char[] key = keys[slot];
      if (key == null) return -1;
      if (Arrays.equals(key, 0, key.length, buf, from, to)) return ids[slot];
    }
  }

  private static int hash(char[] buf, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) h = 31 * h + buf[i];
    return h ^ (h >>> 16);
  }
}
