package dev.grounded.answer;

/**
 * Settings of the {@link ExtractiveGenerator}.
 *
 * @param maxSentences sentences in an answer at most
 * @param minScore a sentence scoring below this is never used; when no sentence reaches it, the
 *     answer abstains
 * @param relativeScore further sentences must score at least this share of the best one
 * @param semanticWeight weight of embedding similarity vs. lexical overlap with the question, in
 *     [0, 1]
 * @param minWords sentences with fewer words (headings, captions) are not quoted
 */
public record ExtractiveOptions(
    int maxSentences, double minScore, double relativeScore, double semanticWeight, int minWords) {
  public static final ExtractiveOptions DEFAULTS = new ExtractiveOptions(2, 0.53, 0.93, 0.75, 5);

  public ExtractiveOptions {
    if (maxSentences < 1) throw new IllegalArgumentException("maxSentences must be >= 1");
    if (semanticWeight < 0 || semanticWeight > 1)
      throw new IllegalArgumentException("semanticWeight in [0, 1]");
  }
}
