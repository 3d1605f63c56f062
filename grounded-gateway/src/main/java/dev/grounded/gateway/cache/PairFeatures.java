package dev.grounded.gateway.cache;

import java.util.HashSet;
import java.util.Set;

/**
 * How a new prompt turn compares with a cached one: the vectors' cosine, the two guards (numbers,
 * negation) and the lexical features the {@link PairClassifier} weighs.
 *
 * @param cosine cosine of the two turns' vectors
 * @param overlap Jaccard overlap of the content words, 1 when both have none
 * @param unmatchedMax content words of the one turn missing from the other, the larger side
 * @param unmatchedMin the same, the smaller side
 * @param names capitalized words of either turn missing from the other turn's words, at most 3
 * @param lengthRatio shorter turn's token count over the longer's, 1 for two empty turns
 * @param numbersDiffer whether the turns name different numbers (a date, a quantity, a version)
 * @param negationDiffers whether exactly one of the turns is negated
 */
public record PairFeatures(
    double cosine,
    double overlap,
    int unmatchedMax,
    int unmatchedMin,
    int names,
    double lengthRatio,
    boolean numbersDiffer,
    boolean negationDiffers) {
  /** Cap on {@link #names}: a third unknown name says nothing a second did not. */
  static final int MAX_NAMES = 3;

  public PairFeatures {
    if (!(cosine >= -1.0001 && cosine <= 1.0001))
      throw new IllegalArgumentException("cosine must be in [-1, 1]: " + cosine);
    if (!(overlap >= 0 && overlap <= 1))
      throw new IllegalArgumentException("overlap must be in [0, 1]: " + overlap);
    if (unmatchedMin < 0 || unmatchedMax < unmatchedMin)
      throw new IllegalArgumentException(
          "need 0 <= unmatchedMin <= unmatchedMax: " + unmatchedMin + ", " + unmatchedMax);
    if (names < 0 || names > MAX_NAMES)
      throw new IllegalArgumentException("names must be in [0, " + MAX_NAMES + "]: " + names);
    if (!(lengthRatio >= 0 && lengthRatio <= 1))
      throw new IllegalArgumentException("lengthRatio must be in [0, 1]: " + lengthRatio);
  }

  /** Compares two turns: their terms and their vectors (of the same embedding model). */
  public static PairFeatures of(PromptTerms a, float[] va, PromptTerms b, float[] vb) {
    Set<String> onlyA = minus(a.content(), b.content());
    Set<String> onlyB = minus(b.content(), a.content());
    Set<String> union = new HashSet<>(a.content());
    union.addAll(b.content());
    int shared = union.size() - onlyA.size() - onlyB.size();
    double overlap = union.isEmpty() ? 1.0 : (double) shared / union.size();
    Set<String> names = minus(a.capitalized(), b.content());
    names.addAll(minus(b.capitalized(), a.content()));
    int longer = Math.max(a.tokens(), b.tokens());
    double lengthRatio = longer == 0 ? 1.0 : (double) Math.min(a.tokens(), b.tokens()) / longer;
    return new PairFeatures(
        Math.clamp(cosine(va, vb), -1.0, 1.0),
        overlap,
        Math.max(onlyA.size(), onlyB.size()),
        Math.min(onlyA.size(), onlyB.size()),
        Math.min(names.size(), MAX_NAMES),
        lengthRatio,
        !a.numbers().equals(b.numbers()),
        a.negated() != b.negated());
  }

  /** Cosine of two vectors of the same length; 0 when either is all zeros. */
  public static double cosine(float[] a, float[] b) {
    if (a.length != b.length)
      throw new IllegalArgumentException(
          "vectors differ in length: " + a.length + " and " + b.length);
    double dot = 0, na = 0, nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0.0 : dot / Math.sqrt(na * nb);
  }

  private static Set<String> minus(Set<String> a, Set<String> b) {
    Set<String> out = new HashSet<>(a);
    out.removeAll(b);
    return out;
  }
}
