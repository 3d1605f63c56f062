package dev.grounded.index;

/**
 * How common a word is in a collection: the inverse document frequency that answerability checks
 * weigh a question's words by (a rare word the passage lacks matters more than a common one). A
 * word is analysed as the index analyses text; a "document" here is a chunk.
 */
public interface TermStatistics {
  /**
   * The smoothed IDF of {@code word}, {@code ln(1 + (N - df + 0.5) / (df + 0.5))} over N chunks
   * (the BM25 form, always positive), or {@link Double#NaN} when unknown (no statistics, or a stop
   * word).
   */
  double idf(String word);

  /** No statistics: every IDF is unknown. */
  TermStatistics NONE = word -> Double.NaN;
}
