package dev.grounded.answer;

/**
 * Settings of the {@link ExtractiveGenerator}.
 *
 * @param maxSentences sentences in an answer at most
 * @param minScore the answerability confidence ({@link AnswerabilityModel}) a quoted sentence
 *     needs; when the best sentence's is lower, the answer abstains
 * @param relativeScore further sentences must score at least this share of the best one
 * @param semanticWeight weight of embedding similarity vs. lexical overlap with the question, in
 *     [0, 1]
 * @param minWords sentences with fewer words (headings, captions) are not quoted
 */
public record ExtractiveOptions(
    int maxSentences, double minScore, double relativeScore, double semanticWeight, int minWords) {
  /**
   * The default confidence floor: the {@link AnswerabilityModel} confidence that answers 90% of the
   * answerable SQuAD 2.0 questions of the fit half (see answerability.properties).
   */
  public static final double DEFAULT_MIN_SCORE = 0.1125;

  public static final ExtractiveOptions DEFAULTS =
      new ExtractiveOptions(2, DEFAULT_MIN_SCORE, 0.93, 0.75, 5);

  public ExtractiveOptions {
    if (maxSentences < 1) throw new IllegalArgumentException("maxSentences must be >= 1");
    if (semanticWeight < 0 || semanticWeight > 1)
      throw new IllegalArgumentException("semanticWeight in [0, 1]");
  }
}
