package dev.grounded.ingest.chunk;

/**
 * The smallest piece the chunker places: a sentence, or, for a sentence too long for a chunk, a
 * word or part of a word. Token counts are net of the counter's fixed overhead (its count of the
 * empty string).
 *
 * @param start offset of the first character in the document text
 * @param end offset just past the last character
 * @param tokens tokens of the piece itself
 * @param gapTokens tokens of the whitespace between the previous unit of the section and this one
 *     (0 for the first)
 * @param flags {@link #PARAGRAPH_START}, {@link #SENTENCE_START}, {@link #SENTENCE_END}
 */
record Unit(int start, int end, int tokens, int gapTokens, int flags) {
  static final int PARAGRAPH_START = 1;
  static final int SENTENCE_START = 2;
  static final int SENTENCE_END = 4;

  Unit {
    if (start < 0 || end <= start)
      throw new IllegalArgumentException("bad unit [" + start + ", " + end + ")");
  }

  boolean is(int flag) {
    return (flags & flag) != 0;
  }
}
