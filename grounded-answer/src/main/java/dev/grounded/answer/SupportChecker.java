package dev.grounded.answer;

/**
 * Decides whether a source text supports a claim (an answer sentence). Implementations must be
 * thread-safe.
 */
public interface SupportChecker {
  /** A support score in [0, 1]. */
  double score(String claim, String source);

  /** Whether the score clears the checker's threshold. */
  boolean supports(String claim, String source);
}
