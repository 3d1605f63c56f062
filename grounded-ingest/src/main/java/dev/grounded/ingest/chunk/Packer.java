package dev.grounded.ingest.chunk;

import dev.grounded.core.TokenCounter;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans the chunks of one section from its units: whole paragraphs packed greedily, a paragraph too
 * big placed sentence by sentence, a sentence too big word by word from the start of a new chunk. A
 * chunk that follows another at a sentence boundary starts with the previous chunk's trailing
 * sentences, up to the overlap budget and as many as leave room for the new text. Sizes are
 * estimated from the units' counts (exact for counters that add up over whitespace-separated
 * pieces); each chunk and each overlap is then checked once by a real count, and a chunk the
 * estimate got wrong is cut down. Not thread-safe: one instance per section.
 */
final class Packer {
  private final String text;
  private final List<Unit> units;
  private final long[] sums;
  private final Limits limits;
  private final List<int[]> plan = new ArrayList<>();
  private int from = -1;
  private int fresh;
  private int to;

  /** Sizes for the packer; {@code overhead} is the counter's count of the empty string. */
  record Limits(TokenCounter counter, int maxTokens, int overlapTokens, int overhead) {}

  Packer(String text, List<Unit> units, Limits limits) {
    this.text = text;
    this.units = units;
    this.limits = limits;
    this.sums = new long[units.size() + 1];
    for (int i = 0; i < units.size(); i++)
      sums[i + 1] = sums[i] + units.get(i).gapTokens() + units.get(i).tokens();
  }

  /**
   * Unit ranges {@code [from, to)} of the chunks, in order; consecutive ranges overlap by the
   * carried sentences.
   */
  List<int[]> pack() {
    int n = units.size();
    for (int i = 0; i < n; ) {
      int paragraphEnd = next(i, n, Unit.PARAGRAPH_START);
      if (estimate(i, paragraphEnd) <= limits.maxTokens()) {
        add(i, paragraphEnd);
      } else {
        for (int j = i; j < paragraphEnd; ) {
          int sentenceEnd = next(j, paragraphEnd, Unit.SENTENCE_START);
          if (estimate(j, sentenceEnd) <= limits.maxTokens()) {
            add(j, sentenceEnd);
          } else {
            closeCurrent();
            for (int k = j; k < sentenceEnd; k++) add(k, k + 1);
          }
          j = sentenceEnd;
        }
      }
      i = paragraphEnd;
    }
    closeCurrent();
    return plan;
  }

  /**
   * Estimated tokens of the text from the start of unit {@code a} to the end of unit {@code b - 1}.
   */
  private long estimate(int a, int b) {
    return sums[b] - sums[a] - units.get(a).gapTokens() + limits.overhead();
  }

  /** Real tokens of the text from the start of unit {@code a} to the end of unit {@code b - 1}. */
  private int count(int a, int b) {
    return limits.counter().count(text.substring(units.get(a).start(), units.get(b - 1).end()));
  }

  private int next(int i, int limit, int flag) {
    int j = i + 1;
    while (j < limit && !units.get(j).is(flag)) j++;
    return j;
  }

  /** Adds the units {@code [a, b)} to the current chunk if they fit, else to a new one. */
  private void add(int a, int b) {
    if (from >= 0 && estimate(from, b) <= limits.maxTokens()) {
      to = b;
      return;
    }
    closeCurrent();
    from = overlapStart(a, b);
    fresh = a;
    to = b;
  }

  /**
   * Ends the current chunk. Its real token count is checked; if the estimate fell short, the chunk
   * is cut after the last unit that fits and the rest becomes a chunk of its own. An overlap that
   * would leave no room for new text is dropped.
   */
  private void closeCurrent() {
    while (from >= 0) {
      int end = lastFit(from, to);
      if (end <= fresh && from < fresh) {
        from = fresh;
        continue;
      }
      plan.add(new int[] {from, end});
      from = end < to ? end : -1;
      fresh = end;
    }
  }

  /**
   * The largest {@code end} in {@code (a, b]} such that the units {@code [a, end)} fit, found by
   * bisection.
   */
  private int lastFit(int a, int b) {
    if (b - a == 1 || count(a, b) <= limits.maxTokens()) return b;
    int fits = a + 1;
    int end = b;
    while (end - fits > 1) {
      int mid = (fits + end) >>> 1;
      if (count(a, mid) <= limits.maxTokens()) {
        fits = mid;
      } else {
        end = mid;
      }
    }
    return fits;
  }

  /**
   * The first unit of a new chunk whose new text is the units {@code [a, b)}: {@code a}, or an
   * earlier sentence.
   */
  private int overlapStart(int a, int b) {
    if (plan.isEmpty() || limits.overlapTokens() <= 0) return a;
    if (!units.get(a - 1).is(Unit.SENTENCE_END) || !units.get(a).is(Unit.SENTENCE_START)) return a;
    int previousFrom = plan.get(plan.size() - 1)[0];
    int best = a;
    for (int o = a - 1; o > previousFrom && estimate(o, a) <= limits.overlapTokens(); o--) {
      if (units.get(o).is(Unit.SENTENCE_START) && estimate(o, b) <= limits.maxTokens()) best = o;
    }
    while (best < a && count(best, a) > limits.overlapTokens())
      best = next(best, a, Unit.SENTENCE_START);
    return best;
  }
}
