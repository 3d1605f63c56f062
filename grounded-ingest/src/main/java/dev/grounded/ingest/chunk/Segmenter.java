package dev.grounded.ingest.chunk;

import dev.grounded.core.TokenCounter;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cuts a section into {@link Unit}s: paragraphs at blank lines, sentences with the JDK's sentence
 * iterator (corrected for common abbreviations and for list items on their own lines), and
 * sentences longer than a chunk into words and words into pieces. Each sentence is counted once;
 * only oversized sentences are counted again, word by word. Not thread-safe: one instance per call.
 */
final class Segmenter {
  private final TokenCounter counter;
  private final int maxTokens;
  private final int overhead;
  private final Sentences sentences = new Sentences(BreakIterator.getSentenceInstance(Locale.ROOT));
  private final PieceFinder pieces;
  private final Map<String, Integer> gapCache = new HashMap<>();
  private String text;
  private List<Unit> out;
  private int previousEnd;

  Segmenter(TokenCounter counter, int maxTokens, int overhead) {
    this.counter = counter;
    this.maxTokens = maxTokens;
    this.overhead = overhead;
    this.pieces = new PieceFinder(counter, maxTokens);
  }

  /**
   * The units of {@code text[start, end)}, in order; empty when the range holds only whitespace.
   */
  List<Unit> units(String text, int start, int end) {
    this.text = text;
    this.out = new ArrayList<>();
    this.previousEnd = -1;
    int i = start;
    while (true) {
      while (i < end && Character.isWhitespace(text.charAt(i))) i++;
      if (i >= end) return out;
      int paragraphEnd = blankLineAt(text, i, end);
      int flags = Unit.PARAGRAPH_START;
      for (int[] s : sentences.split(text, i, paragraphEnd)) {
        sentence(s[0], s[1], flags);
        flags = 0;
      }
      i = paragraphEnd;
    }
  }

  private void sentence(int start, int end, int flags) {
    int tokens = net(counter.count(text.substring(start, end)));
    if (tokens <= maxTokens - overhead) {
      add(start, end, tokens, flags | Unit.SENTENCE_START | Unit.SENTENCE_END);
      return;
    }
    int first = out.size();
    int i = start;
    while (i < end) {
      int wordEnd = i;
      while (wordEnd < end && !Character.isWhitespace(text.charAt(wordEnd))) wordEnd++;
      word(i, wordEnd, out.size() == first ? flags | Unit.SENTENCE_START : 0);
      i = wordEnd;
      while (i < end && Character.isWhitespace(text.charAt(i))) i++;
    }
    Unit last = out.remove(out.size() - 1);
    out.add(
        new Unit(
            last.start(),
            last.end(),
            last.tokens(),
            last.gapTokens(),
            last.flags() | Unit.SENTENCE_END));
  }

  private void word(int start, int end, int flags) {
    int tokens = net(counter.count(text.substring(start, end)));
    if (tokens <= maxTokens - overhead) {
      add(start, end, tokens, flags);
      return;
    }
    for (int i = start; i < end; flags = 0) {
      int pieceEnd = pieces.fitEnd(text, i, end);
      add(i, pieceEnd, net(counter.count(text.substring(i, pieceEnd))), flags);
      i = pieceEnd;
    }
  }

  private void add(int start, int end, int tokens, int flags) {
    int gap = previousEnd < 0 ? 0 : gapTokens(text.substring(previousEnd, start));
    out.add(new Unit(start, end, tokens, gap, flags));
    previousEnd = end;
  }

  private int gapTokens(String gap) {
    if (gap.length() > 64) return net(counter.count(gap));
    return gapCache.computeIfAbsent(gap, g -> net(counter.count(g)));
  }

  private int net(int count) {
    return Math.max(0, count - overhead);
  }

  /**
   * Where the first blank line (newline, spaces, newline) at or after {@code from} starts, else
   * {@code end}.
   */
  static int blankLineAt(String text, int from, int end) {
    for (int j = from; j < end; j++) {
      if (text.charAt(j) != '\n') continue;
      int k = j + 1;
      while (k < end && text.charAt(k) != '\n' && Character.isWhitespace(text.charAt(k))) k++;
      if (k >= end || text.charAt(k) == '\n') return j;
    }
    return end;
  }
}
