package dev.grounded.answer;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The offline support checker: the share of a claim's content words (stemmed, stop words removed)
 * that the source contains. Numbers must match exactly (a claim with a number the source lacks
 * scores 0), and a negation in the claim that the source does not have halves the score. It is a
 * conservative test of grounding, not entailment: verbatim and lightly edited quotes pass, a
 * reworded paraphrase often does not, so it favours precision over recall. Its accuracy on labelled
 * pairs is measured in {@code LexicalSupportTest}.
 */
public final class LexicalSupport implements SupportChecker {
  public static final double DEFAULT_THRESHOLD = 0.8;
  private static final Pattern NEGATION =
      Pattern.compile("\\b(not|no|never|none|neither|nor|cannot)\\b|n't\\b");

  private final double threshold;

  public LexicalSupport() {
    this(DEFAULT_THRESHOLD);
  }

  public LexicalSupport(double threshold) {
    if (!(threshold > 0 && threshold <= 1))
      throw new IllegalArgumentException("threshold must be in (0, 1]: " + threshold);
    this.threshold = threshold;
  }

  public double threshold() {
    return threshold;
  }

  /**
   * What the check sees of a claim and a source: the share of the claim's content words the source
   * holds, whether the claim states a number the source does not, and whether it makes a negation
   * the source does not.
   */
  public record Overlap(double share, boolean numberMissing, boolean negationMissing) {
    /** The support score: 0 for a missing number, the share halved for a missing negation. */
    public double score() {
      if (numberMissing) return 0;
      return negationMissing ? share / 2 : share;
    }

    /** Whether a guard fails, whatever the share. */
    public boolean guardFails() {
      return numberMissing || negationMissing;
    }
  }

  public Overlap overlap(String claim, String source) {
    Set<String> claimed = Terms.of(claim);
    if (claimed.isEmpty()) return new Overlap(0, false, false);
    Set<String> available = Terms.of(source);
    int found = 0;
    boolean numberMissing = false;
    for (String t : claimed) {
      if (available.contains(t)) found++;
      else if (hasDigit(t)) numberMissing = true;
    }
    return new Overlap(
        found / (double) claimed.size(), numberMissing, negated(claim) && !negated(source));
  }

  @Override
  public double score(String claim, String source) {
    return overlap(claim, source).score();
  }

  @Override
  public boolean supports(String claim, String source) {
    return score(claim, source) >= threshold;
  }

  private static boolean hasDigit(String t) {
    for (int i = 0; i < t.length(); i++) if (Character.isDigit(t.charAt(i))) return true;
    return false;
  }

  private static boolean negated(String text) {
    return NEGATION.matcher(text.toLowerCase(Locale.ROOT)).find();
  }
}
