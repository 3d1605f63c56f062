package dev.grounded.ingest.chunk;

import dev.grounded.core.TokenCounter;

/**
 * Finds where to cut a word too long for a chunk: the longest prefix, on a code point boundary,
 * whose token count is within the limit, by galloping then bisecting, so a huge word costs O(n log
 * n) characters counted.
 */
final class PieceFinder {
  private final TokenCounter counter;
  private final int maxTokens;

  PieceFinder(TokenCounter counter, int maxTokens) {
    this.counter = counter;
    this.maxTokens = maxTokens;
  }

  /** End of the longest prefix of {@code text[from, to)} that fits; at least one code point. */
  int fitEnd(String text, int from, int to) {
    int lo = text.offsetByCodePoints(from, 1);
    if (!fits(text, from, lo)) {
      throw new IllegalStateException(
          "one character counts more than " + maxTokens + " tokens; raise maxTokens");
    }
    int hi = -1;
    while (lo < to) {
      int candidate = align(text, Math.min(to, from + 2 * (lo - from)));
      if (candidate <= lo) break;
      if (!fits(text, from, candidate)) {
        hi = candidate;
        break;
      }
      lo = candidate;
    }
    if (hi < 0) return lo;
    while (true) {
      int mid = align(text, lo + (hi - lo) / 2);
      if (mid <= lo) return lo;
      if (fits(text, from, mid)) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
  }

  private boolean fits(String text, int from, int to) {
    return counter.count(text.substring(from, to)) <= maxTokens;
  }

  private static int align(String text, int i) {
    boolean splitsPair =
        i > 0
            && i < text.length()
            && Character.isLowSurrogate(text.charAt(i))
            && Character.isHighSurrogate(text.charAt(i - 1));
    return splitsPair ? i - 1 : i;
  }
}
